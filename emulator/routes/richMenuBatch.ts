import { type ErrorDetail, LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, accepted, ok } from "../http";
import {
    BATCH_MAX_OPERATIONS,
    BATCH_PROCESSING_MS,
    BATCH_RESUME_REQUEST_KEY_PATTERN,
    BATCH_RETENTION_MS,
} from "../limits";
import type { RichMenuBatchOperation } from "../model";
import { type Route, channelRoute } from "../router";
import { BodyReader } from "../validation/fields";
import { type JsonValue, isJsonObject } from "../validation/json";
import { isRichMenuIdFormat, lookupRichMenu } from "./lookup";

const BatchMessages = {
    invalidRichMenuId: "invalid richMenuId",
    unlinkAllNotAlone: "unlinkAll must be the only operation in the request",
    duplicateFrom: (id: string) => `Richmenu (${id}) is specified as 'from' more than once`,
    invalidResumeRequestKey: "invalid resumeRequestKey",
    notFound: (id: string) => `Richmenu (${id}) is not found`,
    noImage: (id: string) => `Richmenu (${id}) has no image`,
} as const;

const OPERATION_TYPES = ["link", "unlink", "unlinkAll"] as const;

interface BatchRequest {
    readonly operations: readonly RichMenuBatchOperation[];
    readonly resumeRequestKey?: string;
}

function readOperation(
    reader: BodyReader,
    value: JsonValue,
    path: string,
): RichMenuBatchOperation | undefined {
    if (!isJsonObject(value)) reader.typeError(path);
    const type = reader.enumeration(value, "type", path, OPERATION_TYPES, true);
    if (type === undefined) return undefined;
    if (type === "unlinkAll") return { type };
    const richMenuId = (key: string): string | undefined => {
        const id = reader.string(value, key, path, { required: true });
        if (id !== undefined && !isRichMenuIdFormat(id))
            reader.problem(`${path}.${key}`, BatchMessages.invalidRichMenuId);
        return id;
    };
    const from = richMenuId("from");
    if (type === "unlink") return from === undefined ? undefined : { type, from };
    const to = richMenuId("to");
    return from === undefined || to === undefined ? undefined : { type, from, to };
}

/**
 * Reads a batch body and checks it against the channel's menus (https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users): structure first (400), then
 * unknown menus (404), then `to` menus without an image (400). Nothing is applied on any error.
 */
async function readBatchRequest(ctx: ChannelContext): Promise<BatchRequest> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    const raw =
        reader.array(root, "operations", "", { required: true, min: 1, max: BATCH_MAX_OPERATIONS }) ?? [];
    const operations = raw.map((value, i) => readOperation(reader, value, `operations[${i}]`));
    const resumeRequestKey = reader.string(root, "resumeRequestKey", "");
    if (resumeRequestKey !== undefined && !BATCH_RESUME_REQUEST_KEY_PATTERN.test(resumeRequestKey)) {
        reader.problem("resumeRequestKey", BatchMessages.invalidResumeRequestKey);
    }
    const valid = operations.filter((op): op is RichMenuBatchOperation => op !== undefined);
    if (valid.some(op => op.type === "unlinkAll") && raw.length > 1) {
        reader.problem("operations", BatchMessages.unlinkAllNotAlone);
    }
    const froms = new Set<string>();
    for (const op of valid) {
        if (op.type === "unlinkAll") continue;
        if (froms.has(op.from)) reader.problem("operations[].from", BatchMessages.duplicateFrom(op.from));
        froms.add(op.from);
    }
    reader.finish();

    const missing: ErrorDetail[] = [];
    const imageless: ErrorDetail[] = [];
    valid.forEach((op, i) => {
        if (op.type === "unlinkAll") return;
        const ends: [string, string][] =
            op.type === "link"
                ? [
                      ["from", op.from],
                      ["to", op.to],
                  ]
                : [["from", op.from]];
        for (const [key, id] of ends) {
            const stored = lookupRichMenu(ctx, id);
            const property = `operations[${i}].${key}`;
            if (stored === undefined) missing.push({ message: BatchMessages.notFound(id), property });
            else if (key === "to" && stored.image === undefined)
                imageless.push({ message: BatchMessages.noImage(id), property });
        }
    });
    if (missing.length > 0) throw LineErrorFactory.batchRichMenusNotFound(missing);
    if (imageless.length > 0) throw LineErrorFactory.batchRichMenuImageRequired(imageless);
    return resumeRequestKey === undefined ? { operations: valid } : { operations: valid, resumeRequestKey };
}

