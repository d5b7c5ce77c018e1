/**
 * The emulated channel the benchmarks run against, in this process: started with LINE's rate limits
 * off (what is measured is the provider, not LINE's budget), reset between measurements, and slowed
 * by an injected per-call latency where a measurement asks for one.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as ts from "typescript";
import { DEFAULT_CHANNEL, startEmulator, type Emulator } from "../emulator";
import { runCommand } from "../scripts/pulumiCli";
import type { BenchChannel } from "./channel";

export const ROOT = path.resolve(__dirname, "..");
const CHANNEL = DEFAULT_CHANNEL.name;

export function startBenchEmulator(): Promise<Emulator> {
    return startEmulator({ port: 0, rateLimits: false });
}

/** Every channel empty, and the request log, faults and rate-limit buckets cleared. */
export async function resetEmulator(emulator: Emulator): Promise<void> {
    const response = await fetch(`${emulator.url}/_emulator/reset`, { method: "POST" });
    if (!response.ok) throw new Error(`emulator reset answered ${response.status}`);
}

/**
 * Every LINE API call waits `ms` before it is handled. A prefix path with a probability of 1 is a
 * fault that never runs out (faults.ts), and `/v2/*` covers both LINE hosts' paths.
 */
export function injectLatency(emulator: Emulator, ms: number): void {
    emulator.faults.add({ path: "/v2/*", delayMs: ms, probability: 1 });
}

/** The settings the provider reads from the environment at call time. */
export function lineEnvironment(emulator: Emulator): Record<string, string> {
    return {
        LINE_CHANNEL_ACCESS_TOKEN: DEFAULT_CHANNEL.accessToken,
        LINE_API_BASE_URL: emulator.url,
        LINE_DATA_BASE_URL: emulator.url,
    };
}

/** What is wrong with the emulated channel if it does not hold `channel` as applied; empty when it does. */
export function channelProblems(emulator: Emulator, channel: BenchChannel): string[] {
    const state = emulator.store.read(CHANNEL);
    const problems: string[] = [];
    const menus = [...state.richMenus.values()];
    const byName = new Map(menus.map(m => [m.menu.name, m]));
    if (menus.length !== channel.menus.length)
        problems.push(`${menus.length} rich menus, expected ${channel.menus.length}`);
    const withoutImage = menus.filter(m => m.image === undefined).length;
    if (withoutImage > 0) problems.push(`${withoutImage} rich menus without an image`);
    if (state.aliases.size !== channel.aliases.length)
        problems.push(`${state.aliases.size} aliases, expected ${channel.aliases.length}`);
    for (const alias of channel.aliases) {
        const target = byName.get(channel.menus[alias.menu]?.name ?? "")?.menu.richMenuId;
        if (state.aliases.get(alias.richMenuAliasId) !== target)
            problems.push(`alias ${alias.richMenuAliasId} does not point at its menu`);
    }
    const defaultMenu = byName.get(channel.menus[channel.defaultMenu]?.name ?? "")?.menu.richMenuId;
    if (defaultMenu === undefined || state.defaultRichMenuId !== defaultMenu)
        problems.push("the default rich menu is not the declared one");
    return problems;
}

export interface ChildRun<T> {
    /** From spawning the process to its exit: Node's start-up included, as with `pulumi up`. */
    readonly wallMs: number;
    /** The JSON object the child printed as its last line of stdout. */
    readonly result: T;
}

/**
 * A bench script as plain JavaScript in `outDir`. Children run on bare Node, not through tsx: tsx's
 * loader adds tens of megabytes to a process, which would be counted as the provider's own memory.
 * The scripts import only Node, npm packages and types, so transpiling one file is enough.
 */
function compileChild(script: string, outDir: string): string {
    const source = readFileSync(path.join(__dirname, script), "utf8");
    const { outputText } = ts.transpileModule(source, {
        compilerOptions: {
            module: ts.ModuleKind.CommonJS,
            target: ts.ScriptTarget.ES2022,
            esModuleInterop: true,
        },
        fileName: script,
    });
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, script.replace(/\.ts$/, ".js"));
    writeFileSync(file, outputText);
    return file;
}

/**
 * Runs a bench script in its own Node process, so what it measures about itself (time, peak memory)
 * is not mixed with this process, which also serves the emulator. `workDir` (inside the repository,
 * so packages resolve from the repository's node_modules) receives the compiled script.
 */
export async function runBenchChild<T>(
    script: string,
    args: readonly string[],
    env: Readonly<Record<string, string>>,
    workDir: string,
): Promise<ChildRun<T>> {
    const file = compileChild(script, path.join(workDir, "children"));
    const started = performance.now();
    const { status, stdout, stderr } = await runCommand(process.execPath, [file, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        allowFailure: true,
    });
    const wallMs = performance.now() - started;
    if (status !== 0) throw new Error(`bench/${script} failed (exit ${status})\n${stdout}\n${stderr}`);
    const last = stdout.trim().split("\n").pop() ?? "";
    try {
        return { wallMs, result: JSON.parse(last) as T };
    } catch {
        throw new Error(`bench/${script} printed no result line\n${stdout}\n${stderr}`);
    }
}
