import { LineErrorFactory } from "../errors";
import {
    CUSTOM_AGGREGATION_UNITS_PER_MESSAGE,
    CUSTOM_AGGREGATION_UNIT_NAME_PATTERN,
    MULTICAST_MAX_RECIPIENTS,
    NARROWCAST_MAX_RECIPIENT_OBJECTS,
    USER_ID_PATTERN,
} from "../limits";
import { BodyReader, Messages } from "./fields";
import { type JsonDocument, type JsonObject, type JsonValue, childPath, isJsonObject } from "./json";
import { checkMessages } from "./message";

/**
 * The bodies of the five send endpoints (https://developers.line.biz/en/reference/messaging-api/#messages):
 * each is read whole, every problem is reported in one "The request body has N error(s)", and
 * nothing is sent unless the whole body is valid. Message objects are checked by `message.ts`.
 */

export interface ReplyRequest {
    readonly replyToken: string;
    readonly messages: readonly JsonValue[];
}

export interface PushRequest {
    readonly to: string;
    readonly messages: readonly JsonValue[];
    /** The custom aggregation unit the send is counted under, if any. */
    readonly customAggregationUnit?: string;
}

export interface MulticastRequest {
    readonly to: readonly string[];
    readonly messages: readonly JsonValue[];
    readonly customAggregationUnit?: string;
}

export interface BroadcastRequest {
    readonly messages: readonly JsonValue[];
}

/** A narrowcast `recipient`: `audience`, `redelivery`, or an `operator` holding exactly one of and/or/not. */
export type Recipient =
    | { readonly type: "audience"; readonly audienceGroupId: number }
    | { readonly type: "redelivery"; readonly requestId: string }
    | { readonly type: "and" | "or"; readonly operands: readonly Recipient[] }
    | { readonly type: "not"; readonly operand: Recipient };

export interface NarrowcastLimit {
    readonly max?: number;
    readonly upToRemainingQuota: boolean;
    readonly forbidPartialDelivery: boolean;
}

export interface NarrowcastRequest {
    readonly messages: readonly JsonValue[];
    readonly recipient?: Recipient;
    /** Whether a demographic filter was given: simulated users have no demographics to match. */
    readonly demographicFilter: boolean;
    readonly limit: NarrowcastLimit;
}

/**
 * The fields push and multicast share beside `to` and `messages`: `notificationDisabled`, and at most
 * one custom aggregation unit name
 * (https://developers.line.biz/en/docs/messaging-api/unit-based-statistics-aggregation/). LINE's
 * OpenAPI file constrains the name only on multicast, its documentation on both, which the emulator
 * follows. LINE publishes no error wording for a bad name; the details follow its Bean Validation
 * style, naming `customAggregationUnits` (too many) or `customAggregationUnits[0]` (a bad name).
 */
function readCommon(reader: BodyReader, root: JsonObject): { customAggregationUnit?: string } {
    reader.boolean(root, "notificationDisabled", "");
    const max = CUSTOM_AGGREGATION_UNITS_PER_MESSAGE;
    const units = reader.array(root, "customAggregationUnits", "", { max }) ?? [];
    units.forEach((unit, i) => {
        const at = `customAggregationUnits[${i}]`;
        if (typeof unit !== "string") reader.typeError(at);
        if (!CUSTOM_AGGREGATION_UNIT_NAME_PATTERN.test(unit))
            reader.problem(at, Messages.pattern(CUSTOM_AGGREGATION_UNIT_NAME_PATTERN));
    });
    const unit = units[0];
    return typeof unit === "string" ? { customAggregationUnit: unit } : {};
}

function read<T>(doc: JsonDocument, fields: (reader: BodyReader, root: JsonObject) => T): T {
    const reader = new BodyReader(doc);
    const root = reader.root();
    const result = fields(reader, root);
    reader.finish();
    return result;
}

export function readReplyRequest(doc: JsonDocument): ReplyRequest {
    return read(doc, (reader, root) => {
        const replyToken = reader.string(root, "replyToken", "", { required: true, min: 1 }) ?? "";
        reader.boolean(root, "notificationDisabled", "");
        return { replyToken, messages: checkMessages(reader, root) };
    });
}

export function readPushRequest(doc: JsonDocument): PushRequest {
    return read(doc, (reader, root) => {
        const to = reader.string(root, "to", "", { required: true, min: 1 }) ?? "";
        const common = readCommon(reader, root);
        return { to, messages: checkMessages(reader, root), ...common };
    });
}

