import type { Clock } from "./clock";

/** `requests` per `periodMs`, refilled continuously (LINE uses token buckets, not fixed windows). */
export interface RateLimit {
    readonly requests: number;
    readonly periodMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Everything LINE does not list separately (https://developers.line.biz/en/reference/messaging-api/#rate-limits),
 * among them reply, push, the quota, and the number and names of the aggregation units used this
 * month (`getAggregationUnitUsage`, `getAggregationUnitNameList`): "other endpoints", 2,000 a second.
 */
export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 2000, periodMs: SECOND };

const AUDIENCE_RATE: RateLimit = { requests: 60, periodMs: MINUTE };
const WEBHOOK_SETTINGS_RATE: RateLimit = { requests: 1000, periodMs: MINUTE };

/** LINE's published limits per endpoint, keyed by LINE's operation name (https://developers.line.biz/en/reference/messaging-api/#rate-limits). */
export const LINE_RATE_LIMITS: Readonly<Record<string, RateLimit>> = {
    createRichMenu: { requests: 100, periodMs: HOUR },
    deleteRichMenu: { requests: 100, periodMs: HOUR },
    deleteRichMenuAlias: { requests: 100, periodMs: HOUR },
    getRichMenuBatchProgress: { requests: 100, periodMs: HOUR },
    richMenuBatch: { requests: 3, periodMs: HOUR },
    getRichMenuList: { requests: 10, periodMs: SECOND },
    testWebhookEndpoint: { requests: 60, periodMs: HOUR },
    setWebhookEndpoint: WEBHOOK_SETTINGS_RATE,
    getWebhookEndpoint: WEBHOOK_SETTINGS_RATE,
    issueChannelToken: { requests: 370, periodMs: SECOND },
    multicast: { requests: 200, periodMs: SECOND },
    broadcast: { requests: 60, periodMs: HOUR },
    narrowcast: { requests: 60, periodMs: HOUR },
    getNumberOfFollowers: { requests: 60, periodMs: HOUR },
    getNumberOfMessageDeliveries: { requests: 60, periodMs: HOUR },
    getFriendsDemographics: { requests: 60, periodMs: HOUR },
    createAudienceGroup: AUDIENCE_RATE,
    createAudienceForUploadingUserIds: AUDIENCE_RATE,
    addAudienceToAudienceGroup: AUDIENCE_RATE,
    addUserIdsToAudience: AUDIENCE_RATE,
    createClickBasedAudienceGroup: AUDIENCE_RATE,
    createImpBasedAudienceGroup: AUDIENCE_RATE,
    updateAudienceGroupDescription: AUDIENCE_RATE,
    deleteAudienceGroup: AUDIENCE_RATE,
    getAudienceData: AUDIENCE_RATE,
    getAudienceGroups: AUDIENCE_RATE,
    activateAudienceGroup: AUDIENCE_RATE,
    getAudienceGroupAuthorityLevel: AUDIENCE_RATE,
    updateAudienceGroupAuthorityLevel: AUDIENCE_RATE,
};

export interface RateLimiterOptions {
    readonly clock: Clock;
    /**
     * Makes buckets refill this many times faster than the clock runs (3600: an hour's quota comes
     * back in a second). Applies on top of the clock's own time scale.
     */
    readonly timeScale?: number;
    /** False turns every limit off. */
    readonly enabled?: boolean;
    readonly limits?: Readonly<Record<string, RateLimit>>;
}

interface Bucket {
    tokens: number;
    updatedAt: number;
}

/** One token bucket per channel and endpoint: the same URL with another method is another endpoint. */
export class RateLimiter {
    private readonly buckets = new Map<string, Bucket>();
    private readonly clock: Clock;
    private readonly timeScale: number;
    private readonly limits: Readonly<Record<string, RateLimit>>;
    readonly enabled: boolean;

    constructor(options: RateLimiterOptions) {
        this.clock = options.clock;
        this.timeScale = options.timeScale ?? 1;
        this.enabled = options.enabled ?? true;
        this.limits = options.limits ?? LINE_RATE_LIMITS;
        if (!(this.timeScale > 0)) throw new RangeError("rate limit timeScale must be positive");
    }

    limitFor(operation: string): RateLimit {
        return this.limits[operation] ?? DEFAULT_RATE_LIMIT;
    }

    /** Takes one token for the call; false means LINE would answer 429. */
    tryTake(channel: string, operation: string): boolean {
        if (!this.enabled) return true;
        const limit = this.limitFor(operation);
        const key = `${channel}\u0000${operation}`;
        const now = this.clock.now();
        const bucket = this.buckets.get(key) ?? { tokens: limit.requests, updatedAt: now };
        const refill =
            (Math.max(0, now - bucket.updatedAt) * this.timeScale * limit.requests) / limit.periodMs;
        bucket.tokens = Math.min(limit.requests, bucket.tokens + refill);
        bucket.updatedAt = now;
        this.buckets.set(key, bucket);
        if (bucket.tokens < 1) return false;
        bucket.tokens -= 1;
        return true;
    }

    reset(): void {
        this.buckets.clear();
    }
}
