/**
 * Counting API calls from the emulator's request log, by LINE operation, against the least the API
 * allows for the same job.
 */
import type { RequestLogEntry } from "../emulator";
import { Router } from "../emulator/router";
import { API_ROUTES } from "../emulator/server";

export interface CallCount {
    readonly total: number;
    readonly reads: number;
    readonly writes: number;
    /** LINE operation name (`createRichMenu`, ...) → calls. */
    readonly byOperation: Readonly<Record<string, number>>;
    /**
     * Answers that were not 2xx, except a read answered 404: any here means the measurement ran into
     * an error. A 404 to a read is how LINE says nothing is there, which is what the provider asks
     * before a create that could take over an alias or the default (provider/resources/ownership.ts).
     */
    readonly failed: number;
}

export interface CallBudget {
    readonly reads: number;
    readonly writes: number;
}

/** A count set against its minimum: `extra` is every call beyond it, reads and writes alike. */
export interface CallAccount extends CallCount {
    readonly minimum: CallBudget;
    readonly extraReads: number;
    readonly extraWrites: number;
}

// The emulator's own router names each call by LINE's operation, so the count reads like the API
// reference instead of like raw paths full of generated IDs.
const router = new Router(API_ROUTES);

function operationOf(entry: Pick<RequestLogEntry, "method" | "path">): string {
    return router.match(entry.method, entry.path)?.route.operation ?? `${entry.method} ${entry.path}`;
}

export function countCalls(entries: readonly RequestLogEntry[]): CallCount {
    const byOperation: Record<string, number> = {};
    let reads = 0;
    let failed = 0;
    for (const entry of entries) {
        const operation = operationOf(entry);
        byOperation[operation] = (byOperation[operation] ?? 0) + 1;
        if (entry.method === "GET") reads++;
        const nothingThere = entry.method === "GET" && entry.status === 404;
        if ((entry.status < 200 || entry.status > 299) && !nothingThere) failed++;
    }
    return { total: entries.length, reads, writes: entries.length - reads, byOperation, failed };
}

export function account(count: CallCount, minimum: CallBudget): CallAccount {
    return {
        ...count,
        minimum,
        extraReads: Math.max(0, count.reads - minimum.reads),
        extraWrites: Math.max(0, count.writes - minimum.writes),
    };
}

/** `getBotInfo ×1`: the operations beyond those the minimum is made of, for the table. */
export function describeExtra(count: CallCount, expected: readonly string[]): string {
    const extra = Object.entries(count.byOperation)
        .filter(([operation]) => !expected.includes(operation))
        .map(([operation, n]) => `${operation} ×${n}`);
    return extra.length === 0 ? "none" : extra.join(", ");
}

/**
 * From the first call's start to the last call's end, in the emulator's log times. A logged time is
 * when the answer was sent, so the first call's start is its time less the injected latency.
 */
export function apiSpanMs(entries: readonly RequestLogEntry[], latencyMs: number): number {
    if (entries.length === 0) return 0;
    const times = entries.map(e => Date.parse(e.time));
    return Math.max(...times) - Math.min(...times) + latencyMs;
}

/**
 * The most calls LINE was answering at one moment, each taken as busy for the injected latency before
 * its logged answer: how much of the engine's parallelism reached the API.
 */
export function peakInFlight(entries: readonly RequestLogEntry[], latencyMs: number): number {
    const events: [number, number][] = [];
    for (const entry of entries) {
        const end = Date.parse(entry.time);
        events.push([end - latencyMs, 1], [end, -1]);
    }
    // At equal times an answer comes before a start, so back-to-back calls do not count as overlapping.
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let current = 0;
    let peak = 0;
    for (const [, delta] of events) {
        current += delta;
        peak = Math.max(peak, current);
    }
    return peak;
}
