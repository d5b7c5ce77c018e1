/**
 * The benchmarks, in one command (see bench/README.md):
 *
 *   npx tsx bench/run.ts                full run; rewrites bench/README.md and bench/results/latest.json
 *   npx tsx bench/run.ts --quick        10 resources, 100,000 IDs, one sample; prints the tables only
 *   npx tsx bench/run.ts --sizes=10,50  only these channel sizes; prints the tables only
 *   npx tsx bench/run.ts --no-build     measure dist/ as it is instead of building it first
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import * as prettier from "prettier";
import type { Emulator } from "../emulator";
import { installPulumi } from "../scripts/pulumiCli";
import type { AudienceUploadResult } from "./audienceUpload";
import { apiSpanMs, peakInFlight, type CallCount } from "./calls";
import { channelOf, minimumApplyCalls, PROVIDER_MODES, writeMenuImages } from "./channel";
import {
    injectLatency,
    lineEnvironment,
    resetEmulator,
    ROOT,
    runBenchChild,
    startBenchEmulator,
} from "./line";
import {
    assertApplied,
    BENCH,
    checkedCount,
    IMAGES,
    load,
    median,
    progress,
    STATE,
    WORK,
    type BenchContext,
} from "./measure";
import { BenchStack, pulumiVersion } from "./pulumi";
import { renderReadme } from "./report";
import { formatMs, resultTables } from "./tables";
import {
    SCHEMA_VERSION,
    type ApplierResult,
    type ApplierSample,
    type AudienceResult,
    type BenchResults,
    type FixedCostResult,
    type LatencyResult,
    type Machine,
    type RemoteBackendResult,
    type ScaleResult,
} from "./results";
import { measureFixedCost } from "./fixedCost";
import { measureRemoteBackend } from "./remoteBackend";
import { measureScale, prepareProgram } from "./scale";
import { writeUserIdsFile } from "./userIds";

const LATENCY_MS = 50;
/** The `--parallel` README.md advises for a channel of more than a few dozen menus. */
const WIDE_PARALLEL = 32;
/** Create menu → upload image → create alias / set default. */
const CRITICAL_PATH_CALLS = 3;

type CountedSample = ApplierSample & { readonly count: CallCount };

function appliedSample(emulator: Emulator, wallMs: number, apiMs: number | undefined): CountedSample {
    const entries = emulator.log.list();
    return {
        wallMs,
        apiMs: apiMs ?? apiSpanMs(entries, LATENCY_MS),
        peakInFlight: peakInFlight(entries, LATENCY_MS),
        count: checkedCount(entries),
    };
}

function summarizeApplier(samples: readonly CountedSample[], criticalPathMs: number): ApplierResult {
    const wallMs = median(samples.map(s => s.wallMs));
    const apiMs = median(samples.map(s => s.apiMs));
    return {
        wallMs,
        apiMs,
        wallRatio: wallMs / criticalPathMs,
        apiRatio: apiMs / criticalPathMs,
        peakInFlight: median(samples.map(s => s.peakInFlight)),
        samples: samples.map(({ count: _count, ...sample }) => sample),
        calls: samples[0]!.count,
    };
}

