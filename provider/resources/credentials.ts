import type * as pulumi from "@pulumi/pulumi";
import { LineClient, type LineClientOptions } from "../client";
import { timing } from "./polling";

/**
 * Which LINE channel a resource acts on, and with what credentials: resolved at call time, from the
 * stack config Pulumi hands the provider (`configure`) or from the environment, and never written
 * into state. A resource names its channel with the `channel` input; without one it uses `default`.
 *
 * | setting             | stack config (default channel) | stack config (channel `prod`)          | environment (default / `prod`)                          |
 * | ------------------- | ------------------------------ | -------------------------------------- | ------------------------------------------------------- |
 * | access token        | `line:channelAccessToken`      | `line:channels` → `prod.channelAccessToken` | `LINE_CHANNEL_ACCESS_TOKEN` / `LINE_PROD_CHANNEL_ACCESS_TOKEN` |
 * | channel ID + secret | `line:channelId`, `line:channelSecret` | `prod.channelId`, `prod.channelSecret` | `LINE_CHANNEL_ID`, `LINE_CHANNEL_SECRET` / `LINE_PROD_…` |
 * | API base URLs       | `line:apiBaseUrl`, `line:dataBaseUrl` | `prod.apiBaseUrl`, `prod.dataBaseUrl` | `LINE_API_BASE_URL`, `LINE_DATA_BASE_URL` / `LINE_PROD_…` |
 * | expected bot        | `line:expectedBot`             | `prod.expectedBot`                     | `LINE_EXPECTED_BOT` / `LINE_PROD_EXPECTED_BOT`          |
 * | ownership           | `line:ownership`               | `prod.ownership`                       | `LINE_OWNERSHIP` / `LINE_PROD_OWNERSHIP`                |
 */

export const DEFAULT_CHANNEL = "default";

/** Everything needed to reach one channel. Holds credentials: never put it in outputs or errors. */
export interface ChannelSettings {
    readonly name: string;
    readonly channelAccessToken?: string;
    readonly channelId?: string;
    readonly channelSecret?: string;
    readonly apiBaseUrl?: string;
    readonly dataBaseUrl?: string;
    /** The bot this stack must act on: a basic ID (`@abc1234`) or a bot user ID (`U…`). */
    readonly expectedBot?: string;
    /**
     * How much faster than real time LINE's rate limits refill: only for an emulator run with the same
     * `--time-scale`, so pacing stays in step with it. Never set it against the real LINE.
     */
    readonly rateLimitTimeScale?: string;
    /**
     * What a preview does on finding the default menu, an alias or the webhook URL already set by someone
     * else: `warn` (the default) says so; `strict` fails the check, so nothing is written. See ownership.ts.
     */
    readonly ownership?: string;
}

const SETTING_KEYS = [
    "channelAccessToken",
    "channelId",
    "channelSecret",
    "apiBaseUrl",
    "dataBaseUrl",
    "expectedBot",
    "rateLimitTimeScale",
    "ownership",
] as const;
type SettingKey = (typeof SETTING_KEYS)[number];

const ENV_SUFFIX: Record<SettingKey, string> = {
    channelAccessToken: "CHANNEL_ACCESS_TOKEN",
    channelId: "CHANNEL_ID",
    channelSecret: "CHANNEL_SECRET",
    apiBaseUrl: "API_BASE_URL",
    dataBaseUrl: "DATA_BASE_URL",
    expectedBot: "EXPECTED_BOT",
    rateLimitTimeScale: "RATE_LIMIT_TIME_SCALE",
    ownership: "OWNERSHIP",
};

/** The stack config the engine passed to `configure`, kept in this process only. */
let stackConfig: pulumi.dynamic.Config | undefined;

export function useStackConfig(config: pulumi.dynamic.Config | undefined): void {
    stackConfig = config;
}

/** `prod` → `LINE_PROD_`, `default` → `LINE_`. */
export function envPrefix(channel: string): string {
    return channel === DEFAULT_CHANNEL
        ? "LINE_"
        : `LINE_${channel.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_`;
}

function fromStackConfig(channel: string): Partial<Record<SettingKey, string>> {
    if (stackConfig === undefined) return {};
    const out: Partial<Record<SettingKey, string>> = {};
    if (channel === DEFAULT_CHANNEL) {
        for (const key of SETTING_KEYS) {
            const value = stackConfig.get(`line:${key}`);
            if (value) out[key] = value;
        }
    }
    const channels = stackConfig.get("line:channels");
    if (channels) {
        const parsed = parseChannels(channels);
        const entry = parsed[channel];
        if (entry) {
            for (const key of SETTING_KEYS) {
                const value = entry[key];
                if (typeof value === "string" && value !== "") out[key] = value;
                else if (typeof value === "number") out[key] = String(value);
            }
        }
    }
    return out;
}

function parseChannels(text: string): Record<string, Partial<Record<SettingKey, unknown>>> {
    try {
        const value: unknown = JSON.parse(text);
        if (typeof value === "object" && value !== null)
            return value as Record<string, Partial<Record<SettingKey, unknown>>>;
    } catch {
        // fall through: reported below without echoing the text, which may hold a secret
    }
    throw new Error("stack config line:channels must be an object of channel name → settings");
}

