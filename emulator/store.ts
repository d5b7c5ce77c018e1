import type {
    AudienceAuthorityLevel,
    AudienceGroupType,
    RichMenuBatchOperation,
    RichMenuImage,
    RichMenuResponse,
} from "./model";

/** A rich menu plus what LINE keeps beside it. */
export interface StoredRichMenu {
    readonly menu: RichMenuResponse;
    readonly createdAt: number;
    image?: RichMenuImage;
}

/**
 * An upload job. LINE never returns the IDs, but a narrowcast to the audience reaches them: the job
 * keeps its user IDs while the audience stays within `AUDIENCE_MAX_KEPT_USER_IDS`, else only counts.
 */
export interface StoredAudienceJob {
    readonly audienceGroupJobId: number;
    readonly description?: string;
    readonly audienceCount: number;
    readonly createdAt: number;
    /** The uploaded user IDs; absent for IFAs, for uploads past the bound, and in older state files. */
    readonly userIds?: readonly string[];
}

export interface StoredAudience {
    readonly audienceGroupId: number;
    readonly type: AudienceGroupType;
    description: string;
    readonly createdAt: number;
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly clickUrl?: string;
    /** Click/impression audiences: how many users the broadcast reached. */
    readonly retargetingUsers?: number;
    readonly jobs: StoredAudienceJob[];
}

export interface StoredBatch {
    readonly requestId: string;
    readonly acceptedAt: number;
    readonly operations: readonly RichMenuBatchOperation[];
    readonly resumeRequestKey?: string;
}

/** A broadcast or narrowcast recorded through the control surface, for click/impression audiences. */
export interface StoredBroadcast {
    readonly requestId: string;
    readonly type: "broadcast" | "narrowcast";
    readonly sentAt: number;
    readonly recipients: number;
}

/** A short-lived token, kept by its SHA-256 so the state file never holds a usable token. */
export interface StoredToken {
    readonly tokenSha256: string;
    readonly issuedAt: number;
    readonly expiresAt: number;
}

/**
 * A simulated LINE user of this channel, with the fields LINE's get-profile answers
 * (https://developers.line.biz/en/reference/messaging-api/#get-profile). Whether the user follows the
 * bot is `friends`; a user here who is not in `friends` has blocked the bot or never added it.
 */
export interface StoredUser {
    readonly userId: string;
    displayName: string;
    pictureUrl?: string;
    statusMessage?: string;
    /** BCP 47; LINE leaves it out until the user consents to LINE's privacy policy. */
    language?: string;
    /** The user blocked the bot (LINE's unfollow); unblocking is a follow with `isUnblocked: true`. */
    blocked: boolean;
    /** The user's screen: the rich menu open (true) or only its chat bar shown (false). */
    menuOpen?: boolean;
}

/**
 * A reply token handed to the bot in a webhook event
 * (https://developers.line.biz/en/reference/messaging-api/#send-reply-message-reply-token).
 */
export interface StoredReplyToken {
    readonly replyToken: string;
    /** The chat a reply lands in: the event source's user, group or room ID. */
    readonly chatId: string;
    readonly webhookEventId: string;
    /** The event's `timestamp`; a redelivered token dies 20 minutes after it. */
    readonly eventTime: number;
    /** When the bot received it last (delivery or redelivery): the token lives a minute from here. */
    deliveredAt: number;
    used: boolean;
}

/** One message in a chat as a user sees it: what the user sent, or what the bot delivered. */
export interface StoredChatMessage {
    /** LINE's message ID (digits). */
    readonly id: string;
    /** The user, group or room the message is in. */
    readonly chatId: string;
    readonly from: "user" | "bot";
    /** How it got there: typed or tapped by the user, or the send API the bot used. */
    readonly via: "user" | "reply" | "push" | "multicast" | "broadcast" | "narrowcast";
    /** The message object as LINE's API received it (or as the user's event carried it). */
    readonly message: unknown;
    readonly sentAt: number;
    /** The `X-Line-Request-Id` of the bot's send. */
    readonly requestId?: string;
}

/** A send accepted with `X-Line-Retry-Key` (https://developers.line.biz/en/docs/messaging-api/retrying-api-request/). */
export interface StoredRetryKey {
    readonly retryKey: string;
    readonly requestId: string;
    readonly acceptedAt: number;
    /** What a push answered, repeated in its 409. */
    readonly sentMessages?: readonly { readonly id: string; readonly quoteToken?: string }[];
}

/** A narrowcast's outcome, decided when it is accepted and revealed on the clock (https://developers.line.biz/en/reference/messaging-api/#get-narrowcast-progress-status). */
export interface StoredNarrowcast {
    readonly requestId: string;
    readonly acceptedAt: number;
    readonly targetCount: number;
    readonly successCount: number;
    readonly failure?: { readonly errorCode: number; readonly description: string };
}

/** The month's target limit (https://developers.line.biz/en/reference/messaging-api/#get-quota). */
export type MessageQuota = { readonly type: "none" } | { readonly type: "limited"; readonly value: number };

/** The follower counts the emulator saw on one day, for the followers insight. */
export interface FollowerCounts {
    readonly followers: number;
    readonly targetedReaches: number;
    readonly blocks: number;
}

/**
 * A group chat the bot was invited to (https://developers.line.biz/en/docs/messaging-api/group-chats/).
 * The bot is a member until it leaves; members are users of any friendship with the bot.
 */
