import assert from "node:assert/strict";
import { BotServer } from "../../support/botServer";
import { USER_A } from "../fixtures";
import { usePlatformChannel } from "../platformChannel";

interface Delivery {
    readonly id: string;
    readonly url: string;
    readonly sentAt: string;
    readonly isRedelivery: boolean;
    readonly status: "delivered" | "failed";
    readonly reason?: string;
    readonly statusCode?: number;
    readonly events: Record<string, unknown>[];
}

describe("emulator: webhook deliveries (/_emulator/channels/{name}/deliveries)", () => {
    // LINE waits 2 s (limits.ts); a bot that answers after 400 ms is late enough against 150 ms.
    const platform = usePlatformChannel("delivery-secret", { webhookDeliveryTimeoutMs: 150 });
    const { clock, line, bot } = platform;
    const setEndpoint = (endpoint: string) =>
        line.call("PUT", "/v2/bot/channel/webhook/endpoint", { json: { endpoint } });
    const message = async (text: string): Promise<Delivery> => {
        const res = await line.controlCall<{ deliveries: Delivery[] }>("POST", `/users/${USER_A}/messages`, {
            text,
        });
        assert.equal(res.status, 200, res.text);
        const [delivery] = res.body.deliveries;
        assert.ok(delivery);
        return delivery;
    };
    beforeEach(async () => {
        await line.control.addFriendIds([USER_A]);
        await setEndpoint(bot.url);
    });

    describe("failures, with LINE's reasons", () => {
        let refusing = "";
        before(async () => {
            const closed = new BotServer();
            await closed.start();
            refusing = closed.url;
            await closed.stop();
        });

        const cases: {
            readonly what: string;
            readonly arrange: () => Promise<unknown>;
            readonly expected: Pick<Delivery, "status" | "reason" | "statusCode">;
        }[] = [
            {
                what: "an endpoint refusing connections",
                arrange: () => setEndpoint(refusing),
                expected: { status: "failed", reason: "could_not_connect" },
            },
            {
                what: "a bot answering 500",
                arrange: async () => (bot.reply = 500),
                expected: { status: "failed", reason: "error_status_code", statusCode: 500 },
            },
            {
                what: "a bot answering after the timeout",
                arrange: async () => (bot.reply = { status: 200, delayMs: 400 }),
                expected: { status: "failed", reason: "request_timeout" },
            },
            {
                what: "a bot answering 204 in time",
                arrange: async () => (bot.reply = 204),
                expected: { status: "delivered", statusCode: 204 },
            },
        ];
        for (const c of cases) {
            it(`records ${c.what} as ${c.expected.reason ?? c.expected.status}`, async () => {
                await c.arrange();
                const delivery = await message("hi");
                const { status, reason, statusCode } = delivery;
                assert.deepEqual(
                    { status, reason, statusCode },
                    { reason: undefined, statusCode: undefined, ...c.expected },
                );
                const listed = await line.controlCall<{ deliveries: Delivery[] }>("GET", "/deliveries");
                assert.deepEqual(listed.body.deliveries, [delivery]);
                const [event] = delivery.events;
                assert.ok(line.emulator.store.read("shop").replyTokens.has(String(event?.replyToken)));
            });
        }
    });

    describe("redelivery", () => {
        const redeliver = (id: string) => line.controlCall<Delivery>("POST", `/deliveries/${id}/redeliver`);

        it("sends a failed delivery's events again, marked isRedelivery, and restarts their reply tokens' minute", async () => {
            bot.reply = 500;
            const failed = await message("hi");
            assert.equal(failed.status, "failed");
            assert.equal((await redeliver(failed.id)).status, 400, "redelivery is off by default");
            const enabled = await line.controlCall("PUT", "/webhook-redelivery", { enabled: true });
            assert.deepEqual(enabled.body, { enabled: true });
            assert.equal(line.emulator.store.read("shop").webhook.redelivery, true);
            bot.reply = 200;
            clock.advance(30_000);
            const res = await redeliver(failed.id);
            assert.equal(res.status, 200, res.text);
            assert.deepEqual(
                { ...res.body, id: undefined },
                {
                    id: undefined,
                    url: bot.url,
                    sentAt: new Date(clock.now()).toISOString(),
                    isRedelivery: true,
                    status: "delivered",
                    statusCode: 200,
                    events: failed.events.map(e => ({ ...e, deliveryContext: { isRedelivery: true } })),
                },
            );
            const bodies = platform.bodies();
            assert.deepEqual(bodies[1]?.events, res.body.events);
            const [event] = failed.events;
            const token = line.emulator.store.read("shop").replyTokens.get(String(event?.replyToken));
            assert.deepEqual([token?.eventTime, token?.deliveredAt], [event?.timestamp, clock.now()]);
            const listed = await line.controlCall<{ deliveries: Delivery[] }>("GET", "/deliveries");
            assert.deepEqual(
                listed.body.deliveries.map(d => [d.status, d.isRedelivery]),
                [
                    ["failed", false],
                    ["delivered", true],
                ],
            );
        });

        it("refuses to redeliver a delivered one (400) or an unknown one (404)", async () => {
            await line.controlCall("PUT", "/webhook-redelivery", { enabled: true });
            const delivered = await message("hi");
            assert.equal((await redeliver(delivered.id)).status, 400);
            assert.equal((await redeliver("999")).status, 404);
            assert.equal(bot.received.length, 1);
        });
    });
});
