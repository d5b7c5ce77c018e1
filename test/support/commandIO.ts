import { PassThrough } from "node:stream";
import type { CommandIO } from "../../provider/cli/command";

/** A command's streams in a spec: stdin from a string, stdout and stderr collected. */
export function commandIO(
    options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): CommandIO & {
    readonly out: () => string;
    readonly err: () => string;
} {
    const collect = () => {
        const stream = new PassThrough();
        let text = "";
        stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        return { stream, text: () => text };
    };
    const stdout = collect();
    const stderr = collect();
    const stdin = new PassThrough();
    stdin.end(options.stdin ?? "");
    return {
        stdin,
        stdout: stdout.stream,
        stderr: stderr.stream,
        cwd: options.cwd ?? process.cwd(),
        env: options.env ?? process.env,
        out: stdout.text,
        err: stderr.text,
    };
}
