#!/usr/bin/env node
/**
 * `pulumi-line`: operations that sit beside `pulumi up`, one {@link Command} each (provider/cli/).
 * A minimal dispatcher until the full one (provider/cli/index.ts) takes over.
 */
import { parseArgs } from "node:util";
import type { Command } from "./cli/command";
import { importCommand } from "./cli/import";
import { orphansCommand } from "./cli/orphans";

const COMMANDS: readonly Command[] = [importCommand, orphansCommand];

function usage(): string {
    return [
        "usage: pulumi-line <command> [--help]",
        "",
        ...COMMANDS.map(c => `  ${c.name.padEnd(8)} ${c.summary}`),
    ].join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
    const [name, ...rest] = argv;
    const command = COMMANDS.find(c => c.name === name);
    if (command === undefined) {
        (name === "--help" ? process.stdout : process.stderr).write(`${usage()}\n`);
        return name === "--help" ? 0 : 2;
    }
    if (rest.includes("--help")) {
        process.stdout.write(`${command.usage}\n`);
        return 0;
    }
    const io = {
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        cwd: process.cwd(),
        env: process.env,
    };
    try {
        const { values, positionals } = parseArgs({
            args: [...rest],
            options: command.options,
            allowPositionals: command.allowPositionals ?? false,
            strict: true,
        });
        return await command.run({ values, positionals }, io);
    } catch (error) {
        process.stderr.write(
            `pulumi-line ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        return 1;
    }
}

main(process.argv.slice(2)).then(code => {
    process.exitCode = code;
});
