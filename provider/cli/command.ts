import type { ParseArgsConfig } from "node:util";

/**
 * One `pulumi-line` subcommand. Each lives in its own file in this folder and is listed once in the
 * CLI's command table; the dispatcher parses its arguments with `util.parseArgs` (strict: unknown
 * flags and missing values are errors naming the flag) and answers `--help` with `usage`, exit 0.
 */
export interface Command {
    /** `pulumi-line <name> …` */
    readonly name: string;
    /** One line for `pulumi-line --help`. */
    readonly summary: string;
    /** The whole `--help` text: synopsis, every flag, one example. */
    readonly usage: string;
    readonly options: NonNullable<ParseArgsConfig["options"]>;
    readonly allowPositionals?: boolean;
    /** Answers the process exit code; a thrown error is printed as `pulumi-line <name>: message`, exit 1. */
    run(args: CommandArgs, io: CommandIO): Promise<number>;
}

export interface CommandArgs {
    readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
    readonly positionals: readonly string[];
}

/** What a command may touch of its process, so specs run it in-process with their own streams. */
export interface CommandIO {
    readonly stdin: NodeJS.ReadableStream;
    readonly stdout: NodeJS.WritableStream;
    readonly stderr: NodeJS.WritableStream;
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
}
