import { audienceGroupView, audienceJobView, keepsMembers } from "../audienceTimeline";
import { publicChannelView } from "../channels";
import { LineErrorFactory } from "../errors";
import { type FaultSpec, checkFaultSpec } from "../faults";
import { type Reply, type RequestContext, ok } from "../http";
import { BATCH_PROCESSING_MS } from "../limits";
import { type Route, publicRoute } from "../router";
import { accountLinkControlRoutes } from "./accountLink";
import { CONTROL_PREFIX, channelParam, readObject } from "./controlRequest";
import { deliveryRoutes } from "./deliveries";
import { messagingControlRoutes } from "./messagingControl";
import { simulatedGroupRoutes } from "./simulatedGroups";
import { simulatedUserRoutes } from "./simulatedUsers";
import { userScreenRoutes } from "./userScreen";

/**
 * The `/_emulator` control surface (docs/architecture.md): what tests and CI use to look inside the
 * emulator and to arrange what LINE's API cannot (friends, sent broadcasts, the "Use webhook" flag).
 * No token is needed; these calls are neither logged nor subject to faults or rate limits.
 */

/** `GET /_emulator/channels`: names and public IDs, never tokens or secrets. */
function listChannels(ctx: RequestContext): Reply {
    return ok({ channels: ctx.services.channels.map(publicChannelView) });
}

/** `GET /_emulator/channels/{name}/state`: everything the channel holds, with derived statuses. */
function getChannelState(ctx: RequestContext): Reply {
    const name = channelParam(ctx);
    const { store, clock } = ctx.services;
    const state = store.read(name);
    const now = clock.now();
    return ok({
        richMenus: [...state.richMenus.values()].map(({ menu, image }) => ({
            ...menu,
            hasImage: image !== undefined,
            ...(image !== undefined && { imageSha256: image.sha256, imageContentType: image.contentType }),
        })),
        aliases: [...state.aliases].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })),
        defaultRichMenuId: state.defaultRichMenuId ?? null,
        userLinks: Object.fromEntries(state.userLinks),
        friends: [...state.friends],
        webhook: { endpoint: state.webhook.endpoint ?? null, active: state.webhook.active },
        audiences: [...state.audiences.values()].map(a => ({
            ...audienceGroupView(a, now),
            // Whether a narrowcast to it reaches its members, or it kept counts only (AUDIENCE_MAX_KEPT_USER_IDS).
            membersKept: keepsMembers(a),
            jobs: a.jobs.map(job => audienceJobView(a, job, now)),
        })),
        audienceAuthorityLevel: state.audienceAuthorityLevel,
        batches: [...state.batches.values()].map(b => ({
            requestId: b.requestId,
            acceptedTime: new Date(b.acceptedAt).toISOString(),
            phase: now < b.acceptedAt + BATCH_PROCESSING_MS ? "ongoing" : "succeeded",
            operations: b.operations,
            ...(b.resumeRequestKey !== undefined && { resumeRequestKey: b.resumeRequestKey }),
        })),
        broadcasts: [...state.broadcasts.values()].map(b => ({
            ...b,
            sentAt: new Date(b.sentAt).toISOString(),
        })),
        // Every month's names, not only this month's: a spec can see a month turn without losing the last.
        customAggregationUnits: Object.fromEntries(state.customAggregationUnits),
    });
}

/**
 * `POST /_emulator/channels/{name}/broadcasts` `{type?: "broadcast"|"narrowcast", recipients?}`:
 * records a sent message (recipients default to the channel's friends) and answers its `requestId`.
 */
async function recordBroadcast(ctx: RequestContext): Promise<Reply> {
    const name = channelParam(ctx);
    const body = await readObject(ctx);
    const type = body.type ?? "broadcast";
    if (type !== "broadcast" && type !== "narrowcast") {
        throw LineErrorFactory.controlBadRequest("type must be broadcast or narrowcast");
    }
    const recipients = body.recipients ?? ctx.services.store.read(name).friends.size;
    if (typeof recipients !== "number" || !Number.isInteger(recipients) || recipients < 0) {
        throw LineErrorFactory.controlBadRequest("recipients must be a non-negative integer");
    }
    const requestId = ctx.services.ids.requestId();
    ctx.services.store.write(name, state => {
        state.broadcasts.set(requestId, { requestId, type, sentAt: ctx.services.clock.now(), recipients });
    });
    return ok({ requestId });
}

/** `PUT /_emulator/channels/{name}/webhook-active` `{active}`: the console's "Use webhook" switch. */
async function setWebhookActive(ctx: RequestContext): Promise<Reply> {
    const name = channelParam(ctx);
    const body = await readObject(ctx);
    if (typeof body.active !== "boolean")
        throw LineErrorFactory.controlBadRequest("active must be a boolean");
    const active = body.active;
    ctx.services.store.write(name, state => {
        state.webhook.active = active;
    });
    return ok({ active });
}

/** `POST /_emulator/reset`: every channel empty, and the logs, faults and rate-limit buckets cleared. */
async function reset(ctx: RequestContext): Promise<Reply> {
    await ctx.discardBody();
    const { store, log, faults, rateLimiter, deliveries, linkTokens } = ctx.services;
    store.reset();
    deliveries.clear();
    linkTokens.clear();
    log.clear();
    faults.clear();
    rateLimiter.reset();
    return ok();
}

function listRequests(ctx: RequestContext): Reply {
    return ok({ requests: ctx.services.log.list() });
}

function clearRequests(ctx: RequestContext): Reply {
    ctx.services.log.clear();
    return ok();
}

/** `POST /_emulator/faults`: see {@link FaultSpec}; answers the fault with its `id`. */
async function addFault(ctx: RequestContext): Promise<Reply> {
    const body = await readObject(ctx);
    const problem = checkFaultSpec(body);
    if (problem !== undefined) throw LineErrorFactory.controlBadRequest(problem);
    return ok(ctx.services.faults.add(body as unknown as FaultSpec));
}

function listFaults(ctx: RequestContext): Reply {
    return ok({ faults: ctx.services.faults.list() });
}

function clearFaults(ctx: RequestContext): Reply {
    ctx.services.faults.clear();
    return ok();
}

export { CONTROL_PREFIX };

export const controlRoutes: readonly Route[] = [
    publicRoute("GET", `${CONTROL_PREFIX}/channels`, "listChannels", listChannels),
    publicRoute("GET", `${CONTROL_PREFIX}/channels/{name}/state`, "getChannelState", getChannelState),
    ...simulatedUserRoutes,
    ...userScreenRoutes,
    ...deliveryRoutes,
    ...accountLinkControlRoutes,
    ...simulatedGroupRoutes,
    publicRoute("POST", `${CONTROL_PREFIX}/channels/{name}/broadcasts`, "recordBroadcast", recordBroadcast),
    publicRoute(
        "PUT",
        `${CONTROL_PREFIX}/channels/{name}/webhook-active`,
        "setWebhookActive",
        setWebhookActive,
    ),
    publicRoute("POST", `${CONTROL_PREFIX}/reset`, "reset", reset),
    publicRoute("GET", `${CONTROL_PREFIX}/requests`, "listRequests", listRequests),
    publicRoute("DELETE", `${CONTROL_PREFIX}/requests`, "clearRequests", clearRequests),
    publicRoute("POST", `${CONTROL_PREFIX}/faults`, "addFault", addFault),
    publicRoute("GET", `${CONTROL_PREFIX}/faults`, "listFaults", listFaults),
    publicRoute("DELETE", `${CONTROL_PREFIX}/faults`, "clearFaults", clearFaults),
    ...messagingControlRoutes,
];
