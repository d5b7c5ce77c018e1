import { audienceGroupView, audienceMembers } from "../audienceTimeline";
import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, accepted, ok } from "../http";
import {
    NARROWCAST_MIN_RECIPIENTS,
    NARROWCAST_RETENTION_MS,
    NARROWCAST_SENDING_MS,
    NARROWCAST_WAITING_MS,
} from "../limits";
import { deliverToAll, reachableFriends } from "../messageDelivery";
import { remainingQuota, requireQuota } from "../quota";
import { acceptRetryKey, requireFreshRetryKey, retryKeyOf } from "../retryKeys";
import { type Route, channelRoute } from "../router";
import type { ChannelState, DeepReadonly, StoredNarrowcast } from "../store";
import { type NarrowcastRequest, type Recipient, readNarrowcastRequest } from "../validation/send";

/**
 * `POST /v2/bot/message/narrowcast` and its progress
 * (https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message,
 * https://developers.line.biz/en/reference/messaging-api/#get-narrowcast-progress-status).
 * A narrowcast is accepted with 202 and decided at once, but the outcome shows on the emulator's
 * clock: `waiting`, then `sending` (its messages reach chats when sending starts), then
 * `succeeded` or `failed` with LINE's `errorCode`.
 */

type State = DeepReadonly<ChannelState>;

/**
 * Where the recipient tree leads, whether it holds an audience too small to send to, and whether
 * the 50-recipient floor applies: it does with any audience but the channel's own upload audiences.
 */
interface Resolved {
    readonly users: Set<string>;
    readonly smallAudience: boolean;
    readonly needsMinimum: boolean;
}

const FAILURES = {
    // LINE publishes the codes, not the descriptions; these follow the codes' documented meaning.
    tooFewRecipients: { errorCode: 2, description: "There are not enough recipients" },
    smallAudience: { errorCode: 4, description: "An audience of less than 50 recipients is included" },
    partialDelivery: { errorCode: 5, description: "Delivery was canceled to avoid a partial delivery" },
} as const;

function isRedeliverable(narrowcast: StoredNarrowcast | undefined, now: number): boolean {
    if (narrowcast === undefined || narrowcast.failure !== undefined) return false;
    return now < narrowcast.acceptedAt + NARROWCAST_RETENTION_MS && phaseOf(narrowcast, now) === "succeeded";
}

/**
 * The members an audience recipient names: an upload audience's kept user IDs whose jobs finished
 * (`audienceMembers`); nobody for a click/impression audience or one that kept counts only. Own
 * upload audiences may be small; any other under 50 fails the narrowcast
 * (https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message).
 */
function resolveAudience(state: State, audienceGroupId: number, now: number): Resolved {
    const audience = state.audiences.get(audienceGroupId);
    const view = audience && audienceGroupView(audience, now);
    if (audience === undefined || view?.status !== "READY")
        throw LineErrorFactory.invalidAudienceGroupId(audienceGroupId);
    const ownUpload = view.type === "UPLOAD";
    return {
        users: new Set(audienceMembers(audience, now)),
        smallAudience: !ownUpload && view.audienceCount < NARROWCAST_MIN_RECIPIENTS,
        needsMinimum: !ownUpload,
    };
}

/** The users a recipient tree names; a redelivery names whoever the earlier narrowcast reached. */
function resolve(state: State, recipient: Recipient, now: number): Resolved {
    switch (recipient.type) {
        case "audience":
            return resolveAudience(state, recipient.audienceGroupId, now);
        case "redelivery": {
            if (!isRedeliverable(state.narrowcasts.get(recipient.requestId), now))
                throw LineErrorFactory.invalidRedeliveryRequestId(recipient.requestId);
            const reached = state.chatLog.filter(m => m.requestId === recipient.requestId).map(m => m.chatId);
            return { users: new Set(reached), smallAudience: false, needsMinimum: false };
        }
        case "not": {
            const inner = resolve(state, recipient.operand, now);
            const users = new Set(reachableFriends(state).filter(id => !inner.users.has(id)));
            return { ...inner, users };
        }
        default: {
            const parts = recipient.operands.map(operand => resolve(state, operand, now));
            const combine = (a: Set<string>, b: Set<string>): Set<string> =>
                recipient.type === "and" ? new Set([...a].filter(id => b.has(id))) : new Set([...a, ...b]);
            return {
                users: parts.map(p => p.users).reduce(combine),
                smallAudience: parts.some(p => p.smallAudience),
                needsMinimum: parts.some(p => p.needsMinimum),
            };
        }
    }
}

