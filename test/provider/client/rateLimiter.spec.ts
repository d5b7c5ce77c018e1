import assert from "node:assert/strict";
import { LineApiError } from "../../../provider/client";
import { ManualClock } from "../../../emulator";
import {
    channelKeyForToken,
    DEFAULT_SAFETY_FACTOR,
    LINE_RATE_LIMITS,
    RateLimiter,
    rateLimitGroupOf,
    resetRateLimitState,
    type RateLimitGroup,
    type RateLimitOptions,
} from "../../../provider/client/rateLimiter";
import type { Timing } from "../../../provider/client/timing";
import { useEmulator } from "../../support/emulator";
import { clientFor, fakeTiming, resetBeforeEach, wire } from "./fixtures";

let channelSeq = 0;
/**
 * A limiter on a channel no other test uses, since bucket state is shared by the process, on the given
 * clock. Paced at exactly the given rates (no safety factor) unless a test says otherwise, to keep the
 * arithmetic plain.
 */
function limiterFor(timing: Timing, options: RateLimitOptions): RateLimiter {
    channelSeq += 1;
    return new RateLimiter(`test-channel-${channelSeq}`, { safetyFactor: 1, ...options }, timing);
}

describe("client rate limiter", () => {
    afterEach(() => resetRateLimitState());

    describe("endpoint groups and LINE's published rates", () => {
        const rows: { method: string; path: string; group: RateLimitGroup; rate: string }[] = [
            { method: "POST", path: "/v2/bot/richmenu", group: "createRichMenu", rate: "100/h" },
            {
                method: "DELETE",
                path: "/v2/bot/richmenu/{richMenuId}",
                group: "deleteRichMenu",
                rate: "100/h",
            },
            {
                method: "DELETE",
                path: "/v2/bot/richmenu/alias/{richMenuAliasId}",
                group: "deleteRichMenuAlias",
                rate: "100/h",
            },
            { method: "POST", path: "/v2/bot/richmenu/batch", group: "richMenuBatch", rate: "3/h" },
            {
                method: "GET",
                path: "/v2/bot/richmenu/progress/batch",
                group: "richMenuBatchProgress",
                rate: "100/h",
            },
            { method: "GET", path: "/v2/bot/richmenu/list", group: "richMenuList", rate: "10/s" },
            { method: "POST", path: "/v2/bot/audienceGroup/upload", group: "audience", rate: "60/min" },
            { method: "PUT", path: "/v2/bot/audienceGroup/upload/byFile", group: "audience", rate: "60/min" },
            { method: "GET", path: "/v2/bot/audienceGroup/list", group: "audience", rate: "60/min" },
            {
                method: "DELETE",
                path: "/v2/bot/audienceGroup/{audienceGroupId}",
                group: "audience",
                rate: "60/min",
            },
            {
                method: "PUT",
                path: "/v2/bot/channel/webhook/endpoint",
                group: "webhookSettings",
                rate: "1000/min",
            },
            {
                method: "GET",
                path: "/v2/bot/channel/webhook/endpoint",
                group: "webhookSettings",
                rate: "1000/min",
            },
            { method: "POST", path: "/v2/bot/channel/webhook/test", group: "webhookTest", rate: "60/h" },
            { method: "POST", path: "/v2/oauth/accessToken", group: "shortLivedTokenIssue", rate: "370/s" },
            { method: "GET", path: "/v2/bot/richmenu/{richMenuId}", group: "default", rate: "2000/s" },
            { method: "POST", path: "/v2/bot/richmenu/validate", group: "default", rate: "2000/s" },
            { method: "GET", path: "/v2/bot/info", group: "default", rate: "2000/s" },
            { method: "POST", path: "/oauth2/v3/token", group: "default", rate: "2000/s" },
        ];
        const unit: Record<number, string> = { 1_000: "s", 60_000: "min", 3_600_000: "h" };
        for (const { method, path, group, rate } of rows) {
            it(`paces ${method} ${path} at ${rate}`, () => {
                assert.equal(rateLimitGroupOf(method, path), group);
                const limit = LINE_RATE_LIMITS[group];
                assert.equal(`${limit.requests}/${unit[limit.periodMs]}`, rate);
            });
        }
    });

    it("lets a full bucket's worth through at once, then waits one refill interval per call", async () => {
        const limiter = limiterFor(fakeTiming(), {
            limits: { createRichMenu: { requests: 3, periodMs: 3_000 } },
        });
        const waits: number[] = [];
        for (let i = 0; i < 5; i++) waits.push(await limiter.acquire("POST", "/v2/bot/richmenu"));
        assert.deepEqual(waits, [0, 0, 0, 1_000, 1_000]);
    });

    it("refills gradually with time, up to the bucket's size", async () => {
        const time = fakeTiming();
        const limiter = limiterFor(time, { limits: { default: { requests: 2, periodMs: 1_000 } } });
        await limiter.acquire("GET", "/v2/bot/info");
        await limiter.acquire("GET", "/v2/bot/info");
        time.advance(500); // one token back
        assert.equal(await limiter.acquire("GET", "/v2/bot/info"), 0);
        time.advance(60_000); // long idle: still only two
        assert.equal(await limiter.acquire("GET", "/v2/bot/info"), 0);
        assert.equal(await limiter.acquire("GET", "/v2/bot/info"), 0);
        assert.equal(await limiter.acquire("GET", "/v2/bot/info"), 500);
    });

    it("serves concurrent callers in call order, each waiting its own share", async () => {
        // Time stands still while the four calls queue up, as it would within one tick.
        const standingStill: Timing = { now: () => 0, sleep: async () => {} };
        const limiter = limiterFor(standingStill, {
            limits: { richMenuBatch: { requests: 1, periodMs: 1_000 } },
        });
        const waits = await Promise.all(
            [1, 2, 3, 4].map(() => limiter.acquire("POST", "/v2/bot/richmenu/batch")),
        );
        assert.deepEqual(waits, [0, 1_000, 2_000, 3_000]);
    });

    it("runs faster with a time scale (3 per hour becomes 3 per second at 3600x)", async () => {
        const limiter = limiterFor(fakeTiming(), { timeScale: 3_600 });
        const waits: number[] = [];
        for (let i = 0; i < 4; i++) waits.push(await limiter.acquire("POST", "/v2/bot/richmenu/batch"));
        assert.deepEqual(waits, [0, 0, 0, 334], "333.3 ms, rounded up to whole milliseconds");
    });

    it("by default refills at 95% of LINE's rate, to absorb differences in travel time", async () => {
        const limiter = limiterFor(fakeTiming(), {
            safetyFactor: undefined,
            limits: { default: { requests: 1, periodMs: 950 } },
        });
        await limiter.acquire("GET", "/v2/bot/info");
        assert.equal(await limiter.acquire("GET", "/v2/bot/info"), 1_000);
    });

    it("keeps one bucket per endpoint: another method or path does not share it", async () => {
        const limiter = limiterFor(fakeTiming(), {
            limits: { webhookSettings: { requests: 1, periodMs: 1_000 } },
        });
        assert.equal(await limiter.acquire("PUT", "/v2/bot/channel/webhook/endpoint"), 0);
        assert.equal(await limiter.acquire("GET", "/v2/bot/channel/webhook/endpoint"), 0);
        assert.equal(await limiter.acquire("PUT", "/v2/bot/channel/webhook/endpoint"), 1_000);
    });

    it("shares a channel's buckets between limiters of that channel, and only of that channel", async () => {
        const time = fakeTiming();
        const options = {
            safetyFactor: 1,
            limits: { richMenuList: { requests: 1, periodMs: 1_000 } },
        };
        const first = new RateLimiter("shared-channel", options, time);
        const second = new RateLimiter("shared-channel", options, time);
        const other = new RateLimiter("other-channel", options, time);
        assert.equal(await first.acquire("GET", "/v2/bot/richmenu/list"), 0);
        assert.equal(await other.acquire("GET", "/v2/bot/richmenu/list"), 0);
        assert.equal(await second.acquire("GET", "/v2/bot/richmenu/list"), 1_000);
    });

    it("keys a channel by a hash prefix of its token, never the token", () => {
        const token = "a-channel-access-token";
        const key = channelKeyForToken(token);
        assert.match(key, /^token-sha256:[0-9a-f]{16}$/);
        assert.equal(key.includes(token), false);
        assert.equal(channelKeyForToken(token), key, "stable, so clients of one channel share buckets");
        assert.notEqual(channelKeyForToken("another-token"), key);
    });

    it("refuses settings that would never refill", () => {
        assert.throws(() => new RateLimiter("x", { timeScale: 0 }), RangeError);
        assert.throws(() => new RateLimiter("x", { safetyFactor: 1.5 }), RangeError);
        assert.throws(
            () => new RateLimiter("x", { limits: { default: { requests: 0, periodMs: 1_000 } } }),
            RangeError,
        );
    });
});

