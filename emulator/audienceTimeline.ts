import {
    AUDIENCE_EXPIRED_DELETION_MS,
    AUDIENCE_JOB_QUEUED_MS,
    AUDIENCE_JOB_WORKING_MS,
    AUDIENCE_MIN_RETARGETING_USERS,
    AUDIENCE_PRIVACY_THRESHOLD,
    AUDIENCE_RETARGETING_BUILD_MS,
    AUDIENCE_RETENTION_MS,
} from "./limits";
import type { AudienceGroup, AudienceGroupJob, AudienceGroupJobStatus, AudienceGroupStatus } from "./model";
import type { DeepReadonly, StoredAudience, StoredAudienceJob } from "./store";

/**
 * An audience's life on the emulator's clock (https://developers.line.biz/en/reference/messaging-api/#get-audience-group):
 * upload jobs go QUEUED, WORKING, FINISHED; audiences become READY, then EXPIRED after 180 days, and
 * are gone a month later. Also the audience and job objects LINE answers, derived from that timeline.
 */

type Audience = DeepReadonly<StoredAudience>;

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

/** QUEUED, then WORKING, then FINISHED, on the emulator clock. */
export function jobStatus(job: DeepReadonly<StoredAudienceJob>, now: number): AudienceGroupJobStatus {
    if (now < job.createdAt + AUDIENCE_JOB_QUEUED_MS) return "QUEUED";
    if (now < job.createdAt + AUDIENCE_JOB_QUEUED_MS + AUDIENCE_JOB_WORKING_MS) return "WORKING";
    return "FINISHED";
}

function finishedCount(audience: Audience, now: number): number {
    return audience.jobs
        .filter(j => jobStatus(j, now) === "FINISHED")
        .reduce((sum, j) => sum + j.audienceCount, 0);
}

/**
 * An upload audience is READY once a job has finished with at least one ID; an empty one stays
 * IN_PROGRESS for ever, as does a click/impression audience under 50 users (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group, https://developers.line.biz/en/reference/messaging-api/#get-audience-group). After 180
 * days every audience is EXPIRED.
 */
export function audienceStatus(audience: Audience, now: number): AudienceGroupStatus {
    if (now >= audience.createdAt + AUDIENCE_RETENTION_MS) return "EXPIRED";
    if (audience.type === "UPLOAD") return finishedCount(audience, now) > 0 ? "READY" : "IN_PROGRESS";
    const enough = (audience.retargetingUsers ?? 0) >= AUDIENCE_MIN_RETARGETING_USERS;
    return enough && now >= audience.createdAt + AUDIENCE_RETARGETING_BUILD_MS ? "READY" : "IN_PROGRESS";
}

/** EXPIRED audiences are deleted by LINE about a month later; from then on they are not found. */
export function isGone(audience: Audience, now: number): boolean {
    return now >= audience.createdAt + AUDIENCE_RETENTION_MS + AUDIENCE_EXPIRED_DELETION_MS;
}

export function audienceGroupView(audience: Audience, now: number): AudienceGroup {
    const status = audienceStatus(audience, now);
    let audienceCount = finishedCount(audience, now);
    if (audience.type !== "UPLOAD") {
        const users = status === "READY" ? (audience.retargetingUsers ?? 0) : 0;
        // Counts under 20 read 0 for privacy, except for upload audiences (https://developers.line.biz/en/reference/messaging-api/#get-audience-group).
        audienceCount = users < AUDIENCE_PRIVACY_THRESHOLD ? 0 : users;
    }
    return {
        audienceGroupId: audience.audienceGroupId,
        type: audience.type,
        description: audience.description,
        status,
        audienceCount,
        created: toSeconds(audience.createdAt),
        permission: "READ_WRITE",
        createRoute: "MESSAGING_API",
        isIfaAudience: audience.isIfaAudience,
        expireTimestamp: toSeconds(audience.createdAt + AUDIENCE_RETENTION_MS),
        ...(audience.requestId !== undefined && { requestId: audience.requestId }),
        ...(audience.clickUrl !== undefined && { clickUrl: audience.clickUrl }),
    };
}

/**
 * A job as LINE lists it. `description` is left out, not null, when there was no uploadDescription
 * (the spec types it as a plain string); `audienceCount` is the accounts added, known once FINISHED.
 */
export function audienceJobView(
    audience: Audience,
    job: DeepReadonly<StoredAudienceJob>,
    now: number,
): AudienceGroupJob {
    const status = jobStatus(job, now);
    return {
        audienceGroupJobId: job.audienceGroupJobId,
        audienceGroupId: audience.audienceGroupId,
        ...(job.description !== undefined && { description: job.description }),
        type: "DIFF_ADD",
        jobStatus: status,
        audienceCount: status === "FINISHED" ? job.audienceCount : 0,
        created: toSeconds(job.createdAt),
    };
}

/**
 * Whether the audience kept every uploaded user ID, so a narrowcast reaches its members: never for
 * IFA or click/impression audiences, nor once an upload went past `AUDIENCE_MAX_KEPT_USER_IDS`.
 */
export function keepsMembers(audience: Audience): boolean {
    return (
        audience.type === "UPLOAD" &&
        !audience.isIfaAudience &&
        audience.jobs.every(j => j.userIds !== undefined)
    );
}

/** The members a narrowcast reaches now: the user IDs of the finished jobs; nobody when none were kept. */
export function audienceMembers(audience: Audience, now: number): ReadonlySet<string> {
    if (!keepsMembers(audience)) return new Set();
    return new Set(audience.jobs.filter(j => jobStatus(j, now) === "FINISHED").flatMap(j => j.userIds ?? []));
}
