import { PassThrough } from "node:stream";
import type { Command, CommandIO } from "../../../provider/cli/command";

/** Runs a command in-process with its own streams, as the dispatcher would; answers what it printed. */
export async function runCommand(
    command: Command,
    values: Record<string, string | boolean | undefined>,
    options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string },
): Promise<{ code: number; stdout: string; stderr: string }> {
    const collect = () => {
        const stream = new PassThrough();
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
    };
    const stdout = collect();
    const stderr = collect();
    const stdin = new PassThrough();
    stdin.end(options.stdin ?? "");
    const io: CommandIO = {
        stdin,
        stdout: stdout.stream,
        stderr: stderr.stream,
        cwd: options.cwd,
        env: options.env ?? process.env,
    };
    const code = await command.run({ values, positionals: [] }, io);
    return { code, stdout: stdout.text(), stderr: stderr.text() };
}
