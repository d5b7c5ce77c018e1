import assert from "node:assert/strict";
import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import FormData from "form-data";
import { LineApiError, LineNetworkError, type LineRequestEvent } from "../../../provider/client";
import {
    backoffDelay,
    describeFailure,
    isRetrySafe,
    isTransientFailure,
    parseRetryAfter,
    shouldRetry,
    type RetryRoute,
} from "../../../provider/client/retry";
import { useEmulator } from "../../support/emulator";
import { clientFor, failureOf, fakeTiming, menuRequest, resetBeforeEach, stateOf, wire } from "./fixtures";

/** Every operation of the client, with whether a transient failure of it is retried. */
const DECISIONS: { operation: string; route: RetryRoute; retried: boolean }[] = [
    // Rich menus
    { operation: "createRichMenu", route: { method: "POST", path: "/v2/bot/richmenu" }, retried: false },
    {
        operation: "validateRichMenuObject",
        route: { method: "POST", path: "/v2/bot/richmenu/validate" },
        retried: true,
    },
    {
        operation: "getRichMenu",
        route: { method: "GET", path: "/v2/bot/richmenu/{richMenuId}" },
        retried: true,
    },
    { operation: "getRichMenuList", route: { method: "GET", path: "/v2/bot/richmenu/list" }, retried: true },
    {
        operation: "deleteRichMenu",
        route: { method: "DELETE", path: "/v2/bot/richmenu/{richMenuId}" },
        retried: true,
    },
    {
        operation: "setRichMenuImage",
        route: { method: "POST", path: "/v2/bot/richmenu/{richMenuId}/content" },
        retried: false,
    },
    {
        operation: "getRichMenuImage",
        route: { method: "GET", path: "/v2/bot/richmenu/{richMenuId}/content" },
        retried: true,
    },
    {
        operation: "setDefaultRichMenu",
        route: { method: "POST", path: "/v2/bot/user/all/richmenu/{richMenuId}" },
        retried: true,
    },
    {
        operation: "getDefaultRichMenuId",
        route: { method: "GET", path: "/v2/bot/user/all/richmenu" },
        retried: true,
    },
    {
        operation: "cancelDefaultRichMenu",
        route: { method: "DELETE", path: "/v2/bot/user/all/richmenu" },
        retried: true,
    },
    {
        operation: "createRichMenuAlias",
        route: { method: "POST", path: "/v2/bot/richmenu/alias" },
        retried: false,
    },
    {
        operation: "updateRichMenuAlias",
        route: { method: "POST", path: "/v2/bot/richmenu/alias/{richMenuAliasId}" },
        retried: true,
    },
    {
        operation: "getRichMenuAlias",
        route: { method: "GET", path: "/v2/bot/richmenu/alias/{richMenuAliasId}" },
        retried: true,
    },
    {
        operation: "getRichMenuAliasList",
        route: { method: "GET", path: "/v2/bot/richmenu/alias/list" },
        retried: true,
    },
    {
        operation: "deleteRichMenuAlias",
        route: { method: "DELETE", path: "/v2/bot/richmenu/alias/{richMenuAliasId}" },
        retried: true,
    },
    {
        operation: "linkRichMenuIdToUser",
        route: { method: "POST", path: "/v2/bot/user/{userId}/richmenu/{richMenuId}" },
        retried: true,
    },
    {
        operation: "getRichMenuIdOfUser",
        route: { method: "GET", path: "/v2/bot/user/{userId}/richmenu" },
        retried: true,
    },
    {
        operation: "unlinkRichMenuIdFromUser",
        route: { method: "DELETE", path: "/v2/bot/user/{userId}/richmenu" },
        retried: true,
    },
    {
        operation: "linkRichMenuIdToUsers",
        route: { method: "POST", path: "/v2/bot/richmenu/bulk/link" },
        retried: true,
    },
    {
        operation: "unlinkRichMenuIdFromUsers",
        route: { method: "POST", path: "/v2/bot/richmenu/bulk/unlink" },
        retried: true,
    },
    {
        operation: "richMenuBatch without resumeRequestKey",
        route: {
            method: "POST",
            path: "/v2/bot/richmenu/batch",
            body: { operations: [{ type: "unlinkAll" }] },
        },
        retried: false,
    },
    {
        operation: "richMenuBatch with resumeRequestKey",
        route: {
            method: "POST",
            path: "/v2/bot/richmenu/batch",
            body: { operations: [{ type: "unlinkAll" }], resumeRequestKey: "run-1" },
        },
        retried: true,
    },
    {
        operation: "validateRichMenuBatchRequest",
        route: { method: "POST", path: "/v2/bot/richmenu/validate/batch" },
        retried: true,
    },
    {
        operation: "getRichMenuBatchProgress",
        route: { method: "GET", path: "/v2/bot/richmenu/progress/batch" },
        retried: true,
    },
    // Webhook
    {
        operation: "setWebhookEndpoint",
        route: { method: "PUT", path: "/v2/bot/channel/webhook/endpoint" },
        retried: true,
    },
    {
        operation: "getWebhookEndpoint",
        route: { method: "GET", path: "/v2/bot/channel/webhook/endpoint" },
        retried: true,
    },
    {
        operation: "testWebhookEndpoint",
        route: { method: "POST", path: "/v2/bot/channel/webhook/test" },
        retried: false,
    },
    // Audiences
    {
        operation: "createAudienceGroup",
        route: { method: "POST", path: "/v2/bot/audienceGroup/upload" },
        retried: false,
    },
    {
        operation: "createAudienceForUploadingUserIds",
        route: { method: "POST", path: "/v2/bot/audienceGroup/upload/byFile", body: new FormData() },
        retried: false,
    },
    {
        operation: "addAudienceToAudienceGroup",
        route: { method: "PUT", path: "/v2/bot/audienceGroup/upload" },
        retried: true,
    },
    {
        operation: "addUserIdsToAudience (streamed file)",
        route: { method: "PUT", path: "/v2/bot/audienceGroup/upload/byFile", body: new FormData() },
        retried: false,
    },
    {
        operation: "createClickBasedAudienceGroup",
        route: { method: "POST", path: "/v2/bot/audienceGroup/click" },
        retried: false,
    },
    {
        operation: "createImpBasedAudienceGroup",
        route: { method: "POST", path: "/v2/bot/audienceGroup/imp" },
        retried: false,
    },
    {
        operation: "updateAudienceGroupDescription",
        route: { method: "PUT", path: "/v2/bot/audienceGroup/{audienceGroupId}/updateDescription" },
        retried: true,
    },
    {
        operation: "deleteAudienceGroup",
        route: { method: "DELETE", path: "/v2/bot/audienceGroup/{audienceGroupId}" },
        retried: true,
    },
    {
        operation: "getAudienceData",
        route: { method: "GET", path: "/v2/bot/audienceGroup/{audienceGroupId}" },
        retried: true,
    },
    {
        operation: "getAudienceGroups",
        route: { method: "GET", path: "/v2/bot/audienceGroup/list" },
        retried: true,
    },
    {
        operation: "activateAudienceGroup (a repeat answers ALREADY_ACTIVE)",
        route: { method: "PUT", path: "/v2/bot/audienceGroup/{audienceGroupId}/activate" },
        retried: false,
    },
    {
        operation: "getAudienceGroupAuthorityLevel",
        route: { method: "GET", path: "/v2/bot/audienceGroup/authorityLevel" },
        retried: true,
    },
    {
        operation: "updateAudienceGroupAuthorityLevel",
        route: { method: "PUT", path: "/v2/bot/audienceGroup/authorityLevel" },
        retried: true,
    },
    // Bot info
    { operation: "getBotInfo", route: { method: "GET", path: "/v2/bot/info" }, retried: true },
    // Channel access tokens
    {
        operation: "issueStatelessChannelToken",
        route: { method: "POST", path: "/oauth2/v3/token" },
        retried: false,
    },
    {
        operation: "issueChannelToken",
        route: { method: "POST", path: "/v2/oauth/accessToken" },
        retried: false,
    },
    { operation: "verifyChannelToken", route: { method: "POST", path: "/v2/oauth/verify" }, retried: true },
    { operation: "revokeChannelToken", route: { method: "POST", path: "/v2/oauth/revoke" }, retried: true },
    // Message validation
    ...["reply", "push", "multicast", "narrowcast", "broadcast"].map(kind => ({
        operation: `validate ${kind}`,
        route: { method: "POST", path: `/v2/bot/message/validate/${kind}` },
        retried: true,
    })),
];

