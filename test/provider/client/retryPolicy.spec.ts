import assert from "node:assert/strict";
import { AxiosError } from "axios";
import FormData from "form-data";
import type { FaultSpec } from "../../../emulator";
import { LineApiError, LineNetworkError, type LineClient } from "../../../provider/client";
import {
    describeFailure,
    isRetrySafe,
    isTransientFailure,
    shouldRetry,
} from "../../../provider/client/retry";
import { useEmulator } from "../../support/emulator";
import {
    axiosFailure,
    clientFor,
    failureOf,
    fakeTiming,
    menuRequest,
    resetBeforeEach,
    stateOf,
    wire,
} from "./fixtures";

/**
 * What the retry policy repeats: which calls are safe to send again and which failures may pass by
 * themselves, then the same decisions seen on the wire. How long a retry waits is `retryBackoff.spec.ts`.
 */

/** Every operation of the client: `METHOD path template`, whether a transient failure is retried, the body. */
const DECISIONS: readonly (readonly [operation: string, route: string, retried: boolean, body?: unknown])[] =
    [
        // Rich menus
        ["createRichMenu", "POST /v2/bot/richmenu", false],
        ["validateRichMenuObject", "POST /v2/bot/richmenu/validate", true],
        ["getRichMenu", "GET /v2/bot/richmenu/{richMenuId}", true],
        ["getRichMenuList", "GET /v2/bot/richmenu/list", true],
        ["deleteRichMenu", "DELETE /v2/bot/richmenu/{richMenuId}", true],
        ["setRichMenuImage", "POST /v2/bot/richmenu/{richMenuId}/content", false],
        ["getRichMenuImage", "GET /v2/bot/richmenu/{richMenuId}/content", true],
        ["setDefaultRichMenu", "POST /v2/bot/user/all/richmenu/{richMenuId}", true],
        ["getDefaultRichMenuId", "GET /v2/bot/user/all/richmenu", true],
        ["cancelDefaultRichMenu", "DELETE /v2/bot/user/all/richmenu", true],
        ["createRichMenuAlias", "POST /v2/bot/richmenu/alias", false],
        ["updateRichMenuAlias", "POST /v2/bot/richmenu/alias/{richMenuAliasId}", true],
        ["getRichMenuAlias", "GET /v2/bot/richmenu/alias/{richMenuAliasId}", true],
        ["getRichMenuAliasList", "GET /v2/bot/richmenu/alias/list", true],
        ["deleteRichMenuAlias", "DELETE /v2/bot/richmenu/alias/{richMenuAliasId}", true],
        ["linkRichMenuIdToUser", "POST /v2/bot/user/{userId}/richmenu/{richMenuId}", true],
        ["getRichMenuIdOfUser", "GET /v2/bot/user/{userId}/richmenu", true],
        ["unlinkRichMenuIdFromUser", "DELETE /v2/bot/user/{userId}/richmenu", true],
        ["linkRichMenuIdToUsers", "POST /v2/bot/richmenu/bulk/link", true],
        ["unlinkRichMenuIdFromUsers", "POST /v2/bot/richmenu/bulk/unlink", true],
        [
            "richMenuBatch without resumeRequestKey",
            "POST /v2/bot/richmenu/batch",
            false,
            { operations: [{ type: "unlinkAll" }] },
        ],
        [
            "richMenuBatch with resumeRequestKey",
            "POST /v2/bot/richmenu/batch",
            true,
            { operations: [{ type: "unlinkAll" }], resumeRequestKey: "run-1" },
        ],
        ["validateRichMenuBatchRequest", "POST /v2/bot/richmenu/validate/batch", true],
        ["getRichMenuBatchProgress", "GET /v2/bot/richmenu/progress/batch", true],
        // Webhook
        ["setWebhookEndpoint", "PUT /v2/bot/channel/webhook/endpoint", true],
        ["getWebhookEndpoint", "GET /v2/bot/channel/webhook/endpoint", true],
        ["testWebhookEndpoint", "POST /v2/bot/channel/webhook/test", false],
        // Audiences
        ["createAudienceGroup", "POST /v2/bot/audienceGroup/upload", false],
        [
            "createAudienceForUploadingUserIds",
            "POST /v2/bot/audienceGroup/upload/byFile",
            false,
            new FormData(),
        ],
        ["addAudienceToAudienceGroup", "PUT /v2/bot/audienceGroup/upload", true],
        [
            "addUserIdsToAudience (streamed file)",
            "PUT /v2/bot/audienceGroup/upload/byFile",
            false,
            new FormData(),
        ],
        ["createClickBasedAudienceGroup", "POST /v2/bot/audienceGroup/click", false],
        ["createImpBasedAudienceGroup", "POST /v2/bot/audienceGroup/imp", false],
        [
            "updateAudienceGroupDescription",
            "PUT /v2/bot/audienceGroup/{audienceGroupId}/updateDescription",
            true,
        ],
        ["deleteAudienceGroup", "DELETE /v2/bot/audienceGroup/{audienceGroupId}", true],
        ["getAudienceData", "GET /v2/bot/audienceGroup/{audienceGroupId}", true],
        ["getAudienceGroups", "GET /v2/bot/audienceGroup/list", true],
        [
            "activateAudienceGroup (a repeat answers ALREADY_ACTIVE)",
            "PUT /v2/bot/audienceGroup/{audienceGroupId}/activate",
            false,
        ],
        ["getAudienceGroupAuthorityLevel", "GET /v2/bot/audienceGroup/authorityLevel", true],
        ["updateAudienceGroupAuthorityLevel", "PUT /v2/bot/audienceGroup/authorityLevel", true],
        // Bot info
        ["getBotInfo", "GET /v2/bot/info", true],
        // Channel access tokens
        ["issueStatelessChannelToken", "POST /oauth2/v3/token", false],
        ["issueChannelToken", "POST /v2/oauth/accessToken", false],
        ["verifyChannelToken", "POST /v2/oauth/verify", true],
        ["revokeChannelToken", "POST /v2/oauth/revoke", true],
        // Message validation
        ...["reply", "push", "multicast", "narrowcast", "broadcast"].map(
            kind => [`validate ${kind}`, `POST /v2/bot/message/validate/${kind}`, true] as const,
        ),
    ];

