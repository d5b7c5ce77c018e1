import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { useEmulator } from "../../support/emulator";
import { bodyErrors } from "../fixtures";

interface Delivery {
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}

/** A bot server on loopback that answers each webhook with the next scripted status (or hangs). */
class BotServer {
    readonly deliveries: Delivery[] = [];
    reply: number | "hang" = 200;
    private server: Server | undefined;

    async start(): Promise<number> {
        this.server = createServer((req, res) => {
            let body = "";
            req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
            req.on("end", () => {
                this.deliveries.push({ headers: req.headers, body });
                if (this.reply !== "hang") res.writeHead(this.reply).end();
            });
        });
        await new Promise<void>(resolve => this.server?.listen(0, "127.0.0.1", resolve));
        return (this.server?.address() as AddressInfo).port;
    }

    async stop(): Promise<void> {
        this.server?.closeAllConnections();
        await new Promise(resolve => this.server?.close(resolve));
    }
}

describe("emulator: webhook settings", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true, webhookTimeoutMs: 300 });
    const bot = new BotServer();
    let port = 0;
    before(async () => {
        port = await bot.start();
    });
    after(() => bot.stop());
    beforeEach(() => {
        bot.deliveries.length = 0;
        bot.reply = 200;
    });

    describe("PUT and GET /v2/bot/channel/webhook/endpoint (setWebhookEndpoint, getWebhookEndpoint)", () => {
        it("answers 404 until a URL is set, then the URL and the active flag", async () => {
            const none = await line.call("GET", "/v2/bot/channel/webhook/endpoint");
            assert.equal(none.status, 404);
            assert.deepEqual(none.body, { message: "Webhook endpoint not found" });
            const set = await line.call("PUT", "/v2/bot/channel/webhook/endpoint", {
                json: { endpoint: "https://example.com/hook" },
            });
            assert.equal(set.status, 200);
            assert.deepEqual(set.body, {});
            const get = await line.call("GET", "/v2/bot/channel/webhook/endpoint");
            assert.deepEqual(get.body, { endpoint: "https://example.com/hook", active: false });
            assert.deepEqual((await line.control.state()).webhook, {
                endpoint: "https://example.com/hook",
                active: false,
            });
        });

        it("reads `active` as set through the control surface only", async () => {
            await line.call("PUT", "/v2/bot/channel/webhook/endpoint", {
                json: { endpoint: "https://example.com/hook", active: true },
            });
            assert.equal(
                ((await line.call("GET", "/v2/bot/channel/webhook/endpoint")).body as { active: boolean })
                    .active,
                false,
            );
            await line.control.setWebhookActive(true);
            assert.deepEqual((await line.call("GET", "/v2/bot/channel/webhook/endpoint")).body, {
                endpoint: "https://example.com/hook",
                active: true,
            });
        });

        for (const endpoint of [
            "http://example.com/hook",
            "not a url",
            "ftp://example.com",
            `https://example.com/${"a".repeat(481)}`,
        ]) {
            it(`refuses ${endpoint.slice(0, 40)} with 400`, async () => {
                const res = await line.call("PUT", "/v2/bot/channel/webhook/endpoint", {
                    json: { endpoint },
                });
                assert.equal(res.status, 400);
                assert.deepEqual(res.body, { message: "Invalid webhook endpoint URL" });
            });
        }

        it("refuses a body without endpoint", async () => {
            const res = await line.call("PUT", "/v2/bot/channel/webhook/endpoint", { json: {} });
            assert.deepEqual(res.body, bodyErrors({ property: "endpoint", message: "must be specified" }));
        });
    });

    describe("POST /v2/bot/channel/webhook/test (testWebhookEndpoint)", () => {
        it("posts {destination, events: []} signed with the channel secret, over http for a loopback https URL", async () => {
            await line.call("PUT", "/v2/bot/channel/webhook/endpoint", {
                json: { endpoint: `https://127.0.0.1:${port}/hook` },
            });
            const res = await line.call<Record<string, unknown>>("POST", "/v2/bot/channel/webhook/test", {
                json: {},
            });
            assert.equal(res.status, 200);
            assert.deepEqual(
                { ...res.body, timestamp: undefined },
                {
                    success: true,
                    timestamp: undefined,
                    statusCode: 200,
                    reason: "OK",
                    detail: "200",
                },
            );
            assert.ok(!Number.isNaN(Date.parse(String(res.body.timestamp))));
            const [delivery] = bot.deliveries;
            assert.ok(delivery);
            const channel = line.emulator.channels[0]!;
            assert.deepEqual(JSON.parse(delivery.body), { destination: channel.botUserId, events: [] });
            const signature = createHmac("sha256", channel.channelSecret)
                .update(delivery.body)
                .digest("base64");
            assert.equal(delivery.headers["x-line-signature"], signature);
            assert.match(String(delivery.headers["content-type"]), /^application\/json/);
        });

        it("tests a given endpoint instead of the configured one, with no body needed for the configured one", async () => {
            const given = await line.call("POST", "/v2/bot/channel/webhook/test", {
                json: { endpoint: `https://localhost:${port}/other` },
            });
            assert.equal((given.body as { success: boolean }).success, true);
            assert.equal(bot.deliveries.length, 1);
            const none = await line.call("POST", "/v2/bot/channel/webhook/test");
            assert.equal(none.status, 404);
            assert.deepEqual(none.body, { message: "Webhook endpoint not found" });
        });

        it("reports a non-200 answer as ERROR_STATUS_CODE, still with HTTP 200", async () => {
            bot.reply = 500;
            const res = await line.call<Record<string, unknown>>("POST", "/v2/bot/channel/webhook/test", {
                json: { endpoint: `https://127.0.0.1:${port}/hook` },
            });
            assert.equal(res.status, 200);
            assert.deepEqual(
                { ...res.body, timestamp: undefined },
                {
                    success: false,
                    timestamp: undefined,
                    statusCode: 500,
                    reason: "ERROR_STATUS_CODE",
                    detail: "500",
                },
            );
        });

        it("reports REQUEST_TIMEOUT when the bot server does not answer in time", async () => {
            bot.reply = "hang";
            const res = await line.call<Record<string, unknown>>("POST", "/v2/bot/channel/webhook/test", {
                json: { endpoint: `https://127.0.0.1:${port}/hook` },
            });
            assert.equal(res.body.success, false);
            assert.equal(res.body.reason, "REQUEST_TIMEOUT");
            assert.equal(res.body.statusCode, 0);
        });

        it("reports COULD_NOT_CONNECT when nothing listens", async () => {
            const closed = new BotServer();
            const closedPort = await closed.start();
            await closed.stop();
            const res = await line.call<Record<string, unknown>>("POST", "/v2/bot/channel/webhook/test", {
                json: { endpoint: `https://127.0.0.1:${closedPort}/hook` },
            });
            assert.equal(res.body.success, false);
            assert.equal(res.body.reason, "COULD_NOT_CONNECT");
            assert.equal(res.body.statusCode, 0);
        });

        it("refuses an invalid endpoint with 400", async () => {
            const res = await line.call("POST", "/v2/bot/channel/webhook/test", {
                json: { endpoint: "http://127.0.0.1/hook" },
            });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, { message: "Invalid webhook endpoint URL" });
        });
    });
});
