import type { ChannelContext, Reply } from "../http";
import { AUDIENCE_CLICK_URL_MAX_LENGTH, AUDIENCE_REQUEST_ID_MAX_AGE_MS } from "../limits";
import { type Route, channelRoute } from "../router";
import type { DeepReadonly, StoredBroadcast } from "../store";
import { BodyReader } from "../validation/fields";
import {
    checkDescriptions,
    createAudience,
    fail,
    requireRoomForAudience,
    visibleAudiences,
} from "./audienceRecords";

/**
 * Retargeting audiences (https://developers.line.biz/en/reference/messaging-api/#create-click-audience-group,
 * https://developers.line.biz/en/reference/messaging-api/#create-imp-audience-group): the users who
 * clicked a URL in, or saw, a broadcast or narrowcast. The emulator knows only how many it reached.
 */

/**
 * The broadcast or narrowcast a click/impression audience is built from: recorded in this channel
 * (another channel's is WRONG_BOT_ID) and at most 60 days old (https://developers.line.biz/en/reference/messaging-api/#create-click-audience-group).
 */
function findBroadcast(ctx: ChannelContext, requestId: string | undefined): DeepReadonly<StoredBroadcast> {
    const { store, clock } = ctx.services;
    if (requestId === undefined || requestId === "") fail("REQUEST_NOT_FOUND", "requestId");
    const broadcast = store.read(ctx.channel.name).broadcasts.get(requestId);
    if (broadcast === undefined) {
        const elsewhere = store.channelNames().some(name => store.read(name).broadcasts.has(requestId));
        fail(elsewhere ? "WRONG_BOT_ID" : "REQUEST_NOT_FOUND", "requestId");
    }
    if (clock.now() - broadcast.sentAt > AUDIENCE_REQUEST_ID_MAX_AGE_MS)
        fail("TOO_OLD_MESSAGES", "requestId");
    return broadcast;
}

/** `POST /v2/bot/audienceGroup/click` (https://developers.line.biz/en/reference/messaging-api/#create-click-audience-group): one audience per requestId + clickUrl. */
async function createClickBasedAudienceGroup(ctx: ChannelContext): Promise<Reply> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    const description = reader.string(root, "description", "");
    const requestId = reader.string(root, "requestId", "");
    const clickUrl = reader.string(root, "clickUrl", "", { max: AUDIENCE_CLICK_URL_MAX_LENGTH });
    reader.finish();
    checkDescriptions(description);
    const broadcast = findBroadcast(ctx, requestId);
    const duplicate = visibleAudiences(ctx).some(
        a => a.type === "CLICK" && a.requestId === broadcast.requestId && a.clickUrl === clickUrl,
    );
    if (duplicate) fail("AUDIENCE_GROUP_REQUESTID_DUPLICATE", "requestId");
    requireRoomForAudience(ctx);
    return createAudience(ctx, {
        type: "CLICK",
        description: description ?? "",
        isIfaAudience: false,
        requestId: broadcast.requestId,
        retargetingUsers: broadcast.recipients,
        ...(clickUrl !== undefined && { clickUrl }),
    });
}

/** `POST /v2/bot/audienceGroup/imp` (https://developers.line.biz/en/reference/messaging-api/#create-imp-audience-group): one audience per requestId. */
async function createImpBasedAudienceGroup(ctx: ChannelContext): Promise<Reply> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    const description = reader.string(root, "description", "");
    const requestId = reader.string(root, "requestId", "");
    reader.finish();
    checkDescriptions(description);
    const broadcast = findBroadcast(ctx, requestId);
    if (visibleAudiences(ctx).some(a => a.type === "IMP" && a.requestId === broadcast.requestId)) {
        fail("AUDIENCE_GROUP_REQUESTID_DUPLICATE", "requestId");
    }
    requireRoomForAudience(ctx);
    return createAudience(ctx, {
        type: "IMP",
        description: description ?? "",
        isIfaAudience: false,
        requestId: broadcast.requestId,
        retargetingUsers: broadcast.recipients,
    });
}

const BASE = "/v2/bot/audienceGroup";

export const audienceRetargetingRoutes: readonly Route[] = [
    channelRoute("POST", `${BASE}/click`, "createClickBasedAudienceGroup", createClickBasedAudienceGroup),
    channelRoute("POST", `${BASE}/imp`, "createImpBasedAudienceGroup", createImpBasedAudienceGroup),
];
