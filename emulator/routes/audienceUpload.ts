import { audienceStatus, jobStatus, keepsMembers } from "../audienceTimeline";
import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, accepted } from "../http";
import {
    AUDIENCE_MAX_CONCURRENT_JOBS,
    AUDIENCE_MAX_IDS_PER_FILE,
    AUDIENCE_MAX_IDS_PER_JSON,
    AUDIENCE_MAX_KEPT_USER_IDS,
} from "../limits";
import { type Route, channelRoute } from "../router";
import type { StoredAudienceJob } from "../store";
import { type AudienceIdTally, judgeAudienceIds, tallyAudienceIds } from "../validation/audience";
import { BodyReader } from "../validation/fields";
import { type JsonObject, isJsonObject } from "../validation/json";
import {
    type Audience,
    checkDescriptions,
    createAudience,
    fail,
    findAudience,
    requireRoomForAudience,
} from "./audienceRecords";
import { readUploadForm, requireFile } from "./audienceUploadForm";

/**
 * Upload audiences (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group):
 * created and added to with user IDs or IFAs, as JSON on api.line.me (up to 10,000 IDs) or as a
 * file on api-data.line.me (up to 1,500,000). Each upload is one job on the audience.
 */

type JobFields = Omit<StoredAudienceJob, "audienceGroupJobId" | "createdAt">;

function jobFields(
    count: number,
    uploadDescription: string | undefined,
    userIds: readonly string[] | undefined,
): JobFields {
    return {
        ...(uploadDescription !== undefined && { description: uploadDescription }),
        audienceCount: count,
        ...(userIds !== undefined && { userIds }),
    };
}

/**
 * The user IDs an upload keeps (for narrowcasts to reach them): all of them while the audience stays
 * within `AUDIENCE_MAX_KEPT_USER_IDS`, else none, and none ever again for that audience.
 */
function idsToKeep(
    tally: AudienceIdTally,
    isIfaAudience: boolean,
    audience?: Audience,
): readonly string[] | undefined {
    if (isIfaAudience || tally.userIdList === undefined) return undefined;
    if (audience !== undefined && !keepsMembers(audience)) return undefined;
    const kept = audience?.jobs.reduce((sum, job) => sum + (job.userIds?.length ?? 0), 0) ?? 0;
    return kept + tally.userIdList.length <= AUDIENCE_MAX_KEPT_USER_IDS ? tally.userIdList : undefined;
}

/** An add must target a live upload audience of the same ID type with fewer than 10 jobs running. */
function checkAddTarget(ctx: ChannelContext, audience: Audience): void {
    const now = ctx.services.clock.now();
    if (audienceStatus(audience, now) === "EXPIRED") fail("AUDIENCE_GROUP_CAN_NOT_UPLOAD_STATUS_EXPIRED");
    // Only upload audiences take IDs; LINE does not document the error for others, so "not found".
    if (audience.type !== "UPLOAD") fail("AUDIENCE_GROUP_NOT_FOUND");
    const running = audience.jobs.filter(j => jobStatus(j, now) !== "FINISHED").length;
    if (running >= AUDIENCE_MAX_CONCURRENT_JOBS) throw LineErrorFactory.audienceConcurrencyLimit();
}

function countOrFail(
    tally: AudienceIdTally,
    isIfa: boolean,
    max: number,
    allowEmpty: boolean,
    property: string,
): number {
    const verdict = judgeAudienceIds(tally, isIfa, max, allowEmpty);
    if ("code" in verdict) fail(verdict.code, property);
    return verdict.count;
}

function addJob(ctx: ChannelContext, audience: Audience, job: JobFields): Reply {
    const { ids, clock, store } = ctx.services;
    store.write(ctx.channel.name, state => {
        state.audiences.get(audience.audienceGroupId)?.jobs.push({
            audienceGroupJobId: ids.audienceGroupJobId(),
            ...job,
            createdAt: clock.now(),
        });
    });
    return accepted();
}

