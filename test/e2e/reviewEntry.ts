/**
 * `pulumi-line review …` as a process, for the workflow's steps in test/e2e/review.spec.ts: the
 * command parsed with util.parseArgs as the CLI's dispatcher does, and run with this process's streams.
 */
import { parseArgs } from "node:util";
import { reviewCommand } from "../../provider/cli/review";

async function main(argv: readonly string[]): Promise<number> {
    const [name, ...rest] = argv;
    if (name !== reviewCommand.name)
        throw new Error(`this entry runs \`pulumi-line review\` only, not ${name}`);
    const { values, positionals } = parseArgs({
        args: rest,
        options: reviewCommand.options,
        allowPositionals: reviewCommand.allowPositionals ?? false,
        strict: true,
    });
    return reviewCommand.run(
        { values, positionals },
        {
            stdin: process.stdin,
            stdout: process.stdout,
            stderr: process.stderr,
            cwd: process.cwd(),
            env: process.env,
        },
    );
}

main(process.argv.slice(2)).then(
    code => (process.exitCode = code),
    (error: unknown) => {
        process.stderr.write(
            `pulumi-line review: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exitCode = 1;
    },
);
