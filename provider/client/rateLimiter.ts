import { createHash } from "node:crypto";
import { systemTiming, type Timing } from "./timing";

/**
 * Client-side pacing with LINE's published rate limits, so a large `pulumi up` waits for capacity
 * instead of collecting 429s (which LINE answers without any `Retry-After` to go by).
 *
 * LINE counts requests per channel and per endpoint (same URL with another method is another endpoint)
 * with token buckets that refill gradually. This module mirrors that: one bucket per channel key and
 * endpoint, sized and refilled by the limit of the endpoint's group. Bucket state is module-level so
 * that the many short-lived clients of one `pulumi up` share their budget; it is keyed by a channel key
 * that is never the token itself.
 */

/** Endpoint groups that share a published rate (each endpoint still has its own bucket). */
export type RateLimitGroup =
    | "createRichMenu"
    | "deleteRichMenu"
    | "deleteRichMenuAlias"
    | "richMenuBatch"
    | "richMenuBatchProgress"
    | "richMenuList"
    | "audience"
    | "webhookSettings"
    | "webhookTest"
    | "shortLivedTokenIssue"
    | "default";

/** `requests` per `periodMs`; also the bucket's capacity, so a fresh bucket allows that many at once. */
export interface RateLimit {
    readonly requests: number;
    readonly periodMs: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** LINE's published limits (Messaging API reference, "Rate limits"). */
export const LINE_RATE_LIMITS: Readonly<Record<RateLimitGroup, RateLimit>> = {
    createRichMenu: { requests: 100, periodMs: HOUR },
    deleteRichMenu: { requests: 100, periodMs: HOUR },
    deleteRichMenuAlias: { requests: 100, periodMs: HOUR },
    richMenuBatch: { requests: 3, periodMs: HOUR },
    richMenuBatchProgress: { requests: 100, periodMs: HOUR },
    richMenuList: { requests: 10, periodMs: SECOND },
    audience: { requests: 60, periodMs: MINUTE },
    webhookSettings: { requests: 1_000, periodMs: MINUTE },
    webhookTest: { requests: 60, periodMs: HOUR },
    shortLivedTokenIssue: { requests: 370, periodMs: SECOND },
    default: { requests: 2_000, periodMs: SECOND },
};

const GROUP_BY_ROUTE: ReadonlyMap<string, RateLimitGroup> = new Map<string, RateLimitGroup>([
    ["POST /v2/bot/richmenu", "createRichMenu"],
    ["DELETE /v2/bot/richmenu/{richMenuId}", "deleteRichMenu"],
    ["DELETE /v2/bot/richmenu/alias/{richMenuAliasId}", "deleteRichMenuAlias"],
    ["POST /v2/bot/richmenu/batch", "richMenuBatch"],
    ["GET /v2/bot/richmenu/progress/batch", "richMenuBatchProgress"],
    ["GET /v2/bot/richmenu/list", "richMenuList"],
    ["PUT /v2/bot/channel/webhook/endpoint", "webhookSettings"],
    ["GET /v2/bot/channel/webhook/endpoint", "webhookSettings"],
    ["POST /v2/bot/channel/webhook/test", "webhookTest"],
    ["POST /v2/oauth/accessToken", "shortLivedTokenIssue"],
]);

/** The group whose rate applies to an endpoint, given its method and path template. */
export function rateLimitGroupOf(method: string, pathTemplate: string): RateLimitGroup {
    const group = GROUP_BY_ROUTE.get(`${method.toUpperCase()} ${pathTemplate}`);
    if (group !== undefined) return group;
    // "All audience endpoints" share one published rate, on both hosts.
    if (pathTemplate.startsWith("/v2/bot/audienceGroup/")) return "audience";
    return "default";
}

/** How a client paces its calls. */
export interface RateLimitOptions {
    /**
     * Which channel's budget the calls draw from. Defaults to a SHA-256 prefix of the channel access
     * token, so two clients of one channel share a budget without the token being kept as a key.
     */
    readonly channelKey?: string;
    /** How much faster than real time buckets refill (tests, or an emulator run with a time scale). */
    readonly timeScale?: number;
    /**
     * The fraction of LINE's refill rate the client paces at; default {@link DEFAULT_SAFETY_FACTOR}.
     * LINE counts arrivals and the client counts departures: a request that travels faster than the one
     * before it arrives early by the difference and would find LINE's bucket a fraction short.
     */
    readonly safetyFactor?: number;
    /** Overrides of LINE's limits per group (tests use small buckets). */
    readonly limits?: Partial<Record<RateLimitGroup, RateLimit>>;
}

interface BucketState {
    tokens: number;
    updatedAt: number;
}

/** Refill at 95% of LINE's rate: about 1.9 s of slack per token at 100/h, 18 ms at 3/s. */
export const DEFAULT_SAFETY_FACTOR = 0.95;

const buckets = new Map<string, BucketState>();

/** Forgets every bucket (tests; a process normally keeps them for its lifetime). */
export function resetRateLimitState(): void {
    buckets.clear();
}

/** The default channel key: a short SHA-256 prefix, never the token. */
export function channelKeyForToken(token: string | undefined): string {
    if (token === undefined) return "anonymous";
    return `token-sha256:${createHash("sha256").update(token).digest("hex").slice(0, 16)}`;
}

/** Takes tokens from the buckets of one channel, waiting when a bucket is empty. */
export class RateLimiter {
    readonly #channelKey: string;
    /** Time scale times safety factor: how LINE's refill rate is scaled. */
    readonly #refillScale: number;
    readonly #limits: Readonly<Record<RateLimitGroup, RateLimit>>;
    readonly #timing: Timing;

