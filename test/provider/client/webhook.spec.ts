import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isLineNotFound, LineApiError } from "../../../provider/client";
import { useEmulator } from "../../support/emulator";
import { clientFor, failureOf, resetBeforeEach, stateOf, wire } from "./fixtures";

/** A bot's webhook receiver (the other end of LINE's test call), answering 200 and keeping the bodies. */
async function startBotServer(): Promise<{ server: Server; url: string; bodies: string[] }> {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
        let body = "";
        req.on("data", chunk => (body += String(chunk)));
        req.on("end", () => {
            bodies.push(body);
            res.end();
        });
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    // The emulator reaches loopback https URLs over plain http, so the receiver needs no certificate.
    return { server, url: `https://127.0.0.1:${port}/webhook`, bodies };
}

describe("client webhook settings (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    it("setWebhookEndpoint and getWebhookEndpoint; 404 before any URL is set", async () => {
        const client = clientFor(line);

        const before = await failureOf(() => client.getWebhookEndpoint());
        await client.setWebhookEndpoint({ endpoint: "https://bot.example.com/webhook" });
        const info = await client.getWebhookEndpoint();

        assert.equal(isLineNotFound(before), true);
        assert.deepEqual(info, { endpoint: "https://bot.example.com/webhook", active: false });
        assert.deepEqual((await stateOf(line)).webhook, {
            endpoint: "https://bot.example.com/webhook",
            active: false,
        });
        assert.deepEqual(await wire(line), [
            "GET /v2/bot/channel/webhook/endpoint 404",
            "PUT /v2/bot/channel/webhook/endpoint 200",
            "GET /v2/bot/channel/webhook/endpoint 200",
        ]);
    });

    it("setWebhookEndpoint refuses a plain-http URL with LINE's 400", async () => {
        const error = await failureOf(() =>
            clientFor(line).setWebhookEndpoint({ endpoint: "http://bot.example.com/" }),
        );
        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 400);
    });

    describe("testWebhookEndpoint", () => {
        let bot: Awaited<ReturnType<typeof startBotServer>>;
        before(async () => {
            bot = await startBotServer();
        });
        after(async () => {
            await new Promise(resolve => bot.server.close(resolve));
        });

        it("tests the configured URL when given none (sending {})", async () => {
            const client = clientFor(line);
            await client.setWebhookEndpoint({ endpoint: bot.url });
            bot.bodies.length = 0;

            const result = await client.testWebhookEndpoint();

            assert.deepEqual([result.success, result.statusCode, result.reason], [true, 200, "OK"]);
            assert.deepEqual(
                bot.bodies.map(b => JSON.parse(b) as unknown),
                [{ destination: line.emulator.channels[0]?.botUserId, events: [] }],
            );
            const test = (await line.control.requests()).at(-1);
            assert.deepEqual([test?.contentType, test?.bodySize], ["application/json", 2]);
        });

        it("reports a bot that cannot be reached as a 200 with success false", async () => {
            const result = await clientFor(line).testWebhookEndpoint({
                endpoint: "https://127.0.0.1:9/webhook",
            });
            assert.deepEqual([result.success, result.reason], [false, "COULD_NOT_CONNECT"]);
            assert.deepEqual(await wire(line), ["POST /v2/bot/channel/webhook/test 200"]);
        });
    });
});
