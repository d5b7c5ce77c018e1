import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { forgetBots } from "../../../provider/resources/botGuard";
import { ResourceInitFailedError, UNKNOWN } from "../../../provider/resources/lifecycle";
import {
    webhookEndpointHandlers as handlers,
    type WebhookEndpointInputs,
    type WebhookEndpointOutputs,
} from "../../../provider/resources/webhookEndpoint";
import { useEmulator } from "../../support/emulator";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { stderrOf } from "../../support/stderr";

interface WebhookState {
    readonly webhook: { readonly endpoint: string | null; readonly active: boolean };
}

/** A bot server on 127.0.0.1 answering every request with `status`; the emulator tests it over http. */
interface BotServer {
    readonly url: string;
    readonly received: { readonly headers: IncomingHttpHeaders; readonly body: string }[];
    close(): Promise<void>;
}

async function startBotServer(status: number): Promise<BotServer> {
    const received: BotServer["received"] = [];
    const server: Server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => {
            received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
            res.writeHead(status).end();
        });
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        // https: LINE takes only https URLs; the emulator tries loopback ones over plain http.
        url: `https://127.0.0.1:${port}/webhook`,
        received,
        close: () => new Promise(resolve => server.close(() => resolve())),
    };
}

/** Collects what the handlers print to stderr (the user sees a dynamic provider's stderr). */

