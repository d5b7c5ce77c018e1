import type { LineHttp, LineRequest } from "./http";
import type { ValidateMessageRequest } from "./types";

/**
 * Message object validation: LINE checks 1 to 5 message objects as the named send endpoint would, and
 * delivers nothing. Only `messages` is checked. Each resolves when valid and rejects with 400 and
 * `details[]` otherwise.
 */

function validateMessages(kind: string, request: ValidateMessageRequest): LineRequest {
    return {
        method: "POST",
        path: `/v2/bot/message/validate/${kind}`,
        body: { kind: "json", value: request },
    };
}

/**
 * Validates message objects for a reply.
 *
 * Calls `POST https://api.line.me/v2/bot/message/validate/reply`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-reply-message
 */
export async function validateReply(http: LineHttp, request: ValidateMessageRequest): Promise<void> {
    await http.request(validateMessages("reply", request));
}

/**
 * Validates message objects for a push.
 *
 * Calls `POST https://api.line.me/v2/bot/message/validate/push`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-push-message
 */
export async function validatePush(http: LineHttp, request: ValidateMessageRequest): Promise<void> {
    await http.request(validateMessages("push", request));
}

/**
 * Validates message objects for a multicast.
 *
 * Calls `POST https://api.line.me/v2/bot/message/validate/multicast`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-multicast-message
 */
export async function validateMulticast(http: LineHttp, request: ValidateMessageRequest): Promise<void> {
    await http.request(validateMessages("multicast", request));
}

/**
 * Validates message objects for a narrowcast.
 *
 * Calls `POST https://api.line.me/v2/bot/message/validate/narrowcast`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-narrowcast-message
 */
export async function validateNarrowcast(http: LineHttp, request: ValidateMessageRequest): Promise<void> {
    await http.request(validateMessages("narrowcast", request));
}

/**
 * Validates message objects for a broadcast.
 *
 * Calls `POST https://api.line.me/v2/bot/message/validate/broadcast`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-broadcast-message
 */
export async function validateBroadcast(http: LineHttp, request: ValidateMessageRequest): Promise<void> {
    await http.request(validateMessages("broadcast", request));
}
