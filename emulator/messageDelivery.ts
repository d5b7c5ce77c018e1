import { appendChatMessage } from "./chatLog";
import type { IdGenerator } from "./ids";
import { PUSH_NON_FRIEND_WINDOW_MS, QUOTABLE_MESSAGE_TYPES } from "./limits";
import type { ChannelState, DeepReadonly, StoredChatMessage } from "./store";

/**
 * Who a bot's message reaches and what it leaves behind: one copy per recipient in the chat log,
 * and the `sentMessages` LINE answers (https://developers.line.biz/en/reference/messaging-api/#send-reply-message-response).
 * Users who blocked the bot, or are no friends, get nothing, yet the send still succeeds
 * (https://developers.line.biz/en/reference/messaging-api/#send-push-message).
 */

export type SendKind = "reply" | "push" | "multicast" | "broadcast" | "narrowcast";

/** One entry of `sentMessages`. */
export interface SentMessage {
    readonly id: string;
    readonly quoteToken?: string;
}

export interface Send {
    readonly via: SendKind;
    readonly requestId: string;
    readonly messages: readonly unknown[];
    readonly sentAt: number;
}

type State = DeepReadonly<ChannelState>;

function isBlocked(state: State, userId: string): boolean {
    return state.users.get(userId)?.blocked === true;
}

/** Friends who have not blocked the bot: whom broadcasts and narrowcasts reach. */
export function reachableFriends(state: State): string[] {
    return [...state.friends].filter(id => !isBlocked(state, id));
}

/** Whether the bot is a member of the group or room `chatId` names. */
function isJoinedChat(state: State, chatId: string): boolean {
    return (state.groups.get(chatId) ?? state.rooms.get(chatId))?.botIsMember === true;
}

/**
 * Whether an ID names a user or chat this channel has met; pushes to any other ID, and to a group
 * or room the bot is not in, fail with 400 (https://developers.line.biz/en/reference/messaging-api/#send-push-message).
 */
export function isKnownChat(state: State, chatId: string): boolean {
    if (state.groups.has(chatId) || state.rooms.has(chatId)) return isJoinedChat(state, chatId);
    return (
        state.friends.has(chatId) || state.users.has(chatId) || state.chatLog.some(m => m.chatId === chatId)
    );
}

/**
 * Whether a push or multicast reaches `chatId` at `now`: a friend who has not blocked the bot, a
 * group or room the bot is in (or has messages in), or a non-friend who wrote to the bot 1:1 in the
 * last 7 days.
 */
export function canReceive(state: State, chatId: string, now: number): boolean {
    if (isBlocked(state, chatId)) return false;
    if (state.friends.has(chatId) || isJoinedChat(state, chatId)) return true;
    const wrote = state.chatLog.some(
        m => m.chatId === chatId && m.from === "user" && now - m.sentAt <= PUSH_NON_FRIEND_WINDOW_MS,
    );
    return wrote || (!chatId.startsWith("U") && state.chatLog.some(m => m.chatId === chatId));
}

/** New IDs (and quote tokens where LINE gives them) for one recipient's copies of the messages. */
export function newSentMessages(ids: IdGenerator, messages: readonly unknown[]): SentMessage[] {
    return messages.map(message => {
        const type = (message as { type?: unknown }).type;
        const quotable = typeof type === "string" && QUOTABLE_MESSAGE_TYPES.includes(type);
        return quotable ? { id: ids.messageId(), quoteToken: ids.quoteToken() } : { id: ids.messageId() };
    });
}

/** Puts one recipient's copies in its chat, under the IDs `sent` names; answers them. */
export function deliver(
    state: ChannelState,
    chatId: string,
    send: Send,
    sent: readonly SentMessage[],
): readonly SentMessage[] {
    send.messages.forEach((message, i) => {
        const entry: StoredChatMessage = {
            id: sent[i]?.id ?? "",
            chatId,
            from: "bot",
            via: send.via,
            message,
            sentAt: send.sentAt,
            requestId: send.requestId,
        };
        appendChatMessage(state, entry);
    });
    return sent;
}

/** Delivers to every recipient, each with its own message IDs; answers how many were reached. */
export function deliverToAll(
    state: ChannelState,
    ids: IdGenerator,
    recipients: readonly string[],
    send: Send,
): number {
    for (const chatId of recipients) deliver(state, chatId, send, newSentMessages(ids, send.messages));
    return recipients.length;
}
