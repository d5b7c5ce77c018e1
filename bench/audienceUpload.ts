/**
 * An audience upload from a file, in a process of its own so its peak memory is the provider's alone:
 *
 *   node audienceUpload.js <dist dir> <ids file>     (compiled by bench/line.ts; plain Node, no tsx)
 *
 * It runs what the provider host runs for a new `Audience` with `userIdsFile`: the resource's `check`
 * (which streams the file for its digest and count) and then its `create` (which streams it again into
 * upload files and sends them), both from the built package in dist/, against LINE_API_BASE_URL and
 * LINE_DATA_BASE_URL with LINE_CHANNEL_ACCESS_TOKEN. Without an Audience resource in dist/ it falls back
 * to the client's `createAudienceForUploadingUserIds` and says so in its result.
 *
 * Prints one JSON line: times, and resident memory at start, peak per phase (sampled) and overall
 * peak (`process.resourceUsage().maxRSS`, which no sampling can miss). Node, @pulumi/pulumi and the
 * package are loaded before the first reading, so the difference is what the upload itself costs.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as pulumi from "@pulumi/pulumi";
import type { LineClient, LineClientOptions } from "../provider/client";

interface AudienceInputs {
    readonly description: string;
    readonly userIdsFile: string;
}

type AudienceOutputs = Readonly<Record<string, unknown>>;

interface ResourcesModule {
    readonly audienceHandlers?: pulumi.dynamic.ResourceProvider<AudienceInputs, AudienceOutputs>;
}

interface ClientModule {
    readonly LineClient: new (options: LineClientOptions) => LineClient;
}

export interface AudienceUploadResult {
    /** What was measured: the resource's handlers, or the client call when the resource is absent. */
    readonly source: "audienceHandlers" | "createAudienceForUploadingUserIds";
    readonly checkMs: number;
    readonly createMs: number;
    readonly memberCount: number;
    readonly baselineRssMb: number;
    readonly checkPeakRssMb: number;
    readonly createPeakRssMb: number;
    readonly maxRssMb: number;
}

const MB = 1024 * 1024;

/** The highest RSS seen since the last `take()`, sampled often enough to see a phase's plateau. */
class RssSampler {
    private peak = process.memoryUsage.rss();
    private readonly timer = setInterval(() => this.sample(), 10);

    sample(): void {
        this.peak = Math.max(this.peak, process.memoryUsage.rss());
    }

    take(): number {
        this.sample();
        const peak = this.peak;
        this.peak = process.memoryUsage.rss();
        return peak;
    }

    stop(): void {
        clearInterval(this.timer);
    }
}

function required(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === "") throw new Error(`${name} must be set`);
    return value;
}

async function main(): Promise<void> {
    const [dist, idsFile] = process.argv.slice(2);
    if (dist === undefined || idsFile === undefined)
        throw new Error("usage: audienceUpload.js <dist dir> <ids file>");
    // Loaded from dist/ at run time, as the provider host loads it: what is measured is the built
    // package, and this script still compiles while the Audience resource is being written.
    const load = createRequire(__filename);
    const resourcesFile = path.join(dist, "provider", "resources", "audience.js");
    const resources = existsSync(resourcesFile) ? (load(resourcesFile) as ResourcesModule) : {};
    const handlers = resources.audienceHandlers;
    const { LineClient: Client } = load(path.join(dist, "provider", "client", "index.js")) as ClientModule;

    const sampler = new RssSampler();
    const baseline = process.memoryUsage.rss();
    const inputs: AudienceInputs = { description: "bench audience", userIdsFile: idsFile };
    let result: Omit<AudienceUploadResult, "maxRssMb" | "baselineRssMb">;
    if (handlers?.check !== undefined && handlers.create !== undefined) {
        let started = performance.now();
        const checked = await handlers.check({} as AudienceInputs, inputs);
        const checkMs = performance.now() - started;
        const checkPeak = sampler.take();
        if ((checked.failures ?? []).length > 0 || checked.inputs === undefined)
            throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
        started = performance.now();
        const created = await handlers.create(checked.inputs);
        const createMs = performance.now() - started;
        result = {
            source: "audienceHandlers",
            checkMs,
            createMs,
            memberCount: Number(created.outs?.memberCount ?? 0),
            checkPeakRssMb: checkPeak / MB,
            createPeakRssMb: sampler.take() / MB,
        };
    } else {
        const client = new Client({
            channelAccessToken: required("LINE_CHANNEL_ACCESS_TOKEN"),
            apiBaseUrl: required("LINE_API_BASE_URL"),
            dataBaseUrl: required("LINE_DATA_BASE_URL"),
        });
        const started = performance.now();
        await client.createAudienceForUploadingUserIds({ file: idsFile, description: inputs.description });
        result = {
            source: "createAudienceForUploadingUserIds",
            checkMs: 0,
            createMs: performance.now() - started,
            memberCount: -1,
            checkPeakRssMb: 0,
            createPeakRssMb: sampler.take() / MB,
        };
    }
    sampler.stop();
    // maxRSS is in kilobytes.
    const maxRssMb = (process.resourceUsage().maxRSS * 1024) / MB;
    const full: AudienceUploadResult = { ...result, baselineRssMb: baseline / MB, maxRssMb };
    process.stdout.write(`${JSON.stringify(full)}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
