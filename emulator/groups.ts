import type { ChannelState, StoredGroup, StoredRoom } from "./store";
import { meetUser } from "./users";
import type { RaisedEvent } from "./webhookEvents";

/**
 * Group chats and multi-person chats (rooms) with the bot
 * (https://developers.line.biz/en/docs/messaging-api/group-chats/), one model for both: the bot is
 * invited (`join`), users join and leave (`memberJoined`, `memberLeft`,
 * https://developers.line.biz/en/reference/messaging-api/#member-joined-event). Members need not
 * follow the bot; the channel meets them as users all the same. A room has no name or picture, and
 * its events carry a room source (https://developers.line.biz/en/reference/messaging-api/#source-room).
 */

export type ChatKind = "group" | "room";
export type StoredChat = StoredGroup | StoredRoom;

/** The chat's ID, whichever kind it is. */
export function chatIdOf(chat: { readonly groupId: string } | { readonly roomId: string }): string {
    return "groupId" in chat ? chat.groupId : chat.roomId;
}

/** The `groupId` or `roomId` an event from the chat carries. */
function sourceOf(chat: StoredChat): { groupId: string } | { roomId: string } {
    return "groupId" in chat ? { groupId: chat.groupId } : { roomId: chat.roomId };
}

/** The chat the bot is in, or undefined (LINE answers 404 alike for an unknown chat and one it left). */
export function joinedChat<G extends { readonly botIsMember: boolean }>(
    chats: ReadonlyMap<string, G>,
    chatId: string,
): G | undefined {
    const chat = chats.get(chatId);
    return chat?.botIsMember === true ? chat : undefined;
}

/** Users invite the bot to a new group or room: `join`, from the chat itself. */
export function createChat(
    state: ChannelState,
    chat: (Omit<StoredGroup, "memberIds" | "botIsMember"> | { readonly roomId: string }) & {
        readonly memberIds: readonly string[];
    },
): RaisedEvent[] {
    for (const userId of chat.memberIds) if (!state.users.has(userId)) meetUser(state.users, userId);
    const stored = { ...chat, memberIds: [...new Set(chat.memberIds)], botIsMember: true };
    if ("roomId" in stored) state.rooms.set(stored.roomId, stored);
    else state.groups.set(stored.groupId, stored);
    return [{ type: "join", ...sourceOf(stored), fields: {} }];
}

const members = (userIds: readonly string[]) => userIds.map(userId => ({ type: "user", userId }));

/** Users join the chat: one `memberJoined` naming those who were not members yet. */
export function membersJoin(
    state: ChannelState,
    chat: StoredChat,
    userIds: readonly string[],
): RaisedEvent[] {
    const joined = [...new Set(userIds)].filter(userId => !chat.memberIds.includes(userId));
    for (const userId of joined) if (!state.users.has(userId)) meetUser(state.users, userId);
    chat.memberIds.push(...joined);
    if (joined.length === 0) return [];
    return [{ type: "memberJoined", ...sourceOf(chat), fields: { joined: { members: members(joined) } } }];
}

/** A user leaves the chat: `memberLeft`, without a reply token. */
export function memberLeaves(chat: StoredChat, userId: string): RaisedEvent[] {
    if (!chat.memberIds.includes(userId)) return [];
    chat.memberIds = chat.memberIds.filter(id => id !== userId);
    return [{ type: "memberLeft", ...sourceOf(chat), fields: { left: { members: members([userId]) } } }];
}
