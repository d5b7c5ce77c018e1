import {
    isAlias,
    isMap,
    isPair,
    isScalar,
    isSeq,
    LineCounter,
    parseDocument,
    visit,
    type Document,
    type Node,
    type YAMLError,
} from "yaml";

/**
 * A declaration file as parsed YAML, kept with its line counter so that any JSON path in the value can
 * be traced back to a line and column, through anchors, aliases and merge keys.
 */

export type PathSegment = string | number;
export type JsonPath = readonly PathSegment[];

/** At most this many alias expansions: a few anchors can otherwise expand to gigabytes ("billion laughs"). */
export const MAX_ALIAS_COUNT = 100;

/** A declaration is a few kilobytes; anything near this is a mistake or an attack, and is not read. */
export const MAX_DECLARATION_BYTES = 1024 * 1024;

export interface Position {
    /** 1-based. */
    readonly line: number;
    /** 1-based. */
    readonly column: number;
}

export interface YamlProblem extends Position {
    readonly message: string;
    /** The key the problem is about, when it is about one (a duplicate key). */
    readonly path?: JsonPath;
    /** Only warnings leave a document worth validating further. */
    readonly recoverable: boolean;
}

export interface YamlSource {
    readonly text: string;
    readonly doc: Document.Parsed;
    readonly problems: readonly YamlProblem[];
    positionOf(offset: number): Position;
    /** Where the value at `path` starts (its key with `key: true`); the nearest existing ancestor otherwise. */
    locate(path: JsonPath, options?: { readonly key?: boolean }): Position;
    /** The source text of the node at `path`, when the path leads to one. */
    rangeOf(path: JsonPath): readonly [number, number] | undefined;
}

/** `["richMenus", "home", "areas", 0, "action"]` → `richMenus.home.areas[0].action` (LINE's notation). */
export function formatPath(path: JsonPath): string {
    let out = "";
    for (const segment of path) {
        if (typeof segment === "number") out += `[${segment}]`;
        else if (/^[A-Za-z0-9_$-]+$/.test(segment)) out += out === "" ? segment : `.${segment}`;
        else out += `[${JSON.stringify(segment)}]`;
    }
    return out;
}

/** The inverse of {@link formatPath} for the paths validation code produces (`areas[0].bounds`). */
export function parsePath(property: string): PathSegment[] {
    const out: PathSegment[] = [];
    const token = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
    for (const match of property.matchAll(token)) {
        if (match[1] !== undefined) out.push(match[1]);
        else if (match[2] !== undefined) out.push(Number(match[2]));
        else if (match[3] !== undefined) out.push(JSON.parse(`"${match[3]}"`) as string);
    }
    return out;
}

/** Whether `path` is `prefix` or lies under it. */
export function isUnder(path: JsonPath, prefix: JsonPath): boolean {
    return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}

function isMergeKey(key: unknown): boolean {
    return isScalar(key) && (key.source === "<<" || typeof key.value === "symbol");
}

function keyText(key: unknown): string | undefined {
    if (
        isScalar(key) &&
        (typeof key.value === "string" || typeof key.value === "number" || typeof key.value === "boolean")
    )
        return String(key.value);
    return undefined;
}

/** The JSON path of the key that starts at `offset`, and the offset of the first key with its name there. */
function keyAt(doc: Document.Parsed, offset: number): { path: JsonPath; first?: number } | undefined {
    let found: { path: JsonPath; first?: number } | undefined;
    visit(doc, {
        Pair(_key, pair, ancestors) {
            if (found !== undefined) return visit.BREAK;
            const range = isScalar(pair.key) ? pair.key.range : undefined;
            if (range?.[0] !== offset) return undefined;
            const path: PathSegment[] = [];
            for (let i = 0; i < ancestors.length; i++) {
                const node = ancestors[i];
                const child = ancestors[i + 1] ?? pair;
                if (isPair(node)) path.push(keyText(node.key) ?? "?");
                else if (isSeq(node)) path.push(node.items.indexOf(child as never));
            }
            const name = keyText(pair.key) ?? "?";
            path.push(name);
            const parent = ancestors[ancestors.length - 1];
            const first = isMap(parent)
                ? parent.items.find(p => isPair(p) && keyText(p.key) === name && p !== pair)
                : undefined;
            const firstRange =
                first !== undefined && isScalar(first.key) ? (first.key.range ?? undefined) : undefined;
            found = { path, ...(firstRange !== undefined ? { first: firstRange[0] } : {}) };
            return visit.BREAK;
        },
    });
    return found;
}

/** Where the innermost quoted scalar around `offset` opens. */
function openingQuoteBefore(doc: Document.Parsed, offset: number): number | undefined {
    let start: number | undefined;
    visit(doc, {
        Scalar(_key, node) {
            if (node.type !== "QUOTE_DOUBLE" && node.type !== "QUOTE_SINGLE") return;
            const [from = 0, , to = 0] = node.range ?? [];
            if (from <= offset && offset <= to && (start === undefined || from > start)) start = from;
        },
    });
    return start;
}

/**
 * Where the flow collection (`[` or `{`) still open at `offset` was opened: the parser's nodes do not
 * keep the bracket's position, so the text is scanned, skipping quoted text and comments.
 */
function openBracketBefore(text: string, offset: number, bracket: "[" | "{"): number | undefined {
    const open: number[] = [];
    let quote: string | undefined;
    for (let i = 0; i < offset && i < text.length; i++) {
        const c = text[i];
        if (quote !== undefined) {
            if (c === "\\" && quote === '"') i++;
            else if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") {
            if (i === 0 || /[\s[{,:]/.test(text[i - 1] ?? "")) quote = c;
        } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1] ?? ""))) {
            while (i < offset && text[i] !== "\n") i++;
        } else if (c === "[" || c === "{") open.push(i);
        else if (c === "]" || c === "}") open.pop();
    }
    for (let i = open.length - 1; i >= 0; i--) if (text[open[i]!] === bracket) return open[i];
    return undefined;
}

