import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { validatorFor } from "../../../provider/validation/ajv";
import { loadDeclarations } from "../../../provider/declarations/load";
import { parseYaml } from "../../../provider/declarations/source";
import {
    DECLARATIONS_EDITOR_SCHEMA_ID,
    DECLARATIONS_SCHEMA_ID,
    editorSchema,
} from "../../../provider/declarations/schema";
import { corpus } from "./corpus";

const EDITOR_FILE = path.resolve(
    __dirname,
    "..",
    "..",
    "..",
    "schema",
    "line-declarations.editor.schema.json",
);

describe("the declarations JSON Schema", () => {
    it("is compiled once by the shared ajv, under its own $id", () => {
        assert.equal(validatorFor(DECLARATIONS_SCHEMA_ID), validatorFor(DECLARATIONS_SCHEMA_ID));
    });

    it("has an editor copy, with the referenced definitions inlined, equal to the generated one", () => {
        // UPDATE_SNAPSHOTS=1 rewrites it after a change to the schema (then run prettier on it).
        if (process.env.UPDATE_SNAPSHOTS === "1")
            writeFileSync(EDITOR_FILE, `${JSON.stringify(editorSchema(), null, 2)}\n`);
        const committed: unknown = JSON.parse(readFileSync(EDITOR_FILE, "utf8"));
        assert.deepEqual(committed, editorSchema());
        assert.ok(
            !readFileSync(EDITOR_FILE, "utf8").includes("urn:pulumi-line:schema:common"),
            "no urn: reference left",
        );
    });

    it("gives the editor copy the same verdict as the schema on every corpus file without references", () => {
        const editor = validatorFor(DECLARATIONS_EDITOR_SCHEMA_ID);
        const schema = validatorFor(DECLARATIONS_SCHEMA_ID);
        for (const c of [...corpus("valid"), ...corpus("invalid")]) {
            const text = readFileSync(c.file, "utf8");
            const source = parseYaml(text);
            if (text.includes("${") || source.problems.length > 0) continue;
            let value: unknown;
            try {
                value = source.doc.toJS({ maxAliasCount: 100 });
            } catch {
                continue;
            }
            assert.equal(editor(value), schema(value), c.name);
        }
    });

    it("validates every valid corpus file once its references are resolved", () => {
        for (const c of corpus("valid"))
            assert.doesNotThrow(() => loadDeclarations(c.file, { config: c.config }), c.name);
    });
});
