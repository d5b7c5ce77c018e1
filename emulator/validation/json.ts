import { LineErrorFactory } from "../errors";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Where a value starts in the request text, as LINE reports it: 1-based line and column. */
export interface TextPosition {
    readonly line: number;
    readonly column: number;
}

/**
 * A parsed JSON body that remembers where each value started, because LINE's "invalid property"
 * error names the line and column of the offending value.
 */
export interface JsonDocument {
    readonly value: JsonValue;
    /** The position of the value at a LINE property path (`areas[0].action.uri`), or of the body. */
    locate(path: string): TextPosition;
}

export function childPath(parent: string, key: string | number): string {
    if (typeof key === "number") return `${parent}[${key}]`;
    return parent === "" ? key : `${parent}.${key}`;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses `text` or throws LINE's "could not be parsed as JSON (line, column)" error. */
export function parseJsonDocument(text: string): JsonDocument {
    const parser = new PositionalJsonParser(text);
    const value = parser.parseDocument();
    const starts = parser.starts;
    return {
        value,
        locate: path => positionOf(text, starts.get(path) ?? 0),
    };
}

function positionOf(text: string, offset: number): TextPosition {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset && i < text.length; i++) {
        if (text.charCodeAt(i) === 0x0a) {
            line++;
            lineStart = i + 1;
        }
    }
    return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A JSON string body: anything but quote, backslash and control characters, or a valid escape.
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** A small recursive-descent JSON parser; `JSON.parse` cannot say where each value began. */
class PositionalJsonParser {
    readonly starts = new Map<string, number>();
    private pos = 0;

    constructor(private readonly text: string) {}

    parseDocument(): JsonValue {
        this.skipWhitespace();
        const value = this.parseValue("");
        this.skipWhitespace();
        if (this.pos < this.text.length) this.fail();
        return value;
    }

    private parseValue(path: string): JsonValue {
        this.skipWhitespace();
        this.starts.set(path, this.pos);
        const ch = this.text[this.pos];
        if (ch === "{") return this.parseObject(path);
        if (ch === "[") return this.parseArray(path);
        if (ch === '"') return this.parseString();
        if (ch === "t") return this.parseLiteral("true", true);
        if (ch === "f") return this.parseLiteral("false", false);
        if (ch === "n") return this.parseLiteral("null", null);
        return this.parseNumber();
    }

    private parseObject(path: string): JsonObject {
        const result: JsonObject = {};
        this.pos++;
        this.skipWhitespace();
        if (this.text[this.pos] === "}") {
            this.pos++;
            return result;
        }
        for (;;) {
            this.skipWhitespace();
            if (this.text[this.pos] !== '"') this.fail();
            const key = this.parseString();
            this.skipWhitespace();
            if (this.text[this.pos] !== ":") this.fail();
            this.pos++;
            const value = this.parseValue(childPath(path, key));
            // defineProperty, so a key named "__proto__" is data, not a prototype change.
            Object.defineProperty(result, key, {
                value,
                enumerable: true,
                writable: true,
                configurable: true,
            });
            this.skipWhitespace();
            const next = this.text[this.pos];
            this.pos++;
            if (next === "}") return result;
            if (next !== ",") this.fail(this.pos - 1);
        }
    }

    private parseArray(path: string): JsonValue[] {
        const result: JsonValue[] = [];
        this.pos++;
        this.skipWhitespace();
        if (this.text[this.pos] === "]") {
            this.pos++;
            return result;
        }
        for (;;) {
            result.push(this.parseValue(childPath(path, result.length)));
            this.skipWhitespace();
            const next = this.text[this.pos];
            this.pos++;
            if (next === "]") return result;
            if (next !== ",") this.fail(this.pos - 1);
        }
    }

    private parseString(): string {
        STRING.lastIndex = this.pos;
        const match = STRING.exec(this.text);
        if (!match) this.fail();
        this.pos += match[0].length;
        return JSON.parse(match[0]) as string;
    }

    private parseNumber(): number {
        NUMBER.lastIndex = this.pos;
        const match = NUMBER.exec(this.text);
        if (!match) this.fail();
        this.pos += match[0].length;
        return Number(match[0]);
    }

    private parseLiteral<T extends JsonValue>(word: string, value: T): T {
        if (!this.text.startsWith(word, this.pos)) this.fail();
        this.pos += word.length;
        return value;
    }

    private skipWhitespace(): void {
        while (this.pos < this.text.length) {
            const c = this.text.charCodeAt(this.pos);
            if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
            this.pos++;
        }
    }

    private fail(at = this.pos): never {
        const { line, column } = positionOf(this.text, at);
        throw LineErrorFactory.unparsableJson(line, column);
    }
}
