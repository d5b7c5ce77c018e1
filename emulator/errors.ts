/**
 * Every error body the emulator answers is built here, with LINE's status code and wording: the
 * common shape (https://developers.line.biz/en/reference/messaging-api/#error-responses), the
 * status codes (https://developers.line.biz/en/reference/messaging-api/#status-codes) and each
 * endpoint's own table on its reference page. Routes throw what these factories return;
 * `server.ts` writes it. Where LINE's exact wording is not published, the message follows LINE's
 * documented style and the method's comment says so.
 */

/** One entry of `details[]`. */
export interface ErrorDetail {
    readonly message?: string;
    readonly property?: string;
}

/** The Messaging API error body (`ErrorResponse` in messaging-api.yml). */
export interface LineErrorBody {
    readonly message: string;
    readonly details?: readonly ErrorDetail[];
}

/** The OAuth endpoints' error body (`ErrorResponse` in channel-access-token.yml). */
export interface OAuthErrorBody {
    readonly error: string;
    readonly error_description?: string;
}

/** An HTTP answer that is a failure. Thrown by routes, caught and written by the server. */
export class LineError extends Error {
    override readonly name = "LineError";

    /**
     * `body` is usually a {@link LineErrorBody} or {@link OAuthErrorBody}; injected faults may carry any JSON.
     * `headers` are extra response headers (a 409 retry names the accepted request).
     */
    constructor(
        readonly status: number,
        readonly body: LineErrorBody | OAuthErrorBody | Readonly<Record<string, unknown>>,
        readonly headers?: Readonly<Record<string, string>>,
    ) {
        super(`${status} ${JSON.stringify(body)}`);
    }

    static isInstance(value: unknown): value is LineError {
        return value instanceof LineError;
    }
}

/** The machine codes LINE puts in `details[].message` for audience errors (https://developers.line.biz/en/reference/messaging-api/#manage-audience-group). */
export type AudienceErrorCode =
    | "AUDIENCE_GROUP_CAN_NOT_UPLOAD_STATUS_EXPIRED"
    | "AUDIENCE_GROUP_COUNT_MAX_OVER"
    | "AUDIENCE_GROUP_NAME_SIZE_OVER"
    | "AUDIENCE_GROUP_NAME_WRONG"
    | "AUDIENCE_GROUP_NAME_EMPTY"
    | "AUDIENCE_GROUP_NOT_FOUND"
    | "AUDIENCE_GROUP_REQUESTID_DUPLICATE"
    | "AUDIENCE_GROUP_UPLOAD_DESCRIPTION_SIZE_OVER"
    | "REQUEST_NOT_FOUND"
    | "TOO_OLD_MESSAGES"
    | "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT"
    | "UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS"
    | "UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS"
    | "WRONG_BOT_ID"
    | "ALREADY_ACTIVE";

/**
 * Top-level messages for the audience codes. LINE publishes two ("audience group not found",
 * "size over audienceGroupName"); the others follow the same lower-case pattern.
 */
const AUDIENCE_MESSAGES: Readonly<Record<AudienceErrorCode, string>> = {
    AUDIENCE_GROUP_CAN_NOT_UPLOAD_STATUS_EXPIRED: "can not upload audience group: status expired",
    AUDIENCE_GROUP_COUNT_MAX_OVER: "audience group count max over",
    AUDIENCE_GROUP_NAME_SIZE_OVER: "size over audienceGroupName",
    AUDIENCE_GROUP_NAME_WRONG: "wrong audienceGroupName",
    AUDIENCE_GROUP_NAME_EMPTY: "empty audienceGroupName",
    AUDIENCE_GROUP_NOT_FOUND: "audience group not found",
    AUDIENCE_GROUP_REQUESTID_DUPLICATE: "audience group requestId duplicate",
    AUDIENCE_GROUP_UPLOAD_DESCRIPTION_SIZE_OVER: "size over uploadDescription",
    REQUEST_NOT_FOUND: "request not found",
    TOO_OLD_MESSAGES: "too old messages",
    UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT: "invalid audience id format",
    UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS: "no valid audience ids",
    UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS: "too many audience ids",
    WRONG_BOT_ID: "wrong bot id",
    ALREADY_ACTIVE: "audience group is already active",
};

/** Default bodies for faults injected with a status but no body. */
const STATUS_MESSAGES: Readonly<Record<number, string>> = {
    400: "Bad request",
    401: "Authentication failed. Confirm that the access token in the authorization header is valid.",
    403: "Access to this API is not available for your account",
    404: "Not found",
    409: "Conflict",
    410: "Gone",
    413: "Request entity too large",
    415: "Unsupported media type",
    429: "The API rate limit has been exceeded. Try again later.",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
};

function fail(status: number, message: string, details?: readonly ErrorDetail[]): LineError {
    return new LineError(status, details === undefined ? { message } : { message, details });
}

export class LineErrorFactory {
    // ---- common: https://developers.line.biz/en/reference/messaging-api/#error-responses, https://developers.line.biz/en/reference/messaging-api/#status-codes

