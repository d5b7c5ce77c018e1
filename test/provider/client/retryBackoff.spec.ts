import assert from "node:assert/strict";
import type { InternalAxiosRequestConfig } from "axios";
import { LineApiError, type LineRequestEvent } from "../../../provider/client";
import {
    backoffDelay,
    parseRetryAfter,
    retryConfigFor,
    type RetryOptions,
} from "../../../provider/client/retry";
import { useEmulator } from "../../support/emulator";
import { axiosFailure, clientFor, failureOf, fakeTiming, resetBeforeEach, wire } from "./fixtures";

/**
 * How long a retry waits: exponential backoff with jitter, never less than `Retry-After`, waited on the
 * client's clock (a fake one here, so no test waits for it). What is retried is `retryPolicy.spec.ts`.
 */

describe("client retry policy: how long a retry waits", () => {
    describe("backoff", () => {
        it("doubles from the base delay, with the upper half jittered", () => {
            const low = { baseDelayMs: 100, random: () => 0 };
            const high = { baseDelayMs: 100, random: () => 0.999999 };
            assert.deepEqual(
                [1, 2, 3, 4].map(n => backoffDelay(n, undefined, low)),
                [50, 100, 200, 400],
            );
            assert.deepEqual(
                [1, 2, 3, 4].map(n => Math.round(backoffDelay(n, undefined, high))),
                [100, 200, 400, 800],
            );
        });

        it("never goes over the maximum", () => {
            const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
            assert.equal(backoffDelay(20, undefined, { ...options, random: () => 0 }), 500);
            assert.ok(backoffDelay(20, undefined, { ...options, random: () => 0.999999 }) <= 1_000);
        });

        it("waits at least as long as Retry-After asks, up to the maximum", () => {
            const options = { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0 };
            assert.equal(backoffDelay(1, 3_000, options), 3_000);
            assert.equal(backoffDelay(1, 60_000, options), 10_000);
        });
    });

    describe("Retry-After", () => {
        const now = Date.parse("2026-01-01T00:00:00Z");
        const rows: { value: unknown; expected: number | undefined }[] = [
            { value: "2", expected: 2_000 },
            { value: "0.5", expected: 500 },
            { value: "Thu, 01 Jan 2026 00:00:10 GMT", expected: 10_000 },
            { value: "Wed, 31 Dec 2025 23:59:00 GMT", expected: 0 },
            { value: "soon", expected: undefined },
            { value: "", expected: undefined },
            { value: undefined, expected: undefined },
        ];
        for (const { value, expected } of rows) {
            it(`reads ${JSON.stringify(value)} as ${String(expected)} ms`, () => {
                assert.equal(parseRetryAfter(value, now), expected);
            });
        }
    });

    describe("the wait, on the client's clock", () => {
        const route = { method: "GET", path: "/v2/bot/info" };
        const options: RetryOptions = { baseDelayMs: 100, random: () => 0 };
        const requestConfig = {} as InternalAxiosRequestConfig;

        it("gives axios-retry's own timer, which knows only the wall clock, no delay", () => {
            const config = retryConfigFor(route, options, fakeTiming(), () => undefined);
            assert.equal(config.retryDelay?.(1, axiosFailure({ status: 503 })), 0);
        });

        it("reports the failed attempt, then sleeps the backoff on the clock before the retry is sent", async () => {
            const timing = fakeTiming();
            const order: string[] = [];
            const config = retryConfigFor(route, options, timing, retryNumber => {
                order.push(`before retry ${retryNumber} (slept ${timing.sleeps.length})`);
            });
            for (const retryNumber of [1, 2, 3]) {
                await config.onRetry?.(retryNumber, axiosFailure({ status: 503 }), requestConfig);
            }
            assert.deepEqual(timing.sleeps, [50, 100, 200]);
            assert.deepEqual(order, [
                "before retry 1 (slept 0)",
                "before retry 2 (slept 1)",
                "before retry 3 (slept 2)",
            ]);
        });

        const retryAfter: { name: string; value: string; expected: number }[] = [
            { name: "3 seconds", value: "3", expected: 3_000 },
            {
                // Read against the client's clock, not the wall clock.
                name: "a date 10 s ahead of the client's clock",
                value: new Date(fakeTiming().now() + 10_000).toUTCString(),
                expected: 10_000,
            },
        ];
        for (const { name, value, expected } of retryAfter) {
            it(`sleeps as long as a Retry-After of ${name} asks`, async () => {
                const timing = fakeTiming();
                const config = retryConfigFor(route, options, timing, () => undefined);
                const error = axiosFailure({ status: 429, headers: { "retry-after": value } });
                await config.onRetry?.(1, error, requestConfig);
                assert.deepEqual(timing.sleeps, [expected]);
            });
        }
    });
});

describe("client retries: how long they wait (against the emulator, with injected faults)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    /**
     * Retries on with the default backoff (500 ms, doubling), jitter at its low end, on a clock that
     * records every wait and never waits for real time; every attempt reported.
     */
    function retryingClient(events: LineRequestEvent[] = [], timeoutMs?: number) {
        const timing = fakeTiming();
        const client = clientFor(line, {
            retry: { retries: 3, random: () => 0 },
            timing,
            onRequest: event => events.push(event),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        });
        return { client, sleeps: timing.sleeps };
    }

    it("retries a GET answered 503 until it succeeds", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 503, times: 2 });
        const events: LineRequestEvent[] = [];
        const { client, sleeps } = retryingClient(events);

        const info = await client.getBotInfo();

        assert.equal(info.userId, line.emulator.channels[0]?.botUserId);
        assert.deepEqual(await wire(line), [
            "GET /v2/bot/info 503",
            "GET /v2/bot/info 503",
            "GET /v2/bot/info 200",
        ]);
        assert.deepEqual(
            events.map(e => [e.attempt, e.outcome, e.status]),
            [
                [1, "retry", 503],
                [2, "retry", 503],
                [3, "success", 200],
            ],
        );
        assert.deepEqual(sleeps, [250, 500], "half of 500 ms, then of 1 s");
        assert.equal(events[2]?.elapsedMs, 750, "the call's time includes the waits, on the client's clock");
    });

    it("retries a GET that timed out", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", delayMs: 300, times: 1 });

        const events: LineRequestEvent[] = [];

        await retryingClient(events, 100).client.getBotInfo();

        assert.deepEqual(
            events.map(e => [e.attempt, e.outcome, e.status]),
            [
                [1, "retry", undefined],
                [2, "success", 200],
            ],
        );
        assert.match(events[0]?.error ?? "", /failed without a response: ETIMEDOUT/);
        // The emulator still answers the abandoned first attempt; wait for it so it cannot land in the
        // next test's log.
        while ((await line.control.requests()).length < 2)
            await new Promise(resolve => setTimeout(resolve, 20));
    });

    it("gives up after the configured number of retries, with the last answer", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 502, times: 10 });
        const { client, sleeps } = retryingClient();

        const error = await failureOf(() => client.getBotInfo());

        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 502);
        assert.equal((await wire(line)).length, 4, "the first attempt and 3 retries");
        assert.deepEqual(sleeps, [250, 500, 1_000], "no wait after the last answer");
    });
});
