import assert from "node:assert/strict";
import { ManualClock, SystemClock } from "../../emulator";

describe("emulator: clocks", () => {
    it("ManualClock starts at 2026-01-01 and moves only when told", () => {
        const clock = new ManualClock();
        assert.equal(new Date(clock.now()).toISOString(), "2026-01-01T00:00:00.000Z");
        clock.advance(1500);
        assert.equal(clock.now(), Date.UTC(2026, 0, 1) + 1500);
        clock.set(0);
        assert.equal(clock.now(), 0);
        assert.throws(() => clock.advance(-1), RangeError);
    });

    it("SystemClock at a time scale runs that many times faster than the wall clock", async () => {
        const clock = new SystemClock(1000);
        const start = clock.now();
        await new Promise(resolve => setTimeout(resolve, 50));
        const elapsed = clock.now() - start;
        assert.ok(elapsed >= 40_000 && elapsed < 500_000, `elapsed ${elapsed}`);
        assert.throws(() => new SystemClock(0), RangeError);
    });
});
