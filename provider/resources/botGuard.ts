import type { BotInfoResponse, LineClient } from "../client";
import {
    channelKey,
    clientForSettings,
    DEFAULT_CHANNEL,
    envPrefix,
    hasCredentials,
    resolveChannelSettings,
    type ChannelSettings,
} from "./credentials";
import { containsUnknown } from "./lifecycle";
import { USER_ID } from "./members";

/*
 * Which bot a channel's credentials belong to. A token pasted into the wrong stack (the production
 * bot's token in the staging stack) is valid and would be obeyed by LINE, so the only protection is to
 * ask LINE whose token it is before writing. Bot info is cheap (2,000/s) and cannot change during one
 * `pulumi up` (the provider host lives for one run), so it is fetched at most once per process and
 * channel. The cache holds LINE's answer, never the token; its key is made of non-secret settings.
 */

const botInfos = new Map<string, Promise<BotInfoResponse>>();
const announced = new Set<string>();

function botInfoFor(settings: ChannelSettings, client: LineClient): Promise<BotInfoResponse> {
    const key = channelKey(settings);
    let info = botInfos.get(key);
    if (info === undefined) {
        info = client.getBotInfo();
        botInfos.set(key, info);
        // A failed lookup (network, 401) is not remembered, so the next handler call asks again.
        const pending = info;
        pending.catch(() => {
            if (botInfos.get(key) === pending) botInfos.delete(key);
        });
    }
    return info;
}

/** Forgets every bot lookup and announcement, as a new provider process would. For tests. */
export function forgetBots(): void {
    botInfos.clear();
    announced.clear();
}

/** `@abc1234 "Shop" (U0123…)`: how a bot is named in messages. */
export function describeBot(bot: Pick<BotInfoResponse, "basicId" | "displayName" | "userId">): string {
    return `${bot.basicId} ${JSON.stringify(bot.displayName)} (${bot.userId})`;
}

/**
 * Whether `bot` is the one `expected` names: a basic or premium ID (`@…`, any case) or a user ID (`U…`).
 * The one rule for an expected bot, whether stack config or a declaration file names it.
 */
export function isExpectedBot(expected: string, bot: BotInfoResponse): boolean {
    if (expected.startsWith("@")) {
        const wanted = expected.toLowerCase();
        return bot.basicId.toLowerCase() === wanted || bot.premiumId?.toLowerCase() === wanted;
    }
    return bot.userId === expected;
}

/** The channel's credentials belong to another bot than the stack's `expectedBot`. */
export class WrongBotError extends Error {
    override readonly name = "WrongBotError";
    constructor(channel: string, expected: string, actual: BotInfoResponse) {
        const setting =
            channel === DEFAULT_CHANNEL
                ? `line:expectedBot / ${envPrefix(channel)}EXPECTED_BOT`
                : `line:channels.${channel}.expectedBot / ${envPrefix(channel)}EXPECTED_BOT`;
        super(
            `Wrong LINE bot for channel "${channel}": this stack expects bot ${expected} (${setting}), but the ` +
                `channel's credentials belong to bot ${describeBot(actual)}. Nothing was changed in LINE. Check ` +
                "which channel access token (or channel ID and secret) this stack uses.",
        );
    }
}

function checkExpectedBot(expected: string, channel: string): void {
    if (!(expected.startsWith("@") ? /^@\S+$/.test(expected) : USER_ID.test(expected))) {
        throw new Error(
            `expectedBot for LINE channel "${channel}" must be a basic ID (@abc1234) or a bot user ID ` +
                "(U followed by 32 hex digits)",
        );
    }
}

/**
 * The bot `channel`'s credentials belong to when it is not the one `expected` names, else undefined;
 * LINE is asked once per process and channel. The one wrong-bot rule, for the stack config's
 * `expectedBot` and a declaration's alike.
 */
