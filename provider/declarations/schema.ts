import commonSchema from "../../schema/common.schema.json";
import declarationsSchema from "../../schema/line-declarations.schema.json";
import richMenuSchema from "../../schema/rich-menu.schema.json";
import { validatorFor, type ErrorObject } from "../validation/ajv";
import { toFailures } from "../validation/failures";
import type { JsonPath, PathSegment } from "./source";
import { didYouMean } from "./suggest";

/**
 * The declaration file's JSON Schema (`schema/line-declarations.schema.json`), compiled once by the
 * shared ajv, and ajv's errors turned into problems that name a JSON path and read like LINE's.
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

/** Reasons for the patterns this schema adds; ajv would only print the regular expression. */
const PATTERN_REASONS: Readonly<Record<string, string>> = {
    [declarationsSchema.definitions.key.pattern]:
        "must be 1-63 letters, digits, _ or -, starting with a letter or digit",
    [declarationsSchema.definitions.stackName.pattern]: "must be a stack name: letters, digits, _, . or -",
    [declarationsSchema.definitions.bot.pattern]:
        "must be a basic ID (@abc1234) or a bot user ID (U followed by 32 hex digits)",
    [declarationsSchema.definitions.richMenu.properties.adoptRichMenuId.pattern]:
        "must be a rich menu ID: richmenu- followed by 32 hex digits",
    [declarationsSchema.definitions.audience.properties.description.pattern]:
        "must not be blank or contain control characters such as line breaks",
    [declarationsSchema.properties.channel.pattern]:
        "must be a channel name: 1-64 letters, digits, _, . or -",
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$":
        "must be an IFA (advertising ID): a UUID",
};

const QUICK_REPLY_ACTIONS: readonly string[] = ["camera", "cameraRoll", "location"];

/** ajv's `/richMenus/home/areas/0` as path segments, with array indexes as numbers. */
function segmentsOf(pointer: string, root: unknown): PathSegment[] {
    const out: PathSegment[] = [];
    let node: unknown = root;
    for (const raw of pointer.split("/").slice(1)) {
        const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (Array.isArray(node)) {
            out.push(Number(segment));
            node = node[Number(segment)];
        } else {
            out.push(segment);
            node =
                typeof node === "object" && node !== null
                    ? (node as Record<string, unknown>)[segment]
                    : undefined;
        }
    }
    return out;
}

function knownProperties(schema: unknown): string[] {
    const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
    return properties === undefined ? [] : Object.keys(properties);
}

function problemOf(error: ErrorObject, root: unknown): SchemaProblem | undefined {
    const path = segmentsOf(error.instancePath, root);
    if (error.keyword === "if" || error.keyword === "propertyNames") return undefined;
    if (error.propertyName !== undefined) {
        // A key that fails `propertyNames` (a menu key with a space): point at the key itself.
        const reason =
            error.keyword === "pattern"
                ? (PATTERN_REASONS[String(error.params.pattern)] ?? error.message)
                : error.message;
        return {
            path: [...path, error.propertyName],
            at: [...path, error.propertyName],
            key: true,
            message: `is not a valid key: ${reason ?? "invalid"}`,
        };
    }
    switch (error.keyword) {
        case "required": {
            const missing = String(error.params.missingProperty);
            // Pointed at the entry's key (`shop:`), the line a reader looks for.
            return { path: [...path, missing], at: path, key: true, message: "must be specified" };
        }
        case "additionalProperties": {
            const extra = String(error.params.additionalProperty);
            const hint = didYouMean(extra, knownProperties(error.parentSchema));
            return {
                path: [...path, extra],
                at: [...path, extra],
                key: true,
                message: `is not a known property${hint}`,
            };
        }
        case "const": {
            // Inside an action's if/then, `type`'s const only repeats what `enum` said.
            if (path[path.length - 1] === "type") return undefined;
            return {
                path,
                at: path,
                key: false,
                message: `must be ${JSON.stringify(error.params.allowedValue)}`,
            };
        }
        case "enum": {
            let reason = toFailures([error])[0]?.reason ?? "is not allowed";
            // toFailures explains quick-reply actions on every bad action type; keep it for those only.
            if (!QUICK_REPLY_ACTIONS.includes(String(error.data)))
                reason = reason.replace(/ \(camera, cameraRoll[^)]*\)$/, "");
            const allowed = (error.params.allowedValues as unknown[]).filter(
                (v): v is string => typeof v === "string",
            );
            const hint = typeof error.data === "string" ? didYouMean(error.data, allowed) : "";
            return { path, at: path, key: false, message: `${reason}${hint}` };
        }
        case "type":
            return {
                path,
                at: path,
                key: false,
                message: `must be ${String(error.params.type).replace(",", " or ")}`,
                expectedType: String(error.params.type),
            };
        case "pattern": {
            const own = PATTERN_REASONS[String(error.params.pattern)];
            return {
                path,
                at: path,
                key: false,
                message: own ?? toFailures([error])[0]?.reason ?? "has the wrong format",
            };
        }
        default: {
            const reason = toFailures([error])[0]?.reason;
            return reason === undefined ? undefined : { path, at: path, key: false, message: reason };
        }
    }
}

function isUnderPath(path: JsonPath, prefix: JsonPath): boolean {
    return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

/**
 * The problems of `value` against the schema registered as `id`, deduplicated, with the noise of
 * problems that follow from another left out: an invalid key's value is not checked further, and an
 * action without a `type` reports just that (every `if type = …` branch matches a missing type).
 */
export function problemsAgainstSchema(id: string, value: unknown): SchemaProblem[] {
    const validate = validatorFor(id);
    if (validate(value)) return [];
    const problems: SchemaProblem[] = [];
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
        const problem = problemOf(error, value);
        if (problem === undefined) continue;
        const key = `${JSON.stringify(problem.path)}\u0000${problem.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        problems.push(problem);
    }
    const invalidKeys = problems.filter(p => p.message.startsWith("is not a valid key")).map(p => p.path);
    const untyped = problems
        .filter(p => p.path[p.path.length - 1] === "type" && p.message === "must be specified")
        .map(p => p.path.slice(0, -1));
    return problems.filter(
        p =>
            !invalidKeys.some(k => isUnderPath(p.path, k) && p.path.length > k.length) &&
            !untyped.some(u => isUnderPath(p.path, u) && p.path[p.path.length - 1] !== "type"),
    );
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
