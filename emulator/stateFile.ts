import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { AudienceAuthorityLevel, RichMenuResponse } from "./model";
import {
    type ChannelState,
    type FollowerCounts,
    type MessageQuota,
    MemoryChannelStore,
    type StoredAudience,
    type StoredBatch,
    type StoredBroadcast,
    type StoredChatMessage,
    type StoredGroup,
    type StoredNarrowcast,
    type StoredReplyToken,
    type StoredRetryKey,
    type StoredRoom,
    type StoredToken,
    type StoredUser,
} from "./store";
import { meetUser } from "./users";

/**
 * The state file (`--state-file`): the whole state as JSON, written after every write, so a state
 * survives a restart. Fields added since version 1 are optional, and a file without them loads.
 */

/**
 * The in-memory store, saved to a JSON file after every write and loaded when the emulator starts,
 * so a state survives a restart. Channels in the file that are not configured are dropped.
 */
export class FileChannelStore extends MemoryChannelStore {
    constructor(
        names: readonly string[],
        private readonly path: string,
        initialState?: (channel: string) => ChannelState,
    ) {
        super(names, initialState);
        const saved = readStateFile(path);
        for (const [name, state] of Object.entries(saved?.channels ?? {})) {
            if (this.states.has(name)) this.states.set(name, deserializeChannel(state));
        }
        this.persist();
    }

    protected override persist(): void {
        const file: StateFile = { version: STATE_FILE_VERSION, channels: {} };
        for (const [name, state] of this.states) file.channels[name] = serializeChannel(state);
        mkdirSync(dirname(this.path), { recursive: true });
        // Write-then-rename, so a crash mid-write never leaves half a file to load next time.
        const temp = `${this.path}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify(file));
        renameSync(temp, this.path);
    }
}

const STATE_FILE_VERSION = 1;

interface StateFile {
    version: number;
    channels: Record<string, SerializedChannel>;
}

interface SerializedRichMenu {
    menu: RichMenuResponse;
    createdAt: number;
    image?: { contentType: string; sha256: string; base64: string };
}

interface SerializedChannel {
    richMenus: SerializedRichMenu[];
    aliases: [string, string][];
    defaultRichMenuId?: string;
    userLinks: [string, string][];
    friends: string[];
    users?: StoredUser[];
    replyTokens?: StoredReplyToken[];
    chatLog?: StoredChatMessage[];
    groups?: StoredGroup[];
    rooms?: StoredRoom[];
    webhook: { endpoint?: string; active: boolean; redelivery?: boolean };
    audiences: StoredAudience[];
    audienceAuthorityLevel: AudienceAuthorityLevel;
    batches: StoredBatch[];
    broadcasts: StoredBroadcast[];
    shortLivedTokens: StoredToken[];
    retryKeys?: StoredRetryKey[];
    narrowcasts?: StoredNarrowcast[];
    messageQuota?: MessageQuota;
    customAggregationUnits?: [string, string[]][];
    followerDays?: [string, FollowerCounts][];
    accessTokenRevoked: boolean;
}

function readStateFile(path: string): StateFile | undefined {
    let text: string;
    try {
        text = readFileSync(path, "utf8");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
    }
    const parsed = JSON.parse(text) as StateFile;
    if (parsed.version !== STATE_FILE_VERSION) {
        throw new Error(
            `state file ${path} has version ${parsed.version}; this emulator reads ${STATE_FILE_VERSION}`,
        );
    }
    return parsed;
}

function serializeChannel(state: ChannelState): SerializedChannel {
    return {
        richMenus: [...state.richMenus.values()].map(({ menu, createdAt, image }) => ({
            menu,
            createdAt,
            ...(image && {
                image: {
                    contentType: image.contentType,
                    sha256: image.sha256,
                    base64: image.bytes.toString("base64"),
                },
            }),
        })),
        aliases: [...state.aliases],
        ...(state.defaultRichMenuId !== undefined && { defaultRichMenuId: state.defaultRichMenuId }),
        userLinks: [...state.userLinks],
        friends: [...state.friends],
        users: [...state.users.values()],
        replyTokens: [...state.replyTokens.values()],
        chatLog: state.chatLog,
        groups: [...state.groups.values()],
        rooms: [...state.rooms.values()],
        webhook: {
            ...(state.webhook.endpoint !== undefined && { endpoint: state.webhook.endpoint }),
            active: state.webhook.active,
            ...(state.webhook.redelivery && { redelivery: true }),
        },
        audiences: [...state.audiences.values()],
        audienceAuthorityLevel: state.audienceAuthorityLevel,
        batches: [...state.batches.values()],
        broadcasts: [...state.broadcasts.values()],
        shortLivedTokens: [...state.shortLivedTokens.values()],
        retryKeys: [...state.retryKeys.values()],
        narrowcasts: [...state.narrowcasts.values()],
        messageQuota: state.messageQuota,
        customAggregationUnits: [...state.customAggregationUnits],
        followerDays: [...state.followerDays],
        accessTokenRevoked: state.accessTokenRevoked,
    };
}

/** Files written before users existed hold friends without a profile: each gets a default one. */
function usersOf(saved: SerializedChannel): Map<string, StoredUser> {
    const users = new Map((saved.users ?? []).map(u => [u.userId, u]));
    for (const userId of saved.friends) if (!users.has(userId)) meetUser(users, userId);
    return users;
}

function deserializeChannel(saved: SerializedChannel): ChannelState {
    return {
        richMenus: new Map(
            saved.richMenus.map(({ menu, createdAt, image }) => [
                menu.richMenuId,
                {
                    menu,
                    createdAt,
                    ...(image && {
                        image: {
                            contentType: image.contentType,
                            sha256: image.sha256,
                            bytes: Buffer.from(image.base64, "base64"),
                        },
                    }),
                },
            ]),
        ),
        aliases: new Map(saved.aliases),
        defaultRichMenuId: saved.defaultRichMenuId,
        userLinks: new Map(saved.userLinks),
        friends: new Set(saved.friends),
        // Files written before users existed have none of these three: the channel simply met nobody yet.
        users: usersOf(saved),
        replyTokens: new Map((saved.replyTokens ?? []).map(t => [t.replyToken, t])),
        chatLog: saved.chatLog ?? [],
        groups: new Map((saved.groups ?? []).map(g => [g.groupId, g])),
        rooms: new Map((saved.rooms ?? []).map(r => [r.roomId, r])),
        webhook: {
            endpoint: saved.webhook.endpoint,
            active: saved.webhook.active,
            redelivery: saved.webhook.redelivery ?? false,
        },
        audiences: new Map(saved.audiences.map(a => [a.audienceGroupId, a])),
        audienceAuthorityLevel: saved.audienceAuthorityLevel,
        batches: new Map(saved.batches.map(b => [b.requestId, b])),
        broadcasts: new Map(saved.broadcasts.map(b => [b.requestId, b])),
        shortLivedTokens: new Map(saved.shortLivedTokens.map(t => [t.tokenSha256, t])),
        // Files written before messages could be sent have none of these four.
        retryKeys: new Map((saved.retryKeys ?? []).map(k => [k.retryKey, k])),
        narrowcasts: new Map((saved.narrowcasts ?? []).map(n => [n.requestId, n])),
        messageQuota: saved.messageQuota ?? { type: "none" },
        // Files written before aggregation units were kept: no month used any yet.
        customAggregationUnits: new Map(saved.customAggregationUnits ?? []),
        followerDays: new Map(saved.followerDays ?? []),
        accessTokenRevoked: saved.accessTokenRevoked,
    };
}
