import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { LineApiError, LineNetworkError, LineProviderError } from "../../../provider/client/errors";
import { buildPath, toLineError, type RequestContext } from "../../../provider/client/http";
import { createRedactor, REDACTED } from "../../../provider/client/redact";
import { useEmulator } from "../../support/emulator";
import { clientFor, resetBeforeEach } from "./fixtures";

const TOKEN = "secret-channel-token-0123456789";

const context: RequestContext = {
    method: "POST",
    path: "/v2/bot/richmenu",
    url: "https://api.line.me/v2/bot/richmenu",
    redact: createRedactor([TOKEN]),
};

/** An AxiosError as axios makes it: the request config, bearer header included, rides along. */
function axiosError(response?: {
    status: number;
    data: unknown;
    headers?: Record<string, string>;
    statusText?: string;
}) {
    const config = {
        method: "post",
        url: "/v2/bot/richmenu",
        headers: new AxiosHeaders({ Authorization: `Bearer ${TOKEN}` }),
    } as InternalAxiosRequestConfig;
    const full: AxiosResponse | undefined =
        response === undefined
            ? undefined
            : {
                  status: response.status,
                  statusText: response.statusText ?? "",
                  headers: new AxiosHeaders(response.headers ?? {}),
                  data: response.data,
                  config,
              };
    return new AxiosError(
        response === undefined ? "socket hang up" : "Request failed",
        response === undefined ? "ECONNRESET" : "ERR_BAD_REQUEST",
        config,
        { headers: { authorization: `Bearer ${TOKEN}` } },
        full,
    );
}

function assertNoToken(value: unknown): void {
    assert.equal(JSON.stringify(value).includes(TOKEN), false, "JSON");
    assert.equal(
        inspect(value, { depth: Infinity, showHidden: true }).includes(TOKEN),
        false,
        "util.inspect",
    );
}

