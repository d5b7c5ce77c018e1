import assert from "node:assert/strict";
import { useEmulator } from "../support/emulator";

describe("emulator: fault injection", () => {
    // A scripted random source, so probability faults are predictable.
    const rolls: number[] = [];
    const line = useEmulator({ resetBeforeEach: true, random: () => rolls.shift() ?? 0.99 });
    const info = () => line.call("GET", "/v2/bot/info");

    it("answers a status with LINE's usual body, once by default", async () => {
        await line.control.addFault({ path: "/v2/bot/info", status: 500 });
        const failed = await info();
        assert.equal(failed.status, 500);
        assert.deepEqual(failed.body, { message: "Internal server error" });
        assert.ok(failed.requestId);
        assert.equal((await info()).status, 200);
    });

    it("answers a given body, N times, only for the given method", async () => {
        await line.control.addFault({
            method: "GET",
            path: "/v2/bot/info",
            status: 503,
            body: { message: "down" },
            times: 2,
        });
        assert.deepEqual((await info()).body, { message: "down" });
        assert.equal((await info()).status, 503);
        assert.equal((await info()).status, 200);
    });

    it("matches path templates and prefixes", async () => {
        await line.control.addFault({ path: "/v2/bot/richmenu/{richMenuId}", status: 502, times: 1 });
        await line.control.addFault({ path: "/v2/bot/audienceGroup/*", status: 429, times: 1 });
        assert.equal((await line.call("GET", "/v2/bot/richmenu/richmenu-x")).status, 502);
        const limited = await line.call("GET", "/v2/bot/audienceGroup/list?page=1");
        assert.equal(limited.status, 429);
        assert.deepEqual(limited.body, { message: "The API rate limit has been exceeded. Try again later." });
    });

    it("delays a request that is then handled normally", async () => {
        await line.control.addFault({ path: "/v2/bot/info", delayMs: 150 });
        const started = Date.now();
        assert.equal((await info()).status, 200);
        assert.ok(Date.now() - started >= 140);
    });

    it("resets the connection without an answer, and logs it with status 0", async () => {
        await line.control.addFault({ path: "/v2/bot/info", reset: true });
        await assert.rejects(info(), (error: Error) => error instanceof TypeError);
        assert.equal((await info()).status, 200);
        const [reset] = await line.control.requests();
        assert.equal(reset?.status, 0);
    });

    it("hits with a probability until removed", async () => {
        await line.control.addFault({ path: "/v2/bot/info", status: 500, probability: 0.5 });
        rolls.push(0.1, 0.9, 0.4, 0.6);
        const statuses = [];
        for (let i = 0; i < 4; i++) statuses.push((await info()).status);
        assert.deepEqual(statuses, [500, 200, 500, 200]);
        await line.control.clearFaults();
        rolls.push(0.1);
        assert.equal((await info()).status, 200);
    });

    it("applies before authentication, as a broken network would", async () => {
        await line.control.addFault({ path: "/v2/bot/info", status: 500 });
        assert.equal((await line.call("GET", "/v2/bot/info", { token: null })).status, 500);
    });
});
