import assert from "node:assert/strict";
import { LineError } from "../../../emulator/errors";
import { parseJsonDocument } from "../../../emulator/validation/json";

describe("emulator: positional JSON parsing", () => {
    it("parses like JSON.parse and remembers where each value starts", () => {
        const text = '{\n  "size": {"width": 800},\n  "areas": [\n    {"x": -1}\n  ]\n}';
        const doc = parseJsonDocument(text);
        assert.deepEqual(doc.value, JSON.parse(text));
        assert.deepEqual(doc.locate("size.width"), { line: 2, column: 21 });
        assert.deepEqual(doc.locate("areas[0].x"), { line: 4, column: 11 });
        assert.deepEqual(doc.locate(""), { line: 1, column: 1 });
    });

    it("keeps a __proto__ key as data", () => {
        const doc = parseJsonDocument('{"__proto__": {"polluted": true}}');
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
        assert.ok(Object.hasOwn(doc.value as object, "__proto__"));
    });

    const broken: [string, number, number][] = [
        ["", 1, 1],
        ["{", 1, 2],
        ['{"a": 1,}', 1, 9],
        ['{"a": tru}', 1, 7],
        ["[1, 2] 3", 1, 8],
        ['{\n"a": "\u0001"}', 2, 6],
        ["{'a': 1}", 1, 2],
    ];
    for (const [text, line, column] of broken) {
        it(`answers LINE's parse error at ${line}:${column} for ${JSON.stringify(text)}`, () => {
            assert.throws(
                () => parseJsonDocument(text),
                (error: unknown) =>
                    error instanceof LineError &&
                    error.status === 400 &&
                    JSON.stringify(error.body) ===
                        JSON.stringify({
                            message: `The request body could not be parsed as JSON (line: ${line}, column: ${column})`,
                        }),
            );
        });
    }
});
