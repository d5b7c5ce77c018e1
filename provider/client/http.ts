import axios, { isAxiosError, type AxiosInstance, type AxiosResponse } from "axios";
import axiosRetry from "axios-retry";
import type FormData from "form-data";
import { LineApiError, LineNetworkError, LineProviderError, type LineErrorDetail } from "./errors";
import { channelKeyForToken, RateLimiter, type RateLimitOptions } from "./rateLimiter";
import { createRedactor, secretsInForm, type Redact } from "./redact";
import { retryConfigFor, type RetryOptions } from "./retry";
import { passSendGates } from "./sendGate";
import { systemTiming, type Timing } from "./timing";

/**
 * The HTTP layer every API module goes through: one axios instance per client, the two LINE hosts, the
 * bearer header, pacing, the retry policy, the log hook, and `toLineError()`, the only place where an
 * HTTP failure becomes a typed error. No axios object (whose config carries the request headers, bearer
 * token included) leaves this module.
 */

export const DEFAULT_API_BASE_URL = "https://api.line.me";
export const DEFAULT_DATA_BASE_URL = "https://api-data.line.me";
/** LINE's ID for every request; needed later for batch progress and click/impression audiences. */
export const LINE_REQUEST_ID_HEADER = "x-line-request-id";
/** LINE recommends at least 30 s for the audience upload endpoints. */
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_USER_AGENT = "pulumi-line";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** `api` is `api.line.me`; `data` is `api-data.line.me` (image and audience-file uploads, downloads). */
export type LineHost = "api" | "data";

/** A request body, by how it goes over the wire. POSTs and PUTs without one send an empty body. */
export type LineRequestBody =
    | { readonly kind: "json"; readonly value: unknown }
    | { readonly kind: "binary"; readonly value: Uint8Array; readonly contentType: string }
    | { readonly kind: "form"; readonly value: URLSearchParams }
    | { readonly kind: "multipart"; readonly value: FormData };

/** One LINE call, as the API modules describe it. */
export interface LineRequest {
    readonly method: HttpMethod;
    /** The path template from LINE's spec, e.g. `/v2/bot/richmenu/{richMenuId}`; retry and pacing key on it. */
    readonly path: string;
    /** Values for the template's placeholders; each is URL-encoded. */
    readonly pathParams?: Readonly<Record<string, string | number>>;
    /** Query parameters; `undefined` values are left out. */
    readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
    readonly host?: LineHost;
    readonly body?: LineRequestBody;
    /** Whether to send the bearer token. The OAuth token endpoints take none. Default `true`. */
    readonly auth?: boolean;
    /** `binary` returns the body as a Buffer (image download). Default `json`. */
    readonly responseType?: "json" | "binary";
}

export interface LineResponse<T> {
    /** The parsed body; `undefined` when LINE sent none. */
    readonly data: T;
    readonly status: number;
    /** `x-line-request-id`. */
    readonly requestId?: string;
}

/** What the API modules call. */
export interface LineHttp {
    request<T>(request: LineRequest): Promise<LineResponse<T>>;
}

/** One attempt of one call, given to the `onRequest` hook. Every string in it is redacted. */
export interface LineRequestEvent {
    readonly method: HttpMethod;
    /** The filled-in path, without the query. */
    readonly path: string;
    /** The full URL, query included. */
    readonly url: string;
    /** 1 for the first attempt, 2 for the first retry, ... */
    readonly attempt: number;
    /** `retry`: this attempt failed and another will follow. */
    readonly outcome: "success" | "retry" | "failure";
    readonly status?: number;
    readonly requestId?: string;
    /** Since the call began, waits included. */
    readonly elapsedMs: number;
    /** Time spent waiting for the rate limiter, all attempts so far. */
    readonly rateLimitWaitMs: number;
    /** The error message of a failed attempt. */
    readonly error?: string;
}