describe("client retry policy: what is retried", () => {
    describe("which requests are safe to repeat", () => {
        for (const [operation, route, retried, body] of DECISIONS) {
            it(`${retried ? "retries" : "never retries"} ${operation}`, () => {
                const [method = "", path = ""] = route.split(" ");
                assert.equal(isRetrySafe({ method, path, ...(body !== undefined ? { body } : {}) }), retried);
            });
        }
    });

    describe("which failures may go away by themselves", () => {
        const rows: { failure: string; status?: number; transient?: boolean; expected: boolean }[] = [
            { failure: "a connection reset", transient: true, expected: true },
            { failure: "a certificate error", transient: false, expected: false },
            ...[429, 500, 502, 503, 504].map(status => ({ failure: `${status}`, status, expected: true })),
            ...[400, 401, 403, 404, 409, 413, 415].map(status => ({
                failure: `${status}`,
                status,
                expected: false,
            })),
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
});

describe("client retries: what is retried (against the emulator, with injected faults)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    /** Retries on, on a clock that never waits for real time. */
    const retryingClient = () => clientFor(line, { retry: { retries: 3 }, timing: fakeTiming() });

    interface WireCase {
        readonly title: string;
        readonly fault: FaultSpec;
        readonly call: (client: LineClient) => Promise<unknown>;
        /** The request log: each attempt, with its status (0: no answer). */
        readonly wire: readonly string[];
        /** What the call answers in the end, when it succeeds and the answer is checked. */
        readonly answer?: unknown;
        /** How the call fails in the end: LINE's status, or no response at all. */
        readonly fails?: { readonly status: number } | "without a response";
    }
    const cases: readonly WireCase[] = [
        {
            title: "retries a GET whose connection was reset",
            fault: { method: "GET", path: "/v2/bot/richmenu/list", reset: true, times: 1 },
            call: client => client.getRichMenuList(),
            wire: ["GET /v2/bot/richmenu/list 0", "GET /v2/bot/richmenu/list 200"],
            answer: { richmenus: [] },
        },
        {
            title: "retries a 429 of a safe request",
            fault: { method: "GET", path: "/v2/bot/richmenu/list", status: 429, times: 1 },
            call: client => client.getRichMenuList(),
            wire: ["GET /v2/bot/richmenu/list 429", "GET /v2/bot/richmenu/list 200"],
        },
        {
            title: "never retries a create answered 500: the menu may exist already",
            fault: { method: "POST", path: "/v2/bot/richmenu", status: 500, times: 1 },
            call: client => client.createRichMenu(menuRequest()),
            wire: ["POST /v2/bot/richmenu 500"],
            fails: { status: 500 },
        },
        {
            title: "never retries a create whose connection was reset",
            fault: { method: "POST", path: "/v2/bot/richmenu", reset: true, times: 1 },
            call: client => client.createRichMenu(menuRequest()),
            wire: ["POST /v2/bot/richmenu 0"],
            fails: "without a response",
        },
        {
            title: "never retries a 400",
            fault: { method: "GET", path: "/v2/bot/info", status: 400, times: 1 },
            call: client => client.getBotInfo(),
            wire: ["GET /v2/bot/info 400"],
            fails: { status: 400 },
        },
    ];
    for (const { title, fault, call, wire: expectedWire, answer, fails } of cases) {
        it(title, async () => {
            await line.control.addFault(fault);

            if (fails === undefined) {
                const answered = await call(retryingClient());
                if (answer !== undefined) assert.deepEqual(answered, answer);
            } else {
                const error = await failureOf(() => call(retryingClient()));
                if (fails === "without a response") {
                    assert.ok(LineNetworkError.isInstance(error));
                } else {
                    assert.ok(LineApiError.isInstance(error));
                    assert.equal(error.status, fails.status);
                }
                assert.deepEqual((await stateOf(line)).richMenus, [], "nothing was created");
            }
            assert.deepEqual(await wire(line), expectedWire);
        });
    }

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

    it("sends every request once when retries are off", async () => {
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", status: 503, times: 1 });
        await failureOf(() => clientFor(line, { retry: false }).getBotInfo());
        assert.deepEqual(await wire(line), ["GET /v2/bot/info 503"]);
    });
});
