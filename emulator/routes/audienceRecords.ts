import { audienceGroupView, isGone } from "../audienceTimeline";
import { type AudienceErrorCode, LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, accepted } from "../http";
import { MAX_AUDIENCE_GROUPS } from "../limits";
import type { DeepReadonly, StoredAudience, StoredAudienceJob } from "../store";
import { checkAudienceDescription, checkUploadDescription } from "../validation/audience";

/**
 * The audiences a channel holds, as the audience routes find, check and create them
 * (https://developers.line.biz/en/reference/messaging-api/#manage-audience-group). Every failure is
 * LINE's audience error body, made by `LineErrorFactory.audience`.
 */

export type Audience = DeepReadonly<StoredAudience>;

export function fail(code: AudienceErrorCode, property?: string): never {
    throw LineErrorFactory.audience(code, property);
}

/** The channel's audiences, less those LINE has deleted a month after they expired. */
export function visibleAudiences(ctx: ChannelContext): Audience[] {
    const now = ctx.services.clock.now();
    return [...ctx.services.store.read(ctx.channel.name).audiences.values()].filter(a => !isGone(a, now));
}

/** The audience an ID names (a number, or digits from a path or a form field), or AUDIENCE_GROUP_NOT_FOUND. */
export function findAudience(ctx: ChannelContext, audienceGroupId: number | string | undefined): Audience {
    const id =
        typeof audienceGroupId === "string" && /^\d{1,16}$/.test(audienceGroupId)
            ? Number(audienceGroupId)
            : audienceGroupId;
    const audience =
        typeof id === "number" ? ctx.services.store.read(ctx.channel.name).audiences.get(id) : undefined;
    if (audience === undefined || isGone(audience, ctx.services.clock.now()))
        fail("AUDIENCE_GROUP_NOT_FOUND");
    return audience;
}

/** A channel holds at most 1,000 audiences (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group). */
export function requireRoomForAudience(ctx: ChannelContext): void {
    if (visibleAudiences(ctx).length >= MAX_AUDIENCE_GROUPS) fail("AUDIENCE_GROUP_COUNT_MAX_OVER");
}

export function checkDescriptions(description: string | undefined, uploadDescription?: string): void {
    const nameCode = checkAudienceDescription(description);
    if (nameCode !== undefined) fail(nameCode, "description");
    const uploadCode = checkUploadDescription(uploadDescription);
    if (uploadCode !== undefined) fail(uploadCode, "uploadDescription");
}

/** What a create call decided about the new audience. */
export interface NewAudience {
    readonly type: StoredAudience["type"];
    readonly description: string;
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly clickUrl?: string;
    readonly retargetingUsers?: number;
    /** The first upload job, when IDs came with the create call. */
    readonly firstJob?: Omit<StoredAudienceJob, "audienceGroupJobId" | "createdAt">;
}

/** Stores a new audience under a fresh ID and answers LINE's 202 create response. */
export function createAudience(ctx: ChannelContext, fields: NewAudience): Reply {
    const { ids, clock, store } = ctx.services;
    const used = store.read(ctx.channel.name).audiences;
    let audienceGroupId = ids.audienceGroupId();
    while (used.has(audienceGroupId)) audienceGroupId = ids.audienceGroupId();
    const now = clock.now();
    const { firstJob, ...rest } = fields;
    const jobs: StoredAudienceJob[] =
        firstJob === undefined
            ? []
            : [{ audienceGroupJobId: ids.audienceGroupJobId(), ...firstJob, createdAt: now }];
    const audience: StoredAudience = { audienceGroupId, createdAt: now, ...rest, jobs };
    store.write(ctx.channel.name, state => state.audiences.set(audienceGroupId, audience));
    const view = audienceGroupView(audience, now);
    return accepted({
        audienceGroupId,
        createRoute: view.createRoute,
        type: view.type,
        description: view.description,
        created: view.created,
        permission: view.permission,
        expireTimestamp: view.expireTimestamp,
        isIfaAudience: view.isIfaAudience,
        ...(view.requestId !== undefined && { requestId: view.requestId }),
        ...(view.clickUrl !== undefined && { clickUrl: view.clickUrl }),
    });
}
