import busboy from "busboy";
import { type AudienceErrorCode, LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, accepted, ok } from "../http";
import {
    AUDIENCE_CLICK_URL_MAX_LENGTH,
    AUDIENCE_EXPIRED_DELETION_MS,
    AUDIENCE_JOBS_SHOWN,
    AUDIENCE_JOB_QUEUED_MS,
    AUDIENCE_JOB_WORKING_MS,
    AUDIENCE_LIST_DEFAULT_SIZE,
    AUDIENCE_LIST_MAX_SIZE,
    AUDIENCE_MAX_CONCURRENT_JOBS,
    AUDIENCE_MAX_IDS_PER_FILE,
    AUDIENCE_MAX_IDS_PER_JSON,
    AUDIENCE_MIN_RETARGETING_USERS,
    AUDIENCE_PRIVACY_THRESHOLD,
    AUDIENCE_REQUEST_ID_MAX_AGE_MS,
    AUDIENCE_RETARGETING_BUILD_MS,
    AUDIENCE_RETENTION_MS,
    MAX_AUDIENCE_GROUPS,
} from "../limits";
import type {
    AudienceAuthorityLevel,
    AudienceGroup,
    AudienceGroupJob,
    AudienceGroupJobStatus,
    AudienceGroupStatus,
} from "../model";
import { type Route, channelRoute } from "../router";
import type { DeepReadonly, StoredAudience, StoredAudienceJob, StoredBroadcast } from "../store";
import {
    type AudienceIdTally,
    AudienceIdCounter,
    checkAudienceDescription,
    checkUploadDescription,
    judgeAudienceIds,
    tallyAudienceIds,
} from "../validation/audience";
import { BodyReader } from "../validation/fields";
import { type JsonObject, isJsonObject } from "../validation/json";
import { pathParam } from "./lookup";

type Audience = DeepReadonly<StoredAudience>;

const toSeconds = (ms: number): number => Math.floor(ms / 1000);

