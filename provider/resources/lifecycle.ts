import { createHash } from "node:crypto";

/**
 * Helpers every resource's handlers share: unknown values during preview, canonical JSON for stable
 * diffs, and LINE's not-found answers.
 */

/** The value Pulumi puts in place of an input that is not known yet during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `value` is, or contains, a value unknown during preview. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
    return false;
}

/**
 * JSON with object keys sorted at every level, so a re-ordered YAML mapping or a re-ordered object
 * literal produces the same text (and no diff).
 */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            const v = (value as Record<string, unknown>)[key];
            if (v !== undefined) out[key] = sortKeys(v);
        }
        return out;
    }
    return value;
}

export function sha256(text: string | Uint8Array): string {
    return createHash("sha256").update(text).digest("hex");
}

/** The names of `keys` whose canonical values differ between `olds` and `news`. */
export function changedKeys<T extends object>(
    olds: Partial<T>,
    news: Partial<T>,
    keys: readonly (keyof T)[],
): string[] {
    return keys.filter(k => canonicalJson(olds[k]) !== canonicalJson(news[k])).map(String);
}

/**
 * A failure after LINE accepted a create that could not be undone. Pulumi's dynamic provider host reads `id`,
 * `properties` and `reasons` off a thrown error and records the resource as created but failed to
 * initialise, with those outputs; the engine then updates it on the next run.
 */
export class ResourceInitFailedError extends Error {
    override readonly name = "ResourceInitFailedError";
    readonly reasons: string[];
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Record<string, unknown>,
    ) {
        super(message);
        this.reasons = [message];
    }
}

/**
 * The outputs to record with a {@link ResourceInitFailedError}. The host adds the serialized provider
 * to ordinary results but not to these, and refresh and delete cannot run without it, so it is carried
 * over from the inputs the host passed in.
 */
export function withProviderOf(inputs: object, outs: object): Record<string, unknown> {
    const provider = (inputs as { __provider?: unknown }).__provider;
    return { ...outs, ...(provider !== undefined ? { __provider: provider } : {}) };
}