export interface StoredGroup {
    readonly groupId: string;
    readonly groupName: string;
    readonly pictureUrl?: string;
    /** Member user IDs in the order they joined; the bot is not one of them. */
    memberIds: string[];
    /** False once the bot left: LINE then answers 404 about the group. */
    botIsMember: boolean;
}

/**
 * A multi-person chat (room) the bot was added to (https://developers.line.biz/en/docs/messaging-api/group-chats/):
 * like a group without a name or picture. LINE makes new multi-person chats groups since LINE 10.17.0.
 */
export interface StoredRoom {
    readonly roomId: string;
    /** Member user IDs in the order they joined; the bot is not one of them. */
    memberIds: string[];
    /** False once the bot left: LINE then answers 404 about the room, except to leave it again. */
    botIsMember: boolean;
}

/** Everything one channel holds. Maps keep insertion order, which list endpoints rely on. */
export interface ChannelState {
    richMenus: Map<string, StoredRichMenu>;
    aliases: Map<string, string>;
    defaultRichMenuId: string | undefined;
    userLinks: Map<string, string>;
    friends: Set<string>;
    /** Every simulated user the channel has met, friend or not, by user ID. */
    users: Map<string, StoredUser>;
    replyTokens: Map<string, StoredReplyToken>;
    /** Every chat's messages in the order they were sent. */
    chatLog: StoredChatMessage[];
    groups: Map<string, StoredGroup>;
    rooms: Map<string, StoredRoom>;
    /** `redelivery` is the console's "Webhook redelivery" switch (https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-redelivery). */
    webhook: { endpoint: string | undefined; active: boolean; redelivery: boolean };
    audiences: Map<number, StoredAudience>;
    audienceAuthorityLevel: AudienceAuthorityLevel;
    batches: Map<string, StoredBatch>;
    broadcasts: Map<string, StoredBroadcast>;
    shortLivedTokens: Map<string, StoredToken>;
    retryKeys: Map<string, StoredRetryKey>;
    narrowcasts: Map<string, StoredNarrowcast>;
    messageQuota: MessageQuota;
    /**
     * By UTC+9 month (`yyyyMM`): the custom aggregation unit names sends used, in first-use order
     * (https://developers.line.biz/en/docs/messaging-api/unit-based-statistics-aggregation/).
     */
    customAggregationUnits: Map<string, string[]>;
    /** By UTC+9 date (`yyyyMMdd`): the counts last seen that day. */
    followerDays: Map<string, FollowerCounts>;
    /** True once the configured (long-lived) token was revoked with POST /v2/oauth/revoke. */
    accessTokenRevoked: boolean;
}

export type DeepReadonly<T> = T extends Uint8Array
    ? T
    : T extends Map<infer K, infer V>
      ? ReadonlyMap<K, DeepReadonly<V>>
      : T extends Set<infer V>
        ? ReadonlySet<DeepReadonly<V>>
        : T extends readonly (infer E)[]
          ? readonly DeepReadonly<E>[]
          : T extends object
            ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
            : T;

/**
 * The emulator's state, one {@link ChannelState} per channel. Reads get a read-only view; every
 * change goes through `write`, which is where a persistent store saves.
 */
export interface ChannelStore {
    channelNames(): readonly string[];
    read(channel: string): DeepReadonly<ChannelState>;
    /** Applies `change` to the channel's state and persists it. Validate before changing anything. */
    write<T>(channel: string, change: (state: ChannelState) => T): T;
    /** Empties every channel. */
    reset(): void;
}

/** A fresh channel: nothing created, the webhook flag as configured. */
export function emptyChannelState(webhookActive = false): ChannelState {
    return {
        richMenus: new Map(),
        aliases: new Map(),
        defaultRichMenuId: undefined,
        userLinks: new Map(),
        friends: new Set(),
        users: new Map(),
        replyTokens: new Map(),
        chatLog: [],
        groups: new Map(),
        rooms: new Map(),
        webhook: { endpoint: undefined, active: webhookActive, redelivery: false },
        audiences: new Map(),
        audienceAuthorityLevel: "PUBLIC",
        batches: new Map(),
        broadcasts: new Map(),
        shortLivedTokens: new Map(),
        retryKeys: new Map(),
        narrowcasts: new Map(),
        messageQuota: { type: "none" },
        customAggregationUnits: new Map(),
        followerDays: new Map(),
        accessTokenRevoked: false,
    };
}

export class MemoryChannelStore implements ChannelStore {
    protected readonly states = new Map<string, ChannelState>();

    /** @param initialState makes each channel's empty state (e.g. with its configured webhook flag). */
    constructor(
        names: readonly string[],
        protected readonly initialState: (channel: string) => ChannelState = () => emptyChannelState(),
    ) {
        for (const name of names) this.states.set(name, initialState(name));
    }

    channelNames(): readonly string[] {
        return [...this.states.keys()];
    }

    read(channel: string): DeepReadonly<ChannelState> {
        return this.state(channel);
    }

    write<T>(channel: string, change: (state: ChannelState) => T): T {
        const result = change(this.state(channel));
        this.persist();
        return result;
    }

    reset(): void {
        for (const name of this.states.keys()) this.states.set(name, this.initialState(name));
        this.persist();
    }

    /** Called after every write; the in-memory store keeps nothing elsewhere. */
    protected persist(): void {}

    private state(channel: string): ChannelState {
        const state = this.states.get(channel);
        if (state === undefined) throw new Error(`unknown channel ${JSON.stringify(channel)}`);
        return state;
    }
}
