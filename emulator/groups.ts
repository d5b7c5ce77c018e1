import type { ChannelState, StoredGroup } from "./store";
import { meetUser } from "./users";
import type { RaisedEvent } from "./webhookEvents";

/**
 * Group chats with the bot (https://developers.line.biz/en/docs/messaging-api/group-chats/): the bot
 * is invited (`join`), users join and leave (`memberJoined`, `memberLeft`,
 * https://developers.line.biz/en/reference/messaging-api/#member-joined-event). Members need not
 * follow the bot; the channel meets them as users all the same.
 */

/** The group the bot is in, or undefined (LINE answers 404 alike for an unknown group and one it left). */
export function joinedGroup<G extends { readonly botIsMember: boolean }>(
    groups: ReadonlyMap<string, G>,
    groupId: string,
): G | undefined {
    const group = groups.get(groupId);
    return group?.botIsMember === true ? group : undefined;
}

/** Users invite the bot to a new group: `join`, from the group itself. */
export function createGroup(
    state: ChannelState,
    group: { groupId: string; groupName: string; pictureUrl?: string; memberIds: readonly string[] },
): RaisedEvent[] {
    for (const userId of group.memberIds) if (!state.users.has(userId)) meetUser(state.users, userId);
    state.groups.set(group.groupId, {
        ...group,
        memberIds: [...new Set(group.memberIds)],
        botIsMember: true,
    });
    return [{ type: "join", groupId: group.groupId, fields: {} }];
}

const members = (userIds: readonly string[]) => userIds.map(userId => ({ type: "user", userId }));

/** Users join the group: one `memberJoined` naming those who were not members yet. */
export function joinGroup(
    state: ChannelState,
    group: StoredGroup,
    userIds: readonly string[],
): RaisedEvent[] {
    const joined = [...new Set(userIds)].filter(userId => !group.memberIds.includes(userId));
    for (const userId of joined) if (!state.users.has(userId)) meetUser(state.users, userId);
    group.memberIds.push(...joined);
    if (joined.length === 0) return [];
    return [
        { type: "memberJoined", groupId: group.groupId, fields: { joined: { members: members(joined) } } },
    ];
}

/** A user leaves the group: `memberLeft`, without a reply token. */
export function leaveGroup(group: StoredGroup, userId: string): RaisedEvent[] {
    if (!group.memberIds.includes(userId)) return [];
    group.memberIds = group.memberIds.filter(id => id !== userId);
    return [{ type: "memberLeft", groupId: group.groupId, fields: { left: { members: members([userId]) } } }];
}
