/**
 * The errors the client throws. Every failure of a LINE call reaches callers as one of these, built by
 * `toLineError()` in `http.ts`; nothing else in the client constructs an HTTP error.
 *
 * `instanceof` is not enough to recognise them: Pulumi serializes local modules by value, so the
 * provider's own copy of this file and the installed package's copy can both be loaded in one process,
 * each with its own classes. Each class therefore brands its instances with a registry symbol
 * (`Symbol.for`, shared by every copy) and offers a static `isInstance()` that checks the brand.
 */

const PROVIDER_ERROR_BRAND = Symbol.for("pulumi-line.LineProviderError");
const API_ERROR_BRAND = Symbol.for("pulumi-line.LineApiError");
const NETWORK_ERROR_BRAND = Symbol.for("pulumi-line.LineNetworkError");

/** The literal `name` of every error class in this module. */
export type LineProviderErrorName = "LineProviderError" | "LineApiError" | "LineNetworkError";

function setBrand(target: object, brand: symbol): void {
    // Non-enumerable, so the brand never shows up in JSON or log output.
    Object.defineProperty(target, brand, { value: true, enumerable: false });
}

function hasBrand(value: unknown, brand: symbol): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * The base of every error the client throws. Thrown as is for failures found before any request is
 * sent (a missing channel access token, an unusable path parameter, an image that is not PNG or JPEG).
 */
export class LineProviderError extends Error {
    override readonly name: LineProviderErrorName = "LineProviderError";

    constructor(message: string, options?: { cause?: unknown }) {
        super(message, options);
        setBrand(this, PROVIDER_ERROR_BRAND);
    }

    /** Whether `value` is a {@link LineProviderError} from any loaded copy of this package. */
    static isInstance(value: unknown): value is LineProviderError {
        return hasBrand(value, PROVIDER_ERROR_BRAND);
    }
}

/** One entry of LINE's `details[]` error array (line-openapi `ErrorDetail`). */
export interface LineErrorDetail {
    /** The JSON field or query parameter the problem is about, e.g. `areas[0].action.uri`. */
    readonly property?: string;
    /** What is wrong, e.g. `invalid uri`; audience endpoints put a code here (`AUDIENCE_GROUP_NOT_FOUND`). */
    readonly message?: string;
}

/** What {@link LineApiError} is built from; every string has already been redacted. */
export interface LineApiErrorInit {
    readonly status: number;
    readonly method: string;
    /** The request path without host or query, e.g. `/v2/bot/richmenu/richmenu-0123`. */
    readonly path: string;
    /** The full URL, query included, with any credential in it redacted. */
    readonly url: string;
    readonly requestId?: string;
    readonly lineMessage: string;
    readonly details: readonly LineErrorDetail[];
    /** `error` of an OAuth-style body (`invalid_client`, `invalid_request`), from the token endpoints. */
    readonly oauthError?: string;
    /** `error_description` of an OAuth-style body. */
    readonly oauthErrorDescription?: string;
}

/**
 * LINE answered with a non-2xx status.
 *
 * The message names the call, LINE's message, each detail and the request ID, e.g.
 * `LINE API POST /v2/bot/richmenu failed with 400: The request body has 1 error(s)
 * [areas[0].action.uri: invalid uri] (request id abc)`.
 */
export class LineApiError extends LineProviderError {
    override readonly name = "LineApiError" as const;
    readonly status: number;
    readonly method: string;
    readonly path: string;
    readonly url: string;
    /** `x-line-request-id` of the failed call: what LINE support asks for. */
    readonly requestId?: string;
    /** The body's `message` (or the OAuth `error: error_description`); empty when the body had none. */
    readonly lineMessage: string;
    readonly details: readonly LineErrorDetail[];
    readonly oauthError?: string;
    readonly oauthErrorDescription?: string;

