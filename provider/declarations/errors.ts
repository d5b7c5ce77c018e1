import { RunError } from "@pulumi/pulumi/errors";

/**
 * Problems found in a declaration file. Every one names where to fix it (file, line and column, as
 * editors and terminals link them) and what it is about (the JSON path, in LINE's own notation
 * `richMenus.home.areas[0].action.uri`, so it reads like LINE's `details[].property`).
 */

export interface DeclarationIssue {
    /** The file, as given (relative to the working directory when it was relative). */
    readonly file: string;
    /** 1-based. */
    readonly line: number;
    /** 1-based. */
    readonly column: number;
    /** Where in the declaration, e.g. `richMenus.home.chatBarText`; empty for the whole file. */
    readonly path: string;
    readonly message: string;
}

/** `line.yaml:12:9 richMenus.home.chatBarText: must NOT have more than 14 characters` */
export function formatIssue(issue: DeclarationIssue): string {
    const where = `${issue.file}:${issue.line}:${issue.column}`;
    return issue.path === "" ? `${where} ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

/** Issues in reading order: by file, then line, then column. */
export function sortIssues(issues: readonly DeclarationIssue[]): DeclarationIssue[] {
    return [...issues].sort(
        (a, b) =>
            a.file.localeCompare(b.file) ||
            a.line - b.line ||
            a.column - b.column ||
            a.path.localeCompare(b.path) ||
            a.message.localeCompare(b.message),
    );
}

/**
 * Every error found in a declaration file, reported at once so one edit-preview cycle fixes them all.
 *
 * It is a Pulumi `RunError` so that, thrown from a program, Pulumi prints the list as it is, without
 * the stack trace it adds to other unhandled errors (nothing in the trace would help fix a YAML file).
 */
export class DeclarationError extends RunError {
    override readonly name = "DeclarationError";
    readonly issues: readonly DeclarationIssue[];

    constructor(issues: readonly DeclarationIssue[]) {
        const sorted = sortIssues(issues);
        const files = [...new Set(sorted.map(i => i.file))].join(", ");
        const count = sorted.length === 1 ? "1 error" : `${sorted.length} errors`;
        super(
            `${files}: ${count} in the LINE declarations\n${sorted.map(i => `  ${formatIssue(i)}`).join("\n")}`,
        );
        this.issues = sorted;
    }
}
