import type { AxiosError } from "axios";
import { isNetworkError, type IAxiosRetryConfig } from "axios-retry";
import { Stream } from "node:stream";
import type { Timing } from "./timing";

/**
 * The retry policy: the only place that decides whether a failed LINE call is sent again. axios-retry
 * does the re-sending; this module tells it when, and how long to wait.
 *
 * A call is repeated only when repeating it cannot change the outcome (LINE would end up in the same
 * state whether the first attempt was applied or not), and only after a failure that may be transient:
 * no response at all, 429, or 5xx. Everything else (400, 401, 403, 404, 409, 413, 415) is final.
 */

/** How a client retries. */
export interface RetryOptions {
    /** Retries after the first attempt. Default 3; 0 turns retrying off. */
    readonly retries?: number;
    /** The first backoff step. Default 500 ms; each retry doubles it. */
    readonly baseDelayMs?: number;
    /** Upper bound of any wait, `Retry-After` included. Default 30 s. */
    readonly maxDelayMs?: number;
    /** The source of jitter, in [0, 1). Injectable for deterministic tests. */
    readonly random?: () => number;
}

/** A request as the policy sees it: method, path template (not the filled-in path) and body. */
export interface RetryRoute {
    readonly method: string;
    /** The template with placeholders, e.g. `/v2/bot/richmenu/{richMenuId}`. */
    readonly path: string;
    readonly body?: unknown;
}

/** The part of a failure that matters to the policy. */
export interface RetryFailure {
    /** The response status; absent when no response came back. */
    readonly status?: number;
    /** Whether the failure is a transport error that may be transient (reset, refused, timeout). */
    readonly transient: boolean;
}

export const DEFAULT_RETRIES = 3;
const DEFAULT_BASE_DELAY_MS = 500;
const DEFAULT_MAX_DELAY_MS = 30_000;

/**
 * POSTs that are idempotent by nature, as `POST <path template>`:
 * - the `/validate` endpoints create nothing;
 * - setting the default menu, linking a user, pointing an alias at a menu (alias update is a POST),
 *   and bulk link/unlink set state to a given value, so a second application changes nothing;
 * - token verify reads; token revoke of an already revoked token is still 200 (LINE does not report
 *   unknown tokens), so repeating it is harmless.
 *
 * Deliberately absent, so never retried:
 * - creates: rich menu, alias create, audience creates (JSON, file, click, impression) and token
 *   issues. If the first attempt was applied but its answer was lost, a retry makes a second object
 *   (or a second token) that no state file will ever know about.
 * - the rich menu image upload: an image can be set only once, so a retry after an unseen success is
 *   answered 400 "An image has already been uploaded", turning a success into a failure.
 * - the webhook test: it changes nothing, but it is limited to 60 an hour and a failed test is still a
 *   200, so a retry would only spend that budget.
 * - the batch without `resumeRequestKey` (see {@link isRetrySafe}).
 */
const IDEMPOTENT_POSTS: ReadonlySet<string> = new Set([
    "/v2/bot/richmenu/validate",
    "/v2/bot/richmenu/validate/batch",
    "/v2/bot/message/validate/reply",
    "/v2/bot/message/validate/push",
    "/v2/bot/message/validate/multicast",
    "/v2/bot/message/validate/narrowcast",
    "/v2/bot/message/validate/broadcast",
    "/v2/bot/user/all/richmenu/{richMenuId}",
    "/v2/bot/user/{userId}/richmenu/{richMenuId}",
    "/v2/bot/richmenu/alias/{richMenuAliasId}",
    "/v2/bot/richmenu/bulk/link",
    "/v2/bot/richmenu/bulk/unlink",
    "/v2/oauth/verify",
    "/v2/oauth/revoke",
]);

/**
 * PUTs that are not safe to repeat despite the method: re-activating an audience that the lost first
 * attempt already activated answers 400 `ALREADY_ACTIVE`.
 */
const NON_IDEMPOTENT_PUTS: ReadonlySet<string> = new Set([
    "/v2/bot/audienceGroup/{audienceGroupId}/activate",
]);

const BATCH_PATH = "/v2/bot/richmenu/batch";