/** Decides who gets the narrowcast, or why it fails; a send past the quota without `upToRemainingQuota` is a 429 now. */
function plan(
    state: State,
    body: NarrowcastRequest,
    now: number,
): {
    readonly targets: readonly string[];
    readonly targetCount: number;
    readonly failure?: StoredNarrowcast["failure"];
} {
    const resolved = body.recipient && resolve(state, body.recipient, now);
    let targets = reachableFriends(state).filter(id => resolved === undefined || resolved.users.has(id));
    // Simulated users have no age, gender, area or app type, so a demographic filter matches nobody.
    if (body.demographicFilter) targets = [];
    // LINE picks `max` recipients at random; the emulator takes the first ones, so runs repeat.
    if (body.limit.max !== undefined) targets = targets.slice(0, body.limit.max);
    const targetCount = targets.length;
    const targeted = body.demographicFilter || resolved?.needsMinimum === true;
    if (resolved?.smallAudience === true)
        return { targets: [], targetCount, failure: FAILURES.smallAudience };
    if (targetCount === 0 || (targeted && targetCount < NARROWCAST_MIN_RECIPIENTS))
        return { targets: [], targetCount, failure: FAILURES.tooFewRecipients };
    if (!body.limit.upToRemainingQuota) {
        requireQuota(state, now, targetCount);
        return { targets, targetCount };
    }
    const remaining = remainingQuota(state, now);
    if (targetCount <= remaining) return { targets, targetCount };
    if (body.limit.forbidPartialDelivery)
        return { targets: [], targetCount, failure: FAILURES.partialDelivery };
    return { targets: targets.slice(0, remaining), targetCount };
}

async function sendNarrowcast(ctx: ChannelContext): Promise<Reply> {
    const retryKey = retryKeyOf(ctx);
    const body = readNarrowcastRequest(await ctx.readJson());
    const { clock, ids } = ctx.services;
    const now = clock.now();
    const requestId = ctx.requestId;
    ctx.services.store.write(ctx.channel.name, state => {
        requireFreshRetryKey(state, retryKey, now);
        const { targets, targetCount, failure } = plan(state, body, now);
        const send = {
            via: "narrowcast",
            requestId,
            messages: body.messages,
            sentAt: now + NARROWCAST_WAITING_MS,
        } as const;
        const successCount = deliverToAll(state, ids, targets, send);
        state.narrowcasts.set(requestId, {
            requestId,
            acceptedAt: now,
            targetCount,
            successCount,
            ...(failure !== undefined && { failure }),
        });
        if (failure === undefined)
            state.broadcasts.set(requestId, {
                requestId,
                type: "narrowcast",
                sentAt: now,
                recipients: successCount,
            });
        acceptRetryKey(state, retryKey, { requestId, acceptedAt: now });
    });
    return accepted();
}

function phaseOf(narrowcast: StoredNarrowcast, now: number): "waiting" | "sending" | "succeeded" | "failed" {
    const elapsed = now - narrowcast.acceptedAt;
    if (elapsed < NARROWCAST_WAITING_MS) return "waiting";
    if (elapsed < NARROWCAST_WAITING_MS + NARROWCAST_SENDING_MS) return "sending";
    return narrowcast.failure === undefined ? "succeeded" : "failed";
}

/** `GET /v2/bot/message/progress/narrowcast?requestId=`: counts appear once sending starts. */
function getNarrowcastProgress(ctx: ChannelContext): Reply {
    const requestId = ctx.query.get("requestId");
    if (requestId === null || requestId === "") throw LineErrorFactory.invalidPathParameter("requestId");
    const now = ctx.services.clock.now();
    const narrowcast = ctx.services.store.read(ctx.channel.name).narrowcasts.get(requestId);
    if (narrowcast === undefined || now >= narrowcast.acceptedAt + NARROWCAST_RETENTION_MS)
        throw LineErrorFactory.notFound();
    const phase = phaseOf(narrowcast, now);
    const acceptedTime = new Date(narrowcast.acceptedAt).toISOString();
    if (phase === "waiting") return ok({ phase, acceptedTime });
    const counts = {
        successCount: phase === "sending" ? 0 : narrowcast.successCount,
        failureCount: 0,
        targetCount: narrowcast.targetCount,
    };
    if (phase === "sending") return ok({ phase, ...counts, acceptedTime });
    const completedTime = new Date(
        narrowcast.acceptedAt + NARROWCAST_WAITING_MS + NARROWCAST_SENDING_MS,
    ).toISOString();
    const failure = narrowcast.failure;
    return ok({
        phase,
        ...counts,
        ...(failure !== undefined && {
            failedDescription: failure.description,
            errorCode: failure.errorCode,
        }),
        acceptedTime,
        completedTime,
    });
}

export const narrowcastRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/message/narrowcast", "narrowcast", sendNarrowcast, { retryKey: true }),
    channelRoute(
        "GET",
        "/v2/bot/message/progress/narrowcast",
        "getNarrowcastProgress",
        getNarrowcastProgress,
    ),
];