/** Up to 500 user IDs; a group or room ID (or anything not shaped like a user ID) fails the body. */
export function readMulticastRequest(doc: JsonDocument): MulticastRequest {
    return read(doc, (reader, root) => {
        const list = reader.array(root, "to", "", { required: true, min: 1, max: MULTICAST_MAX_RECIPIENTS });
        const to = (list ?? []).map((id, i): string => {
            if (typeof id === "string" && USER_ID_PATTERN.test(id)) return id;
            return reader.typeError(`to[${i}]`);
        });
        const common = readCommon(reader, root);
        return { to, messages: checkMessages(reader, root), ...common };
    });
}

export function readBroadcastRequest(doc: JsonDocument): BroadcastRequest {
    return read(doc, (reader, root) => {
        reader.boolean(root, "notificationDisabled", "");
        return { messages: checkMessages(reader, root) };
    });
}

export function readNarrowcastRequest(doc: JsonDocument): NarrowcastRequest {
    return read(doc, (reader, root) => {
        reader.boolean(root, "notificationDisabled", "");
        const messages = checkMessages(reader, root);
        const recipientObject = reader.object(root, "recipient", "");
        const counter = { leaves: 0 };
        const recipient =
            recipientObject === undefined
                ? undefined
                : readRecipient(reader, recipientObject, "recipient", counter);
        if (counter.leaves > NARROWCAST_MAX_RECIPIENT_OBJECTS) {
            reader.problem("recipient", Messages.size(1, NARROWCAST_MAX_RECIPIENT_OBJECTS));
        }
        const filter = reader.object(root, "filter", "");
        const demographicFilter =
            filter !== undefined && reader.object(filter, "demographic", "filter") !== undefined;
        return { messages, recipient, demographicFilter, limit: readLimit(reader, root) };
    });
}

function readLimit(reader: BodyReader, root: JsonObject): NarrowcastLimit {
    const limit = reader.object(root, "limit", "");
    if (limit === undefined) return { upToRemainingQuota: false, forbidPartialDelivery: false };
    const max = reader.integer(limit, "max", "limit", { min: 1 });
    const upToRemainingQuota = reader.boolean(limit, "upToRemainingQuota", "limit") ?? false;
    const forbidPartialDelivery = reader.boolean(limit, "forbidPartialDelivery", "limit") ?? false;
    // LINE answers this one with its own message rather than a detail (https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message).
    if (forbidPartialDelivery && !upToRemainingQuota)
        throw LineErrorFactory.forbidPartialDeliveryWithoutQuotaLimit();
    return { ...(max !== undefined && { max }), upToRemainingQuota, forbidPartialDelivery };
}

/** Reads a recipient tree; `counter` counts its audience and redelivery objects, which LINE caps at 10. */
function readRecipient(
    reader: BodyReader,
    node: JsonObject,
    path: string,
    counter: { leaves: number },
): Recipient | undefined {
    const type = reader.enumeration(node, "type", path, ["audience", "redelivery", "operator"], true);
    if (type === "audience") {
        counter.leaves++;
        const audienceGroupId = reader.integer(node, "audienceGroupId", path, { required: true });
        return audienceGroupId === undefined ? undefined : { type, audienceGroupId };
    }
    if (type === "redelivery") {
        counter.leaves++;
        const requestId = reader.string(node, "requestId", path, { required: true, min: 1 });
        return requestId === undefined ? undefined : { type, requestId };
    }
    if (type === undefined) return undefined;
    const present = (["and", "or", "not"] as const).filter(key => reader.has(node, key));
    if (present.length !== 1) {
        reader.problem(path, "exactly one of and, or, not must be specified");
        return undefined;
    }
    const key = present[0] as "and" | "or" | "not";
    if (key === "not") {
        const operand = reader.object(node, "not", path, true);
        const inner = operand && readRecipient(reader, operand, childPath(path, "not"), counter);
        return inner && { type: "not", operand: inner };
    }
    const list = reader.array(node, key, path, { required: true, min: 1 }) ?? [];
    if (list.length === 0) reader.problem(childPath(path, key), Messages.required);
    const operands = list.map((item, i) => {
        const at = `${childPath(path, key)}[${i}]`;
        if (!isJsonObject(item)) reader.typeError(at);
        return readRecipient(reader, item, at, counter);
    });
    if (operands.some(o => o === undefined)) return undefined;
    return { type: key, operands: operands as Recipient[] };
}
