/**
 * Where the seconds of a small run go (bench/README.md, "The fixed cost of a run"): a ladder of whole
 * processes, each adding one piece to the one before, so the difference between two rungs is that
 * piece's cost on this machine. The programs load the package installed in node_modules, as a team's do.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { pulumiEnvironment, runPulumi } from "../scripts/pulumiCli";
import { installPackage } from "../test/support/installedPackage";
import { writeProject } from "./channel";
import { lineEnvironment, resetEmulator } from "./line";
import { checkedCount, median, progress, STATE, WORK, type BenchContext } from "./measure";
import { BenchStack } from "./pulumi";
import type { FixedCostResult, FixedCostRung } from "./results";

interface Rung {
    readonly name: string;
    /** What this rung adds to the one before. */
    readonly adds: string;
    /** Runs the rung once; answers its wall time. */
    readonly sample: (ctx: BenchContext, r: number) => Promise<number>;
}

/** A program directory under bench/.work with the package installed and `index.js` as given. */
function program(name: string, source: string): string {
    const dir = path.join(WORK, `fixed-${name}`);
    mkdirSync(dir, { recursive: true });
    installPackage(dir, "copied");
    writeProject(dir, `"use strict";\n${source}\n`);
    return dir;
}

/** `node -e 'require(module)'` in `dir`: Node starting and loading one module, nothing else. */
function nodeRequire(dir: string, module: string): number {
    const started = performance.now();
    execFileSync(process.execPath, ["-e", `require(${JSON.stringify(module)})`], { cwd: dir });
    return performance.now() - started;
}

/** An up of the program in `dir` on a new stack (from empty), timed as the whole CLI process. */
async function upFromEmpty(ctx: BenchContext, dir: string, stack: string): Promise<number> {
    await resetEmulator(ctx.emulator);
    const created = await BenchStack.create(dir, stack, ctx.pulumiBin, STATE, lineEnvironment(ctx.emulator));
    return (await created.up()).wallMs;
}

function rungs(): readonly Rung[] {
    const sdkOnly = program("sdk", 'require("@pulumi/pulumi");');
    const withPackage = program("package", 'require("pulumi-line");');
    const oneResource = program(
        "one",
        'const line = require("pulumi-line");\nnew line.WebhookEndpoint("webhook", { endpoint: "https://example.com/line/webhook" });',
    );
    return [
        {
            name: "`node -e 'require(\"@pulumi/pulumi\")'`",
            adds: "Node starting and loading Pulumi's SDK (every program and the dynamic provider host pay it)",
            sample: async () => nodeRequire(sdkOnly, "@pulumi/pulumi"),
        },
        {
            name: "`node -e 'require(\"pulumi-line\")'`",
            adds: "this package's own modules on top of the SDK",
            sample: async () => nodeRequire(withPackage, "pulumi-line"),
        },
        {
            name: "`pulumi version`",
            adds: "the CLI binary alone",
            sample: async ctx => {
                const started = performance.now();
                await runPulumi(["version"], { env: pulumiEnvironment(ctx.pulumiBin, STATE) });
                return performance.now() - started;
            },
        },
        {
            name: "`pulumi up`, a program that loads only `@pulumi/pulumi`",
            adds: "the engine, the backend, the Node language host and the program with the SDK",
            sample: (ctx, r) => upFromEmpty(ctx, sdkOnly, `fixed-sdk-${r}`),
        },
        {
            name: "`pulumi up`, a program that loads `pulumi-line`",
            adds: "the package loading inside the program",
            sample: (ctx, r) => upFromEmpty(ctx, withPackage, `fixed-package-${r}`),
        },
        {
            name: "`pulumi up`, one `WebhookEndpoint` from empty",
            adds:
                "one dynamic resource: the provider host starting, the bot lookup, its check and create " +
                "(2 calls to LINE), one checkpoint",
            sample: (ctx, r) => upFromEmpty(ctx, oneResource, `fixed-one-${r}`),
        },
    ];
}

export async function measureFixedCost(ctx: BenchContext, repeats: number): Promise<FixedCostResult> {
    const ladder = rungs();
    const samples: number[][] = ladder.map(() => []);
    // The rungs take turns within each repeat, so a burst of load lands on all of them.
    for (let r = 0; r < repeats; r++) {
        for (const [i, rung] of ladder.entries()) samples[i]!.push(await rung.sample(ctx, r));
        progress(`fixed cost #${r + 1}: ${samples.map(s => `${Math.round(s[r]!)} ms`).join(", ")}`);
    }
    const calls = checkedCount(ctx.emulator.log.list());
    const result: FixedCostRung[] = ladder.map((rung, i) => ({
        name: rung.name,
        adds: rung.adds,
        wallMs: median(samples[i]!),
        samplesMs: samples[i]!,
    }));
    return { rungs: result, oneResourceCalls: calls };
}
