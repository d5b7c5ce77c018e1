import type * as pulumi from "@pulumi/pulumi";

/**
 * Each property name of `T`, once. Written as an object literal, the compiler checks it complete and
 * exact against the dynamic resource's own types (`RichMenuArgs`, `RichMenuOutputs`, …), so the names
 * a native class registers cannot drift from them, and the list exists at run time for the schema check.
 */
export type NameSet<T> = { readonly [K in keyof T]-?: true };

export function namesOf<T>(set: NameSet<T>): readonly (keyof T & string)[] {
    return Object.keys(set) as (keyof T & string)[];
}

/**
 * What a native resource registers: its args, and every output name it does not take as an arg as
 * `undefined`, which is how the SDK learns to give the resource an `Output` for it (filled from the
 * plugin's answer).
 */
export function registrationProps(args: object, outputNames: readonly string[]): pulumi.Inputs {
    const outputs = Object.fromEntries(outputNames.map(name => [name, undefined]));
    return { ...outputs, ...args };
}
