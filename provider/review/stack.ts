import { spawn } from "node:child_process";
import type * as pulumi from "@pulumi/pulumi";

/**
 * What the review asks the Pulumi CLI about one stack: its preview as JSON, and its config, which
 * holds the channel's credentials (`line:channelAccessToken`, secret) the live channel is read with.
 * The config's values stay in this process: they go to the channel resolver, never to the report.
 */

export interface PulumiCall {
    /** The project directory (where `Pulumi.yaml` is). */
    readonly cwd: string;
    readonly env: NodeJS.ProcessEnv;
}

interface Ran {
    readonly status: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Asynchronous on purpose: an emulator in this same process must keep answering while the CLI runs. */
function run(args: readonly string[], call: PulumiCall): Promise<Ran> {
    return new Promise((resolve, reject) => {
        const child = spawn("pulumi", [...args], {
            cwd: call.cwd,
            env: call.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", error =>
            reject(new Error(`could not run the Pulumi CLI (is \`pulumi\` on PATH?): ${error.message}`)),
        );
        child.on("close", code => resolve({ status: code ?? -1, stdout, stderr }));
    });
}

/**
 * `pulumi preview --json --stack <stack>`: the JSON text, also when the preview fails (its errors are
 * diagnostics in the JSON). Throws when the CLI printed no JSON at all (no such stack, no project).
 */
export async function previewJson(stack: string, call: PulumiCall): Promise<string> {
    const ran = await run(["preview", "--json", "--non-interactive", "--show-sames", "--stack", stack], call);
    const text = ran.stdout.trim();
    if (text.startsWith("{")) return text;
    const said = ran.stderr.trim().split("\n").slice(-5).join("\n");
    throw new Error(`pulumi preview of stack ${stack} failed (exit ${ran.status}): ${said}`);
}

interface ConfigEntry {
    readonly value?: unknown;
}

/**
 * The stack's config as the provider sees it in `configure`: `namespace:key` → the value as text
 * (objects, like `line:channels`, as JSON).
 */
export async function stackConfig(stack: string, call: PulumiCall): Promise<pulumi.dynamic.Config> {
    const ran = await run(["config", "--json", "--show-secrets", "--stack", stack], call);
    if (ran.status !== 0) {
        throw new Error(`pulumi config of stack ${stack} failed (exit ${ran.status})`);
    }
    const parsed = JSON.parse(ran.stdout) as Record<string, ConfigEntry>;
    const values = new Map<string, string>();
    for (const [key, entry] of Object.entries(parsed)) {
        const value = entry.value;
        if (value === undefined || value === null) continue;
        values.set(key, typeof value === "string" ? value : JSON.stringify(value));
    }
    const get = (key: string) => values.get(key);
    return {
        get,
        require: key => {
            const value = get(key);
            if (value === undefined) throw new Error(`stack config ${key} is not set`);
            return value;
        },
    };
}
