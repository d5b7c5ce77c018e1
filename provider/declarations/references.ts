import type { JsonPath, PathSegment } from "./source";
import { didYouMean } from "./suggest";

/**
 * `${config:key}`, `${stack}` and `${project}` references: how one declaration file serves every
 * stack. The file holds what all environments share; each stack's config holds what differs (the
 * webhook URL, site URLs inside actions, which bot, which user IDs), set with `pulumi config set`.
 *
 * - `${config:siteUrl}` is the project's config key `siteUrl`; `${config:line:expectedBot}` names a
 *   namespace.
 * - Inside a longer string (`${config:siteUrl}/news`) a reference is text. A string that is nothing
 *   but one reference takes the type the schema wants at that place: `verify: ${config:verifyWebhook}`
 *   with the config value `true` is a boolean, `userIds: ${config:vipUserIds}` a JSON array set with
 *   `pulumi config set --path 'vipUserIds[0]' U…`.
 * - `$${` is a literal `${`.
 */

/** The stack's config as the declarations see it; the component builds it from Pulumi's config. */
export interface StackConfig {
    readonly stack: string;
    readonly project: string;
    /** The value of a fully qualified key (`project:siteUrl`, `line:expectedBot`), as Pulumi stores it. */
    get(key: string): string | undefined;
    /** Whether the key was set with `--secret`. */
    isSecret(key: string): boolean;
}

/** A config from plain values, for tests, scripts and the render command. */
export function staticStackConfig(
    stack: string,
    project: string,
    values: Readonly<Record<string, string>>,
    secretKeys: readonly string[] = [],
): StackConfig {
    const qualify = (key: string) => (key.includes(":") ? key : `${project}:${key}`);
    const table = new Map(Object.entries(values).map(([k, v]) => [qualify(k), v]));
    const secrets = new Set(secretKeys.map(qualify));
    return { stack, project, get: key => table.get(key), isSecret: key => secrets.has(key) };
}

export interface ConfigReference {
    /** As written after `config:` (`siteUrl`, `line:expectedBot`): what `pulumi config set` takes. */
    readonly key: string;
    /** With its namespace (`my-project:siteUrl`). */
    readonly qualifiedKey: string;
    /** The text in the file, `${config:siteUrl}`, to find its column. */
    readonly text: string;
}

/** A string in the file that held references, and what became of it. */
export interface ReferenceSite {
    readonly path: JsonPath;
    readonly text: string;
    /** The whole string is one `${config:…}` reference, so its value may take a non-string type. */
    readonly whole?: ConfigReference;
    /** The raw config value of a whole reference. */
    readonly raw?: string;
    readonly secret: boolean;
    /** Whether `${stack}` or a config reference makes the value differ per stack. */
    readonly perStack: boolean;
}

export interface ReferenceProblem {
    readonly path: JsonPath;
    /** The reference's text, to point at its column. */
    readonly text: string;
    readonly message: string;
}

export interface ResolvedReferences {
    readonly value: unknown;
    readonly sites: readonly ReferenceSite[];
    readonly problems: readonly ReferenceProblem[];
    /** Paths whose reference could not be resolved: their values stay as written, and are not checked. */
    readonly unresolved: readonly JsonPath[];
}

const TOKEN = /\$\$\{|\$\{([^}]*)\}/g;
const CONFIG_KEY = /^(?:([A-Za-z0-9_.-]+):)?([A-Za-z0-9_.-]+)$/;
const KNOWN_FORMS = ["config:", "stack", "project"];

function setCommand(config: StackConfig, key: string): string {
    return `pulumi config set --stack ${config.stack} ${key} <value>`;
}

