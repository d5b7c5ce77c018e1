import * as path from "node:path";
import type { DeclarationFiles } from "./declarationFiles";
import { displayName, type IssueSink } from "./issueSink";
import type { MessagesFileContext } from "./messagesFile";
import { entriesOf, isRecord, type RawDeclaration } from "./rawDeclaration";
import type { ReferenceSite, StackConfig } from "./references";
import type { SchemaProblem } from "./schema";
import { formatPath, isUnder, type JsonPath } from "./source";
import { didYouMean } from "./suggest";

export interface CheckContext {
    readonly absolute: string;
    readonly cwd: string;
    readonly files: DeclarationFiles;
    readonly config: StackConfig;
}

/**
 * What every check of a declaration needs: the file's issue sink, what the schema already found (not
 * reported twice), which entries belong to this stack, and file paths relative to the declaration.
 */
export abstract class DeclarationScope {
    protected readonly dir: string;
    protected readonly skipped: string[] = [];

    constructor(
        protected readonly raw: RawDeclaration,
        protected readonly sink: IssueSink,
        protected readonly sites: readonly ReferenceSite[],
        protected readonly schemaProblems: readonly SchemaProblem[],
        protected readonly unresolved: readonly JsonPath[],
        protected readonly context: CheckContext,
    ) {
        this.dir = path.dirname(context.absolute);
    }

    /** Whether the schema (or an unresolved reference) already found something at or under `at`. */
    protected flawed(at: JsonPath): boolean {
        return (
            this.schemaProblems.some(p => isUnder(p.path, at) || isUnder(p.at, at)) ||
            this.unresolved.some(u => isUnder(u, at))
        );
    }

    /** Whether an entry exists in this stack (its `stacks` name it, or it has none). */
    protected inStack(entry: unknown): boolean {
        const stacks = isRecord(entry) ? entry.stacks : undefined;
        // An empty list is an error of its own; counting the entry as absent would add more.
        return !Array.isArray(stacks) || stacks.length === 0 || stacks.includes(this.context.config.stack);
    }

    /** The keys of a section that exist in this stack, recording the others as skipped. */
    protected present<T>(section: string): [string, T][] {
        const out: [string, T][] = [];
        for (const [key, entry] of entriesOf<T>(this.raw[section as keyof RawDeclaration])) {
            // An invalid key is reported as such; its entry is not looked into.
            if (
                this.schemaProblems.some(p => p.key && isUnder(p.path, [section, key]) && p.path.length === 2)
            )
                continue;
            if (this.inStack(entry)) out.push([key, entry]);
            else this.skipped.push(formatPath([section, key]));
        }
        return out;
    }

    protected resolveFile(relative: string): string {
        return path.resolve(this.dir, relative);
    }

    protected shown(file: string): string {
        return displayName(file, this.context.cwd);
    }

    protected messagesFileContext(): MessagesFileContext {
        return {
            sink: this.sink,
            files: this.context.files,
            resolve: relative => this.resolveFile(relative),
            shown: file => this.shown(file),
        };
    }

    /** `no rich menu "shp" is declared; did you mean "shop"?`, or why it is not there in this stack. */
    protected missingReference(
        kind: string,
        name: string,
        here: Iterable<string>,
        everywhere: Iterable<string>,
    ): string {
        const all = new Set(everywhere);
        if (all.has(name)) {
            return `${kind} "${name}" is declared, but not for stack "${this.context.config.stack}" (see its stacks)`;
        }
        return `no ${kind} "${name}" is declared${didYouMean(name, here)}`;
    }
}
