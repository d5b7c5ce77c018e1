import type { Message } from "../client";
import type { DeclarationFiles } from "./declarationFiles";
import { IssueSink } from "./issueSink";
import type { MessageTemplateDeclaration } from "./model";
import { isRecord } from "./rawDeclaration";
import { DECLARATIONS_SCHEMA_ID, problemsAgainstSchema } from "./schema";
import {
    formatPath,
    MAX_ALIAS_COUNT,
    MAX_DECLARATION_BYTES,
    parseYaml,
    type JsonPath,
    type PathSegment,
} from "./source";

/**
 * The messages file a message template names (`messagesFile`): JSON of the messages LINE's message
 * validation checks (https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-push-message),
 * and where each value is written, so LINE's answer can name the file's own lines.
 */

/** What loading a messages file needs from the declaration it belongs to. */
export interface MessagesFileContext {
    /** Where the declaration's problems go; a messages file's problems are moved there. */
    readonly sink: IssueSink;
    readonly files: DeclarationFiles;
    /** A path as the declaration file wrote it, resolved against that file's directory. */
    resolve(relative: string): string;
    /** How a file is named in issues. */
    shown(file: string): string;
}

/**
 * A JSON file of messages: an array, or a request body with `messages` (what a broadcast sends).
 * Its problems name the JSON file's own lines.
 */
export function loadMessagesFile(
    context: MessagesFileContext,
    at: JsonPath,
    relative: string,
): Pick<MessageTemplateDeclaration, "messages" | "locations"> | undefined {
    const file = context.resolve(relative);
    const size = context.files.size(file);
    if (size === undefined) {
        context.sink.error(at, `file not found: ${relative}`);
        return undefined;
    }
    if (size > MAX_DECLARATION_BYTES) {
        context.sink.error(at, `${relative} is ${size} bytes; a messages file may have at most 1 MB`);
        return undefined;
    }
    const source = parseYaml((context.files.read(file) ?? Buffer.alloc(0)).toString("utf8"));
    const sink = new IssueSink(context.shown(file), source);
    /** Moves the file's problems to the declaration's; whether there were any. */
    const reported = (): boolean => {
        context.sink.errors.push(...sink.errors);
        return sink.errors.length > 0;
    };
    for (const problem of source.problems) sink.errorAt(problem, problem.path ?? [], problem.message);
    if (reported()) return undefined;
    let value: unknown;
    try {
        value = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
        sink.errorAt({ line: 1, column: 1 }, [], error instanceof Error ? error.message : String(error));
        reported();
        return undefined;
    }
    const base: PathSegment[] = isRecord(value) ? ["messages"] : [];
    const messages = isRecord(value) ? value.messages : value;
    if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
        sink.error(
            base,
            "must be an array of 1 to 5 message objects, or an object with such a `messages` array",
            {
                path: ["messages"],
            },
        );
        reported();
        return undefined;
    }
    messages.forEach((message: unknown, i) => {
        for (const problem of problemsAgainstSchema(
            `${DECLARATIONS_SCHEMA_ID}#/definitions/message`,
            message,
        )) {
            sink.error([...base, i, ...problem.at], problem.message, {
                key: problem.key,
                path: ["messages", i, ...problem.path],
            });
        }
    });
    if (reported()) return undefined;
    const locations: Record<string, string> = {};
    collectLocations(messages, ["messages"], p => sink.location([...base, ...p.slice(1)]), locations);
    return { messages: messages as Message[], locations };
}

/** Records where every value under `value` is written, by its LINE property path. */
export function collectLocations(
    value: unknown,
    at: PathSegment[],
    locate: (path: JsonPath) => string,
    out: Record<string, string>,
): void {
    out[formatPath(at)] = locate(at);
    if (Array.isArray(value)) value.forEach((item, i) => collectLocations(item, [...at, i], locate, out));
    else if (isRecord(value))
        for (const [k, v] of Object.entries(value)) collectLocations(v, [...at, k], locate, out);
}
