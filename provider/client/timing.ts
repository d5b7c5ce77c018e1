/**
 * The clock a client reads and waits on: its rate limiter's buckets, its retry backoff and the times its
 * log events report. The resources' poll loop waits on the same kind of clock (`resources/polling.ts`),
 * so a test installs one fake clock and no wait of the provider touches the wall clock.
 */

/** What a client reads time from and waits with. */
export interface Timing {
    /** Milliseconds since the Unix epoch. */
    now(): number;
    sleep(ms: number): Promise<void>;
}

/** The wall clock. */
export const systemTiming: Timing = {
    now: () => Date.now(),
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};