describe("client HTTP layer", () => {
    describe("buildPath", () => {
        const rows: { template: string; params: Record<string, string | number>; expected: string }[] = [
            {
                template: "/v2/bot/richmenu/{richMenuId}",
                params: { richMenuId: "richmenu-01" },
                expected: "/v2/bot/richmenu/richmenu-01",
            },
            {
                template: "/v2/bot/user/{userId}/richmenu/{richMenuId}",
                params: { userId: "Uabc", richMenuId: "rm" },
                expected: "/v2/bot/user/Uabc/richmenu/rm",
            },
            {
                template: "/v2/bot/audienceGroup/{audienceGroupId}",
                params: { audienceGroupId: 42 },
                expected: "/v2/bot/audienceGroup/42",
            },
            {
                template: "/v2/bot/richmenu/alias/{richMenuAliasId}",
                params: { richMenuAliasId: "a/b?c" },
                expected: "/v2/bot/richmenu/alias/a%2Fb%3Fc",
            },
        ];
        for (const { template, params, expected } of rows) {
            it(`fills ${template} with encoded values`, () =>
                assert.equal(buildPath(template, params), expected));
        }

        for (const value of ["", ".", ".."]) {
            it(`refuses ${JSON.stringify(value)}, which would address another endpoint`, () => {
                assert.throws(
                    () => buildPath("/v2/bot/richmenu/{richMenuId}", { richMenuId: value }),
                    LineProviderError,
                );
            });
        }

        it("refuses a missing parameter", () => {
            assert.throws(
                () => buildPath("/v2/bot/richmenu/{richMenuId}", {}),
                /Missing path parameter richMenuId/,
            );
        });
    });

    describe("toLineError", () => {
        it("turns LINE's error body into a LineApiError with its message, details and request id", () => {
            const error = toLineError(
                axiosError({
                    status: 400,
                    headers: { "x-line-request-id": "req-1" },
                    data: {
                        message: "The request body has 1 error(s)",
                        details: [{ message: "invalid uri", property: "areas[0].action.uri" }],
                    },
                }),
                context,
            );
            assert.ok(LineApiError.isInstance(error));
            assert.equal(
                error.message,
                "LINE API POST /v2/bot/richmenu failed with 400: The request body has 1 error(s) " +
                    "[areas[0].action.uri: invalid uri] (request id req-1)",
            );
            assert.deepEqual(error.details, [{ property: "areas[0].action.uri", message: "invalid uri" }]);
            assert.equal(error.requestId, "req-1");
        });

        const bodies: { name: string; data: unknown; lineMessage: string; extra?: Record<string, string> }[] =
            [
                {
                    name: "an OAuth body",
                    data: { error: "invalid_client", error_description: "invalid client_secret" },
                    lineMessage: "invalid_client: invalid client_secret",
                    extra: { oauthError: "invalid_client", oauthErrorDescription: "invalid client_secret" },
                },
                {
                    name: "an OAuth body without description",
                    data: { error: "invalid_request" },
                    lineMessage: "invalid_request",
                },
                {
                    name: "a body that arrived as bytes (binary request)",
                    data: Buffer.from(JSON.stringify({ message: "Not found" })),
                    lineMessage: "Not found",
                },
                {
                    name: "a body that arrived as unparsed text",
                    data: '{"message":"richmenu not found","details":[]}',
                    lineMessage: "richmenu not found",
                },
                {
                    name: "an HTML page from a proxy (a short single-line excerpt)",
                    data: "<html>\n  <body>Bad   Gateway</body>\n</html>",
                    lineMessage: "<html> <body>Bad Gateway</body> </html>",
                },
                {
                    name: "an empty body (falls back to the status text)",
                    data: "",
                    lineMessage: "Service Unavailable",
                },
            ];
        for (const { name, data, lineMessage, extra } of bodies) {
            it(`reads ${name}`, () => {
                const error = toLineError(
                    axiosError({ status: 503, data, statusText: "Service Unavailable" }),
                    context,
                );
                assert.ok(LineApiError.isInstance(error));
                assert.equal(error.lineMessage, lineMessage);
                for (const [key, value] of Object.entries(extra ?? {})) {
                    assert.equal((error as unknown as Record<string, unknown>)[key], value);
                }
            });
        }

        it("turns a failure without a response into a LineNetworkError with the transport's code", () => {
            const error = toLineError(axiosError(), context);
            assert.ok(LineNetworkError.isInstance(error));
            assert.equal(error.code, "ECONNRESET");
            assert.equal(
                error.message,
                "LINE API POST /v2/bot/richmenu failed without a response: ECONNRESET: socket hang up",
            );
            assert.ok(error.cause instanceof Error);
            assert.equal(error.cause instanceof AxiosError, false);
        });

        it("keeps nothing of the AxiosError, whose config holds the bearer token", () => {
            for (const source of [
                axiosError(),
                axiosError({ status: 401, data: { message: `bad token ${TOKEN}` } }),
            ]) {
                const error = toLineError(source, context);
                for (const key of ["config", "request", "response", "headers", "isAxiosError", "toJSON"]) {
                    assert.equal(key in error, false, key);
                }
                assertNoToken(error);
            }
        });

        it("redacts the token and credential fields from whatever LINE echoes back", () => {
            const error = toLineError(
                axiosError({
                    status: 400,
                    data: {
                        message: `Authentication failed: Bearer ${TOKEN}`,
                        details: [{ property: "access_token", message: `access_token=${TOKEN}` }],
                    },
                }),
                { ...context, url: `https://api.line.me/oauth2/v2.1/verify?access_token=${TOKEN}` },
            );
            assertNoToken(error);
            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.url, `https://api.line.me/oauth2/v2.1/verify?access_token=${REDACTED}`);
        });

        it("passes the client's own errors through unchanged", () => {
            const own = new LineProviderError("no token");
            assert.equal(toLineError(own, context), own);
        });

        it("wraps anything else (a file that vanished mid-upload) without keeping the original", () => {
            const original = Object.assign(new Error(`ENOENT: no such file, token ${TOKEN}`), {
                code: "ENOENT",
            });
            const error = toLineError(original, context);
            assert.ok(LineNetworkError.isInstance(error));
            assert.equal(error.code, "ENOENT");
            assert.notEqual(error.cause, original);
            assertNoToken(error);
        });
    });
});

describe("client HTTP layer (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    it("reports each call to the log hook with its request id and timing", async () => {
        const events: unknown[] = [];
        await clientFor(line, { onRequest: event => events.push(event) }).getBotInfo();

        const [request] = await line.control.requests();
        assert.equal(events.length, 1);
        assert.deepEqual(
            { ...(events[0] as object), elapsedMs: 0 },
            {
                method: "GET",
                path: "/v2/bot/info",
                url: `${line.url}/v2/bot/info`,
                attempt: 1,
                outcome: "success",
                status: 200,
                requestId: request?.requestId,
                elapsedMs: 0,
                rateLimitWaitMs: 0,
            },
        );
    });

    it("does not let a failing log hook fail the call", async () => {
        const client = clientFor(line, {
            onRequest: () => {
                throw new Error("the log is full");
            },
        });
        const info = await client.getBotInfo();
        assert.equal(info.userId, line.emulator.channels[0]?.botUserId);
    });
});
