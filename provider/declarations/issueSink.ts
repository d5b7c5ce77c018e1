import * as path from "node:path";
import type { DeclarationIssue } from "./errors";
import { formatPath, type JsonPath, type Position, type YamlSource } from "./source";

/** Collects issues for one file and knows how to place them. */
export class IssueSink {
    readonly errors: DeclarationIssue[] = [];
    readonly warnings: DeclarationIssue[] = [];

    constructor(
        readonly file: string,
        private readonly source: YamlSource | undefined,
    ) {}

    private issue(position: Position, where: JsonPath, message: string): DeclarationIssue {
        return {
            file: this.file,
            line: position.line,
            column: position.column,
            path: formatPath(where),
            message,
        };
    }

    positionOf(at: JsonPath, key = false): Position {
        return this.source?.locate(at, { key }) ?? { line: 1, column: 1 };
    }

    /** The column of `text` inside the value at `at` (a `${config:…}` inside a longer string). */
    positionOfText(at: JsonPath, text: string): Position {
        const range = this.source?.rangeOf(at);
        if (this.source !== undefined && range !== undefined) {
            const index = this.source.text.slice(range[0], range[1]).indexOf(text);
            if (index >= 0) return this.source.positionOf(range[0] + index);
        }
        return this.positionOf(at);
    }

    location(at: JsonPath): string {
        const p = this.positionOf(at);
        return `${this.file}:${p.line}:${p.column}`;
    }

    error(at: JsonPath, message: string, options: { key?: boolean; path?: JsonPath } = {}): void {
        this.errors.push(this.issue(this.positionOf(at, options.key), options.path ?? at, message));
    }

    errorAt(position: Position, where: JsonPath, message: string): void {
        this.errors.push(this.issue(position, where, message));
    }

    warnAt(position: Position, where: JsonPath, message: string): void {
        this.warnings.push(this.issue(position, where, message));
    }

    warn(at: JsonPath, message: string, options: { key?: boolean } = {}): void {
        this.warnings.push(this.issue(this.positionOf(at, options.key), at, message));
    }
}

/** How a file is named in issues: relative to the working directory when under it. */
export function displayName(file: string, cwd: string): string {
    if (!path.isAbsolute(file)) return file;
    const relative = path.relative(cwd, file);
    return relative === "" ? file : relative;
}
