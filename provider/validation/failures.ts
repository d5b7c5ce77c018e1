import commonSchema from "../../schema/common.schema.json";
import declarationsSchema from "../../schema/line-declarations.schema.json";
import { validatorFor, type ErrorObject } from "./ajv";

/**
 * The one translation of ajv's errors into what a user reads, for the resources' checks and the
 * declaration file alike. A message is chosen by the schema keyword that failed and, where the keyword
 * alone says too little (`pattern`, `not`, `enum`), by the schema's own value: never by the name of the
 * property, so a pattern reads the same wherever the schemas use it.
 */

/** A step of a path into a value: a key, or an array index. */
type PathSegment = string | number;

/**
 * One problem with a declared value, in the shape Pulumi's `CheckFailure` takes: the property path in
 * LINE's own notation (`areas[0].action.uri`), so it reads the same as LINE's error `details[].property`.
 */
export interface ValidationFailure {
    readonly property: string;
    readonly reason: string;
}

/** One schema problem of a value, before it is placed in a file or named as a property. */
export interface SchemaFinding {
    /** The value the problem is about; for a missing or unknown key, that key's own (would-be) path. */
    readonly path: readonly PathSegment[];
    /** Whether it is about the value, or about the key `path` ends with: missing, unknown, or a name the schema refuses. */
    readonly about: "value" | "missing key" | "unknown key" | "invalid key";
    readonly reason: string;
    /** For `type` problems: what the schema wants (`boolean`, `integer`, ...), so a reference can be typed. */
    readonly expectedType?: string;
    /** For an unknown key or a value outside an enum: what was written and what the schema knows there. */
    readonly written?: { readonly word: string; readonly known: readonly string[] };
}

const common = commonSchema.definitions;
const declarations = declarationsSchema.definitions;

const PICKER_FORMAT = "must match the picker mode's format (YYYY-MM-DD, HH:MM or YYYY-MM-DDTHH:MM)";

/** What each pattern of the schemas means; ajv would only print the regular expression. */
const PATTERN_REASONS: ReadonlyMap<string, string> = new Map([
    [common.richMenuAliasId.pattern, "must be 1-32 characters of a-z, 0-9, _ or -"],
    [common.userId.pattern, "must be a LINE user ID: U followed by 32 hex digits"],
    [common.httpsUrl.pattern, "must be an HTTPS URL"],
    [common.uri.pattern, "must be an http, https, line or tel URI without spaces"],
    [common.pickerDate.pattern, PICKER_FORMAT],
    [common.pickerTime.pattern, PICKER_FORMAT],
    [common.pickerDatetime.pattern, PICKER_FORMAT],
    [declarations.key.pattern, "must be 1-63 letters, digits, _ or -, starting with a letter or digit"],
    [declarations.stackName.pattern, "must be a stack name: letters, digits, _, . or -"],
    [
        declarations.bot.pattern,
        "must be a basic ID (@abc1234) or a bot user ID (U followed by 32 hex digits)",
    ],
    [
        declarations.richMenu.properties.adoptRichMenuId.pattern,
        "must be a rich menu ID: richmenu- followed by 32 hex digits",
    ],
    [
        declarations.audience.properties.description.pattern,
        "must not be blank or contain control characters such as line breaks",
    ],
    [
        declarationsSchema.properties.channel.pattern,
        "must be a channel name: 1-64 letters, digits, _, . or -",
    ],
    [
        declarations.audience.allOf[0]!.then.properties.userIds.items.pattern,
        "must be an IFA (advertising ID): a UUID",
    ],
]);

/** What each `not` of the schemas forbids, by the forbidden subschema. */
const NOT_REASONS: ReadonlyMap<string, string> = new Map([
    [
        JSON.stringify(common.richMenuAliasId.not),
        "`list` cannot be used as an alias ID: LINE's alias list path shadows it",
    ],
    [JSON.stringify(common.postbackAction.not), "displayText and text cannot both be set"],
]);

const RICH_MENU_ACTION_TYPES = JSON.stringify(common.richMenuAction.properties.type.enum);

/**
 * Action types LINE has for quick replies only: someone who writes one in a rich menu is told why it is
 * refused (https://developers.line.biz/en/reference/messaging-api/#action-objects).
 */
const QUICK_REPLY_ACTIONS: readonly unknown[] = ["camera", "cameraRoll", "location"];

