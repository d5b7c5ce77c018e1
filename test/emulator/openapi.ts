import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";

/** LINE's OpenAPI files, kept beside the repository (shared/line-openapi), never copied into it. */
export const OPENAPI_DIR = join(__dirname, "..", "..", "..", "shared", "line-openapi");
const OPENAPI_FILES = ["messaging-api.yml", "manage-audience.yml", "channel-access-token.yml"] as const;

type Node = unknown;

interface Operation {
    readonly file: string;
    readonly path: string;
    readonly method: string;
    readonly responses: Readonly<Record<string, { content?: Record<string, { schema?: Node }> }>>;
}

/**
 * OpenAPI 3.0 schema objects are nearly JSON Schema; the difference that matters for LINE's files
 * is `nullable`, which becomes a `null` type (and a `null` enum member).
 */
export function toJsonSchema(node: Node): Node {
    if (Array.isArray(node)) return node.map(toJsonSchema);
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, Node> = {};
    for (const [key, value] of Object.entries(node)) {
        if (key !== "nullable") out[key] = toJsonSchema(value);
    }
    if ((node as { nullable?: unknown }).nullable === true) {
        if (typeof out.type === "string") out.type = [out.type, "null"];
        if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    }
    return out;
}

const escapePointer = (segment: string): string => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** The specs loaded into one ajv, each document under its own `$id` so `#/components` refs resolve. */
export class LineOpenApi {
    private readonly ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    private readonly operations = new Map<string, Operation>();
    private readonly cache = new Map<string, ValidateFunction>();

    constructor(dir: string) {
        addFormats(this.ajv);
        this.ajv.addFormat("int32", true);
        this.ajv.addFormat("int64", true);
        for (const file of OPENAPI_FILES) {
            const doc = toJsonSchema(parse(readFileSync(join(dir, file), "utf8"))) as {
                paths: Record<
                    string,
                    Record<
                        string,
                        Operation["responses"] | { operationId?: string; responses?: Operation["responses"] }
                    >
                >;
            };
            this.ajv.addSchema({ ...doc, $id: this.idOf(file) });
            for (const [path, item] of Object.entries(doc.paths)) {
                for (const [method, op] of Object.entries(item)) {
                    const { operationId, responses } = op as {
                        operationId?: string;
                        responses?: Operation["responses"];
                    };
                    if (operationId !== undefined && responses !== undefined) {
                        this.operations.set(operationId, {
                            file,
                            path,
                            method: method.toUpperCase(),
                            responses,
                        });
                    }
                }
            }
        }
    }

    static load(): LineOpenApi | undefined {
        return OPENAPI_FILES.every(f => existsSync(join(OPENAPI_DIR, f)))
            ? new LineOpenApi(OPENAPI_DIR)
            : undefined;
    }

    operation(operationId: string): Operation {
        const op = this.operations.get(operationId);
        if (op === undefined) throw new Error(`LINE's spec has no operation ${operationId}`);
        return op;
    }

    /** The statuses the spec lists for an operation. */
    statuses(operationId: string): string[] {
        return Object.keys(this.operation(operationId).responses);
    }

    /**
     * The validator for an operation's response body at a status: the operation's own schema when
     * the spec gives one, else the file's ErrorResponse for an error status, else undefined (the
     * spec declares no body).
     */
    validator(
        operationId: string,
        status: number,
        mediaType = "application/json",
    ): ValidateFunction | undefined {
        const op = this.operation(operationId);
        const schema = op.responses[String(status)]?.content?.[mediaType]?.schema;
        let ref: string | undefined;
        if (schema !== undefined) {
            ref = `${this.idOf(op.file)}#/paths/${escapePointer(op.path)}/${op.method.toLowerCase()}/responses/${status}/content/${escapePointer(mediaType)}/schema`;
        } else if (status >= 400) {
            ref = `${this.idOf(op.file)}#/components/schemas/ErrorResponse`;
        }
        if (ref === undefined) return undefined;
        let validate = this.cache.get(ref);
        if (validate === undefined) {
            validate = this.ajv.compile({ $ref: ref });
            this.cache.set(ref, validate);
        }
        return validate;
    }

    private idOf(file: string): string {
        return `https://line-openapi.invalid/${file}`;
    }
}
