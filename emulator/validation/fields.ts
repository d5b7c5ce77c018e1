import { type ErrorDetail, LineErrorFactory } from "../errors";
import { type JsonDocument, type JsonObject, type JsonValue, childPath, isJsonObject } from "./json";
import { type CharacterCount, textLength } from "./text";

/** LINE's validation wording (Bean Validation style, as in the documented examples). */
export const Messages = {
    required: "must be specified",
    length: (min: number, max: number) => `Length must be between ${min} and ${max}`,
    size: (min: number, max: number) => `Size must be between ${min} and ${max}`,
    atLeast: (min: number) => `must be greater than or equal to ${min}`,
    atMost: (max: number) => `must be less than or equal to ${max}`,
    invalidValue: "invalid value",
    pattern: (regexp: RegExp) => `must match "${regexp.source}"`,
} as const;

export interface StringRule {
    readonly required?: boolean;
    readonly min?: number;
    readonly max?: number;
    readonly count?: CharacterCount;
}

export interface IntegerRule {
    readonly required?: boolean;
    readonly min?: number;
    readonly max?: number;
}

export interface ArrayRule {
    readonly required?: boolean;
    readonly min?: number;
    readonly max?: number;
}

/**
 * Reads typed fields out of a JSON body the way LINE does: a value of the wrong JSON type fails the
 * whole request at once (LINE's deserializer stops there), while rule violations are collected and
 * reported together as "The request body has N error(s)". `null` counts as absent.
 */
export class BodyReader {
    readonly details: ErrorDetail[] = [];

    constructor(private readonly doc: JsonDocument) {}

    /** The body itself, which must be a JSON object. */
    root(): JsonObject {
        if (!isJsonObject(this.doc.value)) this.typeError("");
        return this.doc.value as JsonObject;
    }

    problem(property: string, message: string): void {
        this.details.push({ message, property });
    }

    typeError(property: string): never {
        const { line, column } = this.doc.locate(property);
        if (property === "") throw LineErrorFactory.unparsableJson(line, column);
        throw LineErrorFactory.invalidProperty(property, line, column);
    }

    /** True when problems were found; `finish` then throws them. */
    get failed(): boolean {
        return this.details.length > 0;
    }

    finish(): void {
        if (this.failed) throw LineErrorFactory.invalidRequestBody(this.details);
    }

    value(parent: JsonObject, key: string): JsonValue | undefined {
        const value = Object.hasOwn(parent, key) ? parent[key] : undefined;
        return value === null ? undefined : value;
    }

    has(parent: JsonObject, key: string): boolean {
        return this.value(parent, key) !== undefined;
    }

    object(parent: JsonObject, key: string, path: string, required = false): JsonObject | undefined {
        const value = this.value(parent, key);
        const at = childPath(path, key);
        if (value === undefined) return this.missing(at, required);
        if (!isJsonObject(value)) this.typeError(at);
        return value;
    }

    string(parent: JsonObject, key: string, path: string, rule: StringRule = {}): string | undefined {
        const value = this.value(parent, key);
        const at = childPath(path, key);
        if (value === undefined) return this.missing(at, rule.required ?? false);
        if (typeof value !== "string") this.typeError(at);
        const length = textLength(value, rule.count ?? "utf16");
        const min = rule.min ?? 0;
        if (rule.max !== undefined && (length > rule.max || length < min)) {
            this.problem(at, Messages.length(min, rule.max));
        } else if (length < min) {
            this.problem(at, min === 1 && length === 0 ? Messages.required : Messages.atLeast(min));
        }
        return value;
    }

    integer(parent: JsonObject, key: string, path: string, rule: IntegerRule = {}): number | undefined {
        const value = this.value(parent, key);
        const at = childPath(path, key);
        if (value === undefined) return this.missing(at, rule.required ?? false);
        if (typeof value !== "number" || !Number.isSafeInteger(value)) this.typeError(at);
        if (rule.min !== undefined && value < rule.min) this.problem(at, Messages.atLeast(rule.min));
        else if (rule.max !== undefined && value > rule.max) this.problem(at, Messages.atMost(rule.max));
        return value;
    }

    /** Any JSON number (coordinates); `integer` is for counts and pixels. */
    number(parent: JsonObject, key: string, path: string, required = false): number | undefined {
        const value = this.value(parent, key);
        const at = childPath(path, key);
        if (value === undefined) return this.missing(at, required);
        if (typeof value !== "number") this.typeError(at);
        return value;
    }

    boolean(parent: JsonObject, key: string, path: string, required = false): boolean | undefined {
        const value = this.value(parent, key);
        const at = childPath(path, key);
        if (value === undefined) return this.missing(at, required);
        if (typeof value !== "boolean") this.typeError(at);
        return value;
    }

    array(parent: JsonObject, key: string, path: string, rule: ArrayRule = {}): JsonValue[] | undefined {
        const value = this.value(parent, key);
        const at = childPath(path, key);
        if (value === undefined) return this.missing(at, rule.required ?? false);
        if (!Array.isArray(value)) this.typeError(at);
        const min = rule.min ?? 0;
        if (rule.max !== undefined && (value.length > rule.max || value.length < min)) {
            this.problem(at, Messages.size(min, rule.max));
        }
        return value;
    }

    /** One of a fixed set of strings; anything else is reported, not thrown. */
    enumeration<T extends string>(
        parent: JsonObject,
        key: string,
        path: string,
        allowed: readonly T[],
        required = false,
    ): T | undefined {
        const value = this.string(parent, key, path, { required });
        if (value === undefined) return undefined;
        if (!(allowed as readonly string[]).includes(value)) {
            this.problem(childPath(path, key), Messages.invalidValue);
            return undefined;
        }
        return value as T;
    }

    private missing(at: string, required: boolean): undefined {
        if (required) this.problem(at, Messages.required);
        return undefined;
    }
}
