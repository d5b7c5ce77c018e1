import { pageOf, startOffset } from "../continuationTokens";
import { LineErrorFactory } from "../errors";
import type { ChatKind, StoredChat } from "../groups";
import { type ChannelContext, type Reply, ok } from "../http";
import { GROUP_ID_PATTERN, GROUP_MEMBER_IDS_PAGE_SIZE, ROOM_ID_PATTERN, USER_ID_PATTERN } from "../limits";
import { type Route, channelRoute } from "../router";
import type { DeepReadonly, StoredGroup } from "../store";
import { pathParam } from "./lookup";

/**
 * LINE's group chat and multi-person chat (room) endpoints
 * (https://developers.line.biz/en/docs/messaging-api/group-chats/), one handler for both kinds where
 * LINE has both: a malformed ID is 400; a chat the bot is not in (unknown, or left) is a bare 404.
 */

const ID_PARAM = { group: "groupId", room: "roomId" } as const;
const ID_PATTERN = { group: GROUP_ID_PATTERN, room: ROOM_ID_PATTERN } as const;

/** The path's chat of that kind, whether or not the bot is still in it; 400 for a malformed ID. */
function storedChat(ctx: ChannelContext, kind: ChatKind): DeepReadonly<StoredChat> | undefined {
    const chatId = pathParam(ctx, ID_PARAM[kind]);
    if (!ID_PATTERN[kind].test(chatId)) throw LineErrorFactory.invalidPathParameter(ID_PARAM[kind]);
    const state = ctx.services.store.read(ctx.channel.name);
    return kind === "group" ? state.groups.get(chatId) : state.rooms.get(chatId);
}

function chatOr404(ctx: ChannelContext, kind: ChatKind): DeepReadonly<StoredChat> {
    const chat = storedChat(ctx, kind);
    if (chat?.botIsMember !== true) throw LineErrorFactory.notFound();
    return chat;
}

/** `GET /v2/bot/group/{groupId}/summary` (https://developers.line.biz/en/reference/messaging-api/#get-group-summary); rooms have none. */
function getGroupSummary(ctx: ChannelContext): Reply {
    const { groupId, groupName, pictureUrl } = chatOr404(ctx, "group") as DeepReadonly<StoredGroup>;
    return ok({ groupId, groupName, ...(pictureUrl !== undefined && { pictureUrl }) });
}

/** Member count (https://developers.line.biz/en/reference/messaging-api/#get-members-group-count, #get-members-room-count): the bot not counted. */
const memberCount =
    (kind: ChatKind) =>
    (ctx: ChannelContext): Reply =>
        ok({ count: chatOr404(ctx, kind).memberIds.length });

/**
 * Member IDs (https://developers.line.biz/en/reference/messaging-api/#get-group-member-user-ids,
 * https://developers.line.biz/en/reference/messaging-api/#get-room-member-user-ids): verified and
 * premium accounts only (403), up to 100 a page, `next` while more remain.
 */
const memberIds =
    (kind: ChatKind) =>
    (ctx: ChannelContext): Reply => {
        if (!ctx.channel.verified) throw LineErrorFactory.notVerifiedAccount();
        const { memberIds: ids } = chatOr404(ctx, kind);
        const offset = startOffset(ctx.query.get("start"), "members", ids.length);
        const { items, next } = pageOf(ids, "members", offset, GROUP_MEMBER_IDS_PAGE_SIZE);
        return ok({ memberIds: items, ...(next !== undefined && { next }) });
    };

/** A member's profile (https://developers.line.biz/en/reference/messaging-api/#get-group-member-profile, #get-room-member-profile): whether or not a friend. */
const memberProfile =
    (kind: ChatKind) =>
    (ctx: ChannelContext): Reply => {
        const chat = chatOr404(ctx, kind);
        const userId = pathParam(ctx, "userId");
        if (!USER_ID_PATTERN.test(userId)) throw LineErrorFactory.invalidPathParameter("userId");
        const user = ctx.services.store.read(ctx.channel.name).users.get(userId);
        if (user === undefined || !chat.memberIds.includes(userId)) throw LineErrorFactory.notFound();
        return ok({
            displayName: user.displayName,
            userId,
            ...(user.pictureUrl !== undefined && { pictureUrl: user.pictureUrl }),
        });
    };

/**
 * Leave (https://developers.line.biz/en/reference/messaging-api/#leave-group, #leave-room). A room
 * answers 200 even when the bot already left it, and 404 only when it never existed. LINE does not say
 * whether leaving through the API raises `leave`; the emulator sends none, as the bot already knows.
 */
const leave =
    (kind: ChatKind) =>
    async (ctx: ChannelContext): Promise<Reply> => {
        await ctx.discardBody();
        const chat = kind === "group" ? chatOr404(ctx, kind) : storedChat(ctx, kind);
        if (chat === undefined) throw LineErrorFactory.notFound();
        ctx.services.store.write(ctx.channel.name, state => {
            const stored = "groupId" in chat ? state.groups.get(chat.groupId) : state.rooms.get(chat.roomId);
            if (stored !== undefined) stored.botIsMember = false;
        });
        return ok();
    };

const GROUP = "/v2/bot/group/{groupId}";
const ROOM = "/v2/bot/room/{roomId}";

export const groupRoutes: readonly Route[] = [
    channelRoute("GET", `${GROUP}/summary`, "getGroupSummary", getGroupSummary),
    channelRoute("GET", `${GROUP}/members/count`, "getGroupMemberCount", memberCount("group")),
    channelRoute("GET", `${GROUP}/members/ids`, "getGroupMembersIds", memberIds("group")),
    channelRoute("GET", `${GROUP}/member/{userId}`, "getGroupMemberProfile", memberProfile("group")),
    channelRoute("POST", `${GROUP}/leave`, "leaveGroup", leave("group")),
    channelRoute("GET", `${ROOM}/members/count`, "getRoomMemberCount", memberCount("room")),
    channelRoute("GET", `${ROOM}/members/ids`, "getRoomMembersIds", memberIds("room")),
    channelRoute("GET", `${ROOM}/member/{userId}`, "getRoomMemberProfile", memberProfile("room")),
    channelRoute("POST", `${ROOM}/leave`, "leaveRoom", leave("room")),
];
