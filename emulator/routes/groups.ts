import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import { joinedGroup } from "../groups";
import { GROUP_ID_PATTERN, GROUP_MEMBER_IDS_PAGE_SIZE, USER_ID_PATTERN } from "../limits";
import { type Route, channelRoute } from "../router";
import type { DeepReadonly, StoredGroup } from "../store";
import { pathParam } from "./lookup";

/**
 * LINE's group chat endpoints (https://developers.line.biz/en/docs/messaging-api/group-chats/): a
 * malformed group ID is 400; a group the bot is not in (unknown, or left) is a bare 404.
 */

function groupOr404(ctx: ChannelContext): DeepReadonly<StoredGroup> {
    const groupId = pathParam(ctx, "groupId");
    if (!GROUP_ID_PATTERN.test(groupId)) throw LineErrorFactory.invalidPathParameter("groupId");
    const group = joinedGroup(ctx.services.store.read(ctx.channel.name).groups, groupId);
    if (group === undefined) throw LineErrorFactory.notFound();
    return group;
}

/** `GET /v2/bot/group/{groupId}/summary` (https://developers.line.biz/en/reference/messaging-api/#get-group-summary). */
function getGroupSummary(ctx: ChannelContext): Reply {
    const { groupId, groupName, pictureUrl } = groupOr404(ctx);
    return ok({ groupId, groupName, ...(pictureUrl !== undefined && { pictureUrl }) });
}

/** `GET /v2/bot/group/{groupId}/members/count` (https://developers.line.biz/en/reference/messaging-api/#get-members-group-count): the bot not counted. */
function getGroupMemberCount(ctx: ChannelContext): Reply {
    return ok({ count: groupOr404(ctx).memberIds.length });
}

const encodeStart = (offset: number): string => Buffer.from(`members:${offset}`).toString("base64url");

/**
 * `GET /v2/bot/group/{groupId}/members/ids` (https://developers.line.biz/en/reference/messaging-api/#get-group-member-user-ids):
 * verified and premium accounts only (403), up to 100 a page, `next` while more remain.
 */
function getGroupMembersIds(ctx: ChannelContext): Reply {
    if (!ctx.channel.verified) throw LineErrorFactory.notVerifiedAccount();
    const { memberIds } = groupOr404(ctx);
    const start = ctx.query.get("start");
    let offset = 0;
    if (start !== null) {
        const match = /^members:(\d{1,9})$/.exec(Buffer.from(start, "base64url").toString("utf8"));
        offset = Number(match?.[1] ?? Number.NaN);
        if (!Number.isInteger(offset) || offset > memberIds.length || encodeStart(offset) !== start)
            throw LineErrorFactory.invalidStartParam();
    }
    const end = offset + GROUP_MEMBER_IDS_PAGE_SIZE;
    return ok({
        memberIds: memberIds.slice(offset, end),
        ...(end < memberIds.length && { next: encodeStart(end) }),
    });
}

/** `GET /v2/bot/group/{groupId}/member/{userId}` (https://developers.line.biz/en/reference/messaging-api/#get-group-member-profile): whether or not a friend. */
function getGroupMemberProfile(ctx: ChannelContext): Reply {
    const group = groupOr404(ctx);
    const userId = pathParam(ctx, "userId");
    if (!USER_ID_PATTERN.test(userId)) throw LineErrorFactory.invalidPathParameter("userId");
    const user = ctx.services.store.read(ctx.channel.name).users.get(userId);
    if (user === undefined || !group.memberIds.includes(userId)) throw LineErrorFactory.notFound();
    return ok({
        displayName: user.displayName,
        userId,
        ...(user.pictureUrl !== undefined && { pictureUrl: user.pictureUrl }),
    });
}

/**
 * `POST /v2/bot/group/{groupId}/leave` (https://developers.line.biz/en/reference/messaging-api/#leave-group).
 * LINE does not say whether leaving through the API raises `leave`; the emulator sends none, as the
 * bot already knows.
 */
async function leaveGroup(ctx: ChannelContext): Promise<Reply> {
    await ctx.discardBody();
    const { groupId } = groupOr404(ctx);
    ctx.services.store.write(ctx.channel.name, state => {
        const group = state.groups.get(groupId);
        if (group !== undefined) group.botIsMember = false;
    });
    return ok();
}

export const groupRoutes: readonly Route[] = [
    channelRoute("GET", "/v2/bot/group/{groupId}/summary", "getGroupSummary", getGroupSummary),
    channelRoute("GET", "/v2/bot/group/{groupId}/members/count", "getGroupMemberCount", getGroupMemberCount),
    channelRoute("GET", "/v2/bot/group/{groupId}/members/ids", "getGroupMembersIds", getGroupMembersIds),
    channelRoute(
        "GET",
        "/v2/bot/group/{groupId}/member/{userId}",
        "getGroupMemberProfile",
        getGroupMemberProfile,
    ),
    channelRoute("POST", "/v2/bot/group/{groupId}/leave", "leaveGroup", leaveGroup),
];