    constructor(init: LineApiErrorInit) {
        super(formatApiErrorMessage(init));
        setBrand(this, API_ERROR_BRAND);
        this.status = init.status;
        this.method = init.method;
        this.path = init.path;
        this.url = init.url;
        this.lineMessage = init.lineMessage;
        this.details = init.details;
        // Only defined keys are set, so JSON output stays free of `"requestId": undefined` noise.
        if (init.requestId !== undefined) this.requestId = init.requestId;
        if (init.oauthError !== undefined) this.oauthError = init.oauthError;
        if (init.oauthErrorDescription !== undefined) this.oauthErrorDescription = init.oauthErrorDescription;
    }

    /** Whether `value` is a {@link LineApiError} from any loaded copy of this package. */
    static override isInstance(value: unknown): value is LineApiError {
        return hasBrand(value, API_ERROR_BRAND);
    }

    /** Whether any `details[].message` equals `code` (audience endpoints report their codes there). */
    hasDetail(code: string): boolean {
        return this.details.some(d => d.message === code);
    }
}

/** What {@link LineNetworkError} is built from; every string has already been redacted. */
export interface LineNetworkErrorInit {
    readonly method: string;
    readonly path: string;
    readonly url: string;
    /** The transport's error code: `ECONNRESET`, `ECONNREFUSED`, `ETIMEDOUT`, ... or `UNKNOWN`. */
    readonly code: string;
    /** A redacted copy of the underlying error, never the transport's own error object. */
    readonly cause: Error;
}

/** No response came back: the connection failed, was reset, or timed out. */
export class LineNetworkError extends LineProviderError {
    override readonly name = "LineNetworkError" as const;
    readonly code: string;
    readonly method: string;
    readonly path: string;
    readonly url: string;

    constructor(init: LineNetworkErrorInit) {
        super(`LINE API ${init.method} ${init.path} failed without a response: ${init.cause.message}`, {
            cause: init.cause,
        });
        setBrand(this, NETWORK_ERROR_BRAND);
        this.code = init.code;
        this.method = init.method;
        this.path = init.path;
        this.url = init.url;
    }

    /** Whether `value` is a {@link LineNetworkError} from any loaded copy of this package. */
    static override isInstance(value: unknown): value is LineNetworkError {
        return hasBrand(value, NETWORK_ERROR_BRAND);
    }
}

/**
 * Whether `error` means "that object does not exist" in LINE's own inconsistent terms: 404 for rich
 * menus, aliases, defaults and user links, but 400 with `AUDIENCE_GROUP_NOT_FOUND` for audiences.
 */
export function isLineNotFound(error: unknown): boolean {
    if (!LineApiError.isInstance(error)) return false;
    return error.status === 404 || (error.status === 400 && error.hasDetail("AUDIENCE_GROUP_NOT_FOUND"));
}

function formatDetail(detail: LineErrorDetail): string {
    if (detail.property !== undefined && detail.message !== undefined)
        return `${detail.property}: ${detail.message}`;
    return detail.message ?? detail.property ?? "";
}

function formatApiErrorMessage(init: LineApiErrorInit): string {
    let message = `LINE API ${init.method} ${init.path} failed with ${init.status}`;
    if (init.lineMessage !== "") message += `: ${init.lineMessage}`;
    const details = init.details.map(formatDetail).filter(d => d !== "");
    if (details.length > 0) message += ` [${details.join("; ")}]`;
    if (init.requestId !== undefined) message += ` (request id ${init.requestId})`;
    return message;
}

/** Whether `value` is any error this client throws, from any loaded copy of the package. */
export function isLineProviderError(value: unknown): value is LineProviderError {
    return LineProviderError.isInstance(value);
}

/** Whether `value` is a {@link LineApiError} (LINE answered with a non-2xx status). */
export function isLineApiError(value: unknown): value is LineApiError {
    return LineApiError.isInstance(value);
}

/** Whether `value` is a {@link LineNetworkError} (no response came back). */
export function isLineNetworkError(value: unknown): value is LineNetworkError {
    return LineNetworkError.isInstance(value);
}
