import { createHash } from "node:crypto";
import { canonicalJson } from "./canonicalJson";

/**
 * Helpers every resource's handlers share: unknown values during preview, which inputs changed
 * (compared as canonical JSON), digests, and a create that failed after LINE accepted it.
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
