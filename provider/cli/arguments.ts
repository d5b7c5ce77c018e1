/**
 * What the commands share about reading their parsed arguments: the values `util.parseArgs` gives are
 * strings or booleans; these turn them into what a command needs, or a {@link UsageError} naming the flag.
 */

/** A command line that parses but makes no sense (`--port x`): exit 2, like an unknown flag. */
export class UsageError extends Error {
    override readonly name = "UsageError";
}

type Value = string | boolean | (string | boolean)[] | undefined;

/** A string option given at most once (the last one wins, as with most CLIs). */
export function stringValue(value: Value): string | undefined {
    if (Array.isArray(value)) return stringValue(value[value.length - 1]);
    return typeof value === "string" ? value : undefined;
}

/** A repeatable string option. */
export function stringValues(value: Value): string[] {
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

/** `KEY=VALUE` (split at the first `=`); `what` names the two halves in the message. */
export function pair(flag: string, text: string, what = "KEY=VALUE"): readonly [string, string] {
    const eq = text.indexOf("=");
    if (eq <= 0) throw new UsageError(`${flag} takes ${what}, not ${JSON.stringify(text)}`);
    return [text.slice(0, eq), text.slice(eq + 1)];
}

/** A whole number in [min, max]. */
export function integer(flag: string, text: string, min: number, max: number): number {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max)
        throw new UsageError(
            `${flag} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`,
        );
    return n;
}

/** A positive finite number. */
export function positive(flag: string, text: string): number {
    const n = Number(text);
    if (!(n > 0) || !Number.isFinite(n))
        throw new UsageError(`${flag} must be a positive number, not ${JSON.stringify(text)}`);
    return n;
}