const UNCLOSED_BRACKET = /end with an? ([\]}])/;

function isUnclosedBracket(error: YAMLError): boolean {
    return UNCLOSED_BRACKET.test(error.message);
}

/**
 * One parser error as the file's author needs it: where the problem starts (an unterminated quote where
 * it opens, not where the file ends), and for a duplicate key which key, at which path.
 */
function describeProblem(
    doc: Document.Parsed,
    text: string,
    error: YAMLError,
    positionOf: (offset: number) => Position,
): YamlProblem {
    const message = error.message.replace(/\s+/g, " ").trim();
    // A duplicate key is an error too: which of the two values a reader meant cannot be known.
    const recoverable = error.name === "YAMLWarning";
    if (error.code === "DUPLICATE_KEY") {
        const key = keyAt(doc, error.pos[0]);
        if (key !== undefined) {
            const name = String(key.path[key.path.length - 1]);
            const first = key.first === undefined ? "" : ` (first at line ${positionOf(key.first).line})`;
            return {
                ...positionOf(error.pos[0]),
                path: key.path,
                message: `duplicate key ${JSON.stringify(name)}${first}`,
                recoverable,
            };
        }
    }
    const unclosed = UNCLOSED_BRACKET.exec(message)?.[1];
    if (unclosed !== undefined) {
        const start = openBracketBefore(text, error.pos[0], unclosed === "]" ? "[" : "{");
        if (start !== undefined) {
            return {
                ...positionOf(start),
                message: `the ${unclosed === "]" ? "[" : "{"} opened here is never closed with ${unclosed}`,
                recoverable,
            };
        }
    }
    if (error.code === "MISSING_CHAR" && /quote/.test(message)) {
        const start = openingQuoteBefore(doc, error.pos[0]);
        if (start !== undefined) {
            const quote = text[start] === "'" ? "'" : '"';
            return {
                ...positionOf(start),
                message: `the ${quote} opened here is never closed`,
                recoverable,
            };
        }
    }
    return { ...positionOf(error.pos[0]), message, recoverable };
}

export function parseYaml(text: string): YamlSource {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, {
        lineCounter,
        uniqueKeys: true,
        prettyErrors: false,
        // `<<: *tab` lets a file share bounds between areas; YAML 1.2 leaves merge keys out by default.
        merge: true,
    });
    const positionOf = (offset: number): Position => {
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
    };
    const problems: YamlProblem[] = [];
    let unclosedSeen = false;
    for (const error of [...doc.errors, ...doc.warnings]) {
        // After one unclosed bracket the parser's later complaints about brackets follow from it.
        const unclosed = isUnclosedBracket(error);
        if (unclosed && unclosedSeen) continue;
        unclosedSeen ||= unclosed;
        problems.push(describeProblem(doc, text, error, positionOf));
    }

    const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(doc) : node);

    /** The pair for `key` in a map, looking through merge keys (`<<: *base`) the way YAML resolves them. */
    const findPair = (map: unknown, key: string, depth = 0): { key: unknown; value: unknown } | undefined => {
        const resolved = resolve(map);
        if (!isMap(resolved) || depth > MAX_ALIAS_COUNT) return undefined;
        for (const pair of resolved.items) if (isPair(pair) && keyText(pair.key) === key) return pair;
        for (const pair of resolved.items) {
            if (!isPair(pair) || !isMergeKey(pair.key)) continue;
            const sources = isSeq(resolve(pair.value))
                ? (resolve(pair.value) as { items: unknown[] }).items
                : [pair.value];
            for (const source of sources) {
                const found = findPair(source, key, depth + 1);
                if (found !== undefined) return found;
            }
        }
        return undefined;
    };

    interface Walk {
        readonly node: unknown;
        readonly keyNode?: unknown;
        readonly complete: boolean;
    }
    const walk = (path: JsonPath): Walk => {
        let node: unknown = doc.contents;
        let keyNode: unknown;
        for (const segment of path) {
            const current = resolve(node);
            let next: unknown;
            let nextKey: unknown;
            if (isMap(current)) {
                const pair = findPair(current, String(segment));
                if (pair !== undefined) {
                    next = pair.value ?? pair.key;
                    nextKey = pair.key;
                }
            } else if (isSeq(current) && typeof segment === "number") {
                next = current.items[segment];
            }
            if (next === undefined || next === null) return { node, keyNode, complete: false };
            node = next;
            keyNode = nextKey;
        }
        return { node, keyNode, complete: true };
    };

    const startOf = (node: unknown): number | undefined => {
        const range = (node as Partial<Node> | null | undefined)?.range;
        return range === undefined || range === null ? undefined : range[0];
    };

    return {
        text,
        doc,
        problems,
        positionOf,
        locate(path, options = {}) {
            const found = walk(path);
            const target =
                options.key && found.complete && found.keyNode !== undefined ? found.keyNode : found.node;
            // An alias reports where the anchored value is written: that is the text to fix.
            const offset = startOf(resolve(target)) ?? startOf(target) ?? 0;
            return positionOf(offset);
        },
        rangeOf(path) {
            const found = walk(path);
            if (!found.complete) return undefined;
            const range = (resolve(found.node) as Partial<Node> | undefined)?.range;
            return range ? [range[0], range[1]] : undefined;
        },
    };
}
