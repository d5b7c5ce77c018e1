import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { clients, text } from "../messaging";

describe("emulator: insight", () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 10, 1));
    const line = useEmulator({ rateLimits: false, clock, resetBeforeEach: true });
    beforeEach(() => clock.set(Date.UTC(2026, 0, 10, 1)));

    it("counts followers and blocks from what the emulator saw that day; unready before", async () => {
        const { insight } = clients(line);
        const [a] = await line.control.addFriends(3);
        line.emulator.store.write("default", state => {
            state.users.set(a!, { userId: a!, displayName: "A", blocked: true });
        });
        assert.deepEqual(await insight.getNumberOfFollowers("20260110"), { status: "unready" });
        assert.deepEqual(await insight.getNumberOfFollowers("20260109"), { status: "unready" });
        clock.advance(24 * 60 * 60 * 1000);
        assert.deepEqual(await insight.getNumberOfFollowers("20260110"), {
            status: "ready",
            followers: 3,
            targetedReaches: 0,
            blocks: 1,
        });
        assert.deepEqual(line.emulator.store.read("default").followerDays.size, 2);
    });

    it("counts the API's deliveries of a past day, with 0 for what only the Official Account Manager sends", async () => {
        const { api, insight } = clients(line);
        const [a] = await line.control.addFriends(2);
        await api.pushMessage({ to: a!, messages: [text("1")] });
        await api.broadcast({ messages: [text("2")] });
        assert.deepEqual(await insight.getNumberOfMessageDeliveries("20260110"), { status: "unready" });
        clock.advance(24 * 60 * 60 * 1000);
        assert.deepEqual(await insight.getNumberOfMessageDeliveries("20260110"), {
            status: "ready",
            broadcast: 0,
            targeting: 0,
            autoResponse: 0,
            welcomeResponse: 0,
            chat: 0,
            apiBroadcast: 2,
            apiPush: 1,
            apiMulticast: 0,
            apiNarrowcast: 0,
            apiReply: 0,
        });
    });

    it("has no demographics: simulated users have none", async () => {
        await line.control.addFriends(30);
        assert.deepEqual(await clients(line).insight.getFriendsDemographics(), { available: false });
    });
});
