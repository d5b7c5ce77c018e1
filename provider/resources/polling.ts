import { systemTiming, type Timing } from "../client/timing";

/**
 * Waiting on LINE's asynchronous work (an audience turning READY, a rich menu batch finishing): one
 * poll loop, on an injected clock (the client's {@link Timing}), so tests move time by hand instead of
 * sleeping.
 */

let current: Timing = systemTiming;

/** The timing handlers and the clients they make use: the wall clock unless a test installed another. */
export function timing(): Timing {
    return current;
}

/** Installs `replacement` for every handler in this process (tests); undefined restores the wall clock. */
export function useTiming(replacement: Timing | undefined): void {
    current = replacement ?? systemTiming;
}

export interface PollOptions<T> {
    /** One look at LINE's progress. */
    readonly poll: () => Promise<T>;
    /** Whether the answer is the one waited for; it may throw to stop waiting (LINE gave up). */
    readonly done: (answer: T) => boolean;
    readonly timeoutMs: number;
    /** The error to throw once `timeoutMs` has passed without `done`, given the time waited. */
    readonly timedOut: (waitedMs: number, last: T) => Error;
    /** The first wait; each next one doubles, up to `maxDelayMs`. */
    readonly initialDelayMs: number;
    readonly maxDelayMs: number;
    /** Defaults to {@link timing}(). */
    readonly timing?: Timing;
}

/**
 * Polls until `done`, backing off exponentially, and answers the last answer. It never sleeps past the
 * deadline: the last wait is cut short so the last poll falls on it, and only an answer that is still
 * not done after that times out.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
    const clock = options.timing ?? timing();
    const started = clock.now();
    let delayMs = options.initialDelayMs;
    for (;;) {
        const answer = await options.poll();
        if (options.done(answer)) return answer;
        const waited = clock.now() - started;
        if (waited >= options.timeoutMs) throw options.timedOut(waited, answer);
        await clock.sleep(Math.min(delayMs, options.timeoutMs - waited));
        delayMs = Math.min(delayMs * 2, options.maxDelayMs);
    }
}
