import { menuRequest } from "../fixtures";

/**
 * How the rich menu validation cases build their bodies: the fixture menu as plain JSON, with one
 * part replaced, added or left out.
 */

export type Json = Record<string, unknown>;

/** The fixture menu as plain JSON, with one area whose action (or bounds) a case replaces. */
export function menu(patch: Json = {}): Json {
    return { ...(menuRequest() as unknown as Json), ...patch };
}

export function withArea(area: Json): Json {
    return menu({ areas: [area] });
}

export const BOUNDS = { x: 0, y: 0, width: 400, height: 250 };

export function withAction(action: Json): Json {
    return withArea({ bounds: BOUNDS, action });
}

export function without(key: string, value: Json = menu()): Json {
    const copy = { ...value };
    delete copy[key];
    return copy;
}

export const FAMILY = "👨‍👩‍👧"; // one grapheme cluster, eight UTF-16 code units

export const required = "must be specified";

export const length = (min: number, max: number): string => `Length must be between ${min} and ${max}`;

/** A broken rich menu object and exactly what LINE answers for it. */
export interface InvalidCase {
    readonly name: string;
    readonly body: Json;
    /** The answer, for rule violations. */
    readonly expected?: unknown;
    /** The property whose value has the wrong JSON type: LINE names it with its position instead. */
    readonly invalid?: string;
}

/** An edge that LINE accepts. */
export interface ValidCase {
    readonly name: string;
    readonly body: Json;
}