async function measureLatency(ctx: BenchContext, resources: number, repeats: number): Promise<LatencyResult> {
    const { emulator } = ctx;
    const { dir, channel } = prepareProgram(resources, "dynamic");
    const channelFile = path.join(dir, "channel.json");
    const criticalPathMs = CRITICAL_PATH_CALLS * LATENCY_MS;
    const slowChannel = async (): Promise<void> => {
        await resetEmulator(emulator);
        injectLatency(emulator, LATENCY_MS);
    };
    const sdk = async (mode: "sequential" | "concurrent"): Promise<CountedSample> => {
        await slowChannel();
        const child = await runBenchChild<{ applyMs: number }>(
            "sdkApply.ts",
            [channelFile, mode],
            lineEnvironment(emulator),
            WORK,
        );
        assertApplied(emulator, channel, `the SDK script (${mode})`);
        return appliedSample(emulator, child.wallMs, child.result.applyMs);
    };

    const pulumiUp = async (
        name: string,
        extraEnv: Record<string, string>,
        extraArgs: readonly string[] = [],
    ): Promise<CountedSample> => {
        await slowChannel();
        const env = { ...lineEnvironment(emulator), ...extraEnv };
        const stack = await BenchStack.create(dir, name, ctx.pulumiBin, STATE, env);
        emulator.log.clear();
        const up = await stack.up(extraArgs);
        assertApplied(emulator, channel, "pulumi up");
        return appliedSample(emulator, up.wallMs, undefined);
    };

    const provider: CountedSample[] = [];
    const wide: CountedSample[] = [];
    const skipCheckpoints: CountedSample[] = [];
    const sequential: CountedSample[] = [];
    const concurrent: CountedSample[] = [];
    // The appliers take turns within each repeat, so a burst of load elsewhere on the machine lands on
    // all of them rather than on one.
    for (let r = 0; r < repeats; r++) {
        const p = await pulumiUp(`latency-${resources}-${r}`, {});
        provider.push(p);
        const w = await pulumiUp(`latency-wide-${resources}-${r}`, {}, [`--parallel=${WIDE_PARALLEL}`]);
        wide.push(w);
        const k = await pulumiUp(`latency-skip-${resources}-${r}`, { PULUMI_SKIP_CHECKPOINTS: "true" });
        skipCheckpoints.push(k);
        const s = await sdk("sequential");
        sequential.push(s);
        const c = await sdk("concurrent");
        concurrent.push(c);
        progress(
            `latency ${resources} #${r + 1}: pulumi up ${formatMs(p.wallMs)} (API span ${formatMs(p.apiMs)}), ` +
                `--parallel=${WIDE_PARALLEL} ${formatMs(w.wallMs)} (${formatMs(w.apiMs)}), ` +
                `skipping checkpoints ${formatMs(k.wallMs)} (${formatMs(k.apiMs)}), ` +
                `SDK sequential ${formatMs(s.apiMs)}, concurrent ${formatMs(c.apiMs)}`,
        );
    }
    return {
        resources,
        latencyMs: LATENCY_MS,
        criticalPathCalls: CRITICAL_PATH_CALLS,
        criticalPathMs,
        minimumCalls: minimumApplyCalls(channel),
        provider: summarizeApplier(provider, criticalPathMs),
        providerWide: summarizeApplier(wide, criticalPathMs),
        wideParallel: WIDE_PARALLEL,
        providerSkipCheckpoints: summarizeApplier(skipCheckpoints, criticalPathMs),
        sdkSequential: summarizeApplier(sequential, criticalPathMs),
        sdkConcurrent: summarizeApplier(concurrent, criticalPathMs),
    };
}

async function measureAudience(ctx: BenchContext, ids: number, repeats: number): Promise<AudienceResult> {
    const { emulator } = ctx;
    const file = path.join(WORK, `user-ids-${ids}.txt`);
    const bytes = await writeUserIdsFile(file, ids);
    const samples: (AudienceUploadResult & { processWallMs: number })[] = [];
    let calls: CallCount | undefined;
    for (let r = 0; r < repeats; r++) {
        await resetEmulator(emulator);
        const child = await runBenchChild<AudienceUploadResult>(
            "audienceUpload.ts",
            [path.join(ROOT, "dist"), file],
            lineEnvironment(emulator),
            WORK,
        );
        calls ??= checkedCount(emulator.log.list());
        const { result } = child;
        if (result.source === "audienceHandlers" && result.memberCount !== ids)
            throw new Error(`the audience counted ${result.memberCount} IDs, not ${ids}`);
        samples.push({ ...result, processWallMs: child.wallMs });
        progress(
            `audience ${ids} #${r + 1}: check ${formatMs(result.checkMs)}, create ${formatMs(result.createMs)}, ` +
                `peak RSS ${result.maxRssMb.toFixed(0)} MB`,
        );
    }
    const first = samples[0]!;
    const mid = (pick: (s: (typeof samples)[number]) => number): number => median(samples.map(pick));
    const peak = (pick: (s: (typeof samples)[number]) => number): number => Math.max(...samples.map(pick));
    return {
        source: first.source,
        memberCount: first.memberCount,
        checkMs: mid(s => s.checkMs),
        createMs: mid(s => s.createMs),
        processWallMs: mid(s => s.processWallMs),
        baselineRssMb: mid(s => s.baselineRssMb),
        checkPeakRssMb: peak(s => s.checkPeakRssMb),
        createPeakRssMb: peak(s => s.createPeakRssMb),
        maxRssMb: peak(s => s.maxRssMb),
        ids,
        fileMb: bytes / (1024 * 1024),
        samples,
        calls: calls!,
    };
}