function fromEnvironment(channel: string): Partial<Record<SettingKey, string>> {
    const prefix = envPrefix(channel);
    const out: Partial<Record<SettingKey, string>> = {};
    for (const key of SETTING_KEYS) {
        const value = process.env[prefix + ENV_SUFFIX[key]];
        if (value) out[key] = value;
    }
    return out;
}

/**
 * The settings for `channel`, stack config first, then the environment. Credentials are taken whole
 * from one source: a stack that configures a channel ID and secret must not silently run with an
 * access token left in the shell's environment (which may be another channel's).
 */
export function resolveChannelSettings(channel: string | undefined): ChannelSettings {
    const name = channel || DEFAULT_CHANNEL;
    const env = fromEnvironment(name);
    const config = fromStackConfig(name);
    if (
        config.channelAccessToken !== undefined ||
        config.channelId !== undefined ||
        config.channelSecret !== undefined
    ) {
        delete env.channelAccessToken;
        delete env.channelId;
        delete env.channelSecret;
    }
    return { ...env, ...config, name };
}

export class MissingCredentialsError extends Error {
    override readonly name = "MissingCredentialsError";
    constructor(channel: string) {
        const prefix = envPrefix(channel);
        const where =
            channel === DEFAULT_CHANNEL
                ? "`pulumi config set --secret line:channelAccessToken <token>`"
                : `\`pulumi config set --secret --path 'line:channels.${channel}.channelAccessToken' <token>\``;
        super(
            `No credentials for LINE channel "${channel}". Set ${where}, or the environment variable ` +
                `${prefix}CHANNEL_ACCESS_TOKEN, or a channel ID and secret (${prefix}CHANNEL_ID and ${prefix}CHANNEL_SECRET) ` +
                "from which a stateless channel access token is issued.",
        );
    }
}

interface IssuedToken {
    readonly token: string;
    readonly expiresAt: number;
}

/** Stateless tokens live 15 minutes; reuse one until a minute before it expires. */
const TOKEN_REUSE_MARGIN_MS = 60_000;

/**
 * Tokens issued from a channel ID and secret, kept in this process's memory for their life and never
 * written anywhere. Keyed by base URL and channel ID, which are not secret.
 */
const issuedTokens = new Map<string, Promise<IssuedToken>>();

/** Drops every issued token this process holds (tests: each starts without one). */
export function forgetIssuedTokens(): void {
    issuedTokens.clear();
}

function clientOptionsFor(settings: ChannelSettings): Omit<LineClientOptions, "channelAccessToken"> {
    return {
        // The handlers' one clock: a client paces and backs off on what the poll loops wait on.
        timing: timing(),
        ...(settings.apiBaseUrl ? { apiBaseUrl: settings.apiBaseUrl } : {}),
        ...(settings.dataBaseUrl ? { dataBaseUrl: settings.dataBaseUrl } : {}),
        ...(settings.rateLimitTimeScale
            ? { rateLimit: { timeScale: timeScaleOf(settings.rateLimitTimeScale) } }
            : {}),
    };
}

function timeScaleOf(text: string): number {
    const value = Number(text);
    if (!(Number.isFinite(value) && value > 0)) {
        throw new Error(`rateLimitTimeScale must be a positive number, got ${JSON.stringify(text)}`);
    }
    return value;
}

async function accessTokenFor(settings: ChannelSettings): Promise<string> {
    if (settings.channelAccessToken) return settings.channelAccessToken;
    const { channelId, channelSecret } = settings;
    if (!channelId || !channelSecret) throw new MissingCredentialsError(settings.name);
    const key = `${settings.apiBaseUrl ?? ""}\u0000${channelId}`;
    const cached = issuedTokens.get(key);
    if (cached !== undefined) {
        const issued = await cached.catch(() => undefined);
        if (issued !== undefined && issued.expiresAt - TOKEN_REUSE_MARGIN_MS > timing().now())
            return issued.token;
    }
    const issuing = (async (): Promise<IssuedToken> => {
        const issuer = new LineClient({ ...clientOptionsFor(settings), channelAccessToken: "" });
        const response = await issuer.issueStatelessChannelToken({
            clientId: channelId,
            clientSecret: channelSecret,
        });
        return { token: response.access_token, expiresAt: timing().now() + response.expires_in * 1000 };
    })();
    issuedTokens.set(key, issuing);
    try {
        return (await issuing).token;
    } catch (error) {
        issuedTokens.delete(key);
        throw error;
    }
}

/** A client for `channel`, made for one handler call; the token stays on that instance only. */
export async function clientFor(channel: string | undefined): Promise<LineClient> {
    return clientForSettings(resolveChannelSettings(channel));
}

export async function clientForSettings(settings: ChannelSettings): Promise<LineClient> {
    const channelAccessToken = await accessTokenFor(settings);
    return new LineClient({ ...clientOptionsFor(settings), channelAccessToken });
}

/**
 * A channel as a per-process cache keys what it learned about it (its bot, its aliases): made of
 * non-secret settings only, so the key never holds a credential.
 */
export function channelKey(settings: ChannelSettings): string {
    return [settings.name, settings.apiBaseUrl ?? "", settings.channelId ?? ""].join("\u0000");
}

/** Whether the settings hold credentials at all: a preview on a machine without them asks LINE nothing. */
export function hasCredentials(settings: ChannelSettings): boolean {
    return Boolean(settings.channelAccessToken || (settings.channelId && settings.channelSecret));
}
