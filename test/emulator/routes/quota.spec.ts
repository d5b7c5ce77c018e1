import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { assertConforms, chatOf, clients, replyTokenFor, sdkError, text } from "../messaging";

describe("emulator: the monthly message quota", () => {
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock, resetBeforeEach: true });
    beforeEach(() => clock.set(Date.UTC(2026, 0, 10)));

    const setQuota = (json: unknown) =>
        line.call("PUT", "/_emulator/channels/default/quota", { token: null, json });

    it("has no target limit until one is set, and answers the one set", async () => {
        const { api } = clients(line);
        const none = await api.getMessageQuota();
        assert.deepEqual(none, { type: "none" });
        assertConforms("getMessageQuota", 200, none);
        assert.equal((await setQuota({ type: "limited", value: 3 })).status, 200);
        const limited = await api.getMessageQuota();
        assert.deepEqual(limited, { type: "limited", value: 3 });
        assertConforms("getMessageQuota", 200, limited);
        assert.equal((await setQuota({ type: "limited" })).status, 400);
    });

    it("counts one per receiving recipient for push, multicast and broadcast, and nothing for replies", async () => {
        const { api } = clients(line);
        const [a, b] = await line.control.addFriends(2);
        await api.pushMessage({ to: a!, messages: [text("1"), text("2")] });
        await api.multicast({ to: [a!, b!], messages: [text("3")] });
        await api.broadcast({ messages: [text("4")] });
        await api.replyMessage({ replyToken: replyTokenFor(line, a!), messages: [text("5")] });
        const consumption = await api.getMessageQuotaConsumption();
        assert.deepEqual(consumption, { totalUsage: 5 });
        assertConforms("getMessageQuotaConsumption", 200, consumption);
        assert.equal((await chatOf(line, a!)).length, 5);
    });

    it("answers 429 past the limit, sending nothing, while replies stay free", async () => {
        const { api } = clients(line);
        const [a, b] = await line.control.addFriends(2);
        await setQuota({ type: "limited", value: 1 });
        await api.pushMessage({ to: a!, messages: [text("1")] });
        for (const send of [
            () => api.pushMessage({ to: b!, messages: [text("2")] }),
            () => api.broadcast({ messages: [text("2")] }),
        ]) {
            const error = await sdkError(send());
            assert.deepEqual(
                [error.status, error.body],
                [429, { message: "You have reached your monthly limit." }],
            );
        }
        await api.replyMessage({ replyToken: replyTokenFor(line, b!), messages: [text("free")] });
        assert.deepEqual(
            (await chatOf(line, b!)).map(m => m.via),
            ["reply"],
        );
        assert.deepEqual(await api.getMessageQuotaConsumption(), { totalUsage: 1 });
    });

    it("starts a new month when the month turns in Japan (UTC+9), not in UTC", async () => {
        const { api } = clients(line);
        const [a] = await line.control.addFriends(1);
        clock.set(Date.UTC(2026, 0, 31, 14, 59, 59));
        await api.pushMessage({ to: a!, messages: [text("January in Tokyo")] });
        assert.deepEqual(await api.getMessageQuotaConsumption(), { totalUsage: 1 });
        clock.advance(1_000);
        assert.deepEqual(await api.getMessageQuotaConsumption(), { totalUsage: 0 });
    });
});

describe("emulator: a channel configured with a message quota", () => {
    const line = useEmulator({
        rateLimits: false,
        channels: [{ name: "limited", accessToken: "limited-token", messageQuota: 1 }],
        resetBeforeEach: true,
    });

    it("starts with that target limit, also after a reset", async () => {
        const quota = await clients(line).api.getMessageQuota();
        assert.deepEqual(quota, { type: "limited", value: 1 });
        assert.deepEqual(line.emulator.store.read("limited").messageQuota, { type: "limited", value: 1 });
    });
});
