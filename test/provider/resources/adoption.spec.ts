import assert from "node:assert/strict";
import { audienceHandlers, type AudienceInputs } from "../../../provider/resources/audience";
import { forgetBots } from "../../../provider/resources/botGuard";
import { defaultRichMenuHandlers } from "../../../provider/resources/defaultRichMenu";
import { richMenuAliasHandlers } from "../../../provider/resources/richMenuAlias";
import { webhookEndpointHandlers } from "../../../provider/resources/webhookEndpoint";
import { useEmulator } from "../../support/emulator";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { createUsableRichMenu } from "../../support/menus";
import { stderrOf } from "../../support/stderr";

/**
 * Taking over what a channel already holds (what `pulumi-line import` marks every entry for): when
 * LINE already holds the declared value the create only reads; when it holds another, the create
 * writes as it would without adoption, or makes a new object and leaves the other alone.
 */
describe("adopting what the channel already holds", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });
    useLineEnvironment(line);
    const writes = async () => calls(await line.control.requests()).filter(c => !c.startsWith("GET "));

    const menu = (name: string) => createUsableRichMenu(line, { name });
    let home: string;
    let shop: string;
    beforeEach(async () => {
        forgetBots();
        home = await menu("Home");
        shop = await menu("Shop");
        await line.call("POST", "/v2/bot/richmenu/alias", {
            json: { richMenuAliasId: "tab", richMenuId: home },
        });
        await line.call("POST", `/v2/bot/user/all/richmenu/${home}`);
        await line.call("PUT", "/v2/bot/channel/webhook/endpoint", {
            json: { endpoint: "https://bot.example.com/a" },
        });
        await line.control.clearRequests();
    });

    const cases: [string, () => Promise<unknown>, () => Promise<unknown>, string[]][] = [
        [
            "an alias",
            () => richMenuAliasHandlers.create({ richMenuAliasId: "tab", richMenuId: home, adopt: true }),
            () => richMenuAliasHandlers.create({ richMenuAliasId: "tab", richMenuId: shop, adopt: true }),
            ["POST /v2/bot/richmenu/alias/tab"],
        ],
        [
            "the default menu",
            () => defaultRichMenuHandlers.create({ richMenuId: home, adopt: true }),
            () => defaultRichMenuHandlers.create({ richMenuId: shop, adopt: true }),
            ["POST /v2/bot/user/all/richmenu/{shop}"],
        ],
        [
            "the webhook URL",
            () => webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/a", adopt: true }),
            () => webhookEndpointHandlers.create({ endpoint: "https://bot.example.com/b", adopt: true }),
            ["PUT /v2/bot/channel/webhook/endpoint"],
        ],
    ];
    for (const [what, same, other, expected] of cases) {
        it(`takes over ${what} that already has the declared value with no write`, async () => {
            await same();
            assert.deepEqual(await writes(), []);
        });
        it(`sets ${what} that has another value, as without adopt`, async () => {
            await other();
            assert.deepEqual(
                await writes(),
                expected.map(e => e.replace("{shop}", shop)),
            );
        });
    }

    it("does not put back, on delete, a webhook URL it adopted unchanged", async () => {
        const { outs } = await webhookEndpointHandlers.create({
            endpoint: "https://bot.example.com/a",
            adopt: true,
        });
        assert.equal(outs?.previousEndpoint, undefined);
        await webhookEndpointHandlers.delete("webhook-endpoint/default", outs!);
        assert.deepEqual(await writes(), []);
    });

    describe("an audience", () => {
        let audienceGroupId: number;
        beforeEach(async () => {
            const [user] = await line.control.addFriends(1);
            ({
                body: { audienceGroupId },
            } = await line.call<{ audienceGroupId: number }>("POST", "/v2/bot/audienceGroup/upload", {
                json: { description: "VIP", audiences: [{ id: user }] },
            }));
            await line.control.clearRequests();
        });
        // check announces the bot on stderr; what matters here is what create sends.
        const checked = async (inputs: AudienceInputs) =>
            (await stderrOf(() => audienceHandlers.check({} as AudienceInputs, inputs))).result.inputs!;

        it("is taken over with no write when it is of the declared kind and no IDs are declared", async () => {
            const { id } = await audienceHandlers.create(
                await checked({ description: "VIP", adoptAudienceGroupId: audienceGroupId }),
            );
            assert.equal(id, String(audienceGroupId));
            assert.deepEqual(await writes(), []);
        });

        it("is renamed when only its description differs", async () => {
            await audienceHandlers.create(
                await checked({ description: "VIP customers", adoptAudienceGroupId: audienceGroupId }),
            );
            assert.deepEqual(await writes(), [
                `PUT /v2/bot/audienceGroup/${audienceGroupId}/updateDescription`,
            ]);
        });

        const others: [string, Partial<AudienceInputs>, RegExp][] = [
            ["of another kind", { isIfaAudience: true }, /isIfaAudience is false/],
            [
                "declared with IDs (LINE cannot list its members)",
                { userIds: [`U${"a".repeat(32)}`] },
                /cannot list its members/,
            ],
        ];
        for (const [title, extra, reason] of others) {
            it(`is not taken over when ${title}: a new audience is made and it is left alone`, async () => {
                const { result, printed } = await stderrOf(async () =>
                    audienceHandlers.create(
                        await checked({
                            description: "VIP",
                            adoptAudienceGroupId: audienceGroupId,
                            ...extra,
                        } as AudienceInputs),
                    ),
                );
                assert.notEqual(result.id, String(audienceGroupId));
                assert.match(printed, reason);
                assert.ok(!(await writes()).some(w => w.includes(String(audienceGroupId))));
            });
        }
    });
});
