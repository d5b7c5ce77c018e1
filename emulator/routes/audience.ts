import { audienceGroupView, audienceJobView } from "../audienceTimeline";
import { type ChannelContext, type Reply, accepted, enumQuery, integerQuery, ok } from "../http";
import { AUDIENCE_JOBS_SHOWN, AUDIENCE_LIST_DEFAULT_SIZE, AUDIENCE_LIST_MAX_SIZE } from "../limits";
import type { AudienceAuthorityLevel, AudienceGroupStatus } from "../model";
import { type Route, channelRoute } from "../router";
import { BodyReader } from "../validation/fields";
import { checkDescriptions, fail, findAudience, visibleAudiences } from "./audienceRecords";
import { audienceRetargetingRoutes } from "./audienceRetargeting";
import { audienceUploadRoutes } from "./audienceUpload";
import { pathParam } from "./lookup";

/**
 * The audience endpoints (https://developers.line.biz/en/reference/messaging-api/#manage-audience-group):
 * reading, listing, renaming and deleting audiences here; creating them in `audienceUpload.ts` and
 * `audienceRetargeting.ts`; their timeline and views in `../audienceTimeline.ts`.
 */

/** `PUT /v2/bot/audienceGroup/{audienceGroupId}/updateDescription` (https://developers.line.biz/en/reference/messaging-api/#set-description-audience-group): 200. */
async function updateAudienceGroupDescription(ctx: ChannelContext): Promise<Reply> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const description = reader.string(reader.root(), "description", "");
    reader.finish();
    const audience = findAudience(ctx, pathParam(ctx, "audienceGroupId"));
    checkDescriptions(description);
    ctx.services.store.write(ctx.channel.name, state => {
        const stored = state.audiences.get(audience.audienceGroupId);
        if (stored !== undefined) stored.description = description ?? "";
    });
    return ok();
}

/** `DELETE /v2/bot/audienceGroup/{audienceGroupId}` (https://developers.line.biz/en/reference/messaging-api/#delete-audience-group): 202 as the docs say (the spec says 200). */
function deleteAudienceGroup(ctx: ChannelContext): Reply {
    const audience = findAudience(ctx, pathParam(ctx, "audienceGroupId"));
    ctx.services.store.write(ctx.channel.name, state => state.audiences.delete(audience.audienceGroupId));
    return accepted();
}

/** `GET /v2/bot/audienceGroup/{audienceGroupId}` (https://developers.line.biz/en/reference/messaging-api/#get-audience-group): newest 50 jobs first; none for click/imp. */
function getAudienceData(ctx: ChannelContext): Reply {
    const audience = findAudience(ctx, pathParam(ctx, "audienceGroupId"));
    const now = ctx.services.clock.now();
    const jobs = [...audience.jobs]
        .reverse()
        .slice(0, AUDIENCE_JOBS_SHOWN)
        .map(job => audienceJobView(audience, job, now));
    return ok({ audienceGroup: audienceGroupView(audience, now), jobs });
}

const STATUSES: readonly AudienceGroupStatus[] = [
    "IN_PROGRESS",
    "READY",
    "FAILED",
    "EXPIRED",
    "INACTIVE",
    "ACTIVATING",
];
const CREATE_ROUTES: readonly string[] = ["OA_MANAGER", "MESSAGING_API", "POINT_AD", "AD_MANAGER"];

/**
 * `GET /v2/bot/audienceGroup/list` (https://developers.line.biz/en/reference/messaging-api/#get-audience-groups): newest first, `size` ≤ 40. Several filters narrow
 * together (AND): the docs' "OR condition" note is ambiguous and AND is what a filter usually means.
 * Public audiences of other channels are not emulated, so `includesExternalPublicGroups` changes nothing.
 */
