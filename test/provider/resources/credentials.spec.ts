import assert from "node:assert/strict";
import { inspect } from "node:util";
import { audienceHandlers } from "../../../provider/resources/audience";
import { forgetBots } from "../../../provider/resources/botGuard";
import { MissingCredentialsError } from "../../../provider/resources/credentials";
import { useTiming } from "../../../provider/resources/polling";
import { webhookEndpointHandlers } from "../../../provider/resources/webhookEndpoint";
import { stderrOf } from "../../support/stderr";
import { failureOf, useChannelSettings } from "./channelSettings";

describe("channel credentials and the wrong-bot guard", () => {
    const { line, channel, withBaseUrls, clearLineVariables, requests } = useChannelSettings();

    describe("credentials", () => {
        it("issues one stateless token from the channel ID and secret and reuses it across handler calls", async () => {
            const { channelId, channelSecret } = channel("default");
            withBaseUrls({ LINE_CHANNEL_ID: channelId, LINE_CHANNEL_SECRET: channelSecret });
            const news = { endpoint: "https://bot.example.com/webhook" };
            await stderrOf(() => webhookEndpointHandlers.check(news, news));
            const outs = (await webhookEndpointHandlers.create(news)).outs!;
            await webhookEndpointHandlers.read("webhook-endpoint/default", outs);
            const audience = (await audienceHandlers.create({ description: "Everyone" })).outs!;
            await audienceHandlers.delete(String(audience.audienceGroupId), audience);
            const log = await requests();
            assert.deepEqual(
                log.filter(c => c === "POST /oauth2/v3/token"),
                ["POST /oauth2/v3/token"],
            );
            assert.equal(log[0], "POST /oauth2/v3/token");
            assert.equal(log.length, 8);
        });

        it("issues a new stateless token a minute before the one it holds expires, on the injected clock", async () => {
            const { channelId, channelSecret } = channel("default");
            withBaseUrls({ LINE_CHANNEL_ID: channelId, LINE_CHANNEL_SECRET: channelSecret });
            let now = Date.UTC(2030, 0, 1);
            useTiming({ now: () => now, sleep: async ms => void (now += ms) });
            try {
                const news = { endpoint: "https://bot.example.com/webhook" };
                const tokenCalls = async () =>
                    (await requests()).filter(c => c === "POST /oauth2/v3/token").length;
                const outs = (await webhookEndpointHandlers.create(news)).outs!;
                assert.equal(await tokenCalls(), 1);
                now += 13 * 60_000; // 15 minutes' life: two more minutes of reuse left
                await webhookEndpointHandlers.read("webhook-endpoint/default", outs);
                assert.equal(await tokenCalls(), 1);
                now += 60_000 + 1; // within the last minute
                await webhookEndpointHandlers.read("webhook-endpoint/default", outs);
                assert.equal(await tokenCalls(), 2);
            } finally {
                useTiming(undefined);
            }
        });

        it("fails a write without credentials, naming where to set them, and makes no call", async () => {
            withBaseUrls({});
            const error = await failureOf(
                webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" }),
            );
            assert.ok(error instanceof MissingCredentialsError);
            assert.match(error.message, /No credentials for LINE channel "default"/);
            assert.match(error.message, /line:channelAccessToken/);
            assert.match(error.message, /LINE_CHANNEL_ACCESS_TOKEN/);
            assert.match(error.message, /LINE_CHANNEL_ID and LINE_CHANNEL_SECRET/);
            const prod = await failureOf(audienceHandlers.create({ description: "x", channel: "prod" }));
            assert.match(prod.message, /LINE_PROD_CHANNEL_ACCESS_TOKEN/);
            assert.match(prod.message, /line:channels\.prod\.channelAccessToken/);
            assert.deepEqual(await requests(), []);
        });

        it("lets a preview check pass without credentials, announcing nothing", async () => {
            withBaseUrls({});
            const news = { endpoint: "https://bot.example.com/webhook" };
            const { result, printed } = await stderrOf(() => webhookEndpointHandlers.check(news, news));
            assert.deepEqual(result.failures, []);
            assert.equal(printed, "");
            assert.deepEqual(await requests(), []);
        });
    });

    describe("secrets", () => {
        it("never shows the token or the channel secret in errors, outputs, stderr or the request log", async () => {
            const { accessToken, channelId, channelSecret } = channel("default");
            const seen: string[] = [];
            const keep = (value: unknown) =>
                seen.push(typeof value === "string" ? value : inspect(value, { depth: 10 }));
            const failed = async (promise: Promise<unknown>) => {
                const error = await failureOf(promise);
                keep(error.message);
                keep(error);
            };
            const news = { endpoint: "https://127.0.0.1:9/unreachable", verify: true };

            await stderrOf(async () => {
                // With a token: outputs, a failed verification, a LINE 400, and the guard.
                withBaseUrls({ LINE_CHANNEL_ACCESS_TOKEN: accessToken });
                const printed = await stderrOf(() => webhookEndpointHandlers.check(news, news));
                keep(printed.printed);
                keep(
                    (await webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" }))
                        .outs,
                );
                await failed(webhookEndpointHandlers.create(news));
                await failed(audienceHandlers.create({ description: " " }));
                process.env.LINE_EXPECTED_BOT = channel("prod").basicId;
                await failed(webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" }));

                // With the channel ID and secret: outputs, then a wrong secret.
                clearLineVariables();
                forgetBots();
                withBaseUrls({ LINE_CHANNEL_ID: channelId, LINE_CHANNEL_SECRET: channelSecret });
                keep((await audienceHandlers.create({ description: "Everyone" })).outs);
                await failed(webhookEndpointHandlers.create(news));
                process.env.LINE_CHANNEL_ID = "1999999999";
                process.env.LINE_CHANNEL_SECRET = "wrong-secret-value";
                await failed(webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" }));
            });
            keep(JSON.stringify(await line.control.requests()));

            assert.ok(seen.length >= 10);
            const everything = seen.join("\n");
            for (const secret of [accessToken, channelSecret, "wrong-secret-value"]) {
                assert.ok(!everything.includes(secret), `${secret} leaked`);
            }
            assert.doesNotMatch(everything, /Bearer\s+\S/);
        });
    });
});
