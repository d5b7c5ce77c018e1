import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { INVALID_ACTIONS, VALID_ACTIONS } from "./richMenuActionCases";
import { type Json, menu } from "./richMenuBodies";
import { INVALID_OBJECTS, VALID_OBJECTS } from "./richMenuObjectCases";

/**
 * LINE's answer for a value of the wrong JSON type: the property and where its value starts in the
 * request text. Bodies go out as compact JSON, so everything is on line 1.
 */
function invalidProperty(body: Json, property: string): unknown {
    const key = property.replace(/\[\d+\]$/, "").replace(/^.*\./, "");
    const text = JSON.stringify(body);
    const valueStart = text.indexOf(`"${key}":`) + key.length + 3;
    return {
        message: `The property, '${property}', in the request body is invalid (line: 1, column: ${valueStart + 1})`,
    };
}

/** Each row: a broken rich menu object and exactly what LINE answers for it. */
const INVALID = [...INVALID_OBJECTS, ...INVALID_ACTIONS];

/** Each row: an edge that LINE accepts. */
const VALID = [...VALID_OBJECTS, ...VALID_ACTIONS];

describe("emulator: rich menu object validation (create and validate)", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });

    it("covers at least 40 invalid objects", () => {
        assert.ok(INVALID.length >= 40, `only ${INVALID.length} cases`);
    });

    for (const c of INVALID) {
        it(`rejects ${c.name}`, async () => {
            for (const path of ["/v2/bot/richmenu/validate", "/v2/bot/richmenu"]) {
                const res = await line.call("POST", path, { json: c.body });
                assert.equal(res.status, 400, `${path}: ${res.text}`);
                const expected = c.invalid === undefined ? c.expected : invalidProperty(c.body, c.invalid);
                assert.deepEqual(res.body, expected, path);
            }
            assert.deepEqual((await line.control.state<{ richMenus: unknown[] }>()).richMenus, []);
        });
    }

    for (const c of VALID) {
        it(`accepts ${c.name}`, async () => {
            const res = await line.call("POST", "/v2/bot/richmenu/validate", { json: c.body });
            assert.equal(res.status, 200, res.text);
            assert.deepEqual(res.body, {});
        });
    }

    it("answers LINE's parse error with the line and column of malformed JSON", async () => {
        const res = await line.call("POST", "/v2/bot/richmenu", {
            body: '{\n  "size": {,\n}',
            contentType: "application/json",
        });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, {
            message: "The request body could not be parsed as JSON (line: 2, column: 12)",
        });
    });

    it("answers 415 for a body that is not application/json", async () => {
        const res = await line.call("POST", "/v2/bot/richmenu", {
            body: JSON.stringify(menu()),
            contentType: "text/plain",
        });
        assert.equal(res.status, 415);
        assert.deepEqual(res.body, { message: "The content type, 'text/plain', is not supported" });
    });
});