/**
 * `POST /v2/bot/richmenu/batch` (https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users): 202, keyed by this response's X-Line-Request-Id. The links
 * change at once; progress reads `ongoing` for {@link BATCH_PROCESSING_MS} on the clock, then
 * `succeeded`. Operations do not chain: each user moves at most once, judged from the links before.
 */
async function richMenuBatch(ctx: ChannelContext): Promise<Reply> {
    const request = await readBatchRequest(ctx);
    const { store, clock } = ctx.services;
    const now = clock.now();
    const resumed =
        request.resumeRequestKey !== undefined &&
        [...store.read(ctx.channel.name).batches.values()].some(
            b => b.resumeRequestKey === request.resumeRequestKey && now - b.acceptedAt < BATCH_RETENTION_MS,
        );
    store.write(ctx.channel.name, state => {
        // A resubmission with a live resumeRequestKey only finishes what is unfinished; here that is nothing.
        if (!resumed) applyBatch(state.userLinks, request.operations);
        state.batches.set(ctx.requestId, { requestId: ctx.requestId, acceptedAt: now, ...request });
    });
    return accepted();
}

function applyBatch(links: Map<string, string>, operations: readonly RichMenuBatchOperation[]): void {
    if (operations.some(op => op.type === "unlinkAll")) {
        links.clear();
        return;
    }
    const byFrom = new Map(
        operations.flatMap(op => (op.type === "unlinkAll" ? [] : [[op.from, op] as const])),
    );
    for (const [userId, richMenuId] of [...links]) {
        const op = byFrom.get(richMenuId);
        if (op?.type === "link") links.set(userId, op.to);
        else if (op?.type === "unlink") links.delete(userId);
    }
}

/** `POST /v2/bot/richmenu/validate/batch` (https://developers.line.biz/en/reference/messaging-api/#validate-batch-control-rich-menus-request): the run's checks, without the 3/hour budget. */
async function validateRichMenuBatchRequest(ctx: ChannelContext): Promise<Reply> {
    await readBatchRequest(ctx);
    return ok();
}

/** `GET /v2/bot/richmenu/progress/batch?requestId=` (https://developers.line.biz/en/reference/messaging-api/#get-batch-control-rich-menus-progress-status): kept for 14 days. */
function getRichMenuBatchProgress(ctx: ChannelContext): Reply {
    const requestId = ctx.query.get("requestId");
    if (requestId === null || requestId.trim() === "")
        throw LineErrorFactory.invalidPathParameter("requestId");
    const batch = ctx.services.store.read(ctx.channel.name).batches.get(requestId);
    const now = ctx.services.clock.now();
    if (batch === undefined || now - batch.acceptedAt >= BATCH_RETENTION_MS)
        throw LineErrorFactory.notFound();
    const completedAt = batch.acceptedAt + BATCH_PROCESSING_MS;
    const acceptedTime = new Date(batch.acceptedAt).toISOString();
    if (now < completedAt) return ok({ phase: "ongoing", acceptedTime });
    return ok({ phase: "succeeded", acceptedTime, completedTime: new Date(completedAt).toISOString() });
}

export const richMenuBatchRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/richmenu/batch", "richMenuBatch", richMenuBatch),
    channelRoute(
        "POST",
        "/v2/bot/richmenu/validate/batch",
        "validateRichMenuBatchRequest",
        validateRichMenuBatchRequest,
    ),
    channelRoute(
        "GET",
        "/v2/bot/richmenu/progress/batch",
        "getRichMenuBatchProgress",
        getRichMenuBatchProgress,
    ),
];