/** Reads `audiences: [{id}]` as strings; a wrong JSON type fails the body. */
function readAudienceIds(reader: BodyReader, root: JsonObject, required: boolean): string[] {
    const raw = reader.array(root, "audiences", "", { required }) ?? [];
    return raw.map((entry, i) => {
        if (!isJsonObject(entry)) reader.typeError(`audiences[${i}]`);
        return reader.string(entry, "id", `audiences[${i}]`) ?? "";
    });
}
/** `POST /v2/bot/audienceGroup/upload` (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group): 202; with no IDs the audience stays IN_PROGRESS. */
async function createAudienceGroup(ctx: ChannelContext): Promise<Reply> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    const description = reader.string(root, "description", "");
    const isIfaAudience = reader.boolean(root, "isIfaAudience", "") ?? false;
    const uploadDescription = reader.string(root, "uploadDescription", "");
    const ids = readAudienceIds(reader, root, false);
    reader.finish();
    checkDescriptions(description, uploadDescription);
    const tally = tallyAudienceIds(ids);
    const count = countOrFail(tally, isIfaAudience, AUDIENCE_MAX_IDS_PER_JSON, true, "audiences");
    requireRoomForAudience(ctx);
    return createAudience(ctx, {
        type: "UPLOAD",
        description: description ?? "",
        isIfaAudience,
        ...(count > 0 && {
            firstJob: jobFields(count, uploadDescription, idsToKeep(tally, isIfaAudience)),
        }),
    });
}

/** `PUT /v2/bot/audienceGroup/upload` (https://developers.line.biz/en/reference/messaging-api/#update-upload-audience-group): 202; IDs can only ever be added. */
async function addAudienceToAudienceGroup(ctx: ChannelContext): Promise<Reply> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    const audienceGroupId = reader.integer(root, "audienceGroupId", "", { required: true });
    const uploadDescription = reader.string(root, "uploadDescription", "");
    const ids = readAudienceIds(reader, root, true);
    reader.finish();
    const audience = findAudience(ctx, audienceGroupId);
    checkAddTarget(ctx, audience);
    checkDescriptions(audience.description, uploadDescription);
    const tally = tallyAudienceIds(ids);
    const count = countOrFail(tally, audience.isIfaAudience, AUDIENCE_MAX_IDS_PER_JSON, false, "audiences");
    const kept = idsToKeep(tally, audience.isIfaAudience, audience);
    return addJob(ctx, audience, jobFields(count, uploadDescription, kept));
}

/** `POST /v2/bot/audienceGroup/upload/byFile` on api-data.line.me (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file): up to 1,500,000 IDs. */
async function createAudienceForUploadingUserIds(ctx: ChannelContext): Promise<Reply> {
    const form = await readUploadForm(ctx);
    const tally = requireFile(form);
    const description = form.fields.get("description");
    const uploadDescription = form.fields.get("uploadDescription");
    // Form fields are text; LINE's SDK sends "undefined" for an omitted flag, which reads as false.
    const isIfaAudience = form.fields.get("isIfaAudience") === "true";
    checkDescriptions(description, uploadDescription);
    const count = countOrFail(tally, isIfaAudience, AUDIENCE_MAX_IDS_PER_FILE, false, "file");
    requireRoomForAudience(ctx);
    return createAudience(ctx, {
        type: "UPLOAD",
        description: description ?? "",
        isIfaAudience,
        firstJob: jobFields(count, uploadDescription, idsToKeep(tally, isIfaAudience)),
    });
}

/** `PUT /v2/bot/audienceGroup/upload/byFile` on api-data.line.me (https://developers.line.biz/en/reference/messaging-api/#update-upload-audience-group-by-file). */
async function addUserIdsToAudience(ctx: ChannelContext): Promise<Reply> {
    const form = await readUploadForm(ctx);
    const tally = requireFile(form);
    const audience = findAudience(ctx, form.fields.get("audienceGroupId"));
    checkAddTarget(ctx, audience);
    const uploadDescription = form.fields.get("uploadDescription");
    checkDescriptions(audience.description, uploadDescription);
    const count = countOrFail(tally, audience.isIfaAudience, AUDIENCE_MAX_IDS_PER_FILE, false, "file");
    const kept = idsToKeep(tally, audience.isIfaAudience, audience);
    return addJob(ctx, audience, jobFields(count, uploadDescription, kept));
}

const BASE = "/v2/bot/audienceGroup";

export const audienceUploadRoutes: readonly Route[] = [
    channelRoute("POST", `${BASE}/upload`, "createAudienceGroup", createAudienceGroup),
    channelRoute("PUT", `${BASE}/upload`, "addAudienceToAudienceGroup", addAudienceToAudienceGroup),
    channelRoute(
        "POST",
        `${BASE}/upload/byFile`,
        "createAudienceForUploadingUserIds",
        createAudienceForUploadingUserIds,
    ),
    channelRoute("PUT", `${BASE}/upload/byFile`, "addUserIdsToAudience", addUserIdsToAudience),
];
