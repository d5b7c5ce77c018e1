import { spawn } from "node:child_process";
import type * as pulumi from "@pulumi/pulumi";
import { useStackConfig } from "../resources/channel";
import type { CommandIO } from "./command";

/**
 * A stack's config and state, read through the Pulumi CLI the user already runs `pulumi up` with, so a
 * command acts on exactly the channel `pulumi up` would: the stack's own credentials first, the
 * environment only where the stack sets none (the rules of the resources layer's channel settings).
 */

export interface PulumiOutput {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs `pulumi args…` in the command's directory and environment; output is collected, never echoed. */
export function runPulumiCli(args: readonly string[], io: CommandIO): Promise<PulumiOutput> {
    return new Promise((resolve, reject) => {
        const child = spawn(io.env.PULUMI_LINE_PULUMI ?? "pulumi", [...args], {
            cwd: io.cwd,
            env: io.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
        child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
        child.on("error", reject);
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
    readonly secret?: boolean;
}

/** `pulumi config --json`'s entries as the engine hands them to a provider: strings, objects as JSON. */
export function stackConfigFrom(json: string): pulumi.dynamic.Config {
    const entries = JSON.parse(json) as Record<string, ConfigEntry>;
    const values = new Map<string, string>();
    for (const [key, entry] of Object.entries(entries)) {
        const value = entry.objectValue !== undefined ? JSON.stringify(entry.objectValue) : entry.value;
        if (typeof value === "string") values.set(key, value);
        else if (value !== undefined) values.set(key, JSON.stringify(value));
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

/**
 * Reads the stack's config (secrets decrypted, in this process only) and makes it the config channel
 * settings are resolved from. The CLI's error is not echoed: it can quote config text.
 */
export async function useConfigOfStack(stack: string, io: CommandIO): Promise<void> {
    const run = await runPulumiCli(["config", "--json", "--show-secrets", "--stack", stack], io);
    if (run.status !== 0) {
        throw new Error(
            `could not read the config of stack "${stack}" (\`pulumi config --stack ${stack}\` exit ${run.status}); ` +
                "run this in the stack's project directory, logged in to its backend",
        );
    }
    useStackConfig(stackConfigFrom(run.stdout));
}

/**
 * `pulumi stack export --stack <stack> --show-secrets`, parsed: secret inputs (a menu's name, inline
 * user IDs) are compared and checked in this process's memory, never printed.
 */
export async function exportStack(stack: string, io: CommandIO): Promise<unknown> {
    const run = await runPulumiCli(["stack", "export", "--stack", stack, "--show-secrets"], io);
    if (run.status !== 0) {
        throw new Error(
            `could not export stack "${stack}" (\`pulumi stack export\` exit ${run.status}): ${run.stderr.trim()}`,
        );
    }
    return JSON.parse(run.stdout) as unknown;
}