function enumReason(error: ErrorObject): string {
    const allowed = error.params.allowedValues as unknown[];
    const reason = `must be one of ${allowed.map(v => JSON.stringify(v)).join(", ")}`;
    if (JSON.stringify(allowed) === RICH_MENU_ACTION_TYPES && QUICK_REPLY_ACTIONS.includes(error.data)) {
        return `${reason} (camera, cameraRoll and location are quick-reply actions, not rich menu actions)`;
    }
    return reason;
}

/**
 * What a schema's `pattern` or forbidden (`not`) subschema means, in the words a user reads; undefined
 * when the schemas gained one without words here (its failures would then print the bare regex).
 */
export function reasonFor(keyword: "pattern" | "not", schemaValue: unknown): string | undefined {
    return keyword === "pattern"
        ? PATTERN_REASONS.get(String(schemaValue))
        : NOT_REASONS.get(JSON.stringify(schemaValue));
}

/** The message of a keyword that failed on a value (rather than a missing or unknown key). */
function valueReason(error: ErrorObject): string {
    switch (error.keyword) {
        case "pattern": {
            const pattern = String(error.params.pattern);
            return reasonFor("pattern", pattern) ?? `must match ${pattern}`;
        }
        case "not":
            return reasonFor("not", error.schema) ?? "is not allowed";
        case "enum":
            return enumReason(error);
        case "const":
            return `must be ${JSON.stringify(error.params.allowedValue)}`;
        case "type":
            return `must be ${String(error.params.type).split(",").join(" or ")}`;
        default:
            return error.message ?? error.keyword;
    }
}

/** ajv's `/richMenus/home/areas/0` as path segments, array indexes as numbers (known from the value). */
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

/**
 * One ajv error as a finding, or undefined for the errors that only wrap others: `if` (the `then` that
 * failed reports itself) and `propertyNames` (each refused name reports itself).
 */
function findingOf(error: ErrorObject, root: unknown): SchemaFinding | undefined {
    if (error.keyword === "if" || error.keyword === "propertyNames") return undefined;
    const path = segmentsOf(error.instancePath, root);
    if (error.propertyName !== undefined) {
        return {
            path: [...path, error.propertyName],
            about: "invalid key",
            reason: `is not a valid key: ${valueReason(error)}`,
        };
    }
    switch (error.keyword) {
        case "required":
            return {
                path: [...path, String(error.params.missingProperty)],
                about: "missing key",
                reason: "must be specified",
            };
        case "additionalProperties": {
            const extra = String(error.params.additionalProperty);
            return {
                path: [...path, extra],
                about: "unknown key",
                reason: "is not a known property",
                written: { word: extra, known: knownProperties(error.parentSchema) },
            };
        }
        case "enum": {
            const known = (error.params.allowedValues as unknown[]).filter(
                (v): v is string => typeof v === "string",
            );
            return {
                path,
                about: "value",
                reason: enumReason(error),
                ...(typeof error.data === "string" ? { written: { word: error.data, known } } : {}),
            };
        }
        case "type":
            return {
                path,
                about: "value",
                reason: valueReason(error),
                expectedType: String(error.params.type),
            };
        default:
            return { path, about: "value", reason: valueReason(error) };
    }
}

/**
 * The problems of `value` against the schema registered as `id` (`$id`, or `$id#/definitions/x`), each
 * once: ajv reports a problem again for every branch that reaches it.
 */
export function schemaFindings(id: string, value: unknown): SchemaFinding[] {
    const validate = validatorFor(id);
    if (validate(value)) return [];
    const findings: SchemaFinding[] = [];
    const seen = new Set<string>();
    for (const error of validate.errors ?? []) {
        const finding = findingOf(error, value);
        if (finding === undefined) continue;
        const key = `${JSON.stringify(finding.path)}\u0000${finding.reason}`;
        if (seen.has(key)) continue;
        seen.add(key);
        findings.push(finding);
    }
    return findings;
}

/** `["areas", 0, "action"]` → `areas[0].action`, prefixed with `base` when given. */
function propertyOf(path: readonly PathSegment[], base: string): string {
    let out = base;
    for (const segment of path) {
        if (typeof segment === "number") out += `[${segment}]`;
        else out += out === "" ? segment : `.${segment}`;
    }
    return out;
}

/** The schema problems of `value` as check failures, their properties prefixed with `base` (e.g. `definition`). */
export function failuresAgainstSchema(id: string, value: unknown, base = ""): ValidationFailure[] {
    return schemaFindings(id, value).map(f => ({ property: propertyOf(f.path, base), reason: f.reason }));
}