function axiosFailure(fields: {
    status?: number;
    code?: string;
    headers?: Record<string, string>;
}): AxiosError {
    const config = { headers: new AxiosHeaders(), method: "get" } as InternalAxiosRequestConfig;
    const response =
        fields.status === undefined
            ? undefined
            : ({
                  status: fields.status,
                  statusText: "",
                  headers: new AxiosHeaders(fields.headers ?? {}),
                  data: {},
                  config,
              } satisfies AxiosResponse);
    return new AxiosError("failed", fields.code, config, {}, response);
}

describe("client retry policy", () => {
    describe("which requests are safe to repeat", () => {
        for (const { operation, route, retried } of DECISIONS) {
            it(`${retried ? "retries" : "never retries"} ${operation}`, () => {
                assert.equal(isRetrySafe(route), retried);
            });
        }
    });

    describe("which failures may go away by themselves", () => {
        const rows: { failure: string; status?: number; transient?: boolean; expected: boolean }[] = [
            { failure: "a connection reset", transient: true, expected: true },
            { failure: "a certificate error", transient: false, expected: false },
            { failure: "429", status: 429, expected: true },
            { failure: "500", status: 500, expected: true },
            { failure: "502", status: 502, expected: true },
            { failure: "503", status: 503, expected: true },
            { failure: "504", status: 504, expected: true },
            { failure: "400", status: 400, expected: false },
            { failure: "401", status: 401, expected: false },
            { failure: "403", status: 403, expected: false },
            { failure: "404", status: 404, expected: false },
            { failure: "409", status: 409, expected: false },
            { failure: "413", status: 413, expected: false },
            { failure: "415", status: 415, expected: false },
        ];
        for (const { failure, status, transient, expected } of rows) {
            it(`${expected ? "retries" : "does not retry"} after ${failure}`, () => {
                const described = {
                    transient: transient ?? false,
                    ...(status !== undefined ? { status } : {}),
                };
                assert.equal(isTransientFailure(described), expected);
            });
        }
    });

    it("retries only a safe request after a transient failure", () => {
        const get = { method: "GET", path: "/v2/bot/info" };
        const create = { method: "POST", path: "/v2/bot/richmenu" };
        assert.equal(shouldRetry(get, { status: 503, transient: false }), true);
        assert.equal(shouldRetry(get, { status: 400, transient: false }), false);
        assert.equal(shouldRetry(create, { status: 500, transient: false }), false);
        assert.equal(shouldRetry(create, { transient: true }), false);
    });

    describe("reading an axios failure", () => {
        const rows: { name: string; error: AxiosError; expected: ReturnType<typeof describeFailure> }[] = [
            {
                name: "a response",
                error: axiosFailure({ status: 503 }),
                expected: { status: 503, transient: false },
            },
            {
                name: "a connection reset",
                error: axiosFailure({ code: "ECONNRESET" }),
                expected: { transient: true },
            },
            {
                name: "a refused connection",
                error: axiosFailure({ code: "ECONNREFUSED" }),
                expected: { transient: true },
            },
            { name: "a timeout", error: axiosFailure({ code: "ETIMEDOUT" }), expected: { transient: true } },
            {
                name: "a cancellation",
                error: axiosFailure({ code: "ERR_CANCELED" }),
                expected: { transient: false },
            },
            {
                name: "a DNS miss",
                error: axiosFailure({ code: "ENOTFOUND" }),
                expected: { transient: false },
            },
        ];
        for (const { name, error, expected } of rows) {
            it(`classifies ${name}`, () => assert.deepEqual(describeFailure(error), expected));
        }
    });

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
});

