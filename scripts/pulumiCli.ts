/**
 * Running the Pulumi CLI offline: the binary from scripts/install-pulumi.sh, a local file backend,
 * passphrase secrets, and no update checks or plugin downloads. Used by the demo, the end-to-end
 * tests and the benchmarks.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";

/** Builds the CLI on first use (minutes), then answers from its cache (seconds). Returns its bin directory. */
export function installPulumi(root: string): string {
    const result = spawnSync("bash", [path.join(root, "scripts", "install-pulumi.sh")], {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
        encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`scripts/install-pulumi.sh failed (exit ${String(result.status)})`);
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

/** Runs `pulumi args…`; throws with its output unless `allowFailure`. */
export function runPulumi(
    args: readonly string[],
    options: SpawnSyncOptions & { readonly allowFailure?: boolean },
): PulumiRun {
    const { allowFailure, ...spawnOptions } = options;
    const result = spawnSync("pulumi", [...args], {
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        ...spawnOptions,
    });
    const run = { status: result.status ?? -1, stdout: String(result.stdout ?? ""), stderr: String(result.stderr ?? "") };
    if (run.status !== 0 && !allowFailure) {
        throw new Error(`pulumi ${args.join(" ")} failed (exit ${run.status})\n${run.stdout}\n${run.stderr}`);
    }
    return run;
}