    /** Unknown path, unknown rich menu, image not uploaded: LINE's bare 404. */
    static notFound(): LineError {
        return fail(404, "Not found");
    }

    /** No `Authorization: Bearer` header at all (wording observed on api.line.me). */
    static missingAuthorization(): LineError {
        return fail(
            401,
            "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
        );
    }

    /** A token that is unknown, expired or revoked (wording observed on api.line.me). */
    static invalidAccessToken(): LineError {
        return fail(
            401,
            "Authentication failed. Confirm that the access token in the authorization header is valid.",
        );
    }

    static rateLimitExceeded(): LineError {
        return fail(429, "The API rate limit has been exceeded. Try again later.");
    }

    /** "The request body has N error(s)" with one detail per problem. */
    static invalidRequestBody(details: readonly ErrorDetail[]): LineError {
        return fail(400, `The request body has ${details.length} error(s)`, details);
    }

    static unparsableJson(line: number, column: number): LineError {
        return fail(400, `The request body could not be parsed as JSON (line: ${line}, column: ${column})`);
    }

    /** A property of the wrong JSON type: LINE rejects the body before validating it. */
    static invalidProperty(property: string, line: number, column: number): LineError {
        return fail(
            400,
            `The property, '${property}', in the request body is invalid (line: ${line}, column: ${column})`,
        );
    }

    static unsupportedContentType(contentType: string | undefined): LineError {
        return fail(415, `The content type, '${contentType ?? ""}', is not supported`);
    }