describe("client pacing (against the emulator's rate limits)", () => {
    // One clock for both sides: the client's waits move the emulator's time, so LINE's batch limit of
    // 3 an hour is crossed without waiting for it.
    const clock = new ManualClock();
    const line = useEmulator({ clock, rateLimits: true });
    resetBeforeEach(line);

    /**
     * The limiter's clock and sleep on the shared clock. A sleep ends, at the time it was due, once every
     * call ahead of it (the `ahead` that found a token, and the sleepers before it) has reached LINE, as
     * with real timers and a fast network; nothing waits for wall time.
     */
    function pacedOnClock(ahead: number): { timing: Timing; sleeps: number[] } {
        const sleeps: number[] = [];
        const sleep = async (ms: number) => {
            const due = clock.now() + ms;
            const before = ahead + sleeps.length;
            sleeps.push(ms);
            while ((await line.control.requests()).length < before) {
                await new Promise(resolve => setImmediate(resolve));
            }
            if (clock.now() < due) clock.set(due);
        };
        return { timing: { now: () => clock.now(), sleep }, sleeps };
    }

    const burst = (client: ReturnType<typeof clientFor>) =>
        Promise.allSettled(
            Array.from({ length: 6 }, () => client.richMenuBatch({ operations: [{ type: "unlinkAll" }] })),
        );

    it("makes a burst over the bucket wait for tokens instead of collecting 429s", async () => {
        const { timing, sleeps } = pacedOnClock(3);
        const started = clock.now();

        const results = await burst(clientFor(line, { timing }));

        assert.deepEqual(
            results.map(r => r.status),
            Array(6).fill("fulfilled"),
        );
        // The last three waited one, two and three refills of LINE's 20 minutes (at 95% of its rate).
        const refillMs = Math.ceil((20 * 60_000) / DEFAULT_SAFETY_FACTOR);
        assert.deepEqual(
            sleeps.map(ms => Math.round(ms / refillMs)),
            [1, 2, 3],
        );
        assert.ok(clock.now() - started >= 3 * 20 * 60_000, "the emulator's bucket refilled as long");
        assert.deepEqual(await wire(line), Array(6).fill("POST /v2/bot/richmenu/batch 202"));
    });

    it("(the same burst unpaced runs into LINE's 429, so the bucket is real)", async () => {
        const results = await burst(clientFor(line, { rateLimit: false }));

        const statuses = results.map(r =>
            r.status === "fulfilled" ? 202 : LineApiError.isInstance(r.reason) && r.reason.status,
        );
        assert.deepEqual(statuses, [202, 202, 202, 429, 429, 429]);
    });
});
