import * as path from "node:path";
import { isAlias, visit } from "yaml";
import { DeclarationChecker } from "./declarationChecker";
import { fileSystemFiles, type DeclarationFiles } from "./declarationFiles";
import { DeclarationError, type DeclarationIssue } from "./errors";
import { displayName, IssueSink } from "./issueSink";
import type { ChannelDeclaration } from "./model";
import { entriesOf, isRecord, type RawDeclaration } from "./rawDeclaration";
import { coerceReference, resolveReferences, type ReferenceSite, type StackConfig } from "./references";
import { validateDeclarationSchema, type SchemaProblem } from "./schema";
import {
    formatPath,
    isUnder,
    MAX_ALIAS_COUNT,
    MAX_DECLARATION_BYTES,
    parseYaml,
    type JsonPath,
    type PathSegment,
    type YamlSource,
} from "./source";

export { fileSystemFiles, type DeclarationFiles } from "./declarationFiles";

/**
 * Loading a declaration file: read it (size-capped), parse it (line numbers kept, duplicate keys and
 * alias bombs refused), resolve `${config:…}` references for the stack, apply the JSON Schema, then
 * check what a schema cannot: cross-references between entries, image files, LINE's rules that span
 * fields. Every problem is collected, so one DeclarationError lists them all, before any API call.
 */

/** How files are read: the file system, or a git revision for before/after pictures. */

export interface LoadOptions {
    /** The stack's config, for `${config:…}` references, and the stack's name, for `stacks`. */
    readonly config: StackConfig;
    readonly files?: DeclarationFiles;
    /** The directory relative file names are resolved against and shown from; the working directory by default. */
    readonly cwd?: string;
}

export interface InspectedDeclarations {
    /**
     * What could be understood: menus that can still be drawn are kept despite their errors (for the
     * review pictures); other entries with errors are left out.
     */
    readonly declaration: ChannelDeclaration;
    readonly errors: readonly DeclarationIssue[];
}

function emptyDeclaration(file: string, absolute: string, stack: string): ChannelDeclaration {
    return {
        file,
        path: absolute,
        stack,
        richMenus: {},
        aliases: {},
        userLinks: {},
        audiences: {},
        messages: {},
        skipped: [],
        secretPaths: [],
        warnings: [],
    };
}

/** The first alias node, where an alias bomb or a dangling alias is reported. */
function firstAliasOffset(source: YamlSource, name?: string): number {
    let offset = 0;
    visit(source.doc, {
        Alias(_, node) {
            if (!isAlias(node) || (name !== undefined && node.source !== name)) return undefined;
            offset = node.range?.[0] ?? 0;
            return visit.BREAK;
        },
    });
    return offset;
}

/**
 * Reads and checks a declaration file for one stack. Never throws for a problem in the file: the
 * problems come back as `errors`, with what could be understood. {@link loadDeclarations} throws them.
 * The steps: read and parse, turn the YAML into a value, resolve references and apply the schema, then
 * the checks a schema cannot express; a step that fails ends it.
 */
export function inspectDeclarations(file: string, options: LoadOptions): InspectedDeclarations {
    const cwd = options.cwd ?? process.cwd();
    const files = options.files ?? fileSystemFiles;
    const config = options.config;
    const absolute = path.resolve(cwd, file);
    const shown = displayName(file, cwd);
    const empty = emptyDeclaration(shown, absolute, config.stack);
    const failed = (sink: IssueSink, warnings = false): InspectedDeclarations => ({
        declaration: warnings ? { ...empty, warnings: sink.warnings } : empty,
        errors: sink.errors,
    });

    const read = readSource(shown, absolute, files);
    if ("failure" in read) return { declaration: empty, errors: [read.failure] };
    const { source, sink } = read;
    if (sink.errors.length > 0) return failed(sink, true);
    const parsed = valueOf(source, sink);
    if (parsed === undefined) return failed(sink);
    const { value, reported, sites, unresolved } = resolveAndValidate(parsed, config, sink);
    const checker = new DeclarationChecker(value as RawDeclaration, sink, sites, reported, unresolved, {
        absolute,
        cwd,
        files,
        config,
    });
    const declaration = checker.check();
    return { declaration: { ...declaration, file: shown, warnings: sink.warnings }, errors: sink.errors };
}

/** The file parsed, its parse problems in the sink; or why it could not be read. */
function readSource(
    shown: string,
    absolute: string,
    files: DeclarationFiles,
): { source: YamlSource; sink: IssueSink } | { failure: DeclarationIssue } {
    const failure = (message: string) => ({
        failure: { file: shown, line: 1, column: 1, path: "", message },
    });
    const size = files.size(absolute);
    if (size === undefined) return failure("file not found");
    if (size > MAX_DECLARATION_BYTES) {
        return failure(
            `is ${size} bytes; a declaration file may have at most ${MAX_DECLARATION_BYTES} bytes (1 MB)`,
        );
    }
    const text = (files.read(absolute) ?? Buffer.alloc(0)).toString("utf8");
    const source = parseYaml(text);
    const sink = new IssueSink(shown, source);
    for (const problem of source.problems) {
        if (problem.recoverable) sink.warnAt(problem, problem.path ?? [], problem.message);
        else sink.errorAt(problem, problem.path ?? [], problem.message);
    }
    return { source, sink };
}

