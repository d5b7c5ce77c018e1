import assert from "node:assert/strict";
import { createRequire } from "node:module";
import {
    isLineApiError,
    isLineNetworkError,
    isLineNotFound,
    isLineProviderError,
    LineApiError,
    LineNetworkError,
    LineProviderError,
    type LineApiErrorInit,
} from "../../../provider/client/errors";

const base: LineApiErrorInit = {
    status: 400,
    method: "POST",
    path: "/v2/bot/richmenu",
    url: "https://api.line.me/v2/bot/richmenu",
    lineMessage: "The request body has 1 error(s)",
    details: [{ property: "areas[0].action.uri", message: "invalid uri" }],
    requestId: "abc",
};

/** A second, independent copy of errors.ts, as when Pulumi loads the provider by value beside the package. */
function loadSecondCopy(): typeof import("../../../provider/client/errors") {
    const load = createRequire(__filename);
    const path = load.resolve("../../../provider/client/errors");
    const original = load.cache[path];
    delete load.cache[path];
    try {
        return load(path) as typeof import("../../../provider/client/errors");
    } finally {
        if (original !== undefined) load.cache[path] = original;
    }
}

describe("client errors", () => {
    describe("LineApiError message", () => {
        const cases: { name: string; init: Partial<LineApiErrorInit>; message: string }[] = [
            {
                name: "names the call, LINE's message, each detail and the request id",
                init: {},
                message:
                    "LINE API POST /v2/bot/richmenu failed with 400: The request body has 1 error(s) " +
                    "[areas[0].action.uri: invalid uri] (request id abc)",
            },
            {
                name: "joins several details with semicolons",
                init: {
                    lineMessage: "The request body has 2 error(s)",
                    details: [
                        { property: "name", message: "must be specified" },
                        { message: "AUDIENCE_GROUP_NOT_FOUND" },
                    ],
                },
                message:
                    "LINE API POST /v2/bot/richmenu failed with 400: The request body has 2 error(s) " +
                    "[name: must be specified; AUDIENCE_GROUP_NOT_FOUND] (request id abc)",
            },
            {
                name: "leaves out empty parts",
                init: { status: 502, lineMessage: "", details: [], requestId: undefined },
                message: "LINE API POST /v2/bot/richmenu failed with 502",
            },
            {
                name: "shows a detail that has only a property",
                init: { details: [{ property: "userIds[3]" }], requestId: undefined },
                message:
                    "LINE API POST /v2/bot/richmenu failed with 400: The request body has 1 error(s) [userIds[3]]",
            },
        ];
        for (const { name, init, message } of cases) {
            it(name, () => {
                assert.equal(new LineApiError({ ...base, ...init }).message, message);
            });
        }
    });

    it("keeps status, method, path, request id, LINE's message and details as fields", () => {
        const error = new LineApiError(base);
        assert.equal(error.name, "LineApiError");
        assert.deepEqual(
            { ...error },
            {
                name: "LineApiError",
                status: 400,
                method: "POST",
                path: "/v2/bot/richmenu",
                url: "https://api.line.me/v2/bot/richmenu",
                lineMessage: "The request body has 1 error(s)",
                details: [{ property: "areas[0].action.uri", message: "invalid uri" }],
                requestId: "abc",
            },
        );
    });

    it("gives each class a literal name", () => {
        const cause = new Error("ECONNRESET: socket hang up");
        const network = new LineNetworkError({
            method: "GET",
            path: "/v2/bot/info",
            url: "u",
            code: "ECONNRESET",
            cause,
        });
        assert.equal(new LineProviderError("x").name, "LineProviderError");
        assert.equal(new LineApiError(base).name, "LineApiError");
        assert.equal(network.name, "LineNetworkError");
        assert.equal(
            network.message,
            "LINE API GET /v2/bot/info failed without a response: ECONNRESET: socket hang up",
        );
        assert.equal(network.cause, cause);
    });

    describe("isInstance", () => {
        const network = new LineNetworkError({
            method: "GET",
            path: "/",
            url: "u",
            code: "ECONNRESET",
            cause: new Error("reset"),
        });
        const rows: { label: string; value: unknown; provider: boolean; api: boolean; net: boolean }[] = [
            {
                label: "a LineProviderError",
                value: new LineProviderError("x"),
                provider: true,
                api: false,
                net: false,
            },
            { label: "a LineApiError", value: new LineApiError(base), provider: true, api: true, net: false },
            { label: "a LineNetworkError", value: network, provider: true, api: false, net: true },
            { label: "a plain Error", value: new Error("plain"), provider: false, api: false, net: false },
            {
                label: "a look-alike object",
                value: { status: 400, name: "LineApiError" },
                provider: false,
                api: false,
                net: false,
            },
            { label: "null", value: null, provider: false, api: false, net: false },
            { label: "a string", value: "LineApiError", provider: false, api: false, net: false },
        ];
        for (const { label, value, provider, api, net } of rows) {
            it(`classifies ${label}`, () => {
                assert.equal(LineProviderError.isInstance(value), provider);
                assert.equal(isLineProviderError(value), provider);
                assert.equal(LineApiError.isInstance(value), api);
                assert.equal(isLineApiError(value), api);
                assert.equal(LineNetworkError.isInstance(value), net);
                assert.equal(isLineNetworkError(value), net);
            });
        }

        it("recognises errors made by another loaded copy of the module, where instanceof fails", () => {
            const copy = loadSecondCopy();
            assert.notEqual(copy.LineApiError, LineApiError, "the test needs a genuinely separate copy");
            const foreign = new copy.LineApiError(base);
            assert.equal(foreign instanceof LineApiError, false);
            assert.equal(LineApiError.isInstance(foreign), true);
            assert.equal(LineProviderError.isInstance(foreign), true);
            assert.equal(copy.LineApiError.isInstance(new LineApiError(base)), true);
        });

        it("keeps the brands non-enumerable, so spreads and logs do not carry them", () => {
            const error = new LineApiError(base);
            const brands = Object.getOwnPropertySymbols(error);
            assert.equal(brands.length, 2, "the base brand and the class brand");
            for (const brand of brands)
                assert.equal(Object.getOwnPropertyDescriptor(error, brand)?.enumerable, false);
            assert.deepEqual(Object.getOwnPropertySymbols({ ...error }), []);
        });
    });

    describe("isLineNotFound", () => {
        const rows: { name: string; value: unknown; expected: boolean }[] = [
            {
                name: "404 (rich menu, alias, default, user link)",
                value: new LineApiError({ ...base, status: 404 }),
                expected: true,
            },
            {
                name: "400 AUDIENCE_GROUP_NOT_FOUND (audiences)",
                value: new LineApiError({ ...base, details: [{ message: "AUDIENCE_GROUP_NOT_FOUND" }] }),
                expected: true,
            },
            { name: "another 400", value: new LineApiError(base), expected: false },
            { name: "403", value: new LineApiError({ ...base, status: 403 }), expected: false },
            { name: "a plain Error", value: new Error("404"), expected: false },
        ];
        for (const { name, value, expected } of rows) {
            it(`${expected ? "treats" : "does not treat"} ${name} as not found`, () =>
                assert.equal(isLineNotFound(value), expected));
        }
    });
});
