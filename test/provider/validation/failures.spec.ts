import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { reasonFor } from "../../../provider/validation/failures";

/**
 * Every `pattern` and `not` in schema/ has its words in the one translator (failures.ts): a pattern
 * added to a schema without them would show users a bare regular expression.
 */

const SCHEMAS = path.resolve(__dirname, "..", "..", "..", "schema");

/** Each value under a `pattern` or `not` keyword of a schema, with where it is. */
function keywordValues(
    node: unknown,
    at: string,
    out: { keyword: "pattern" | "not"; value: unknown; at: string }[],
) {
    if (Array.isArray(node)) node.forEach((item, i) => keywordValues(item, `${at}/${i}`, out));
    else if (node !== null && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
            // `properties` and `patternProperties` map names to schemas: a property named `pattern` is not the keyword.
            const isKeyword = !/\/(properties|patternProperties|definitions)$/.test(at);
            if (isKeyword && key === "pattern" && typeof value === "string")
                out.push({ keyword: "pattern", value, at });
            if (isKeyword && key === "not") out.push({ keyword: "not", value, at });
            keywordValues(value, `${at}/${key}`, out);
        }
    }
    return out;
}

describe("the words for every schema pattern and not", () => {
    // The editor schema only feeds editors' completion; nothing translates its errors.
    const files = readdirSync(SCHEMAS).filter(f => f.endsWith(".schema.json") && !f.includes(".editor."));
    const found = files.flatMap(file =>
        keywordValues(JSON.parse(readFileSync(path.join(SCHEMAS, file), "utf8")), file, []),
    );

    it("finds the schemas' patterns and forbidden subschemas to check", () => {
        assert.ok(found.filter(f => f.keyword === "pattern").length >= 10, JSON.stringify(found));
        assert.ok(found.some(f => f.keyword === "not"));
    });

    it("has a message for each of them", () => {
        const missing = found
            .filter(f => reasonFor(f.keyword, f.value) === undefined)
            .map(f => `${f.at}: ${f.keyword}`);
        assert.deepEqual(missing, []);
    });
});