/** How a client reaches LINE. Everything but the token has a default. */
export interface LineHttpOptions {
    /**
     * The channel access token; `""` for a client that only issues or checks tokens (those calls take
     * none). It is kept in a closure of the client, never in a property, and is redacted from every
     * error and log event.
     */
    readonly channelAccessToken: string;
    /** Default `https://api.line.me`. */
    readonly apiBaseUrl?: string;
    /** Default `https://api-data.line.me`. */
    readonly dataBaseUrl?: string;
    /** Retry settings, or `false` to send every request once. */
    readonly retry?: RetryOptions | false;
    /** Pacing settings, or `false` to send without waiting for LINE's rate limits. */
    readonly rateLimit?: RateLimitOptions | false;
    /**
     * The clock the client paces, backs off and times its log events by. Default the wall clock; tests
     * give a fake one, so neither a rate-limit wait nor a retry's backoff waits for real time.
     */
    readonly timing?: Timing;
    /** Per attempt. Default 30 s. */
    readonly timeoutMs?: number;
    readonly userAgent?: string;
    /** Called after every attempt. Exceptions it throws are ignored: logging must not fail a call. */
    readonly onRequest?: (event: LineRequestEvent) => void;
}

/** What `toLineError` needs to know about the call that failed. */
export interface RequestContext {
    readonly method: string;
    readonly path: string;
    /** The full URL; redacted by `toLineError` before it is stored. */
    readonly url: string;
    readonly redact: Redact;
}

/**
 * Fills a path template. Values are URL-encoded, and `.`/`..`/empty values are refused, since they
 * would silently address another endpoint (`/v2/bot/richmenu/..` is `/v2/bot`).
 */
export function buildPath(template: string, params: Readonly<Record<string, string | number>> = {}): string {
    return template.replace(/\{(\w+)\}/g, (_match, name: string) => {
        const value = params[name];
        if (value === undefined)
            throw new LineProviderError(`Missing path parameter ${name} for ${template}`);
        const text = String(value);
        if (text === "" || text === "." || text === "..") {
            throw new LineProviderError(`${name} ${JSON.stringify(text)} cannot be used in a LINE API path`);
        }
        return encodeURIComponent(text);
    });
}

function buildQuery(query: LineRequest["query"]): string {
    if (query === undefined) return "";
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) params.append(key, String(value));
    }
    const text = params.toString();
    return text === "" ? "" : `?${text}`;
}

function trimTrailingSlash(url: string): string {
    return url.replace(/\/+$/, "");
}

function headerValue(headers: AxiosResponse["headers"] | undefined, name: string): string | undefined {
    const value: unknown = headers?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
}

