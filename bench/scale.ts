/**
 * The scale measurement: `pulumi up` from empty, a no-op `pulumi preview` and `pulumi refresh` of the
 * bench channel, timed and counted, for either provider mode. One code path for both modes, so their
 * rows differ only by the program the engine runs.
 */
import * as path from "node:path";
import type { Emulator } from "../emulator";
import { apiSpanMs, account, describeExtra, type CallBudget, type CallCount } from "./calls";
import { channelOf, minimumApplyCalls, writeProgram, type BenchChannel, type ProviderMode } from "./channel";
import { lineEnvironment, resetEmulator } from "./line";
import {
    assertApplied,
    checkedCount,
    IMAGES,
    load,
    median,
    progress,
    STATE,
    WORK,
    type BenchContext,
} from "./measure";
import { BenchStack, type TimedRun } from "./pulumi";
import { formatMs } from "./tables";
import type { OperationResult, ScaleResult } from "./results";

const APPLY_OPERATIONS = ["createRichMenu", "setRichMenuImage", "createRichMenuAlias", "setDefaultRichMenu"];
const READ_OPERATIONS = ["getRichMenu", "getRichMenuAlias", "getDefaultRichMenuId"];

interface OperationSample {
    readonly wallMs: number;
    readonly apiSpanMs: number;
    readonly count: CallCount;
    readonly load: number;
}

/** One CLI operation, with the request log emptied first so it holds this operation's calls only. */
async function sampleOperation(emulator: Emulator, run: () => Promise<TimedRun>): Promise<OperationSample> {
    emulator.log.clear();
    const startLoad = load();
    const { wallMs } = await run();
    const entries = emulator.log.list();
    return { wallMs, apiSpanMs: apiSpanMs(entries, 0), count: checkedCount(entries), load: startLoad };
}

function summarize(
    samples: readonly OperationSample[],
    minimum: CallBudget,
    expected: readonly string[],
): OperationResult {
    const first = samples[0]!;
    return {
        wallMs: median(samples.map(s => s.wallMs)),
        samplesMs: samples.map(s => s.wallMs),
        apiSpanMs: median(samples.map(s => s.apiSpanMs)),
        calls: account(first.count, minimum),
        callTotals: samples.map(s => s.count.total),
        extra: describeExtra(first.count, expected),
        load: first.load,
    };
}

/** `bench/.work/n10` for the dynamic program, `n10-native` for the native one. */
function projectDir(resources: number, mode: ProviderMode): string {
    return path.join(WORK, mode === "dynamic" ? `n${resources}` : `n${resources}-${mode}`);
}

/** The program for `resources` in `mode`, written once per run; the latency step reuses the dynamic one. */
export function prepareProgram(
    resources: number,
    mode: ProviderMode,
): { readonly dir: string; readonly channel: BenchChannel } {
    const dir = projectDir(resources, mode);
    const channel = channelOf(resources, IMAGES, dir);
    writeProgram(dir, channel, mode);
    return { dir, channel };
}

export async function measureScale(
    ctx: BenchContext,
    resources: number,
    repeats: number,
    mode: ProviderMode,
): Promise<ScaleResult> {
    const { emulator } = ctx;
    const { dir, channel } = prepareProgram(resources, mode);
    const ups: OperationSample[] = [];
    const previews: OperationSample[] = [];
    const refreshes: OperationSample[] = [];
    let stateBytes = 0;
    for (let r = 0; r < repeats; r++) {
        // Every sample starts from an empty channel and a new stack: `up` from empty each time.
        await resetEmulator(emulator);
        const env = lineEnvironment(emulator);
        const name = `scale-${mode}-${resources}-${r}`;
        const stack = await BenchStack.create(dir, name, ctx.pulumiBin, STATE, env);
        const up = await sampleOperation(emulator, () => stack.up());
        ups.push(up);
        assertApplied(emulator, channel, `pulumi up (${mode})`);
        if (r === 0) stateBytes = stack.stateBytes();
        const preview = await sampleOperation(emulator, () => stack.noOpPreview());
        previews.push(preview);
        const refresh = await sampleOperation(emulator, () => stack.refresh());
        refreshes.push(refresh);
        progress(
            `scale ${resources} ${mode} #${r + 1}: up ${formatMs(up.wallMs)} (${up.count.total} calls), ` +
                `preview ${formatMs(preview.wallMs)} (${preview.count.total}), ` +
                `refresh ${formatMs(refresh.wallMs)} (${refresh.count.total})`,
        );
    }
    return {
        resources,
        provider: mode,
        menus: channel.menus.length,
        aliases: channel.aliases.length,
        defaults: 1,
        stateBytes,
        up: summarize(ups, { reads: 0, writes: minimumApplyCalls(channel) }, APPLY_OPERATIONS),
        preview: summarize(previews, { reads: 0, writes: 0 }, []),
        refresh: summarize(refreshes, { reads: resources, writes: 0 }, READ_OPERATIONS),
    };
}
