import { spawn } from "node:child_process";
import type * as pulumi from "@pulumi/pulumi";
import { useStackConfig } from "../resources/credentials";

/**
 * A stack as the Pulumi CLI the user already runs `pulumi up` with shows it: its config, its state and
 * its preview. The commands beside `pulumi up` (`import`, `orphans`, `review`) read a stack only
 * through here, so each acts on exactly the channel `pulumi up` would: the stack's own credentials
 * first, the environment only where the stack sets none (the resources layer's channel settings).
 * Config values (secrets decrypted) stay in this process; the CLI's errors are never echoed where they
 * could quote config text.
 */

/** Where the CLI runs: the project directory (where `Pulumi.yaml` is) and its environment. */
export interface PulumiCall {
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
}

export interface PulumiOutput {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * Runs `pulumi args…`; output is collected, never echoed. Asynchronous on purpose: an emulator in
 * this same process must keep answering while the CLI runs.
 */
function runPulumi(args: readonly string[], call: PulumiCall): Promise<PulumiOutput> {
    return new Promise((resolve, reject) => {
        const child = spawn(call.env.PULUMI_LINE_PULUMI ?? "pulumi", [...args], {
            cwd: call.cwd,
            env: call.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
        child.on("error", error =>
            reject(new Error(`could not run the Pulumi CLI (is \`pulumi\` on PATH?): ${error.message}`)),
        );
        child.on("close", status =>
            resolve({
                status,
                stdout: Buffer.concat(out).toString("utf8"),
                stderr: Buffer.concat(err).toString("utf8"),
            }),
        );
    });
}

interface ConfigEntry {
    readonly value?: unknown;
    readonly objectValue?: unknown;
}

/** `pulumi config --json`'s entries as the engine hands them to a provider: strings, objects as JSON. */
export function stackConfigFrom(json: string): pulumi.dynamic.Config {
    const entries = JSON.parse(json) as Record<string, ConfigEntry>;
    const values = new Map<string, string>();
    for (const [key, entry] of Object.entries(entries)) {
        const value = entry.objectValue !== undefined ? JSON.stringify(entry.objectValue) : entry.value;
        if (typeof value === "string") values.set(key, value);
        else if (value !== undefined && value !== null) values.set(key, JSON.stringify(value));
    }
    const get = (key: string) => values.get(key);
    return {
        get,
        require(key: string) {
            const value = get(key);
            if (value === undefined) throw new Error(`stack config ${key} is not set`);
            return value;
        },
    };
}

/** The stack's config, secrets decrypted, as the provider sees it in `configure`. */
export async function readStackConfig(stack: string, call: PulumiCall): Promise<pulumi.dynamic.Config> {
    const run = await runPulumi(["config", "--json", "--show-secrets", "--stack", stack], call);
    if (run.status !== 0) {
        throw new Error(
            `could not read the config of stack "${stack}" (\`pulumi config --stack ${stack}\` exit ${run.status}); ` +
                "run this in the stack's project directory, logged in to its backend",
        );
    }
    return stackConfigFrom(run.stdout);
}

/** Reads the stack's config and makes it the config channel settings are resolved from. */
export async function useConfigOfStack(stack: string, call: PulumiCall): Promise<void> {
    useStackConfig(await readStackConfig(stack, call));
}

/**
 * `pulumi stack export --stack <stack> --show-secrets`, parsed: secret inputs (a menu's name, inline
 * user IDs) are compared and checked in this process's memory, never printed.
 */
export async function exportStack(stack: string, call: PulumiCall): Promise<unknown> {
    const run = await runPulumi(["stack", "export", "--stack", stack, "--show-secrets"], call);
    if (run.status !== 0) {
        throw new Error(
            `could not export stack "${stack}" (\`pulumi stack export\` exit ${run.status}): ${run.stderr.trim()}`,
        );
    }
    return JSON.parse(run.stdout) as unknown;
}

/**
 * `pulumi preview --json --stack <stack>`: the JSON text, also when the preview fails (its errors are
 * diagnostics in the JSON). Throws when the CLI printed no JSON at all (no such stack, no project).
 */
export async function previewJson(stack: string, call: PulumiCall): Promise<string> {
    const run = await runPulumi(
        ["preview", "--json", "--non-interactive", "--show-sames", "--stack", stack],
        call,
    );
    const text = run.stdout.trim();
    if (text.startsWith("{")) return text;
    const said = run.stderr.trim().split("\n").slice(-5).join("\n");
    throw new Error(`pulumi preview of stack ${stack} failed (exit ${run.status}): ${said}`);
}
