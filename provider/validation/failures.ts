import type { ErrorObject } from "./ajv";

/**
 * One problem with a declared value, in the shape Pulumi's `CheckFailure` takes: the property path in
 * LINE's own notation (`areas[0].action.uri`), so it reads the same as LINE's error `details[].property`.
 */
export interface ValidationFailure {
    readonly property: string;
    readonly reason: string;
}

/** `/areas/0/action/uri` → `areas[0].action.uri`, prefixed with `base` when given. */
function pointerToProperty(pointer: string, base = ""): string {
    let out = base;
    for (const raw of pointer.split("/").slice(1)) {
        const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        if (/^\d+$/.test(segment)) out += `[${segment}]`;
        else out += out === "" ? segment : `.${segment}`;
    }
    return out;
}

/**
 * Turns ajv's errors into failures a user can act on. ajv reports every branch it tried; the
 * `if`/`then` wrappers and bare `not` add noise without saying what is wrong, so they are dropped.
 */
export function toFailures(
    errors: readonly ErrorObject[] | null | undefined,
    base = "",
): ValidationFailure[] {
    const failures: ValidationFailure[] = [];
    const seen = new Set<string>();
    for (const error of errors ?? []) {
        if (error.keyword === "if") continue;
        let property = pointerToProperty(error.instancePath, base);
        let reason: string;
        switch (error.keyword) {
            case "required":
                property = joinProperty(property, String(error.params.missingProperty));
                reason = "must be specified";
                break;
            case "additionalProperties":
                property = joinProperty(property, String(error.params.additionalProperty));
                reason = "is not a known property";
                break;
            case "enum":
                reason = `must be one of ${(error.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(", ")}`;
                if (property.endsWith("action.type")) {
                    reason +=
                        " (camera, cameraRoll and location are quick-reply actions, not rich menu actions)";
                }
                break;
            case "const":
                // A `const` on an action's `type` inside an if/then branch repeats what `enum` said.
                continue;
            case "pattern":
                reason = patternReason(property, error.params.pattern as string);
                break;
            case "not":
                reason = notReason(error);
                break;
            default:
                reason = error.message ?? error.keyword;
        }
        const key = `${property}\u0000${reason}`;
        if (seen.has(key)) continue;
        seen.add(key);
        failures.push({ property, reason });
    }
    return failures;
}

function joinProperty(base: string, name: string): string {
    return base === "" ? name : `${base}.${name}`;
}

function patternReason(property: string, pattern: string): string {
    if (/richMenuAliasId$/.test(property)) return "must be 1-32 characters of a-z, 0-9, _ or -";
    if (/userIds?(\[\d+\])?$|userId$/.test(property))
        return "must be a LINE user ID: U followed by 32 hex digits";
    if (/uri$|desktop$/.test(property)) return "must be an http, https, line or tel URI without spaces";
    if (/(initial|max|min)$/.test(property))
        return "must match the picker mode's format (YYYY-MM-DD, HH:MM or YYYY-MM-DDTHH:MM)";
    if (/url$|endpoint$/i.test(property)) return "must be an HTTPS URL";
    return `must match ${pattern}`;
}

function notReason(error: ErrorObject): string {
    // schemaPath is relative to the referenced definition, so recognise it by its parent schema.
    const parent = error.parentSchema as
        { properties?: { type?: { const?: unknown } }; pattern?: string } | undefined;
    if (parent?.properties?.type?.const === "postback") return "displayText and text cannot both be set";
    if (parent?.pattern === "^[a-z0-9_-]{1,32}$") {
        return "`list` cannot be used as an alias ID: LINE's alias list path shadows it";
    }
    return "is not allowed";
}