// ---- the emulated timeline --------------------------------------------------------------

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
function isGone(audience: Audience, now: number): boolean {
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

// ---- lookups and checks -------------------------------------------------------------------

function fail(code: AudienceErrorCode, property?: string): never {
    throw LineErrorFactory.audience(code, property);
}

function visibleAudiences(ctx: ChannelContext): Audience[] {
    const now = ctx.services.clock.now();
    return [...ctx.services.store.read(ctx.channel.name).audiences.values()].filter(a => !isGone(a, now));
}

function findAudience(ctx: ChannelContext, audienceGroupId: number | string | undefined): Audience {
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

function requireRoomForAudience(ctx: ChannelContext): void {
    if (visibleAudiences(ctx).length >= MAX_AUDIENCE_GROUPS) fail("AUDIENCE_GROUP_COUNT_MAX_OVER");
}

function checkDescriptions(description: string | undefined, uploadDescription?: string): void {
    const nameCode = checkAudienceDescription(description);
    if (nameCode !== undefined) fail(nameCode, "description");
    const uploadCode = checkUploadDescription(uploadDescription);
    if (uploadCode !== undefined) fail(uploadCode, "uploadDescription");
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

// ---- creating and adding ---------------------------------------------------------------

interface NewAudience {
    readonly type: StoredAudience["type"];
    readonly description: string;
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly clickUrl?: string;
    readonly retargetingUsers?: number;
    /** The first upload job, when IDs came with the create call. */
    readonly firstJob?: { readonly count: number; readonly uploadDescription?: string };
}

function createAudience(ctx: ChannelContext, fields: NewAudience): Reply {
    const { ids, clock, store } = ctx.services;
    const used = store.read(ctx.channel.name).audiences;
    let audienceGroupId = ids.audienceGroupId();
    while (used.has(audienceGroupId)) audienceGroupId = ids.audienceGroupId();
    const now = clock.now();
    const { firstJob, ...rest } = fields;
    const jobs: StoredAudienceJob[] =
        firstJob === undefined
            ? []
            : [
                  {
                      audienceGroupJobId: ids.audienceGroupJobId(),
                      ...(firstJob.uploadDescription !== undefined && {
                          description: firstJob.uploadDescription,
                      }),
                      audienceCount: firstJob.count,
                      createdAt: now,
                  },
              ];
    const audience: StoredAudience = { audienceGroupId, createdAt: now, ...rest, jobs };
    store.write(ctx.channel.name, state => state.audiences.set(audienceGroupId, audience));
    const view = audienceGroupView(audience, now);
    const response: Record<string, unknown> = {
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
    };
    return accepted(response);
}

function addJob(
    ctx: ChannelContext,
    audience: Audience,
    count: number,
    uploadDescription: string | undefined,
): Reply {
    const { ids, clock, store } = ctx.services;
    store.write(ctx.channel.name, state => {
        state.audiences.get(audience.audienceGroupId)?.jobs.push({
            audienceGroupJobId: ids.audienceGroupJobId(),
            ...(uploadDescription !== undefined && { description: uploadDescription }),
            audienceCount: count,
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
    const count = countOrFail(
        tallyAudienceIds(ids),
        isIfaAudience,
        AUDIENCE_MAX_IDS_PER_JSON,
        true,
        "audiences",
    );
    requireRoomForAudience(ctx);
    return createAudience(ctx, {
        type: "UPLOAD",
        description: description ?? "",
        isIfaAudience,
        ...(count > 0 && { firstJob: { count, uploadDescription } }),
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
    const count = countOrFail(
        tallyAudienceIds(ids),
        audience.isIfaAudience,
        AUDIENCE_MAX_IDS_PER_JSON,
        false,
        "audiences",
    );
    return addJob(ctx, audience, count, uploadDescription);
}

interface UploadForm {
    readonly fields: ReadonlyMap<string, string>;
    readonly tally?: AudienceIdTally;
}

/**
 * Stream-parses a `multipart/form-data` upload with busboy: the `file` part is counted line by line
 * as it arrives, never buffered. A file part that is not `text/plain` is 415 (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file).
 */
async function readUploadForm(ctx: ChannelContext): Promise<UploadForm> {
    if (ctx.mediaType !== "multipart/form-data") {
        await ctx.discardBody();
        throw LineErrorFactory.unsupportedContentType(ctx.contentTypeHeader);
    }
    let parser: busboy.Busboy;
    try {
        parser = busboy({ headers: ctx.req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
        await ctx.discardBody();
        throw LineErrorFactory.unparsableMultipart();
    }
    const fields = new Map<string, string>();
    let counter: AudienceIdCounter | undefined;
    let fileType: string | undefined;
    await new Promise<void>((resolve, reject) => {
        parser.on("field", (name, value) => fields.set(name, value));
        parser.on("file", (name, stream, info) => {
            if (name !== "file" || counter !== undefined) {
                stream.resume();
                return;
            }
            const lines = new AudienceIdCounter();
            counter = lines;
            fileType = info.mimeType.toLowerCase();
            stream.on("data", (chunk: Buffer) => lines.write(chunk));
        });
        parser.on("close", resolve);
        parser.on("error", () => reject(LineErrorFactory.unparsableMultipart()));
        ctx.req.on("data", (chunk: Buffer) => {
            ctx.bodySize += chunk.length;
        });
        ctx.req.pipe(parser);
    });
    if (counter !== undefined && fileType !== "text/plain")
        throw LineErrorFactory.unsupportedContentType(fileType);
    return counter === undefined ? { fields } : { fields, tally: counter.end() };
}

function requireFile(form: UploadForm): AudienceIdTally {
    if (form.tally === undefined)
        throw LineErrorFactory.invalidRequestBody([{ message: "must be specified", property: "file" }]);
    return form.tally;
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
        firstJob: { count, uploadDescription },
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
    return addJob(ctx, audience, count, uploadDescription);
}

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

// ---- reading, renaming, deleting ------------------------------------------------------------

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

function integerQuery(
    ctx: ChannelContext,
    name: string,
    fallback: number | undefined,
    min: number,
    max?: number,
): number {
    const raw = ctx.query.get(name);
    if (raw === null || raw === "") {
        if (fallback === undefined)
            throw LineErrorFactory.invalidQueryParameter(name, "must not be null", "NOT_NULL");
        return fallback;
    }
    if (!/^-?\d+$/.test(raw))
        throw LineErrorFactory.invalidQueryParameter(name, "must be a number", "INVALID");
    const value = Number(raw);
    if (value < min)
        throw LineErrorFactory.invalidQueryParameter(
            name,
            `must be greater than or equal to ${min}`,
            "TOO_LOW",
        );
    if (max !== undefined && value > max) {
        throw LineErrorFactory.invalidQueryParameter(
            name,
            `must be less than or equal to ${max}`,
            "TOO_HIGH",
        );
    }
    return value;
}

function enumQuery(ctx: ChannelContext, name: string, allowed: readonly string[]): string | undefined {
    const raw = ctx.query.get(name);
    if (raw === null || raw === "") return undefined;
    if (!allowed.includes(raw))
        throw LineErrorFactory.invalidQueryParameter(name, "invalid value", "INVALID");
    return raw;
}

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
    channelRoute("POST", `${BASE}/upload`, "createAudienceGroup", createAudienceGroup),
    channelRoute("PUT", `${BASE}/upload`, "addAudienceToAudienceGroup", addAudienceToAudienceGroup),
    channelRoute(
        "POST",
        `${BASE}/upload/byFile`,
        "createAudienceForUploadingUserIds",
        createAudienceForUploadingUserIds,
    ),
    channelRoute("PUT", `${BASE}/upload/byFile`, "addUserIdsToAudience", addUserIdsToAudience),
    channelRoute("POST", `${BASE}/click`, "createClickBasedAudienceGroup", createClickBasedAudienceGroup),
    channelRoute("POST", `${BASE}/imp`, "createImpBasedAudienceGroup", createImpBasedAudienceGroup),
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