function packageVersion(name: string): string {
    const file = require.resolve(`${name}/package.json`, { paths: [ROOT] });
    return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

function gitDescribe(): string {
    try {
        return execFileSync("git", ["describe", "--always", "--dirty"], {
            cwd: ROOT,
            encoding: "utf8",
        }).trim();
    } catch {
        return "unknown";
    }
}

async function describeMachine(pulumiBin: string): Promise<Omit<Machine, "loadAverage">> {
    const cpus = os.cpus();
    const cpuModel = (cpus[0]?.model ?? "unknown CPU").replace(/\s+/g, " ").trim();
    const memoryGb = Math.round(os.totalmem() / 1024 ** 3);
    const osName = `${os.platform()} ${os.arch()}`;
    return {
        description: `${cpus.length}-core machine (${cpuModel}), ${memoryGb} GB RAM, ${osName}`,
        cores: cpus.length,
        cpuModel,
        memoryGb,
        os: osName,
        node: process.version,
        pulumiCli: await pulumiVersion(pulumiBin, STATE),
        pulumiSdk: packageVersion("@pulumi/pulumi"),
        pulumiLine: (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string })
            .version,
        lineBotSdk: packageVersion("@line/bot-sdk"),
        commit: gitDescribe(),
    };
}

function buildDist(): void {
    progress("building dist/ (tsc -p tsconfig.build.json)");
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
        cwd: ROOT,
        stdio: "inherit",
    });
    if (result.status !== 0) throw new Error("the build failed: the benchmarks measure dist/, fix it first");
}

/**
 * Written as the repository's Prettier would write it (`npm run format:check` covers bench/), and
 * through a temporary file (git-ignored), so an interrupted write never leaves half a file.
 */
async function writeFormatted(file: string, text: string): Promise<void> {
    mkdirSync(path.dirname(file), { recursive: true });
    const options = (await prettier.resolveConfig(file)) ?? {};
    const partial = `${file}.tmp`;
    writeFileSync(partial, await prettier.format(text, { ...options, filepath: file }));
    renameSync(partial, file);
}

/**
 * The generated programs, compiled child scripts, stack state and the object store's files: removed
 * before and after every run, because ESLint and Prettier (which ignore only the root .gitignore's
 * paths) would otherwise check them. The images and ID files stay as caches; neither tool reads PNG or
 * text files.
 */
function removeRunFiles(): void {
    for (const entry of existsSync(WORK) ? readdirSync(WORK) : []) {
        if (["state", "children", "s3"].includes(entry) || /^(n\d+(-native)?|fixed-\w+)$/.test(entry))
            rmSync(path.join(WORK, entry), { recursive: true, force: true });
    }
}

interface Options {
    readonly mode: BenchResults["mode"];
    readonly sizes: readonly number[];
    readonly audienceIds: number;
    readonly repeats: number;
    readonly build: boolean;
}

