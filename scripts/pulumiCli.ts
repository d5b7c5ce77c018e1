/**
 * Running the Pulumi CLI offline: the binary from pulumi-offline/install.sh, a local file backend,
 * passphrase secrets, and no update checks or plugin downloads. Used by the demo, the end-to-end
 * tests and the benchmarks, which run their other commands through {@link runCommand} too.
 */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";

/** Builds the CLI on first use (minutes), then answers from its cache (seconds). Returns its bin directory. */
export function installPulumi(root: string): string {
    const result = spawnSync("bash", [path.join(root, "pulumi-offline", "install.sh")], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
    });
    if (result.status !== 0)
        throw new Error(`pulumi-offline/install.sh failed (exit ${String(result.status)})`);
    const lines = result.stdout.trim().split("\n");
    return lines[lines.length - 1]!.trim();
}

/** The environment for a hermetic, offline CLI run whose state lives under `stateDir`. */
export function pulumiEnvironment(binDir: string, stateDir: string): NodeJS.ProcessEnv {
    const home = path.join(stateDir, "home");
    const backend = path.join(stateDir, "backend");
    mkdirSync(home, { recursive: true });
    mkdirSync(backend, { recursive: true });
    return {
        ...process.env,
        PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-line-local",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    };
}

export interface PulumiRun {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

type RunOptions = SpawnOptions & {
    /** Resolve with a failed run too, instead of rejecting. */
    readonly allowFailure?: boolean;
    /** Also write the output through to this process's, as it comes. */
    readonly echo?: boolean;
};

/** Runs `pulumi args…`; see {@link runCommand}. */
export function runPulumi(args: readonly string[], options: RunOptions): Promise<PulumiRun> {
    return runCommand("pulumi", args, options);
}

/**
 * Runs `command args…` with its output collected; rejects with that output unless it exits 0 or
 * `allowFailure`. Asynchronous on purpose: the emulator often runs in this same process and must keep
 * answering while the command runs.
 */
export function runCommand(
    command: string,
    args: readonly string[],
    options: RunOptions,
): Promise<PulumiRun> {
    const { allowFailure, echo, ...spawnOptions } = options;
    return new Promise((resolve, reject) => {
        const child = spawn(command, [...args], { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
            stdout += chunk;
            if (echo) process.stdout.write(chunk);
        });
        child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
            stderr += chunk;
            if (echo) process.stderr.write(chunk);
        });
        child.on("error", reject);
        child.on("close", code => {
            const run = { status: code ?? -1, stdout, stderr };
            if (run.status !== 0 && !allowFailure) {
                reject(
                    new Error(
                        `${command} ${args.join(" ")} failed (exit ${run.status})\n${stdout}\n${stderr}`,
                    ),
                );
            } else {
                resolve(run);
            }
        });
    });
}
