import { createHash } from "node:crypto";

/** How a channel is configured: only `name` and `accessToken` are needed. */
export interface ChannelOptions {
    readonly name: string;
    readonly accessToken: string;
    readonly channelId?: string;
    readonly channelSecret?: string;
    readonly botUserId?: string;
    readonly basicId?: string;
    readonly displayName?: string;
    /** The console's "Use webhook" flag; LINE's API cannot change it. Default false. */
    readonly webhookActive?: boolean;
    /** The month's message target limit (https://developers.line.biz/en/reference/messaging-api/#get-quota); none when absent. */
    readonly messageQuota?: number;
    /**
     * A verified or premium account: only those may list follower IDs
     * (https://developers.line.biz/en/reference/messaging-api/#get-follower-ids). Default true.
     */
    readonly verified?: boolean;
}

/** A configured channel with every field filled in. */
export interface Channel {
    readonly name: string;
    readonly accessToken: string;
    readonly channelId: string;
    readonly channelSecret: string;
    readonly botUserId: string;
    readonly basicId: string;
    readonly displayName: string;
    readonly webhookActive: boolean;
    readonly messageQuota?: number;
    readonly verified: boolean;
}

/**
 * The channel the emulator runs when none is configured. These values are public and fixed on
 * purpose: examples and CI can use them without any set-up.
 */
export const DEFAULT_CHANNEL: ChannelOptions = {
    name: "default",
    accessToken: "emulator-default-token",
    channelId: "1000000001",
    channelSecret: "emulator-default-secret",
};

const CHANNEL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function digest(kind: string, name: string): string {
    return createHash("sha256").update(`${kind}:${name}`).digest("hex");
}

/** Fills in a channel's missing fields from its name, so the same name always gives the same channel. */
function resolveChannel(options: ChannelOptions): Channel {
    const { name } = options;
    if (!CHANNEL_NAME.test(name)) {
        throw new Error(`channel name ${JSON.stringify(name)} must match ${CHANNEL_NAME}`);
    }
    if (options.accessToken.length === 0 || /\s/.test(options.accessToken)) {
        throw new Error(`channel ${name}: the access token must be non-empty and contain no spaces`);
    }
    const idDigits = BigInt(`0x${digest("channelId", name).slice(0, 15)}`) % 9_000_000_000n;
    const basic = digest("basicId", name);
    return {
        name,
        accessToken: options.accessToken,
        channelId: options.channelId ?? String(1_000_000_000n + idDigits),
        channelSecret: options.channelSecret ?? digest("channelSecret", name).slice(0, 32),
        botUserId: options.botUserId ?? `U${digest("botUserId", name).slice(0, 32)}`,
        basicId:
            options.basicId ??
            `@${parseInt(basic.slice(0, 4), 16) % 1000}${[...basic.slice(4, 9)].map(c => String.fromCharCode(97 + (parseInt(c, 16) % 26))).join("")}`,
        displayName: options.displayName ?? name,
        webhookActive: options.webhookActive ?? false,
        ...(options.messageQuota !== undefined && { messageQuota: options.messageQuota }),
        verified: options.verified ?? true,
    };
}

/** Resolves the configured channels (the default channel when none), rejecting clashes. */
export function resolveChannels(options: readonly ChannelOptions[] | undefined): Channel[] {
    const channels = (options === undefined || options.length === 0 ? [DEFAULT_CHANNEL] : options).map(
        resolveChannel,
    );
    for (const field of ["name", "accessToken", "channelId", "botUserId"] as const) {
        const seen = new Set<string>();
        for (const channel of channels) {
            if (seen.has(channel[field])) throw new Error(`two channels share the same ${field}`);
            seen.add(channel[field]);
        }
    }
    return channels;
}

/** What the control surface shows about a channel: never its token or secret. */
export function publicChannelView(channel: Channel): Record<string, string> {
    return {
        name: channel.name,
        channelId: channel.channelId,
        botUserId: channel.botUserId,
        basicId: channel.basicId,
        displayName: channel.displayName,
    };
}