export async function otherBot(
    channel: string | undefined,
    expected: string,
    client?: LineClient,
): Promise<BotInfoResponse | undefined> {
    const settings = resolveChannelSettings(channel);
    const bot = await botInfoFor(settings, client ?? (await clientForSettings(settings)));
    return isExpectedBot(expected, bot) ? undefined : bot;
}

/** The error a write must stop with, or undefined when the credentials' bot is the expected one. */
async function wrongBot(settings: ChannelSettings, client: LineClient): Promise<WrongBotError | undefined> {
    const expected = settings.expectedBot;
    if (expected === undefined) return undefined;
    const bot = await otherBot(settings.name, expected, client);
    return bot === undefined ? undefined : new WrongBotError(settings.name, expected, bot);
}

/**
 * A client for a handler that is about to write (create, update, delete). When the channel has an
 * `expectedBot`, the credentials' bot is checked first, once per process, and a mismatch throws
 * {@link WrongBotError} before any write is sent.
 */
export async function clientForWrite(channel: string | undefined): Promise<LineClient> {
    const settings = resolveChannelSettings(channel);
    const expected = settings.expectedBot;
    // A malformed setting is reported before any call, a token issue included.
    if (expected !== undefined) checkExpectedBot(expected, settings.name);
    const client = await clientForSettings(settings);
    const wrong = await wrongBot(settings, client);
    if (wrong !== undefined) throw wrong;
    return client;
}

/**
 * The same guard as {@link clientForWrite}, for `check`, which runs in every preview: the reason the
 * check must fail when the channel's credentials belong to another bot than `expectedBot` (or the
 * setting is malformed), so a reviewer sees a failing preview rather than a failing `up`. Without
 * credentials, with a channel unknown during preview, or when LINE cannot be asked, it says nothing:
 * the write's guard decides then.
 */
export async function wrongBotReason(channel: unknown): Promise<string | undefined> {
    if (channel !== undefined && typeof channel !== "string") return undefined;
    if (containsUnknown(channel)) return undefined;
    const settings = resolveChannelSettings(channel);
    const expected = settings.expectedBot;
    if (expected === undefined || !hasCredentials(settings)) return undefined;
    try {
        checkExpectedBot(expected, settings.name);
    } catch (error) {
        return messageOf(error);
    }
    let wrong: WrongBotError | undefined;
    try {
        wrong = await wrongBot(settings, await clientForSettings(settings));
    } catch {
        // A failed lookup (network, 401) is noted by announceBot and reported by the write's guard.
        return undefined;
    }
    return wrong?.message;
}

/**
 * Prints, once per process and channel, which bot the channel's credentials belong to, so a preview
 * shows what `pulumi up` would act on. Called from `check`, which runs in previews too; it never fails
 * the check itself (a wrong bot fails it through {@link wrongBotReason}, which every kind's check runs
 * first): without credentials (a preview on a machine without them) it says nothing, and a failed
 * lookup is printed as a note and left to the write, whose guard reports it.
 */
export async function announceBot(channel: unknown): Promise<void> {
    if (channel !== undefined && typeof channel !== "string") return;
    if (containsUnknown(channel)) return;
    const settings = resolveChannelSettings(channel);
    const key = channelKey(settings);
    if (announced.has(key)) return;
    if (!hasCredentials(settings)) return;
    announced.add(key);
    let line: string;
    try {
        const bot = await botInfoFor(settings, await clientForSettings(settings));
        line = `pulumi-line: channel "${settings.name}" is LINE bot ${describeBot(bot)}`;
        const expected = settings.expectedBot;
        if (expected !== undefined && !isExpectedBot(expected, bot)) {
            line += `, not the expected bot ${expected}: every change to it will be refused`;
        }
    } catch (error) {
        line = `pulumi-line: channel "${settings.name}": could not tell which LINE bot it is: ${messageOf(error)}`;
    }
    process.stderr.write(`${line}\n`);
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