/** Whether sending this request a second time is safe, whatever became of the first attempt. */
export function isRetrySafe(route: RetryRoute): boolean {
    // A streamed body (multipart file upload) is consumed by the first attempt and cannot be re-sent.
    if (route.body instanceof Stream) return false;
    switch (route.method.toUpperCase()) {
        case "GET":
        case "DELETE":
            // A DELETE repeated after an unseen success answers 404, which callers deleting treat as done.
            return true;
        case "PUT":
            // PUTs set a value (webhook URL, description). Adding IDs by JSON is append-only: a repeat
            // adds the same IDs again, which leaves the members as one attempt would (with one more
            // upload job listed).
            return !NON_IDEMPOTENT_PUTS.has(route.path);
        case "POST":
            if (route.path === BATCH_PATH) return hasResumeRequestKey(route.body);
            return IDEMPOTENT_POSTS.has(route.path);
        default:
            return false;
    }
}

/**
 * The batch re-links everyone on `from`; repeated without a key after an unseen success it runs again
 * over the new state and may mis-link users. With the same `resumeRequestKey` LINE resumes the first
 * run instead (only unfinished users are processed), which makes the repeat safe.
 */
function hasResumeRequestKey(body: unknown): boolean {
    if (typeof body !== "object" || body === null) return false;
    const key = (body as { resumeRequestKey?: unknown }).resumeRequestKey;
    return typeof key === "string" && key !== "";
}

/** Whether a failure may go away by itself: no response, 429, or 5xx. */
export function isTransientFailure(failure: RetryFailure): boolean {
    if (failure.status === undefined) return failure.transient;
    return failure.status === 429 || (failure.status >= 500 && failure.status <= 599);
}

/** The whole decision: a request is retried only when it is safe to repeat and the failure transient. */
export function shouldRetry(route: RetryRoute, failure: RetryFailure): boolean {
    return isRetrySafe(route) && isTransientFailure(failure);
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(["ECONNABORTED", "ETIMEDOUT"]);

/** Reduces an axios failure to what the policy needs. */
export function describeFailure(error: AxiosError): RetryFailure {
    if (error.response !== undefined) return { status: error.response.status, transient: false };
    // axios-retry's own test (which skips unsafe errors such as certificate failures and DNS misses),
    // plus timeouts, which LINE's retry guide lists as retryable and axios-retry does not.
    const transient = isNetworkError(error) || (error.code !== undefined && TIMEOUT_CODES.has(error.code));
    return { transient };
}

/**
 * Milliseconds to wait given a `Retry-After` header value (seconds or an HTTP date), or `undefined`
 * when absent or unreadable. LINE documents no `Retry-After`, but a proxy in front of it may send one.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
    if (typeof value !== "string" || value.trim() === "") return undefined;
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: base × 2^(n−1), the upper half randomised so that clients that
 * failed together do not retry together, never less than `Retry-After`, never more than `maxDelayMs`.
 */
export function backoffDelay(
    retryNumber: number,
    retryAfterMs: number | undefined,
    options: RetryOptions = {},
): number {
    const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    const random = options.random ?? Math.random;
    const step = Math.min(max, base * 2 ** Math.max(0, retryNumber - 1));
    const jittered = step / 2 + (random() * step) / 2;
    return Math.min(max, Math.max(jittered, retryAfterMs ?? 0));
}

/**
 * Called before each retry is sent (after the policy said yes) with the failure of the attempt before
 * it, e.g. to log that attempt and take a rate-limit token for the next.
 */
export type BeforeRetry = (retryNumber: number, error: AxiosError) => void | Promise<void>;

/**
 * The per-request axios-retry configuration. Passing it per request (rather than once per instance)
 * lets the decision see the path template and body, which the filled-in URL no longer shows.
 *
 * The backoff is waited on `timing` (the client's clock) at the end of `onRetry`, which axios-retry
 * awaits before it re-sends; its own timer, which only knows the wall clock, is given no delay.
 */
export function retryConfigFor(
    route: RetryRoute,
    options: RetryOptions | false | undefined,
    timing: Timing,
    beforeRetry: BeforeRetry,
): IAxiosRetryConfig {
    const retries = options === false ? 0 : (options?.retries ?? DEFAULT_RETRIES);
    const settings = options === false ? {} : (options ?? {});
    return {
        retries,
        // Each attempt gets the full timeout; otherwise a slow first attempt leaves a retry no time.
        shouldResetTimeout: true,
        retryCondition: error => shouldRetry(route, describeFailure(error)),
        retryDelay: () => 0,
        onRetry: async (retryNumber, error) => {
            const retryAfterMs = parseRetryAfter(error.response?.headers["retry-after"], timing.now());
            const delayMs = backoffDelay(retryNumber, retryAfterMs, settings);
            await beforeRetry(retryNumber, error);
            await timing.sleep(delayMs);
        },
    };
}
