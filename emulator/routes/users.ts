import { pageOf, startOffset } from "../continuationTokens";
import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import { FOLLOWER_IDS_DEFAULT_LIMIT, FOLLOWER_IDS_MAX_LIMIT, USER_ID_PATTERN } from "../limits";
import { type Route, channelRoute } from "../router";
import { pathParam } from "./lookup";

/** `GET /v2/bot/profile/{userId}` (https://developers.line.biz/en/reference/messaging-api/#get-profile): friends only; unknown, blocking and non-friend users are a bare 404. */
function getProfile(ctx: ChannelContext): Reply {
    const userId = pathParam(ctx, "userId");
    if (!USER_ID_PATTERN.test(userId)) throw LineErrorFactory.invalidPathParameter("userId");
    const state = ctx.services.store.read(ctx.channel.name);
    const user = state.users.get(userId);
    if (user === undefined || user.blocked || !state.friends.has(userId)) throw LineErrorFactory.notFound();
    return ok({
        displayName: user.displayName,
        userId,
        ...(user.language !== undefined && { language: user.language }),
        ...(user.pictureUrl !== undefined && { pictureUrl: user.pictureUrl }),
        ...(user.statusMessage !== undefined && { statusMessage: user.statusMessage }),
    });
}

function limitParam(ctx: ChannelContext): number {
    const text = ctx.query.get("limit");
    if (text === null) return FOLLOWER_IDS_DEFAULT_LIMIT;
    const limit = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(limit) || limit < 1)
        throw LineErrorFactory.invalidQueryParameter(
            "limit",
            "must be greater than or equal to 1",
            "TOO_LOW",
        );
    // LINE's wording is unpublished; this follows its query-parameter errors elsewhere.
    if (limit > FOLLOWER_IDS_MAX_LIMIT)
        throw LineErrorFactory.invalidQueryParameter(
            "limit",
            `must be less than or equal to ${FOLLOWER_IDS_MAX_LIMIT}`,
            "TOO_HIGH",
        );
    return limit;
}

/**
 * `GET /v2/bot/followers/ids` (https://developers.line.biz/en/reference/messaging-api/#get-follower-ids):
 * verified and premium accounts only (403 otherwise); users who block the bot are not followers.
 * `next` only while more remain.
 */
function getFollowers(ctx: ChannelContext): Reply {
    if (!ctx.channel.verified) throw LineErrorFactory.notVerifiedAccount();
    const limit = limitParam(ctx);
    const followers = [...ctx.services.store.read(ctx.channel.name).friends];
    const offset = startOffset(ctx.query.get("start"), "followers", followers.length);
    const { items, next } = pageOf(followers, "followers", offset, limit);
    return ok({ userIds: items, ...(next !== undefined && { next }) });
}

export const userRoutes: readonly Route[] = [
    channelRoute("GET", "/v2/bot/profile/{userId}", "getProfile", getProfile),
    channelRoute("GET", "/v2/bot/followers/ids", "getFollowers", getFollowers),
];