function getAudienceGroups(ctx: ChannelContext): Reply {
    const page = integerQuery(ctx, "page", undefined, 1);
    const size = integerQuery(ctx, "size", AUDIENCE_LIST_DEFAULT_SIZE, 1, AUDIENCE_LIST_MAX_SIZE);
    const status = enumQuery(ctx, "status", STATUSES);
    const createRoute = enumQuery(ctx, "createRoute", CREATE_ROUTES);
    enumQuery(ctx, "includesExternalPublicGroups", ["true", "false"]);
    const description = ctx.query.get("description")?.toLowerCase();
    const now = ctx.services.clock.now();
    const matching = visibleAudiences(ctx)
        .map(a => audienceGroupView(a, now))
        .filter(a => status === undefined || a.status === status)
        .filter(a => createRoute === undefined || a.createRoute === createRoute)
        .filter(a => !description || a.description.toLowerCase().includes(description))
        .sort((a, b) => b.created - a.created || b.audienceGroupId - a.audienceGroupId);
    const start = (page - 1) * size;
    return ok({
        audienceGroups: matching.slice(start, start + size),
        hasNextPage: start + size < matching.length,
        totalCount: matching.length,
        readWriteAudienceGroupTotalCount: matching.filter(a => a.permission === "READ_WRITE").length,
        page,
        size,
    });
}

/**
 * `PUT /v2/bot/audienceGroup/{audienceGroupId}/activate` (removed from the spec in 2025: https://developers.line.biz/en/news/2025/03/26/cross-targeting-closing/).
 * Only LINE Ads audiences ever become INACTIVE, so an API-made audience is always ALREADY_ACTIVE.
 */
async function activateAudienceGroup(ctx: ChannelContext): Promise<Reply> {
    await ctx.discardBody();
    findAudience(ctx, pathParam(ctx, "audienceGroupId"));
    return fail("ALREADY_ACTIVE");
}

/** `GET /v2/bot/audienceGroup/authorityLevel` (removed from the spec in 2025: https://developers.line.biz/en/news/2025/03/26/cross-targeting-closing/). */
function getAudienceGroupAuthorityLevel(ctx: ChannelContext): Reply {
    return ok({ authorityLevel: ctx.services.store.read(ctx.channel.name).audienceAuthorityLevel });
}

/** `PUT /v2/bot/audienceGroup/authorityLevel` (removed from the spec in 2025: https://developers.line.biz/en/news/2025/03/26/cross-targeting-closing/). */
async function updateAudienceGroupAuthorityLevel(ctx: ChannelContext): Promise<Reply> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const level = reader.enumeration<AudienceAuthorityLevel>(
        reader.root(),
        "authorityLevel",
        "",
        ["PUBLIC", "PRIVATE"],
        true,
    );
    reader.finish();
    ctx.services.store.write(ctx.channel.name, state => {
        if (level !== undefined) state.audienceAuthorityLevel = level;
    });
    return ok();
}

const BASE = "/v2/bot/audienceGroup";

export const audienceRoutes: readonly Route[] = [
    ...audienceUploadRoutes,
    ...audienceRetargetingRoutes,
    channelRoute("GET", `${BASE}/list`, "getAudienceGroups", getAudienceGroups),
    channelRoute(
        "GET",
        `${BASE}/authorityLevel`,
        "getAudienceGroupAuthorityLevel",
        getAudienceGroupAuthorityLevel,
    ),
    channelRoute(
        "PUT",
        `${BASE}/authorityLevel`,
        "updateAudienceGroupAuthorityLevel",
        updateAudienceGroupAuthorityLevel,
    ),
    channelRoute(
        "PUT",
        `${BASE}/{audienceGroupId}/updateDescription`,
        "updateAudienceGroupDescription",
        updateAudienceGroupDescription,
    ),
    channelRoute("PUT", `${BASE}/{audienceGroupId}/activate`, "activateAudienceGroup", activateAudienceGroup),
    channelRoute("DELETE", `${BASE}/{audienceGroupId}`, "deleteAudienceGroup", deleteAudienceGroup),
    channelRoute("GET", `${BASE}/{audienceGroupId}`, "getAudienceData", getAudienceData),
];
