/**
 * The remote-backend measurement: the dynamic program's `pulumi up` from empty, a no-op preview and an
 * up with PULUMI_SKIP_CHECKPOINTS=true, with the stack's state in the local file backend, in an
 * S3-compatible object store on this machine, and in that store behind a proxy that delays every byte
 * as a network would. The DIY backend writes the whole state after every step of an up: to a local
 * file that is a file write, to an object store one PUT of the whole state per step.
 */
import * as path from "node:path";
import type { Emulator } from "../emulator";
import { lineEnvironment, resetEmulator, ROOT } from "./line";
import { assertApplied, checkedCount, median, progress, STATE, WORK, type BenchContext } from "./measure";
import { ObjectStore, startDelayProxy, stateKey } from "./objectStore";
import { BenchStack, fileBackend, type Backend, type TimedRun } from "./pulumi";
import { formatMs } from "./tables";
import type { BackendOperation, BackendSample, RemoteBackendResult, StateBackend } from "./results";
import { prepareProgram } from "./scale";

/**
 * Each way, so 20 ms more per request and its answer: a stand-in for a bucket in the same region as
 * the machine running the CLI, where a request's round trip is tens of milliseconds rather than the
 * fraction of one a store on this machine answers in.
 */
const DELAY_MS = 10;
/** s3rver's objects and the empty AWS config files; deleted when the measurement ends. */
const STORE_DIR = path.join(WORK, "s3");

interface BackendUnderTest {
    readonly kind: StateBackend;
    readonly backend: Backend;
    /** The store the backend writes to, to count its requests; undefined for the file backend. */
    readonly store: ObjectStore | undefined;
}

/** The URL as recorded: no absolute path of this machine, and `PORT` for the port, new every run. */
function recordedUrl(url: string): string {
    return url.replace(`file://${ROOT}`, "file://<repository>").replace(/127\.0\.0\.1:\d+/, "127.0.0.1:PORT");
}

/** One CLI run, counted by the object store; a run that met an error answer from LINE is no sample. */
async function sample(
    emulator: Emulator,
    target: BackendUnderTest,
    stack: BenchStack,
    run: () => Promise<TimedRun>,
): Promise<BackendSample> {
    emulator.log.clear();
    target.store?.clear();
    const { wallMs } = await run();
    checkedCount(emulator.log.list());
    if (target.store === undefined) return { wallMs };
    const writes = target.store.writesOf(stateKey(stack.name));
    return {
        wallMs,
        requests: target.store.requestCount(),
        statePuts: writes.puts,
        statePutBytes: writes.bytes,
    };
}

interface TargetSamples {
    readonly up: BackendSample[];
    readonly preview: BackendSample[];
    readonly upSkipCheckpoints: BackendSample[];
}

async function sampleBackends(
    ctx: BenchContext,
    resources: number,
    repeats: number,
    targets: readonly BackendUnderTest[],
): Promise<{ readonly samples: Map<StateBackend, TargetSamples>; readonly stateBytes: number }> {
    const { emulator } = ctx;
    const { dir, channel } = prepareProgram(resources, "dynamic");
    const samples = new Map<StateBackend, TargetSamples>(
        targets.map(t => [t.kind, { up: [], preview: [], upSkipCheckpoints: [] }]),
    );
    let stateBytes = 0;
    // Every up starts from an empty channel and a new stack, as in the scale table.
    const freshStack = async (
        target: BackendUnderTest,
        name: string,
        extraEnv: Readonly<Record<string, string>> = {},
    ): Promise<BenchStack> => {
        await resetEmulator(emulator);
        const env = { ...lineEnvironment(emulator), ...extraEnv };
        return BenchStack.create(dir, name, ctx.pulumiBin, STATE, env, target.backend);
    };
    // The backends take turns within each repeat, so a burst of load elsewhere on the machine lands on
    // all of them rather than on one.
    for (let r = 0; r < repeats; r++) {
        for (const target of targets) {
            const name = `remote-${target.kind}-${resources}-${r}`;
            const stack = await freshStack(target, name);
            const up = await sample(emulator, target, stack, () => stack.up());
            assertApplied(emulator, channel, `pulumi up (${target.kind} backend)`);
            if (target.store !== undefined) {
                // None would mean the CLI kept its state somewhere other than the store it was given.
                if (up.statePuts === 0)
                    throw new Error(`pulumi up wrote no state to the ${target.kind} backend`);
                if (r === 0) stateBytes = target.store.writesOf(stateKey(name)).lastBytes;
            }
            const preview = await sample(emulator, target, stack, () => stack.noOpPreview());
            const skipping = await freshStack(target, `${name}-skip`, { PULUMI_SKIP_CHECKPOINTS: "true" });
            const skip = await sample(emulator, target, skipping, () => skipping.up());
            assertApplied(emulator, channel, `pulumi up, skipping checkpoints (${target.kind} backend)`);
            // As many saves as without the switch would mean it never reached the CLI.
            if (skip.statePuts !== undefined && skip.statePuts >= up.statePuts!)
                throw new Error("PULUMI_SKIP_CHECKPOINTS=true saved the state as often as an up without it");
            const mine = samples.get(target.kind)!;
            mine.up.push(up);
            mine.preview.push(preview);
            mine.upSkipCheckpoints.push(skip);
            const puts = (s: BackendSample): string =>
                s.statePuts === undefined ? "" : ` (${s.statePuts} state PUTs)`;
            progress(
                `remote backend ${resources} ${target.kind} #${r + 1}: up ${formatMs(up.wallMs)}${puts(up)}, ` +
                    `preview ${formatMs(preview.wallMs)}, ` +
                    `up skipping checkpoints ${formatMs(skip.wallMs)}${puts(skip)}`,
            );
        }
    }
    return { samples, stateBytes };
}

/**
 * The measurement at `resources`: s3rver under bench/.work/s3 and the delay proxy in front of it are
 * started here and stopped (the store's files deleted) when it ends, also when it fails.
 */
export async function measureRemoteBackend(
    ctx: BenchContext,
    resources: number,
    repeats: number,
): Promise<RemoteBackendResult> {
    const store = await ObjectStore.start(STORE_DIR);
    try {
        const proxy = await startDelayProxy(store.port, DELAY_MS);
        try {
            const targets: BackendUnderTest[] = [
                { kind: "file", backend: fileBackend(STATE), store: undefined },
                { kind: "s3", backend: store.backend(), store },
                { kind: "s3-delayed", backend: store.backend(proxy.port), store },
            ];
            const { samples, stateBytes } = await sampleBackends(ctx, resources, repeats, targets);
            const operation = (values: readonly BackendSample[]): BackendOperation => ({
                wallMs: median(values.map(s => s.wallMs)),
                samples: values,
            });
            return {
                resources,
                delayMs: DELAY_MS,
                stateBytes,
                backends: targets.map(t => {
                    const mine = samples.get(t.kind)!;
                    return {
                        backend: t.kind,
                        url: recordedUrl(t.backend.url),
                        up: operation(mine.up),
                        preview: operation(mine.preview),
                        upSkipCheckpoints: operation(mine.upSkipCheckpoints),
                    };
                }),
            };
        } finally {
            await proxy.close();
        }
    } finally {
        await store.close();
    }
}
