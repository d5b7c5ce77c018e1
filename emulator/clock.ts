/**
 * The emulator's sense of time. Everything that LINE does "later" (audiences turning READY, batch
 * progress, token expiry, rate-limit refills) is computed from a {@link Clock}, never from
 * `Date.now()`, so tests can move time by hand and the CLI can run a day in minutes.
 */
export interface Clock {
    /** Milliseconds since the Unix epoch, on the emulator's timeline. */
    now(): number;
}

/**
 * The wall clock, optionally running faster. With `timeScale` 3600 an emulated hour passes in a real
 * second; the emulated time starts at the real time when the clock is made.
 */
export class SystemClock implements Clock {
    private readonly origin = Date.now();
    // performance.now() has sub-millisecond resolution: at a large time scale, two requests in the same
    // real millisecond must still see emulated time move between them.
    private readonly start = performance.now();

    constructor(readonly timeScale = 1) {
        if (!(timeScale > 0) || !Number.isFinite(timeScale)) {
            throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
        }
    }

    now(): number {
        return Math.floor(this.origin + (performance.now() - this.start) * this.timeScale);
    }
}

/** A clock that moves only when told to: for tests that need to cross LINE's delays exactly. */
export class ManualClock implements Clock {
    private current: number;

    /** Starts at 2026-01-01T00:00:00Z unless given a start, so timestamps in tests are stable. */
    constructor(start: number = Date.UTC(2026, 0, 1)) {
        this.current = start;
    }

    now(): number {
        return this.current;
    }

    advance(ms: number): void {
        if (ms < 0) throw new RangeError("a clock cannot go back");
        this.current += ms;
    }

    set(epochMs: number): void {
        this.current = epochMs;
    }
}
