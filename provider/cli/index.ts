#!/usr/bin/env node
/**
 * `pulumi-line`: what a LINE team runs from a shell beside `pulumi up`. One table of subcommands, each
 * a {@link Command} in its own file; arguments are parsed once, here, with Node's `util.parseArgs`
 * (strict), so an unknown flag, a missing value or a flag where a value belongs is an error naming it.
 *
 * Exit codes: 0 done, 1 the command failed (or found errors), 2 the command line was wrong.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./arguments";
import type { Command, CommandArgs, CommandIO } from "./command";
import { emulatorCommand } from "./emulator";
import { importCommand } from "./import";
import { orphansCommand } from "./orphans";
import { renderCommand } from "./render";
import { reviewCommand } from "./review";
import { validateCommand } from "./validate";

/** Every subcommand, in the order `pulumi-line --help` lists them. */
export const COMMANDS: readonly Command[] = [
    validateCommand,
    renderCommand,
    emulatorCommand,
    importCommand,
    orphansCommand,
    reviewCommand,
];

export const EXIT_USAGE = 2;

function overview(commands: readonly Command[]): string {
    const width = Math.max(...commands.map(c => c.name.length));
    return [
        "usage: pulumi-line <command> [options]",
        "",
        "Commands:",
        ...commands.map(c => `  ${c.name.padEnd(width)}  ${c.summary}`),
        "",
        "Run `pulumi-line <command> --help` for a command's options and an example.",
        "",
    ].join("\n");
}

/** Node's parseArgs messages, said in this CLI's words (the flag is always named). */
function usageError(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { code?: string }).code;
    const flag = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    switch (code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return `unknown option ${flag ?? message}`;
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            if (/ambiguous/.test(message))
                return `${flag} needs a value, not another option (write ${flag}=VALUE for a value that starts with -)`;
            if (/argument missing/.test(message)) return `${flag} needs a value`;
            return `${flag} takes no value`;
        case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
            return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? message}`;
        default:
            return message;
    }
}

/** Parses `argv` for `command`; throws a message fit for the user. */
export function parseCommandLine(command: Command, argv: readonly string[]): CommandArgs & { help: boolean } {
    const { values, positionals } = parseArgs({
        args: [...argv],
        options: { ...command.options, help: { type: "boolean", short: "h" } },
        allowPositionals: command.allowPositionals ?? false,
        strict: true,
    });
    const { help, ...rest } = values as Record<string, string | boolean | (string | boolean)[] | undefined>;
    return { values: rest, positionals, help: help === true };
}

/** Runs `pulumi-line argv…`; answers the exit code. */
export async function main(
    argv: readonly string[],
    io: CommandIO,
    commands: readonly Command[] = COMMANDS,
): Promise<number> {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
        const topic = name === "help" ? commands.find(c => c.name === rest[0]) : undefined;
        io.stdout.write(topic?.usage ?? overview(commands));
        return name === undefined ? EXIT_USAGE : 0;
    }
    const command = commands.find(c => c.name === name);
    if (command === undefined) {
        io.stderr.write(`pulumi-line: unknown command ${JSON.stringify(name)}\n\n${overview(commands)}`);
        return EXIT_USAGE;
    }
    let args: ReturnType<typeof parseCommandLine>;
    try {
        args = parseCommandLine(command, rest);
    } catch (error) {
        io.stderr.write(
            `pulumi-line ${command.name}: ${usageError(error)}\n` +
                `run \`pulumi-line ${command.name} --help\` for its options\n`,
        );
        return EXIT_USAGE;
    }
    if (args.help) {
        io.stdout.write(command.usage.endsWith("\n") ? command.usage : `${command.usage}\n`);
        return 0;
    }
    try {
        return await command.run({ values: args.values, positionals: args.positionals }, io);
    } catch (error) {
        if (error instanceof UsageError) {
            io.stderr.write(
                `pulumi-line ${command.name}: ${error.message}\n` +
                    `run \`pulumi-line ${command.name} --help\` for its options\n`,
            );
            return EXIT_USAGE;
        }
        io.stderr.write(
            `pulumi-line ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        return 1;
    }
}

if (require.main === module) {
    const io: CommandIO = {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        cwd: process.cwd(),
        env: process.env,
    };
    main(process.argv.slice(2), io).then(
        code => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`pulumi-line: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
