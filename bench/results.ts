/**
 * The shape of bench/results/latest.json. Bump `schemaVersion` when a field changes meaning, so an
 * old release's file is never compared with a new one's as if they measured the same thing.
 */
import type { AudienceUploadResult } from "./audienceUpload";
import type { CallAccount, CallCount } from "./calls";
import type { ProviderMode } from "./channel";

/**
 * 2: each scale result names its provider mode (dynamic resources or the native plugin).
 * 3: the programs load the package installed in node_modules, on the file backend with
 * `?metadata=skip`; latency adds `pulumi up --parallel` ({@link LatencyResult.providerWide}); `fixedCost`;
 * `remoteBackend`.
 */
export const SCHEMA_VERSION = 3;

export interface Machine {
    /** `2-core machine (CPU model), 23 GB RAM, linux x64`: no host name, no path. */
    readonly description: string;
    readonly cores: number;
    readonly cpuModel: string;
    readonly memoryGb: number;
    readonly os: string;
    readonly node: string;
    readonly pulumiCli: string;
    readonly pulumiSdk: string;
    readonly pulumiLine: string;
    readonly lineBotSdk: string;
    /** `git describe --always --dirty` of the measured tree. */
    readonly commit: string;
    /** 1-minute load average before and after the run; well above `cores` means the numbers are noisy. */
    readonly loadAverage: { readonly start: number; readonly end: number };
}

/** Each timed number is the median of `samples`; the samples are kept to show the spread. */
export interface OperationResult {
    readonly wallMs: number;
    readonly samplesMs: readonly number[];
    /** From the first API call's start to the last one's end, median (0 when no call was made). */
    readonly apiSpanMs: number;
    /** The first sample's calls; `callTotals` has every sample's total, to show if they varied. */
    readonly calls: CallAccount;
    readonly callTotals: readonly number[];
    /** Operations outside the minimum, e.g. `getBotInfo ×1`. */
    readonly extra: string;
    /** 1-minute load average when the first sample started. */
    readonly load: number;
}

export interface ScaleResult {
    readonly resources: number;
    /** Which resources the program declared: pulumi-line's dynamic ones, or pulumi-line/native's. */
    readonly provider: ProviderMode;
    readonly menus: number;
    readonly aliases: number;
    readonly defaults: number;
    /** The stack's state file after the first sample's up, in the local file backend. */
    readonly stateBytes: number;
    readonly up: OperationResult;
    readonly preview: OperationResult;
    readonly refresh: OperationResult;
}

export interface ApplierSample {
    readonly wallMs: number;
    readonly apiMs: number;
    readonly peakInFlight: number;
}

export interface ApplierResult {
    /** The whole process, start-up included (`pulumi up` or `node sdkApply.js`); median. */
    readonly wallMs: number;
    /**
     * The part spent calling LINE, median: for `pulumi up` the span from its first API call's start to
     * its last call's end (request log), for the SDK script its own timing around the calls.
     */
    readonly apiMs: number;
    readonly wallRatio: number;
    readonly apiRatio: number;
    /** The most calls in flight at once (median): how much parallelism reached LINE. */
    readonly peakInFlight: number;
    readonly samples: readonly ApplierSample[];
    /** The first sample's calls. */
    readonly calls: CallCount;
}

export interface LatencyResult {
    readonly resources: number;
    readonly latencyMs: number;
    /** Dependent calls in the longest chain: create menu → upload image → create alias / set default. */
    readonly criticalPathCalls: number;
    readonly criticalPathMs: number;
    readonly minimumCalls: number;
    readonly provider: ApplierResult;
    /**
     * The same up with PULUMI_SKIP_CHECKPOINTS=true (the state is written once at the end instead of
     * after every step): a diagnostic that separates the file backend's cost from the rest.
     */
    readonly providerSkipCheckpoints: ApplierResult;
    /** The same up with `--parallel` {@link LatencyResult.wideParallel}, as README.md advises for a large channel. */
    readonly providerWide: ApplierResult;
    readonly wideParallel: number;
    readonly sdkSequential: ApplierResult;
    readonly sdkConcurrent: ApplierResult;
}

/** One rung of the fixed-cost ladder: a whole process, adding one piece to the rung before. */
export interface FixedCostRung {
    readonly name: string;
    readonly adds: string;
    /** Median. */
    readonly wallMs: number;
    readonly samplesMs: readonly number[];
}

export interface FixedCostResult {
    readonly rungs: readonly FixedCostRung[];
    /** Every call the one-resource ups made, all samples together. */
    readonly oneResourceCalls: CallCount;
}

/** One CLI run with the stack's state in one backend. */
export interface BackendSample {
    readonly wallMs: number;
    /** Requests the object store answered during the run; absent for the file backend. */
    readonly requests?: number;
    /**
     * PUTs of the stack's state object during the run, each one the whole state, and their bytes;
     * absent for the file backend, which writes the same states to a local file.
     */
    readonly statePuts?: number;
    readonly statePutBytes?: number;
}

export interface BackendOperation {
    /** Median of the samples' wall times. */
    readonly wallMs: number;
    readonly samples: readonly BackendSample[];
}

/** `file`: the local file backend; `s3`: s3rver on this machine; `s3-delayed`: s3rver behind the delay proxy. */
export type StateBackend = "file" | "s3" | "s3-delayed";

export interface StateBackendResult {
    readonly backend: StateBackend;
    /** PULUMI_BACKEND_URL, with the object store's or proxy's port (a new one every run) as `PORT`. */
    readonly url: string;
    readonly up: BackendOperation;
    readonly preview: BackendOperation;
    /** A second up from empty with PULUMI_SKIP_CHECKPOINTS=true: the state written once, at the end. */
    readonly upSkipCheckpoints: BackendOperation;
}

/** The dynamic program's up, no-op preview and checkpoint-less up, with its state in each backend. */
export interface RemoteBackendResult {
    readonly resources: number;
    /** What the proxy adds to every chunk in each direction, for `s3-delayed`. */
    readonly delayMs: number;
    /** The stack's state after the first sample's up, in the object store. */
    readonly stateBytes: number;
    readonly backends: readonly StateBackendResult[];
}

/** Times are medians over the samples, memory the highest peak of any sample. */
export interface AudienceResult extends AudienceUploadResult {
    readonly ids: number;
    readonly fileMb: number;
    /** The child process, start-up (Node, @pulumi/pulumi, the package) included. */
    readonly processWallMs: number;
    readonly samples: readonly (AudienceUploadResult & { readonly processWallMs: number })[];
    /** The first sample's calls. */
    readonly calls: CallCount;
}

export interface BenchResults {
    readonly schemaVersion: number;
    /** Only `full` runs (the default sizes and ID count) are recorded in README.md and latest.json. */
    readonly mode: "full" | "quick" | "custom";
    /** ISO-8601, when the run started. */
    readonly date: string;
    readonly durationMs: number;
    readonly machine: Machine;
    readonly settings: {
        readonly sizes: readonly number[];
        readonly latencyMs: number;
        readonly audienceIds: number;
        /** Samples per measurement; every time reported is their median. */
        readonly repeats: number;
        /** The emulator's rate limits; the client still paces itself to LINE's published limits. */
        readonly emulatorRateLimits: false;
        readonly upFlags: string;
    };
    /** One result per size and provider mode, sizes in run order, dynamic before native. */
    readonly scale: readonly ScaleResult[];
    readonly latency: readonly LatencyResult[];
    readonly fixedCost: FixedCostResult;
    /** The largest size of the run only. */
    readonly remoteBackend: RemoteBackendResult;
    readonly audience: AudienceResult;
}