/** The YAML as a mapping, or undefined with the reason in the sink (an alias bomb, not a mapping). */
function valueOf(source: YamlSource, sink: IssueSink): Record<string, unknown> | undefined {
    let parsed: unknown;
    try {
        parsed = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const dangling = /Unresolved alias[^:]*: (.+)$/.exec(message)?.[1];
        const position = source.positionOf(firstAliasOffset(source, dangling));
        const reason = /Excessive alias count/.test(message)
            ? `anchors and aliases expand to too much data (more than ${MAX_ALIAS_COUNT} aliases resolved); ` +
              "this looks like an alias bomb"
            : message;
        sink.errorAt(position, [], reason);
        return undefined;
    }
    if (!isRecord(parsed)) {
        sink.errorAt({ line: 1, column: 1 }, [], "must be a mapping that starts with `version: 1`");
        return undefined;
    }
    return parsed;
}

/**
 * Resolves `${config:…}` references for the stack and applies the JSON Schema, reporting what is wrong;
 * a reference that is the whole value takes the type the schema wants there.
 */
function resolveAndValidate(parsed: Record<string, unknown>, config: StackConfig, sink: IssueSink) {
    const references = resolveReferences(parsed, config);
    // An entry another stack owns needs no config in this one.
    const otherStacks = entriesForOtherStacks(references.value, config.stack);
    for (const problem of references.problems) {
        if (otherStacks.some(entry => isUnder(problem.path, entry))) continue;
        sink.errorAt(sink.positionOfText(problem.path, problem.text), problem.path, problem.message);
    }
    const value = coerceWholeReferences(references.value, references.sites, config);
    const problems = validateDeclarationSchema(value);
    const siteAt = new Map(references.sites.map(s => [formatPath(s.path), s]));
    const reported: SchemaProblem[] = [];
    for (const problem of problems) {
        if (references.unresolved.some(u => isUnder(problem.path, u) || isUnder(problem.at, u))) continue;
        const site = siteAt.get(formatPath(problem.path));
        let message = problem.message;
        if (site?.whole !== undefined && problem.expectedType !== undefined) {
            const typed = coerceReference(site, problem.expectedType, config);
            if ("message" in typed) message = typed.message;
        } else if (site !== undefined) {
            message += ` (the value comes from ${site.text})`;
        }
        sink.error(problem.at, message, { key: problem.key, path: problem.path });
        reported.push(problem);
    }
    return { value, reported, sites: references.sites, unresolved: references.unresolved };
}

/** `value` with each whole-value reference the schema wants another type for given that type, where it can be. */
function coerceWholeReferences(
    value: unknown,
    sites: readonly ReferenceSite[],
    config: StackConfig,
): unknown {
    const wholeSites = new Map(sites.filter(s => s.whole !== undefined).map(s => [formatPath(s.path), s]));
    let out = value;
    for (const problem of validateDeclarationSchema(value)) {
        const site =
            problem.expectedType === undefined ? undefined : wholeSites.get(formatPath(problem.path));
        if (site === undefined || problem.expectedType === undefined) continue;
        const result = coerceReference(site, problem.expectedType, config);
        if ("value" in result) out = replaceAt(out, site.path, result.value);
    }
    return out;
}

/** Loads a declaration file for one stack, or throws a {@link DeclarationError} with every problem. */
export function loadDeclarations(file: string, options: LoadOptions): ChannelDeclaration {
    const { declaration, errors } = inspectDeclarations(file, options);
    if (errors.length > 0) throw new DeclarationError(errors);
    return declaration;
}

const KEYED_SECTIONS = ["richMenus", "aliases", "userLinks", "audiences", "messages"] as const;

/** The paths of the entries whose `stacks` leave `stack` out. */
function entriesForOtherStacks(value: unknown, stack: string): JsonPath[] {
    if (!isRecord(value)) return [];
    const leftOut = (entry: unknown) =>
        isRecord(entry) &&
        Array.isArray(entry.stacks) &&
        entry.stacks.length > 0 &&
        !entry.stacks.includes(stack);
    const out: JsonPath[] = [];
    for (const section of KEYED_SECTIONS) {
        for (const [key, entry] of entriesOf(value[section])) if (leftOut(entry)) out.push([section, key]);
    }
    if (leftOut(value.webhook)) out.push(["webhook"]);
    return out;
}

function replaceAt(value: unknown, at: JsonPath, replacement: unknown): unknown {
    if (at.length === 0) return replacement;
    const [head, ...rest] = at as PathSegment[];
    if (Array.isArray(value))
        return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
    if (isRecord(value))
        return { ...value, [String(head)]: replaceAt(value[String(head)], rest, replacement) };
    return value;
}