    /** https://developers.line.biz/en/reference/messaging-api/#status-codes: bodies over 2 MB. */
    static requestEntityTooLarge(): LineError {
        return fail(413, "Request entity too large");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#retry-api-request: `X-Line-Retry-Key` on an endpoint that is not a message send. */
    static retryKeyNotSupported(): LineError {
        return fail(400, "The retry key is not supported for this endpoint");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user: the documented wording for a bad `userId` path parameter, reused for every path parameter and for query parameters such as `date` (https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages). */
    static invalidPathParameter(name: string): LineError {
        return fail(400, `The value for the '${name}' parameter is invalid`);
    }

    static internalError(): LineError {
        return fail(500, "Internal server error");
    }

    // ---- rich menus, aliases, per-user menus, batches: https://developers.line.biz/en/reference/messaging-api/#rich-menu

    /** 404 with an explicit empty `details`, as LINE answers it. */
    static richMenuNotFound(): LineError {
        return fail(404, "richmenu not found", []);
    }

    /** 400 "richmenu not found": alias targets that are missing or have no image (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias). */
    static aliasTargetNotFound(): LineError {
        return fail(400, "richmenu not found", []);
    }

    static richMenuImageRequired(): LineError {
        return fail(400, "must upload richmenu image before applying it to user", []);
    }

    static richMenuImageAlreadyUploaded(): LineError {
        return fail(400, "An image has already been uploaded to the richmenu", []);
    }

    /** Dimensions outside LINE's rules, not equal to the menu's size, or over 1 MB (https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image). */
    static richMenuImageSizeNotAllowed(): LineError {
        return fail(400, "The image size is not allowed for richmenu", []);
    }

    /** Bytes that are not a whole JPEG or PNG. LINE's wording is unpublished; an emulator choice. */
    static richMenuImageInvalid(): LineError {
        return fail(400, "The image is not a valid JPEG or PNG", []);
    }

    /** 1,000 menus already (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu). LINE's wording is unpublished; an emulator choice. */
    static richMenuCountMaxOver(): LineError {
        return fail(400, "The number of richmenus has reached the upper limit", []);
    }

    static noDefaultRichMenu(): LineError {
        return fail(404, "no default richmenu", []);
    }

    static userHasNoRichMenu(): LineError {
        return fail(404, "the user has no richmenu", []);
    }

    static richMenuAliasConflict(): LineError {
        return fail(400, "conflict richmenu alias id", []);
    }

    static richMenuAliasNotFound(): LineError {
        return fail(404, "richmenu alias not found", []);
    }

    /** 1,000 aliases already (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias). LINE's wording is unpublished; an emulator choice. */
    static richMenuAliasCountMaxOver(): LineError {
        return fail(400, "The number of richmenu aliases has reached the upper limit", []);
    }

    /** https://developers.line.biz/en/reference/messaging-api/#validate-batch-control-rich-menus-request: batch operations naming menus that do not exist. */
    static batchRichMenusNotFound(details: readonly ErrorDetail[]): LineError {
        return fail(404, "richmenu not found", details);
    }

    /** https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users: a batch `to` menu without an image. */
    static batchRichMenuImageRequired(details: readonly ErrorDetail[]): LineError {
        return fail(400, "must upload richmenu image before applying it to user", details);
    }

    // ---- sending messages: https://developers.line.biz/en/reference/messaging-api/#messages

    /** https://developers.line.biz/en/reference/messaging-api/#send-reply-message: unknown, used or expired. */
    static invalidReplyToken(): LineError {
        return fail(400, "Invalid reply token");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#send-push-message: an ID unknown to the channel, or a chat it is not in. */
    static failedToSendMessages(): LineError {
        return fail(400, "Failed to send messages");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message: missing, or not READY. */
    static invalidAudienceGroupId(audienceGroupId: unknown): LineError {
        return fail(400, `Invalid audience group id: ${String(audienceGroupId)}`);
    }

    /** https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message: a redelivery of no succeeded narrowcast of the last 14 days. */
    static invalidRedeliveryRequestId(requestId: unknown): LineError {
        return fail(400, `Invalid request id: ${String(requestId)}`);
    }

    /** https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message */
    static forbidPartialDeliveryWithoutQuotaLimit(): LineError {
        return fail(400, "The option forbidPartialDelivery must be used with upToRemainingQuota.");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#get-consumption: sends past the month's target limit. */
    static monthlyLimitReached(): LineError {
        return fail(429, "You have reached your monthly limit.");
    }

    /**
     * https://developers.line.biz/en/docs/messaging-api/retrying-api-request/: the key was accepted within 24 hours;
     * the header names that request, and a push repeats what it sent.
     */
    static retryKeyAccepted(acceptedRequestId: string, sentMessages?: readonly unknown[]): LineError {
        const message = "The retry key is already accepted";
        return new LineError(409, sentMessages === undefined ? { message } : { message, sentMessages }, {
            "x-line-accepted-request-id": acceptedRequestId,
        });
    }

    /** A retry key that is not a UUID. LINE's answer is unpublished; an emulator choice. */
    static invalidRetryKey(): LineError {
        return fail(400, "The retry key must be a UUID");
    }

    // ---- webhook: https://developers.line.biz/en/reference/messaging-api/#webhook-settings

    static webhookEndpointNotFound(): LineError {
        return fail(404, "Webhook endpoint not found");
    }

    static invalidWebhookEndpoint(): LineError {
        return fail(400, "Invalid webhook endpoint URL");
    }

    // ---- audiences: https://developers.line.biz/en/reference/messaging-api/#manage-audience-group

    /** An audience error: the code goes in `details[].message`, as LINE does. */
    static audience(code: AudienceErrorCode, property?: string): LineError {
        const detail: ErrorDetail = property === undefined ? { message: code } : { message: code, property };
        return fail(400, AUDIENCE_MESSAGES[code], [detail]);
    }

    /** https://developers.line.biz/en/reference/messaging-api/#rate-limits: more than 10 upload jobs queued or working on one audience. Wording is an emulator choice. */
    static audienceConcurrencyLimit(): LineError {
        return fail(429, "The number of concurrent requests for this audience group exceeded the limit");
    }

    /** A multipart body that cannot be read. LINE's wording is unpublished; an emulator choice. */
    static unparsableMultipart(): LineError {
        return fail(400, "The request body could not be parsed as multipart/form-data");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#get-audience-groups: a bad list query, e.g. "size: must be less than or equal to 40" with code TOO_HIGH. */
    static invalidQueryParameter(name: string, message: string, code: string): LineError {
        return fail(400, `${name}: ${message}`, [{ message: code, property: name }]);
    }

    // ---- users: https://developers.line.biz/en/reference/messaging-api/#get-profile, https://developers.line.biz/en/reference/messaging-api/#get-follower-ids

    /** https://developers.line.biz/en/reference/messaging-api/#get-follower-ids: a `start` that is no continuation token LINE gave. */
    static invalidStartParam(): LineError {
        return fail(400, "Invalid start param");
    }

    /** https://developers.line.biz/en/reference/messaging-api/#get-follower-ids: unverified accounts get 403; LINE publishes no body, so this is LINE's usual 403 wording. */
    static notVerifiedAccount(): LineError {
        return fail(403, STATUS_MESSAGES[403] ?? "Forbidden");
    }

    // ---- OAuth: https://developers.line.biz/en/reference/messaging-api/#channel-access-token

    static oauth(status: number, error: string, description?: string): LineError {
        return new LineError(
            status,
            description === undefined ? { error } : { error, error_description: description },
        );
    }

    /** https://developers.line.biz/en/reference/messaging-api/#issue-channel-access-token-v2-1: some token errors use the Messaging API shape instead. */
    static oauthMessage(status: number, message: string): LineError {
        return fail(status, message);
    }

    // ---- emulator-only ------------------------------------------------------------------

    /** The body of an injected fault: the given body, else LINE's usual body for that status. */
    static fault(status: number, body?: Readonly<Record<string, unknown>>): LineError {
        return new LineError(status, body ?? { message: STATUS_MESSAGES[status] ?? "Error" });
    }

    /** A malformed call to the `/_emulator` control surface. */
    static controlBadRequest(message: string): LineError {
        return fail(400, message);
    }

    /** A control call that names a user, delivery or image the emulator does not have. */
    static controlNotFound(message: string): LineError {
        return fail(404, message);
    }
}