function parseOptions(argv: readonly string[]): Options {
    const { values } = parseArgs({
        args: [...argv],
        options: { quick: { type: "boolean" }, "no-build": { type: "boolean" }, sizes: { type: "string" } },
        strict: true,
        allowPositionals: false,
    });
    const quick = values.quick === true;
    const build = values["no-build"] !== true;
    const sizes = values.sizes?.split(",").map(Number);
    if (sizes !== undefined && sizes.some(n => !Number.isInteger(n) || n < 3 || n > 200))
        throw new Error("--sizes takes resource counts from 3 to 200, e.g. --sizes=10,50");
    // Three samples keep a full run to about a quarter of an hour on 2 cores (nearly half of it the
    // remote-backend step, whose delayed up of 200 resources alone takes most of a minute) while a
    // median of three shrugs off one sample hit by someone else's test run.
    if (quick) return { mode: "quick", sizes: sizes ?? [10], audienceIds: 100_000, repeats: 1, build };
    if (sizes !== undefined) return { mode: "custom", sizes, audienceIds: 1_500_000, repeats: 3, build };
    return { mode: "full", sizes: [10, 50, 200], audienceIds: 1_500_000, repeats: 3, build };
}

async function main(): Promise<void> {
    const options = parseOptions(process.argv.slice(2));
    const { sizes, audienceIds, repeats } = options;
    const date = new Date().toISOString();
    const started = performance.now();
    const startLoad = load();

    if (options.build) buildDist();
    progress("making the Pulumi CLI available (pulumi-offline/install.sh)");
    const pulumiBin = installPulumi(ROOT);
    // Stack state from an earlier run would turn an `up` from empty into a no-op.
    removeRunFiles();
    mkdirSync(STATE, { recursive: true });
    writeMenuImages(IMAGES, Math.max(...sizes.map(n => channelOf(n, IMAGES, WORK).menus.length)));
    const machine = await describeMachine(pulumiBin);

    const emulator = await startBenchEmulator();
    const ctx: BenchContext = { emulator, pulumiBin };
    const scale: ScaleResult[] = [];
    const latency: LatencyResult[] = [];
    let fixedCost: FixedCostResult;
    let remoteBackend: RemoteBackendResult;
    let audience: AudienceResult;
    try {
        for (const n of sizes)
            for (const mode of PROVIDER_MODES) scale.push(await measureScale(ctx, n, repeats, mode));
        for (const n of sizes) latency.push(await measureLatency(ctx, n, repeats));
        fixedCost = await measureFixedCost(ctx, repeats);
        remoteBackend = await measureRemoteBackend(ctx, Math.max(...sizes), repeats);
        audience = await measureAudience(ctx, audienceIds, repeats);
    } finally {
        await emulator.close();
        removeRunFiles();
    }

    const results: BenchResults = {
        schemaVersion: SCHEMA_VERSION,
        mode: options.mode,
        date,
        durationMs: performance.now() - started,
        machine: { ...machine, loadAverage: { start: startLoad, end: load() } },
        settings: {
            sizes,
            latencyMs: LATENCY_MS,
            audienceIds,
            repeats,
            emulatorRateLimits: false,
            upFlags: "--yes --non-interactive --skip-preview",
        },
        scale,
        latency,
        fixedCost,
        remoteBackend,
        audience,
    };
    process.stdout.write(`\n${resultTables(results)}\n\n`);
    const json = `${JSON.stringify(results, null, 2)}\n`;
    if (options.mode === "full") {
        await writeFormatted(path.join(BENCH, "results", "latest.json"), json);
        await writeFormatted(path.join(BENCH, "README.md"), renderReadme(results));
        progress(`wrote bench/README.md and bench/results/latest.json in ${formatMs(results.durationMs)}`);
    } else {
        const file = path.join(WORK, `${options.mode}.json`);
        await writeFormatted(file, json);
        progress(
            `${options.mode} run: results in bench/.work/${path.basename(file)}; README and latest.json untouched`,
        );
    }
}

main().catch((error: unknown) => {
    process.stderr.write(
        `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
});