/** Resolves every reference in `value` (the parsed declaration) against `config`. */
export function resolveReferences(value: unknown, config: StackConfig): ResolvedReferences {
    const sites: ReferenceSite[] = [];
    const problems: ReferenceProblem[] = [];
    const unresolved: JsonPath[] = [];

    const resolveString = (text: string, path: JsonPath): unknown => {
        if (!text.includes("${")) return text;
        let secret = false;
        let perStack = false;
        let failed = false;
        let whole: ConfigReference | undefined;
        let raw: string | undefined;
        const matches = [...text.matchAll(TOKEN)];
        const out = text.replace(TOKEN, (token: string, body: string | undefined) => {
            if (token === "$${") return "${";
            const inner = (body ?? "").trim();
            if (inner === "stack") {
                perStack = true;
                return config.stack;
            }
            if (inner === "project") return config.project;
            if (!inner.startsWith("config:")) {
                failed = true;
                const head = inner.split(/[:\s]/)[0] ?? "";
                const hint = didYouMean(head === "config" ? "config:" : head, KNOWN_FORMS);
                problems.push({
                    path,
                    text: token,
                    message: `unknown reference ${token}: use \${config:key}, \${stack} or \${project}${hint}`,
                });
                return token;
            }
            const match = CONFIG_KEY.exec(inner.slice("config:".length).trim());
            if (match === null) {
                failed = true;
                problems.push({
                    path,
                    text: token,
                    message: `${token} is not a config key: use \${config:name} or \${config:namespace:name}`,
                });
                return token;
            }
            const key = match[1] === undefined ? match[2]! : `${match[1]}:${match[2]}`;
            const qualifiedKey = match[1] === undefined ? `${config.project}:${match[2]}` : key;
            const reference: ConfigReference = { key, qualifiedKey, text: token };
            const found = config.get(qualifiedKey);
            perStack = true;
            if (found === undefined) {
                failed = true;
                problems.push({
                    path,
                    text: token,
                    message:
                        `stack config "${key}" is not set for stack "${config.stack}": set it with ` +
                        `\`${setCommand(config, key)}\``,
                });
                return token;
            }
            if (config.isSecret(qualifiedKey)) secret = true;
            if (matches.length === 1 && token === text) {
                whole = reference;
                raw = found;
            }
            return found;
        });
        if (failed) {
            unresolved.push(path);
            return text;
        }
        sites.push({
            path,
            text,
            secret,
            perStack,
            ...(whole !== undefined ? { whole, raw } : {}),
        });
        return out;
    };

    const walk = (node: unknown, path: PathSegment[]): unknown => {
        if (typeof node === "string") return resolveString(node, [...path]);
        if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]));
        if (typeof node === "object" && node !== null) {
            const out: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k]);
            return out;
        }
        return node;
    };

    return { value: walk(value, []), sites, problems, unresolved };
}

type JsonType = "string" | "number" | "integer" | "boolean" | "array" | "object" | "null";

function jsonTypeOf(value: unknown): JsonType {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value as JsonType;
}

/**
 * A whole-string reference where the schema wants another type: the config value read as JSON
 * (`true`, `3`, `["U…"]`), or why it cannot be. `expected` is ajv's `params.type` (`boolean`,
 * `integer`, `string,number`, ...).
 */
export function coerceReference(
    site: ReferenceSite,
    expected: string,
    config: StackConfig,
): { readonly value: unknown } | { readonly message: string } {
    const wanted = expected.split(",") as JsonType[];
    let parsed: unknown;
    try {
        parsed = JSON.parse(site.raw ?? "");
    } catch {
        parsed = undefined;
    }
    const type = parsed === undefined ? undefined : jsonTypeOf(parsed);
    if (type !== undefined && (wanted.includes(type) || (type === "integer" && wanted.includes("number")))) {
        return { value: parsed };
    }
    const key = site.whole?.key ?? "";
    const example = wanted.includes("boolean")
        ? "true"
        : wanted.includes("integer") || wanted.includes("number")
          ? "600"
          : wanted.includes("array")
            ? `--path '${key}[0]' <value>`
            : "<value>";
    const command = example.startsWith("--path")
        ? `pulumi config set --stack ${config.stack} ${example}`
        : `pulumi config set --stack ${config.stack} ${key} ${example}`;
    return {
        message:
            `stack config "${key}" is ${JSON.stringify(site.raw)}, but ${wanted.join(" or ")} is needed here: ` +
            `set it with \`${command}\``,
    };
}
