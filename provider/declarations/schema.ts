import commonSchema from "../../schema/common.schema.json";
import declarationsSchema from "../../schema/line-declarations.schema.json";
import richMenuSchema from "../../schema/rich-menu.schema.json";
import { schemaFindings, type SchemaFinding } from "../validation/failures";
import { isUnder, type JsonPath } from "./source";
import { didYouMean } from "./suggest";

/**
 * The declaration file's JSON Schema (`schema/line-declarations.schema.json`), and its problems as
 * `validation/failures.ts` words them, placed at a JSON path with a "did you mean" where one helps.
 */

export const DECLARATIONS_SCHEMA_ID = "urn:pulumi-line:schema:line-declarations";
export const DECLARATIONS_EDITOR_SCHEMA_ID = "urn:pulumi-line:schema:line-declarations-editor";

export interface SchemaProblem {
    /** What the problem is about (an unknown key's own path, a missing key's would-be path). */
    readonly path: JsonPath;
    /** Where to point: the value, or the key itself with `key`. */
    readonly at: JsonPath;
    readonly key: boolean;
    readonly message: string;
    /** For `type` errors: what ajv wanted (`boolean`, `integer`, ...), so a `${config:…}` can be typed. */
    readonly expectedType?: string;
}

/** A finding placed for a reader: a missing key is pointed at the entry that lacks it (`shop:`). */
function problemOf(finding: SchemaFinding): SchemaProblem {
    const { path, about, written, expectedType } = finding;
    const hint = written === undefined ? "" : didYouMean(written.word, written.known);
    return {
        path,
        at: about === "missing key" ? path.slice(0, -1) : path,
        key: about !== "value",
        message: `${finding.reason}${hint}`,
        ...(expectedType !== undefined ? { expectedType } : {}),
    };
}

/**
 * The problems of `value` against the schema registered as `id`, with the noise of problems that
 * follow from another left out: an invalid key's value is not checked further, and an action without a
 * `type` reports just that (every `if type = …` branch matches a missing type).
 */
export function problemsAgainstSchema(id: string, value: unknown): SchemaProblem[] {
    const findings = schemaFindings(id, value);
    const invalidKeys = findings.filter(f => f.about === "invalid key").map(f => f.path);
    const untyped = findings
        .filter(f => f.about === "missing key" && f.path[f.path.length - 1] === "type")
        .map(f => f.path.slice(0, -1));
    return findings
        .filter(
            f =>
                !invalidKeys.some(k => isUnder(f.path, k) && f.path.length > k.length) &&
                !untyped.some(u => isUnder(f.path, u) && f.path[f.path.length - 1] !== "type"),
        )
        .map(problemOf);
}

/** Every schema problem of a resolved declaration (no `${…}` left in it). */
export function validateDeclarationSchema(value: unknown): SchemaProblem[] {
    return problemsAgainstSchema(DECLARATIONS_SCHEMA_ID, value);
}

// ---- the editor schema --------------------------------------------------------------------------

type JsonObject = { [key: string]: unknown };

const SHORT_NAMES: Readonly<Record<string, string>> = {
    [commonSchema.$id]: "common",
    [richMenuSchema.$id]: "richMenuObject",
};

const EXTERNAL: Readonly<Record<string, unknown>> = {
    [commonSchema.$id]: commonSchema,
    [richMenuSchema.$id]: richMenuSchema,
};

function resolvePointer(document: unknown, pointer: string): unknown {
    let node = document;
    for (const raw of pointer.split("/").slice(1)) {
        node = (node as JsonObject)[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    return node;
}

/**
 * The declaration schema with the definitions it references from other schemas copied in, for editors
 * (`# yaml-language-server: $schema=…`): they cannot resolve our `urn:` IDs. Generated, and kept equal
 * to `schema/line-declarations.editor.schema.json` by a test.
 */
export function editorSchema(): JsonObject {
    const definitions: JsonObject = {};
    const rewrite = (node: unknown, base: string | undefined): unknown => {
        if (Array.isArray(node)) return node.map(item => rewrite(item, base));
        if (typeof node !== "object" || node === null) return node;
        const out: JsonObject = {};
        for (const [key, value] of Object.entries(node)) {
            if (key === "$ref" && typeof value === "string") {
                const [id, pointer = ""] = value.split("#");
                const target = id === "" ? base : id;
                if (target === undefined) {
                    out[key] = value;
                    continue;
                }
                const name = [
                    SHORT_NAMES[target] ?? target,
                    ...pointer
                        .split("/")
                        .slice(1)
                        .filter(s => s !== "definitions" && s !== "properties"),
                ].join(".");
                if (!(name in definitions)) {
                    definitions[name] = {};
                    definitions[name] = rewrite(resolvePointer(EXTERNAL[target], pointer), target);
                }
                out[key] = `#/definitions/${name}`;
            } else {
                out[key] = rewrite(value, base);
            }
        }
        return out;
    };
    const { definitions: own, ...top } = declarationsSchema as unknown as JsonObject & {
        definitions: JsonObject;
    };
    const body = rewrite(top, undefined) as JsonObject;
    const ownDefinitions = rewrite(own, undefined) as JsonObject;
    const sorted = Object.fromEntries(Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)));
    return {
        ...body,
        $id: DECLARATIONS_EDITOR_SCHEMA_ID,
        title: "LINE channel declarations (line.yaml), for editors",
        description:
            "Generated from line-declarations.schema.json with the definitions it references copied in, because " +
            "editors cannot resolve urn: references. Do not edit: change line-declarations.schema.json and run " +
            "`UPDATE_SNAPSHOTS=1 npx mocha … test/provider/declarations/schema.spec.ts`.",
        definitions: { ...ownDefinitions, ...sorted },
    };
}
