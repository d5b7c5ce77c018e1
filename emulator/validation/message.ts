import {
    ALT_TEXT_MAX_LENGTH,
    LOCATION_TEXT_MAX_LENGTH,
    MESSAGE_URL_MAX_LENGTH,
    TEXT_MESSAGE_MAX_LENGTH,
    VALIDATE_MAX_MESSAGES,
    VALIDATE_MIN_MESSAGES,
} from "../limits";
import { BodyReader } from "./fields";
import { type JsonDocument, type JsonObject, type JsonValue, isJsonObject } from "./json";

const MessageMessages = {
    invalidUrl: "invalid url",
} as const;

const TEMPLATE_TYPES = ["buttons", "confirm", "carousel", "image_carousel"] as const;
const FLEX_CONTAINER_TYPES = ["bubble", "carousel"] as const;

/** An https URL of at most 2,000 characters, as LINE wants for media. */
function httpsUrl(reader: BodyReader, message: JsonObject, key: string, path: string): void {
    const url = reader.string(message, key, path, { required: true, max: MESSAGE_URL_MAX_LENGTH });
    if (url === undefined || url.length > MESSAGE_URL_MAX_LENGTH) return;
    let valid = false;
    try {
        valid = new URL(url).protocol === "https:";
    } catch {
        valid = false;
    }
    if (!valid) reader.problem(`${path}.${key}`, MessageMessages.invalidUrl);
}

function altText(reader: BodyReader, message: JsonObject, path: string): void {
    reader.string(message, "altText", path, { required: true, max: ALT_TEXT_MAX_LENGTH });
}

/**
 * Checks one message object's own fields. The checks cover what every message type requires and
 * its documented length limits; the inner structure of templates, flex contents and imagemap
 * actions is only checked for its type.
 */
function checkMessage(reader: BodyReader, value: JsonValue, path: string): void {
    if (!isJsonObject(value)) reader.typeError(path);
    const type = reader.string(value, "type", path, { required: true });
    switch (type) {
        case undefined:
            return;
        case "text":
        case "textV2":
            reader.string(value, "text", path, { required: true, max: TEXT_MESSAGE_MAX_LENGTH });
            return;
        case "sticker":
            reader.string(value, "packageId", path, { required: true });
            reader.string(value, "stickerId", path, { required: true });
            return;
        case "image":
        case "video":
            httpsUrl(reader, value, "originalContentUrl", path);
            httpsUrl(reader, value, "previewImageUrl", path);
            return;
        case "audio":
            httpsUrl(reader, value, "originalContentUrl", path);
            reader.integer(value, "duration", path, { required: true, min: 1 });
            return;
        case "location":
            reader.string(value, "title", path, { required: true, max: LOCATION_TEXT_MAX_LENGTH });
            reader.string(value, "address", path, { required: true, max: LOCATION_TEXT_MAX_LENGTH });
            reader.number(value, "latitude", path, true);
            reader.number(value, "longitude", path, true);
            return;
        case "imagemap": {
            httpsUrl(reader, value, "baseUrl", path);
            altText(reader, value, path);
            const baseSize = reader.object(value, "baseSize", path, true);
            if (baseSize !== undefined) {
                reader.integer(baseSize, "width", `${path}.baseSize`, { required: true, min: 1 });
                reader.integer(baseSize, "height", `${path}.baseSize`, { required: true, min: 1 });
            }
            reader.array(value, "actions", path, { required: true });
            return;
        }
        case "template": {
            altText(reader, value, path);
            const template = reader.object(value, "template", path, true);
            if (template !== undefined)
                reader.enumeration(template, "type", `${path}.template`, TEMPLATE_TYPES, true);
            return;
        }
        case "flex": {
            altText(reader, value, path);
            const contents = reader.object(value, "contents", path, true);
            if (contents !== undefined) {
                reader.enumeration(contents, "type", `${path}.contents`, FLEX_CONTAINER_TYPES, true);
            }
            return;
        }
        default:
            // An unknown type gives LINE's deserializer nothing to build: the whole body is refused.
            reader.typeError(path);
    }
}

/**
 * A body's `messages`: 1–5 valid message objects, as every send and validate endpoint takes them
 * (https://developers.line.biz/en/reference/messaging-api/#send-reply-message). Problems go to `reader`.
 */
export function checkMessages(reader: BodyReader, body: JsonObject): JsonValue[] {
    const messages = reader.array(body, "messages", "", {
        required: true,
        min: VALIDATE_MIN_MESSAGES,
        max: VALIDATE_MAX_MESSAGES,
    });
    messages?.forEach((message, i) => checkMessage(reader, message, `messages[${i}]`));
    return messages ?? [];
}

/** The body of the five `/v2/bot/message/validate/*` endpoints: 1–5 messages, nothing else checked (https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-reply-message). */
export function validateMessagesRequest(doc: JsonDocument): void {
    const reader: BodyReader = new BodyReader(doc);
    checkMessages(reader, reader.root());
    reader.finish();
}
