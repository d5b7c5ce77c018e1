import assert from "node:assert/strict";
import { inspect } from "node:util";
import { DEFAULT_CHANNEL, type Channel } from "../../../emulator";
import { audienceHandlers, type AudienceOutputs } from "../../../provider/resources/audience";
import { forgetBots } from "../../../provider/resources/botGuard";
import {
    MissingCredentialsError,
    forgetIssuedTokens,
    useStackConfig,
} from "../../../provider/resources/credentials";
import { useTiming } from "../../../provider/resources/polling";
import { defaultRichMenuHandlers } from "../../../provider/resources/defaultRichMenu";
import { providerFor } from "../../../provider/resources/implementation";
import type { ResourceKind } from "../../../provider/resources/providerStub";
import { richMenuHandlers, type RichMenuOutputs } from "../../../provider/resources/richMenu";
import { richMenuAliasHandlers } from "../../../provider/resources/richMenuAlias";
import { userRichMenuLinksHandlers } from "../../../provider/resources/userRichMenuLinks";
import {
    webhookEndpointHandlers,
    type WebhookEndpointOutputs,
} from "../../../provider/resources/webhookEndpoint";
import { useEmulator } from "../../support/emulator";
import { calls } from "../../support/lineEnvironment";
import { stderrOf } from "../../support/stderr";