/** Decodes a body that may arrive parsed, as text, or as bytes (binary requests). */
function decodeBody(data: unknown): unknown {
    let text: string;
    if (typeof data === "string") text = data;
    else if (data instanceof Uint8Array) text = Buffer.from(data).toString("utf8");
    else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString("utf8");
    else return data;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

interface ParsedErrorBody {
    readonly lineMessage: string;
    readonly details: readonly LineErrorDetail[];
    readonly oauthError?: string;
    readonly oauthErrorDescription?: string;
}

const MAX_TEXT_BODY_IN_MESSAGE = 200;

/** Reads LINE's two error shapes: `{message, details[]}` and the token endpoints' `{error, error_description}`. */
function parseErrorBody(data: unknown, redact: Redact): ParsedErrorBody {
    const body = decodeBody(data);
    if (typeof body === "string") {
        // Not JSON: a proxy's HTML page, say. Keep a short, single-line excerpt.
        const excerpt = body.replace(/\s+/g, " ").trim().slice(0, MAX_TEXT_BODY_IN_MESSAGE);
        return { lineMessage: redact(excerpt), details: [] };
    }
    if (typeof body !== "object" || body === null) return { lineMessage: "", details: [] };

    const record = body as Record<string, unknown>;
    const text = (value: unknown): string | undefined =>
        typeof value === "string" ? redact(value) : undefined;
    const details: LineErrorDetail[] = [];
    if (Array.isArray(record.details)) {
        for (const entry of record.details as unknown[]) {
            if (typeof entry !== "object" || entry === null) continue;
            const property = text((entry as Record<string, unknown>).property);
            const message = text((entry as Record<string, unknown>).message);
            details.push({
                ...(property !== undefined ? { property } : {}),
                ...(message !== undefined ? { message } : {}),
            });
        }
    }
    const message = text(record.message);
    const oauthError = text(record.error);
    const oauthErrorDescription = text(record.error_description);
    const oauthMessage =
        oauthError !== undefined && oauthErrorDescription !== undefined
            ? `${oauthError}: ${oauthErrorDescription}`
            : (oauthError ?? oauthErrorDescription);
    return {
        lineMessage: message ?? oauthMessage ?? "",
        details,
        ...(oauthError !== undefined ? { oauthError } : {}),
        ...(oauthErrorDescription !== undefined ? { oauthErrorDescription } : {}),
    };
}

function errorCode(error: unknown): string | undefined {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === "string" && code !== "" ? code : undefined;
}

/**
 * Turns any failure of a call into the client's typed errors: {@link LineApiError} when LINE answered,
 * {@link LineNetworkError} when nothing came back. The original error is never kept: an AxiosError holds
 * the request config and headers, bearer token included. Errors the client raised itself pass through.
 */
export function toLineError(error: unknown, context: RequestContext): LineProviderError {
    if (LineProviderError.isInstance(error)) return error;
    const { method, path, redact } = context;
    const url = redact(context.url);

    if (isAxiosError(error) && error.response !== undefined) {
        const { status, statusText, headers, data } = error.response;
        const parsed = parseErrorBody(data, redact);
        const requestId = headerValue(headers, LINE_REQUEST_ID_HEADER);
        return new LineApiError({
            status,
            method,
            path,
            url,
            ...(requestId !== undefined ? { requestId } : {}),
            ...parsed,
            lineMessage: parsed.lineMessage !== "" ? parsed.lineMessage : redact(statusText ?? ""),
        });
    }

    const code = errorCode(error) ?? "UNKNOWN";
    const original = error instanceof Error ? error.message : String(error);
    const cause = Object.assign(new Error(redact(`${code}: ${original}`)), { code });
    return new LineNetworkError({ method, path, url, code, cause });
}

/** Builds what axios sends for a body: the data and the headers that describe it. */
function encodeBody(
    method: HttpMethod,
    body: LineRequestBody | undefined,
): { data: unknown; headers: Record<string, string> } {
    if (body === undefined) {
        if (method !== "POST" && method !== "PUT") return { data: undefined, headers: {} };
        // Body-less POSTs (set default, link user) once drew `411 Length Required` from LINE unless an
        // explicit empty body with Content-Length: 0 was sent; an empty Buffer does exactly that. The
        // JSON type is what LINE's own SDK sends here; left unset, axios would label it a form.
        return { data: Buffer.alloc(0), headers: { "Content-Type": "application/json" } };
    }
    switch (body.kind) {
        case "json":
            // Serialised here, not by axios, so a retry re-sends the very same bytes.
            return { data: JSON.stringify(body.value), headers: { "Content-Type": "application/json" } };
        case "binary":
            return {
                data: Buffer.from(body.value.buffer, body.value.byteOffset, body.value.byteLength),
                headers: { "Content-Type": body.contentType },
            };
        case "form":
            return {
                data: body.value.toString(),
                headers: { "Content-Type": "application/x-www-form-urlencoded" },
            };
        case "multipart":
            // form-data supplies the boundary; axios asks it for the length, so the file is streamed.
            return { data: body.value, headers: body.value.getHeaders() as Record<string, string> };
    }
}

/** What an attempt's log event says about how it ended. */
type AttemptResult = Pick<LineRequestEvent, "status" | "requestId" | "error">;

function failedAttempt(error: LineProviderError): AttemptResult {
    if (!LineApiError.isInstance(error)) return { error: error.message };
    return {
        status: error.status,
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
        error: error.message,
    };
}

function createAxios(timeoutMs: number): AxiosInstance {
    const instance = axios.create({
        timeout: timeoutMs,
        // LINE does not redirect; following one would carry the bearer token to wherever it points.
        maxRedirects: 0,
        // Report timeouts as ETIMEDOUT rather than the ambiguous ECONNABORTED.
        transitional: { clarifyTimeoutError: true },
    });
    // Installed with no retries: every request passes its own policy (see `retryConfigFor`).
    axiosRetry(instance, { retries: 0 });
    // The send gates (sendGate.ts) are asked in an interceptor rather than once per call: axios-retry
    // sends each retry through the interceptors again, and a retry is a call like any other. A refusal
    // thrown here carries no axios config, so axios-retry passes it on without retrying it.
    instance.interceptors.request.use(config => {
        passSendGates();
        return config;
    });
    return instance;
}

/**
 * Creates the HTTP layer of one client. The token lives only in this closure; the returned object has
 * no property that holds it, so neither `JSON.stringify` nor `util.inspect` can reach it.
 */
export function createHttp(options: LineHttpOptions): LineHttp {
    const token = options.channelAccessToken === "" ? undefined : options.channelAccessToken;
    const baseUrls: Record<LineHost, string> = {
        api: trimTrailingSlash(options.apiBaseUrl ?? DEFAULT_API_BASE_URL),
        data: trimTrailingSlash(options.dataBaseUrl ?? DEFAULT_DATA_BASE_URL),
    };
    const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
    const instance = createAxios(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const timing = options.timing ?? systemTiming;
    const limiter =
        options.rateLimit === false
            ? undefined
            : new RateLimiter(
                  options.rateLimit?.channelKey ?? channelKeyForToken(token),
                  options.rateLimit,
                  timing,
              );
    const onRequest = options.onRequest;
    const emit = (event: LineRequestEvent): void => {
        if (onRequest === undefined) return;
        try {
            onRequest(event);
        } catch {
            // A failing log hook must not turn a successful call into a failed one.
        }
    };

    async function request<T>(req: LineRequest): Promise<LineResponse<T>> {
        const started = timing.now();
        const path = buildPath(req.path, req.pathParams);
        const sendsToken = req.auth ?? true;
        if (sendsToken && token === undefined) {
            throw new LineProviderError(
                `LINE API ${req.method} ${path} needs a channel access token, and the client was made without one`,
            );
        }
        const pathAndQuery = `${path}${buildQuery(req.query)}`;
        const baseURL = baseUrls[req.host ?? "api"];
        const formSecrets = req.body?.kind === "form" ? secretsInForm(req.body.value) : [];
        const redact = createRedactor([token, ...formSecrets]);
        const context: RequestContext = {
            method: req.method,
            path,
            url: `${baseURL}${pathAndQuery}`,
            redact,
        };

        let attempt = 1;
        let rateLimitWaitMs = 0;
        const report = (outcome: LineRequestEvent["outcome"], result: AttemptResult): void =>
            emit({
                method: req.method,
                path,
                url: redact(context.url),
                attempt,
                outcome,
                ...result,
                elapsedMs: timing.now() - started,
                rateLimitWaitMs,
            });
        const pace = async (): Promise<void> => {
            // LINE counts retries against the rate limit like any other request.
            if (limiter !== undefined) rateLimitWaitMs += await limiter.acquire(req.method, req.path);
        };

        const { data, headers } = encodeBody(req.method, req.body);
        const retry = retryConfigFor(
            { method: req.method, path: req.path, body: req.body?.value },
            options.retry,
            timing,
            async (_retryNumber, error) => {
                report("retry", failedAttempt(toLineError(error, context)));
                attempt += 1;
                await pace();
            },
        );

        try {
            await pace();
            const response = await instance.request({
                method: req.method,
                baseURL,
                url: pathAndQuery,
                data,
                headers: {
                    ...headers,
                    "User-Agent": userAgent,
                    ...(sendsToken ? { Authorization: `Bearer ${token}` } : {}),
                },
                responseType: req.responseType === "binary" ? "arraybuffer" : "json",
                "axios-retry": retry,
            });
            const requestId = headerValue(response.headers, LINE_REQUEST_ID_HEADER);
            const answered = { status: response.status, ...(requestId !== undefined ? { requestId } : {}) };
            report("success", answered);
            // LINE answers some calls (token revoke) with no body at all; axios hands that over as "".
            const body: unknown = response.data === "" ? undefined : response.data;
            return { data: body as T, ...answered };
        } catch (error) {
            const typed = toLineError(error, context);
            report("failure", failedAttempt(typed));
            throw typed;
        }
    }

    return Object.freeze({ request });
}
