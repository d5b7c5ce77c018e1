import assert from "node:assert/strict";
import { LINE_RATE_LIMITS, ManualClock, RateLimiter } from "../../emulator";
import { useEmulator } from "../support/emulator";
import { createRichMenu, menuRequest } from "./fixtures";

const HOUR = 3_600_000;
const RATE_LIMITED = { message: "The API rate limit has been exceeded. Try again later." };

describe("emulator: rate limits", () => {
    describe("RateLimiter (token buckets)", () => {
        it("publishes LINE's limits per operation", () => {
            const table = Object.fromEntries(
                [
                    "createRichMenu",
                    "deleteRichMenu",
                    "deleteRichMenuAlias",
                    "richMenuBatch",
                    "getRichMenuBatchProgress",
                    "getRichMenuList",
                    "getAudienceData",
                    "setWebhookEndpoint",
                    "testWebhookEndpoint",
                    "multicast",
                    "broadcast",
                    "narrowcast",
                ].map(op => [op, LINE_RATE_LIMITS[op]]),
            );
            assert.deepEqual(table, {
                createRichMenu: { requests: 100, periodMs: HOUR },
                deleteRichMenu: { requests: 100, periodMs: HOUR },
                deleteRichMenuAlias: { requests: 100, periodMs: HOUR },
                richMenuBatch: { requests: 3, periodMs: HOUR },
                getRichMenuBatchProgress: { requests: 100, periodMs: HOUR },
                getRichMenuList: { requests: 10, periodMs: 1000 },
                getAudienceData: { requests: 60, periodMs: 60_000 },
                setWebhookEndpoint: { requests: 1000, periodMs: 60_000 },
                testWebhookEndpoint: { requests: 60, periodMs: HOUR },
                multicast: { requests: 200, periodMs: 1000 },
                broadcast: { requests: 60, periodMs: HOUR },
                narrowcast: { requests: 60, periodMs: HOUR },
            });
            // Reply, push and the aggregation unit reads share LINE's default of 2,000 a second.
            for (const op of [
                "replyMessage",
                "pushMessage",
                "getAggregationUnitUsage",
                "getAggregationUnitNameList",
            ])
                assert.deepEqual(new RateLimiter({ clock: new ManualClock() }).limitFor(op), {
                    requests: 2000,
                    periodMs: 1000,
                });
            assert.deepEqual(new RateLimiter({ clock: new ManualClock() }).limitFor("getBotInfo"), {
                requests: 2000,
                periodMs: 1000,
            });
        });

        it("refills gradually rather than resetting a window", () => {
            const clock = new ManualClock();
            const limiter = new RateLimiter({ clock });
            for (let i = 0; i < 3; i++) assert.equal(limiter.tryTake("c", "richMenuBatch"), true);
            assert.equal(limiter.tryTake("c", "richMenuBatch"), false);
            clock.advance(HOUR / 3 - 1);
            assert.equal(limiter.tryTake("c", "richMenuBatch"), false);
            clock.advance(1);
            assert.equal(limiter.tryTake("c", "richMenuBatch"), true);
            assert.equal(limiter.tryTake("c", "richMenuBatch"), false);
        });

        it("keeps one bucket per channel and per endpoint", () => {
            const limiter = new RateLimiter({ clock: new ManualClock() });
            for (let i = 0; i < 3; i++) limiter.tryTake("a", "richMenuBatch");
            assert.equal(limiter.tryTake("a", "richMenuBatch"), false);
            assert.equal(limiter.tryTake("b", "richMenuBatch"), true);
            assert.equal(limiter.tryTake("a", "validateRichMenuBatchRequest"), true);
        });

        it("refills timeScale times faster", () => {
            const clock = new ManualClock();
            const limiter = new RateLimiter({ clock, timeScale: 3600 });
            for (let i = 0; i < 3; i++) limiter.tryTake("c", "richMenuBatch");
            clock.advance(Math.ceil(HOUR / 3 / 3600));
            assert.equal(limiter.tryTake("c", "richMenuBatch"), true);
        });

        it("can be turned off", () => {
            const limiter = new RateLimiter({ clock: new ManualClock(), enabled: false });
            for (let i = 0; i < 10; i++) assert.equal(limiter.tryTake("c", "richMenuBatch"), true);
        });
    });

    describe("through the server", () => {
        const clock = new ManualClock();
        const line = useEmulator({
            clock,
            resetBeforeEach: true,
            channels: [
                { name: "shop", accessToken: "shop-token" },
                { name: "cafe", accessToken: "cafe-token" },
            ],
        });

        it("answers the 101st create within an hour with 429 and LINE's body; other channels are unaffected", async () => {
            for (let i = 0; i < 100; i++) await createRichMenu(line);
            const limited = await line.call("POST", "/v2/bot/richmenu", { json: menuRequest() });
            assert.equal(limited.status, 429);
            assert.deepEqual(limited.body, RATE_LIMITED);
            assert.equal(
                (await line.call("POST", "/v2/bot/richmenu", { json: menuRequest(), token: "cafe-token" }))
                    .status,
                200,
            );
            assert.equal(
                (await line.call("POST", "/v2/bot/richmenu/validate", { json: menuRequest() })).status,
                200,
            );
            clock.advance(HOUR / 100);
            assert.equal((await line.call("POST", "/v2/bot/richmenu", { json: menuRequest() })).status, 200);
        });

        it("limits the rich menu list to 10 a second and batch runs to 3 an hour", async () => {
            for (let i = 0; i < 10; i++)
                assert.equal((await line.call("GET", "/v2/bot/richmenu/list")).status, 200);
            assert.equal((await line.call("GET", "/v2/bot/richmenu/list")).status, 429);
            const batch = { operations: [{ type: "unlinkAll" }] };
            for (let i = 0; i < 3; i++)
                assert.equal(
                    (await line.call("POST", "/v2/bot/richmenu/batch", { json: batch })).status,
                    202,
                );
            assert.equal((await line.call("POST", "/v2/bot/richmenu/batch", { json: batch })).status, 429);
            assert.equal(
                (await line.call("POST", "/v2/bot/richmenu/validate/batch", { json: batch })).status,
                200,
            );
        });

        it("limits audience endpoints to 60 a minute each", async () => {
            for (let i = 0; i < 60; i++)
                assert.equal((await line.call("GET", "/v2/bot/audienceGroup/list?page=1")).status, 200);
            assert.equal((await line.call("GET", "/v2/bot/audienceGroup/list?page=1")).status, 429);
            assert.equal((await line.call("GET", "/v2/bot/audienceGroup/authorityLevel")).status, 200);
        });

        it("starts afresh after a reset", async () => {
            for (let i = 0; i < 10; i++) await line.call("GET", "/v2/bot/richmenu/list");
            await line.control.reset();
            assert.equal((await line.call("GET", "/v2/bot/richmenu/list")).status, 200);
        });
    });

    describe("with a rate limit time scale (as the CLI runs)", () => {
        const clock = new ManualClock();
        const line = useEmulator({ clock, rateLimits: { timeScale: 3600 } });

        it("gives back an hour's quota within a second", async () => {
            const batch = { operations: [{ type: "unlinkAll" }] };
            const post = async () =>
                (await line.call("POST", "/v2/bot/richmenu/batch", { json: batch })).status;
            for (let i = 0; i < 3; i++) assert.equal(await post(), 202);
            assert.equal(await post(), 429);
            // 3/hour at 3600x: one batch comes back every 333⅓ ms.
            clock.advance(333);
            assert.equal(await post(), 429);
            clock.advance(1);
            assert.equal(await post(), 202);
            assert.deepEqual(
                (await line.control.requests()).map(r => `${r.method} ${r.path} ${r.status}`),
                [
                    ...Array(3).fill("POST /v2/bot/richmenu/batch 202"),
                    ...Array(2).fill("POST /v2/bot/richmenu/batch 429"),
                    "POST /v2/bot/richmenu/batch 202",
                ],
            );
            // Only the accepted batches were recorded.
            assert.equal((await line.control.state<{ batches: unknown[] }>()).batches.length, 4);
        });
    });

    describe("turned off", () => {
        const line = useEmulator({ rateLimits: false });

        it("never answers 429", async () => {
            const batch = { operations: [{ type: "unlinkAll" }] };
            for (let i = 0; i < 5; i++)
                assert.equal(
                    (await line.call("POST", "/v2/bot/richmenu/batch", { json: batch })).status,
                    202,
                );
        });
    });
});