/** The rejection of `promise`, which must reject. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        assert.ok(error instanceof Error, String(error));
        return error;
    }
    assert.fail("expected the call to fail");
}

const lineVariables = () => Object.keys(process.env).filter(key => key.startsWith("LINE_"));

describe("channel credentials and the wrong-bot guard", () => {
    const PROD_TOKEN = "emulator-prod-token";
    const line = useEmulator({
        rateLimits: false,
        channels: [DEFAULT_CHANNEL, { name: "prod", accessToken: PROD_TOKEN, displayName: "Prod Shop" }],
    });
    const saved = new Map<string, string | undefined>();
    const clearLineVariables = () => {
        for (const key of lineVariables()) delete process.env[key];
    };
    before(() => {
        for (const key of lineVariables()) saved.set(key, process.env[key]);
        // Another spec may have handed the module a stack config; these tests read the environment only.
        useStackConfig(undefined);
    });
    after(() => {
        clearLineVariables();
        for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
    });
    beforeEach(async () => {
        clearLineVariables();
        forgetBots();
        forgetIssuedTokens();
        await line.control.reset();
    });

    const channel = (name: string): Channel => line.emulator.channels.find(c => c.name === name)!;
    const withBaseUrls = (vars: Record<string, string>) =>
        Object.assign(process.env, {
            LINE_API_BASE_URL: line.url,
            LINE_DATA_BASE_URL: line.url,
            // Each channel has its own settings, base URLs included.
            LINE_PROD_API_BASE_URL: line.url,
            LINE_PROD_DATA_BASE_URL: line.url,
            ...vars,
        });
    const requests = async () => calls(await line.control.requests());
    const writes = async () => (await line.control.requests()).filter(e => e.method !== "GET");

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

    describe("which bot", () => {
        it("prints the bot of each channel once per process in check", async () => {
            withBaseUrls({
                LINE_CHANNEL_ACCESS_TOKEN: line.token,
                LINE_PROD_CHANNEL_ACCESS_TOKEN: PROD_TOKEN,
            });
            const news = { endpoint: "https://bot.example.com/webhook" };
            const { printed } = await stderrOf(async () => {
                await webhookEndpointHandlers.check(news, news);
                await audienceHandlers.check({ description: "a" }, { description: "a" });
                await webhookEndpointHandlers.check(news, { ...news, channel: "prod" });
                await defaultRichMenuHandlers.check(
                    { richMenuId: "r" },
                    { richMenuId: "r", channel: "prod" },
                );
            });
            const d = channel("default");
            const p = channel("prod");
            assert.equal(
                printed,
                `pulumi-line: channel "default" is LINE bot ${d.basicId} "${d.displayName}" (${d.botUserId})\n` +
                    `pulumi-line: channel "prod" is LINE bot ${p.basicId} "Prod Shop" (${p.botUserId})\n`,
            );
            const lookups = (await requests()).filter(call => call === "GET /v2/bot/info");
            assert.deepEqual(lookups, ["GET /v2/bot/info", "GET /v2/bot/info"]);
        });

        it("says so in the announcement when the bot is not the expected one", async () => {
            withBaseUrls({
                LINE_CHANNEL_ACCESS_TOKEN: line.token,
                LINE_EXPECTED_BOT: channel("prod").basicId,
            });
            const { printed } = await stderrOf(() =>
                richMenuAliasHandlers.check({} as never, { richMenuAliasId: "a", richMenuId: "r" }),
            );
            assert.match(
                printed,
                new RegExp(
                    `not the expected bot ${channel("prod").basicId}: every change to it will be refused`,
                ),
            );
        });

        it("notes a failed lookup without failing the check", async () => {
            withBaseUrls({ LINE_CHANNEL_ACCESS_TOKEN: "not-a-valid-token" });
            const news = { endpoint: "https://bot.example.com/webhook" };
            const { result, printed } = await stderrOf(() => webhookEndpointHandlers.check(news, news));
            assert.deepEqual(result.failures, []);
            assert.match(
                printed,
                /^pulumi-line: channel "default": could not tell which LINE bot it is: LINE API GET \/v2\/bot\/info failed with 401/,
            );
        });
    });

    describe("the guard", () => {
        const richMenuOuts = {
            richMenuId: "richmenu-0123456789abcdef0123456789abcdef",
            size: { width: 2500, height: 843 },
            selected: false,
            name: "m",
            chatBarText: "m",
            areas: [],
            image: "m.png",
            imageSha256: "0",
            imageContentType: "image/png",
        } satisfies RichMenuOutputs;
        const webhookOuts: WebhookEndpointOutputs = {
            endpoint: "https://bot.example.com/webhook",
            active: false,
            previousEndpoint: "https://old.example.com/webhook",
        };
        const audienceOuts: AudienceOutputs = {
            description: "a",
            type: "upload",
            isIfaAudience: false,
            audienceGroupId: 1,
            status: "READY",
            audienceCount: 1,
            created: 0,
            membersDigest: "0",
            memberCount: 1,
        };
        /** Every write of every resource kind. */
        const everyWrite: readonly [string, () => Promise<unknown>][] = [
            [
                "WebhookEndpoint create",
                () => webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" }),
            ],
            [
                "WebhookEndpoint update",
                () => webhookEndpointHandlers.update("webhook-endpoint/default", webhookOuts, webhookOuts),
            ],
            [
                "WebhookEndpoint delete",
                () => webhookEndpointHandlers.delete("webhook-endpoint/default", webhookOuts),
            ],
            ["Audience create", () => audienceHandlers.create({ description: "a" })],
            ["Audience update", () => audienceHandlers.update("1", audienceOuts, { description: "b" })],
            ["Audience delete", () => audienceHandlers.delete("1", audienceOuts)],
            ["RichMenu delete", () => richMenuHandlers.delete(richMenuOuts.richMenuId, richMenuOuts)],
            [
                "RichMenuAlias create",
                () =>
                    richMenuAliasHandlers.create({
                        richMenuAliasId: "a",
                        richMenuId: richMenuOuts.richMenuId,
                    }),
            ],
            [
                "RichMenuAlias update",
                () =>
                    richMenuAliasHandlers.update(
                        "a",
                        { richMenuAliasId: "a", richMenuId: "x" },
                        { richMenuAliasId: "a", richMenuId: "y" },
                    ),
            ],
            [
                "RichMenuAlias delete",
                () => richMenuAliasHandlers.delete("a", { richMenuAliasId: "a", richMenuId: "x" }),
            ],
            [
                "DefaultRichMenu create",
                () => defaultRichMenuHandlers.create({ richMenuId: richMenuOuts.richMenuId }),
            ],
            [
                "DefaultRichMenu update",
                () => defaultRichMenuHandlers.update("d", { richMenuId: "x" }, { richMenuId: "y" }),
            ],
            ["DefaultRichMenu delete", () => defaultRichMenuHandlers.delete("d", { richMenuId: "x" })],
            [
                "UserRichMenuLinks delete",
                () =>
                    userRichMenuLinksHandlers.delete("l", {
                        richMenuId: "x",
                        userIdsDigest: "0",
                        userCount: 1,
                        memberHashes: ["0"],
                    }),
            ],
        ];

        it("refuses every write to another bot than the expected one, naming both, and writes nothing", async () => {
            const expected = channel("prod");
            const actual = channel("default");
            withBaseUrls({ LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_EXPECTED_BOT: expected.basicId });
            for (const [title, write] of everyWrite) {
                const error = await failureOf(write());
                assert.equal(error.name, "WrongBotError", `${title}: ${error.message}`);
                assert.equal(
                    error.message,
                    `Wrong LINE bot for channel "default": this stack expects bot ${expected.basicId} ` +
                        "(line:expectedBot / LINE_EXPECTED_BOT), but the channel's credentials belong to bot " +
                        `${actual.basicId} "${actual.displayName}" (${actual.botUserId}). Nothing was changed in LINE. ` +
                        "Check which channel access token (or channel ID and secret) this stack uses.",
                );
            }
            // One bot lookup for the whole process, and not a single write.
            assert.deepEqual(await requests(), ["GET /v2/bot/info"]);
            assert.deepEqual(await writes(), []);
        });

        it("names a bot user ID the same way, for a named channel", async () => {
            const expected = channel("default");
            withBaseUrls({
                LINE_PROD_CHANNEL_ACCESS_TOKEN: PROD_TOKEN,
                LINE_PROD_EXPECTED_BOT: expected.botUserId,
            });
            const error = await failureOf(audienceHandlers.create({ description: "a", channel: "prod" }));
            assert.match(
                error.message,
                new RegExp(
                    `channel "prod": this stack expects bot ${expected.botUserId} \\(line:channels\\.prod\\.expectedBot / LINE_PROD_EXPECTED_BOT\\)`,
                ),
            );
            assert.match(error.message, new RegExp(`belong to bot ${channel("prod").basicId} "Prod Shop"`));
            assert.deepEqual(await writes(), []);
        });

        it("lets writes through to the expected bot, looking it up once", async () => {
            const bot = channel("default");
            withBaseUrls({
                LINE_CHANNEL_ACCESS_TOKEN: line.token,
                LINE_EXPECTED_BOT: bot.basicId.toUpperCase(),
            });
            const outs = (
                await webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" })
            ).outs!;
            await webhookEndpointHandlers.update("webhook-endpoint/default", outs, {
                endpoint: "https://bot.example.com/v2",
            });
            assert.deepEqual(await requests(), [
                "GET /v2/bot/info",
                "GET /v2/bot/channel/webhook/endpoint",
                "PUT /v2/bot/channel/webhook/endpoint",
                "PUT /v2/bot/channel/webhook/endpoint",
            ]);
            forgetBots();
            process.env.LINE_EXPECTED_BOT = bot.botUserId;
            await line.control.clearRequests();
            await audienceHandlers.create({ description: "a" });
            assert.deepEqual((await requests()).slice(0, 2), [
                "GET /v2/bot/info",
                "POST /v2/bot/audienceGroup/upload",
            ]);
        });

        it("refuses an expectedBot that is neither a basic ID nor a user ID", async () => {
            withBaseUrls({ LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_EXPECTED_BOT: "my shop" });
            const error = await failureOf(
                webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/webhook" }),
            );
            assert.match(
                error.message,
                /expectedBot for LINE channel "default" must be a basic ID \(@abc1234\) or a bot user ID/,
            );
            assert.deepEqual(await requests(), []);
        });
    });

    describe("the guard at preview", () => {
        const KINDS: readonly ResourceKind[] = [
            "RichMenu",
            "RichMenuAlias",
            "DefaultRichMenu",
            "UserRichMenuLinks",
            "WebhookEndpoint",
            "Audience",
        ];
        /** Stack config as the engine hands it to `configure`. */
        const stackConfigOf = (values: Record<string, string>) => ({
            get: (key: string) => values[key],
            require: (key: string) => values[key] ?? assert.fail(`${key} is not set`),
        });
        afterEach(() => useStackConfig(undefined));

        const SOURCES: readonly [string, string, () => void][] = [
            [
                "the environment",
                "line:expectedBot / LINE_EXPECTED_BOT",
                () =>
                    withBaseUrls({
                        LINE_CHANNEL_ACCESS_TOKEN: line.token,
                        LINE_EXPECTED_BOT: channel("prod").basicId,
                    }),
            ],
            [
                "stack config",
                "line:expectedBot / LINE_EXPECTED_BOT",
                () =>
                    useStackConfig(
                        stackConfigOf({
                            "line:channelAccessToken": line.token,
                            "line:apiBaseUrl": line.url,
                            "line:dataBaseUrl": line.url,
                            "line:expectedBot": channel("prod").basicId,
                        }),
                    ),
            ],
        ];

        for (const [source, setting, configure] of SOURCES) {
            it(`fails every kind's check when ${source} expects another bot, naming both, asking LINE only which bot`, async () => {
                configure();
                const expected = channel("prod");
                const actual = channel("default");
                for (const kind of KINDS) {
                    const result = await providerFor(kind).check({}, {});
                    assert.deepEqual(
                        result.failures,
                        [
                            {
                                property: "",
                                reason:
                                    `Wrong LINE bot for channel "default": this stack expects bot ${expected.basicId} ` +
                                    `(${setting}), but the channel's credentials belong to bot ${actual.basicId} ` +
                                    `"${actual.displayName}" (${actual.botUserId}). Nothing was changed in LINE. Check ` +
                                    "which channel access token (or channel ID and secret) this stack uses.",
                            },
                        ],
                        kind,
                    );
                }
                assert.deepEqual(await requests(), ["GET /v2/bot/info"]);
            });
        }

        it("fails the check of a malformed expectedBot before asking LINE", async () => {
            withBaseUrls({ LINE_CHANNEL_ACCESS_TOKEN: line.token, LINE_EXPECTED_BOT: "my shop" });
            const result = await providerFor("WebhookEndpoint").check(
                {},
                { endpoint: "https://a.example.com" },
            );
            assert.match(
                result.failures?.[0]?.reason ?? "",
                /must be a basic ID \(@abc1234\) or a bot user ID/,
            );
            assert.deepEqual(await requests(), []);
        });

        it("says nothing and passes where there are no credentials, though a bot is expected", async () => {
            withBaseUrls({ LINE_EXPECTED_BOT: channel("prod").basicId });
            const news = { endpoint: "https://bot.example.com/webhook" };
            const { result, printed } = await stderrOf(() => providerFor("WebhookEndpoint").check({}, news));
            assert.deepEqual(result.failures, []);
            assert.equal(printed, "");
            assert.deepEqual(await requests(), []);
        });

        it("lets the expected bot's checks through to the resource's own", async () => {
            withBaseUrls({
                LINE_CHANNEL_ACCESS_TOKEN: line.token,
                LINE_EXPECTED_BOT: channel("default").basicId,
            });
            const { result } = await stderrOf(() =>
                providerFor("WebhookEndpoint").check({}, { endpoint: "http://not-https.example.com" }),
            );
            assert.deepEqual(
                result.failures?.map(f => f.property),
                ["endpoint"],
            );
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
