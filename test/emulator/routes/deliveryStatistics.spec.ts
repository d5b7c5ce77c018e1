import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { assertConforms, clients, replyTokenFor, sdkError, text } from "../messaging";

describe("emulator: delivery statistics", () => {
    // 2026-01-10 10:00 in Japan.
    const clock = new ManualClock(Date.UTC(2026, 0, 10, 1));
    const line = useEmulator({ rateLimits: false, clock, resetBeforeEach: true });
    beforeEach(() => clock.set(Date.UTC(2026, 0, 10, 1)));

    it("is unready for today, then ready with each kind's deliveries of that UTC+9 day", async () => {
        const { api } = clients(line);
        const [a, b] = await line.control.addFriends(2);
        await api.pushMessage({ to: a!, messages: [text("1"), text("2")] });
        await api.multicast({ to: [a!, b!], messages: [text("3")] });
        await api.broadcast({ messages: [text("4")] });
        await api.replyMessage({ replyToken: replyTokenFor(line, b!), messages: [text("5")] });
        assert.deepEqual(await api.getNumberOfSentPushMessages("20260110"), { status: "unready" });
        clock.set(Date.UTC(2026, 0, 10, 15));
        const counts = {
            reply: await api.getNumberOfSentReplyMessages("20260110"),
            push: await api.getNumberOfSentPushMessages("20260110"),
            multicast: await api.getNumberOfSentMulticastMessages("20260110"),
            broadcast: await api.getNumberOfSentBroadcastMessages("20260110"),
        };
        assert.deepEqual(counts, {
            reply: { status: "ready", success: 1 },
            push: { status: "ready", success: 1 },
            multicast: { status: "ready", success: 2 },
            broadcast: { status: "ready", success: 2 },
        });
        assertConforms("getNumberOfSentPushMessages", 200, counts.push);
        assert.deepEqual(await api.getNumberOfSentPushMessages("20260109"), { status: "ready", success: 0 });
        assert.deepEqual(await api.getNumberOfSentPushMessages("20180330"), { status: "out_of_service" });
    });

    for (const date of ["2026-01-10", "20261301", "20260230", ""]) {
        it(`refuses the date ${JSON.stringify(date)} with 400`, async () => {
            const error = await sdkError(clients(line).api.getNumberOfSentReplyMessages(date));
            assert.deepEqual(
                [error.status, error.body],
                [400, { message: "The value for the 'date' parameter is invalid" }],
            );
        });
    }
});