describe("client retries (against the emulator, with injected faults)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    /** Retries on, on a clock that never waits for real time, with every attempt reported. */
    function retryingClient(events: LineRequestEvent[] = [], timeoutMs?: number) {
        return clientFor(line, {
            retry: { retries: 3 },
            timing: fakeTiming(),
            onRequest: event => events.push(event),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        });
    }

    it("retries a GET answered 503 until it succeeds", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 503, times: 2 });
        const events: LineRequestEvent[] = [];

        const info = await retryingClient(events).getBotInfo();

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
    });

    it("retries a GET whose connection was reset", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/richmenu/list", reset: true, times: 1 });

        const list = await retryingClient().getRichMenuList();

        assert.deepEqual(list, { richmenus: [] });
        assert.deepEqual(await wire(line), ["GET /v2/bot/richmenu/list 0", "GET /v2/bot/richmenu/list 200"]);
    });

    it("retries a GET that timed out", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", delayMs: 300, times: 1 });

        const events: LineRequestEvent[] = [];

        await retryingClient(events, 100).getBotInfo();

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

    it("retries a 429 of a safe request", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/richmenu/list", status: 429, times: 1 });
        await retryingClient().getRichMenuList();
        assert.deepEqual(await wire(line), [
            "GET /v2/bot/richmenu/list 429",
            "GET /v2/bot/richmenu/list 200",
        ]);
    });

    it("never retries a create answered 500: the menu may exist already", async () => {
        await line.control.addFault({ method: "POST", path: "/v2/bot/richmenu", status: 500, times: 1 });

        const error = await failureOf(() => retryingClient().createRichMenu(menuRequest()));

        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 500);
        assert.deepEqual(await wire(line), ["POST /v2/bot/richmenu 500"]);
    });

    it("never retries a create whose connection was reset", async () => {
        await line.control.addFault({ method: "POST", path: "/v2/bot/richmenu", reset: true, times: 1 });

        const error = await failureOf(() => retryingClient().createRichMenu(menuRequest()));

        assert.ok(LineNetworkError.isInstance(error));
        assert.deepEqual(await wire(line), ["POST /v2/bot/richmenu 0"]);
        assert.deepEqual((await stateOf(line)).richMenus, []);
    });

    it("never retries a 400", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 400, times: 1 });

        const error = await failureOf(() => retryingClient().getBotInfo());

        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 400);
        assert.deepEqual(await wire(line), ["GET /v2/bot/info 400"]);
    });

    it("retries the batch only when it carries a resumeRequestKey", async () => {
        const operations = [{ type: "unlinkAll" as const }];
        await line.control.addFault({
            method: "POST",
            path: "/v2/bot/richmenu/batch",
            status: 500,
            times: 2,
        });
        const client = retryingClient();

        const withoutKey = await failureOf(() => client.richMenuBatch({ operations }));
        const withKey = await client.richMenuBatch({ operations, resumeRequestKey: "resume-1" });

        assert.ok(LineApiError.isInstance(withoutKey));
        assert.ok(withKey.requestId !== "");
        assert.deepEqual(await wire(line), [
            "POST /v2/bot/richmenu/batch 500",
            "POST /v2/bot/richmenu/batch 500",
            "POST /v2/bot/richmenu/batch 202",
        ]);
    });

    it("gives up after the configured number of retries, with the last answer", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 502, times: 10 });

        const error = await failureOf(() => retryingClient().getBotInfo());

        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 502);
        assert.equal((await wire(line)).length, 4, "the first attempt and 3 retries");
    });

    it("sends every request once when retries are off", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 503, times: 1 });
        await failureOf(() => clientFor(line, { retry: false }).getBotInfo());
        assert.deepEqual(await wire(line), ["GET /v2/bot/info 503"]);
    });
});
