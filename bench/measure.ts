/**
 * What every measurement of bench/run.ts shares: the work paths, the emulator and CLI it runs with,
 * progress lines, medians, call counts that fail on any error answer, and the check that an applier
 * really applied the channel.
 */
import * as os from "node:os";
import * as path from "node:path";
import type { Emulator } from "../emulator";
import { countCalls, type CallCount } from "./calls";
import type { BenchChannel } from "./channel";
import { channelProblems, ROOT } from "./line";

export const BENCH = path.join(ROOT, "bench");
export const WORK = path.join(BENCH, ".work");
export const STATE = path.join(WORK, "state");
export const IMAGES = path.join(WORK, "images");

export interface BenchContext {
    readonly emulator: Emulator;
    readonly pulumiBin: string;
}

export function progress(text: string): void {
    process.stderr.write(`[bench] ${text}\n`);
}

/** The 1-minute load average: well above the core count means the numbers are noisy. */
export function load(): number {
    return os.loadavg()[0] ?? 0;
}

export function assertApplied(emulator: Emulator, channel: BenchChannel, what: string): void {
    const problems = channelProblems(emulator, channel);
    if (problems.length > 0) throw new Error(`${what} did not apply the channel: ${problems.join("; ")}`);
}

export function median(values: readonly number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The calls in the request log; a measurement that ran into an error answer is no measurement. */
export function checkedCount(entries: Parameters<typeof countCalls>[0]): CallCount {
    const count = countCalls(entries);
    if (count.failed > 0) throw new Error(`${count.failed} API calls failed: ${JSON.stringify(count)}`);
    return count;
}