    /** @param timing the clock buckets refill by and waits are taken on (the client's). */
    constructor(channelKey: string, options: RateLimitOptions = {}, timing: Timing = systemTiming) {
        const timeScale = options.timeScale ?? 1;
        if (!(timeScale > 0)) throw new RangeError(`rateLimit.timeScale must be positive, got ${timeScale}`);
        const safetyFactor = options.safetyFactor ?? DEFAULT_SAFETY_FACTOR;
        if (!(safetyFactor > 0 && safetyFactor <= 1)) {
            throw new RangeError(`rateLimit.safetyFactor must be in (0, 1], got ${safetyFactor}`);
        }
        const limits = { ...LINE_RATE_LIMITS, ...options.limits };
        for (const [group, limit] of Object.entries(limits)) {
            if (!(limit.requests > 0 && limit.periodMs > 0)) {
                throw new RangeError(`rateLimit.limits.${group} must allow a positive rate`);
            }
        }
        this.#channelKey = channelKey;
        this.#refillScale = timeScale * safetyFactor;
        this.#limits = limits;
        this.#timing = timing;
    }

    /**
     * Takes one token for the endpoint, waiting until the bucket has one. Resolves with the time waited
     * (in the limiter's clock).
     *
     * A caller reserves its token before waiting (the bucket may go negative), so concurrent callers are
     * served in call order and none can starve another.
     */
    async acquire(method: string, pathTemplate: string): Promise<number> {
        const limit = this.#limits[rateLimitGroupOf(method, pathTemplate)];
        const refillPerMs = (limit.requests / limit.periodMs) * this.#refillScale;
        const key = `${this.#channelKey}\u0000${method.toUpperCase()} ${pathTemplate}`;
        const now = this.#timing.now();

        const state = buckets.get(key) ?? { tokens: limit.requests, updatedAt: now };
        const elapsed = Math.max(0, now - state.updatedAt);
        state.tokens = Math.min(limit.requests, state.tokens + elapsed * refillPerMs) - 1;
        state.updatedAt = now;
        buckets.set(key, state);

        if (state.tokens >= 0) return 0;
        // Rounded up: timers count whole milliseconds, and waking a fraction early would send before
        // the token exists.
        const waitMs = Math.ceil(-state.tokens / refillPerMs);
        await this.#timing.sleep(waitMs);
        return waitMs;
    }
}