describe("WebhookEndpoint", () => {
    const line = useEmulator({ rateLimits: false });
    useLineEnvironment(line);
    let ok: BotServer;
    let broken: BotServer;

    before(async () => {
        ok = await startBotServer(200);
        broken = await startBotServer(500);
    });
    after(async () => {
        await ok.close();
        await broken.close();
    });
    beforeEach(async () => {
        await line.control.reset();
    });

    const ENDPOINT = "https://bot.example.com/webhook";
    const OTHER = "https://other.example.com/hook";
    const inputs = (overrides: Partial<WebhookEndpointInputs> = {}): WebhookEndpointInputs => ({
        endpoint: ENDPOINT,
        ...overrides,
    });
    const webhook = async () => (await line.control.state<WebhookState>()).webhook;
    const requests = async () => calls(await line.control.requests());
    /** Sets the URL the way someone outside this stack would: straight through LINE's API. */
    const setOutOfBand = async (endpoint: string) => {
        const res = await line.call("PUT", "/v2/bot/channel/webhook/endpoint", { json: { endpoint } });
        assert.equal(res.status, 200);
    };
    async function checked(news: WebhookEndpointInputs): Promise<WebhookEndpointInputs> {
        const result = await handlers.check(news, news);
        assert.deepEqual(result.failures, []);
        return result.inputs!;
    }
    /** Checks, then creates; the request log then holds the create's calls only. */
    async function created(news: WebhookEndpointInputs): Promise<WebhookEndpointOutputs> {
        const checkedInputs = await checked(news);
        await line.control.clearRequests();
        const result = await handlers.create(checkedInputs);
        assert.equal(result.id, `webhook-endpoint/${news.channel ?? "default"}`);
        return result.outs!;
    }

    describe("check", () => {
        const bad: readonly [string, string][] = [
            ["an http URL", "http://bot.example.com/webhook"],
            ["a URL over 500 characters", `https://bot.example.com/${"a".repeat(480)}`],
            ["a URL with a space", "https://bot.example.com/a b"],
        ];
        for (const [title, endpoint] of bad) {
            it(`refuses ${title}, naming endpoint`, async () => {
                const result = await handlers.check(inputs(), inputs({ endpoint }));
                assert.ok(
                    result.failures?.some(f => f.property === "endpoint"),
                    JSON.stringify(result.failures),
                );
            });
        }

        it("tolerates an endpoint unknown during preview", async () => {
            const result = await handlers.check(inputs(), inputs({ endpoint: UNKNOWN }));
            assert.deepEqual(result.failures, []);
        });

        it("prints which bot the channel is, once per process", async () => {
            forgetBots();
            const { printed } = await stderrOf(async () => {
                await handlers.check(inputs(), inputs());
                await handlers.check(inputs(), inputs());
            });
            const channel = line.emulator.channels[0]!;
            assert.equal(
                printed,
                `pulumi-line: channel "default" is LINE bot ${channel.basicId} "${channel.displayName}" (${channel.botUserId})\n`,
            );
            assert.deepEqual(await requests(), ["GET /v2/bot/info"]);
        });
    });

    describe("lifecycle", () => {
        it("creates over no previous URL, then diffs, updates, refreshes and deletes", async () => {
            const outs = await created(inputs());
            assert.deepEqual(outs, { endpoint: ENDPOINT, active: false });
            assert.deepEqual(await requests(), [
                "GET /v2/bot/channel/webhook/endpoint",
                "PUT /v2/bot/channel/webhook/endpoint",
            ]);
            assert.deepEqual(await webhook(), { endpoint: ENDPOINT, active: false });

            const id = "webhook-endpoint/default";
            assert.equal((await handlers.diff(id, outs, await checked(inputs()))).changes, false);

            const moved = await checked(inputs({ endpoint: OTHER }));
            assert.deepEqual(await handlers.diff(id, outs, moved), {
                changes: true,
                replaces: [],
                deleteBeforeReplace: false,
            });
            await line.control.clearRequests();
            const updated = (await handlers.update(id, outs, moved)).outs!;
            assert.deepEqual(updated, { endpoint: OTHER, active: false });
            assert.deepEqual(await requests(), ["PUT /v2/bot/channel/webhook/endpoint"]);
            assert.equal((await webhook()).endpoint, OTHER);

            const elsewhere = await handlers.diff(
                id,
                updated,
                await checked(inputs({ endpoint: OTHER, channel: "prod" })),
            );
            assert.deepEqual(elsewhere.replaces, ["channel"]);

            // Someone changes the URL in the console and turns "Use webhook" on: refresh sees both, and
            // keeps the URL this stack set beside the live one.
            await setOutOfBand(ENDPOINT);
            await line.control.setWebhookActive(true);
            const refreshed = await handlers.read(id, updated);
            assert.deepEqual(refreshed, {
                id,
                props: { endpoint: ENDPOINT, active: true, ownEndpoint: OTHER },
            });
            const drift = await handlers.diff(
                id,
                refreshed.props!,
                await checked(inputs({ endpoint: OTHER })),
            );
            assert.equal(drift.changes, true);
            assert.deepEqual(drift.replaces, []);

            // No URL was set before the stack, and LINE cannot clear one: delete leaves it.
            await line.control.clearRequests();
            await handlers.delete(id, refreshed.props!);
            assert.deepEqual(await requests(), []);
            assert.equal((await webhook()).endpoint, ENDPOINT);
        });

        it("records the URL set before the stack and puts it back on delete", async () => {
            await setOutOfBand(OTHER);
            await line.control.clearRequests();
            const outs = await created(inputs());
            assert.equal(outs.previousEndpoint, OTHER);
            assert.equal((await webhook()).endpoint, ENDPOINT);

            await line.control.clearRequests();
            await handlers.delete("webhook-endpoint/default", outs);
            assert.deepEqual(await requests(), [
                "GET /v2/bot/channel/webhook/endpoint",
                "PUT /v2/bot/channel/webhook/endpoint",
            ]);
            assert.equal((await webhook()).endpoint, OTHER);
        });

        it("leaves the URL on delete with restoreOnDelete: false", async () => {
            await setOutOfBand(OTHER);
            const outs = await created(inputs({ restoreOnDelete: false }));
            await line.control.clearRequests();
            await handlers.delete("webhook-endpoint/default", outs);
            assert.deepEqual(await requests(), []);
            assert.equal((await webhook()).endpoint, ENDPOINT);
        });

        it("leaves a URL someone set since alone on delete", async () => {
            await setOutOfBand(OTHER);
            const outs = await created(inputs());
            const theirs = "https://theirs.example.com/hook";
            await setOutOfBand(theirs);
            await line.control.clearRequests();
            await handlers.delete("webhook-endpoint/default", outs);
            assert.deepEqual(await requests(), ["GET /v2/bot/channel/webhook/endpoint"]);
            assert.equal((await webhook()).endpoint, theirs);
        });

        it("reports the resource gone when LINE has no URL", async () => {
            const result = await handlers.read("webhook-endpoint/default", {
                endpoint: ENDPOINT,
                active: false,
            });
            assert.deepEqual(result, {});
        });
    });

    describe("verify", () => {
        it("tests the URL after setting it and succeeds when the bot answers 200", async () => {
            const outs = await created(inputs({ endpoint: ok.url, verify: true }));
            assert.equal(outs.endpoint, ok.url);
            assert.deepEqual(await requests(), [
                "GET /v2/bot/channel/webhook/endpoint",
                "PUT /v2/bot/channel/webhook/endpoint",
                "POST /v2/bot/channel/webhook/test",
            ]);
            const delivered = ok.received.at(-1)!;
            assert.equal(typeof delivered.headers["x-line-signature"], "string");
            assert.deepEqual(JSON.parse(delivered.body), {
                destination: line.emulator.channels[0]!.botUserId,
                events: [],
            });
        });

        it("fails a create with LINE's reason and puts the previous URL back", async () => {
            await setOutOfBand(ok.url);
            const news = await checked(inputs({ endpoint: broken.url, verify: true }));
            await line.control.clearRequests();
            await assert.rejects(handlers.create(news), (error: Error) => {
                assert.ok(!(error instanceof ResourceInitFailedError));
                assert.match(error.message, /ERROR_STATUS_CODE \(500\), bot server status 500/);
                assert.match(error.message, new RegExp(`previous URL ${ok.url} was put back`));
                return true;
            });
            assert.deepEqual(await requests(), [
                "GET /v2/bot/channel/webhook/endpoint",
                "PUT /v2/bot/channel/webhook/endpoint",
                "POST /v2/bot/channel/webhook/test",
                "PUT /v2/bot/channel/webhook/endpoint",
            ]);
            assert.equal((await webhook()).endpoint, ok.url);
        });

        it("records a failed create over no previous URL as created but not initialised", async () => {
            const news = {
                ...(await checked(inputs({ endpoint: broken.url, verify: true }))),
                __provider: "stub",
            };
            await assert.rejects(handlers.create(news), (error: unknown) => {
                assert.ok(error instanceof ResourceInitFailedError);
                assert.equal(error.id, "webhook-endpoint/default");
                // The serialized provider is carried over, or refresh and delete could not run.
                assert.deepEqual(error.properties, {
                    endpoint: broken.url,
                    verify: true,
                    active: false,
                    __provider: "stub",
                });
                assert.match(error.message, /ERROR_STATUS_CODE/);
                assert.deepEqual(error.reasons, [error.message]);
                return true;
            });
            assert.equal((await webhook()).endpoint, broken.url);
        });

        it("fails an update with LINE's reason and puts the old URL back", async () => {
            const outs = await created(inputs({ endpoint: ok.url, verify: true }));
            await line.control.clearRequests();
            const news = await checked(inputs({ endpoint: broken.url, verify: true }));
            await assert.rejects(
                handlers.update("webhook-endpoint/default", outs, news),
                /ERROR_STATUS_CODE/,
            );
            assert.deepEqual(await requests(), [
                "PUT /v2/bot/channel/webhook/endpoint",
                "POST /v2/bot/channel/webhook/test",
                "PUT /v2/bot/channel/webhook/endpoint",
            ]);
            assert.equal((await webhook()).endpoint, ok.url);
        });

        it("reports a bot server that cannot be reached", async () => {
            const gone = await startBotServer(200);
            await gone.close();
            await assert.rejects(
                handlers.create(await checked(inputs({ endpoint: gone.url, verify: true }))),
                /COULD_NOT_CONNECT/,
            );
        });
    });
});
