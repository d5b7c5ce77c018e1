import assert from "node:assert/strict";
import { audienceHandlers, type AudienceOutputs } from "../../../provider/resources/audience";
import { forgetBots } from "../../../provider/resources/botGuard";
import { useStackConfig } from "../../../provider/resources/credentials";
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
import { stderrOf } from "../../support/stderr";
import { PROD_TOKEN, failureOf, useChannelSettings } from "./channelSettings";

describe("channel credentials and the wrong-bot guard", () => {
    const { line, channel, withBaseUrls, requests, writes } = useChannelSettings();

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
});
