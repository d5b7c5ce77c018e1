import assert from "node:assert/strict";
import { inspect } from "node:util";
import { LineClient, LineProviderError } from "../../../provider/client";

const TOKEN = "index-spec-token-0123456789";

/** Every LINE operation the client must offer, by LINE's own operation name. */
const OPERATIONS = [
    // Rich menus
    "createRichMenu",
    "validateRichMenuObject",
    "getRichMenu",
    "getRichMenuList",
    "deleteRichMenu",
    "setRichMenuImage",
    "getRichMenuImage",
    "setDefaultRichMenu",
    "getDefaultRichMenuId",
    "cancelDefaultRichMenu",
    "createRichMenuAlias",
    "updateRichMenuAlias",
    "getRichMenuAlias",
    "getRichMenuAliasList",
    "deleteRichMenuAlias",
    "linkRichMenuIdToUser",
    "getRichMenuIdOfUser",
    "unlinkRichMenuIdFromUser",
    "linkRichMenuIdToUsers",
    "unlinkRichMenuIdFromUsers",
    "richMenuBatch",
    "validateRichMenuBatchRequest",
    "getRichMenuBatchProgress",
    // Webhook
    "setWebhookEndpoint",
    "getWebhookEndpoint",
    "testWebhookEndpoint",
    // Audiences
    "createAudienceGroup",
    "createAudienceForUploadingUserIds",
    "addAudienceToAudienceGroup",
    "addUserIdsToAudience",
    "createClickBasedAudienceGroup",
    "createImpBasedAudienceGroup",
    "updateAudienceGroupDescription",
    "deleteAudienceGroup",
    "getAudienceData",
    "getAudienceGroups",
    "iterateAudienceGroups",
    "activateAudienceGroup",
    "getAudienceGroupAuthorityLevel",
    "updateAudienceGroupAuthorityLevel",
    // Bot info
    "getBotInfo",
    // Channel access tokens
    "issueStatelessChannelToken",
    "issueChannelToken",
    "verifyChannelToken",
    "revokeChannelToken",
    // Message validation
    "validateReply",
    "validatePush",
    "validateMulticast",
    "validateNarrowcast",
    "validateBroadcast",
].sort();

describe("LineClient", () => {
    it("offers exactly LINE's operations, by LINE's names", () => {
        const methods = Object.getOwnPropertyNames(LineClient.prototype)
            .filter(name => name !== "constructor")
            .sort();
        assert.deepEqual(methods, OPERATIONS);
    });

    describe("keeps its token out of sight", () => {
        const client = new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: "http://127.0.0.1:9" });
        const views: { name: string; view: () => string }[] = [
            { name: "JSON.stringify", view: () => JSON.stringify(client) },
            { name: "util.inspect", view: () => inspect(client, { depth: Infinity, showHidden: true }) },
            { name: "String()", view: () => String(client) },
            { name: "own keys and symbols", view: () => JSON.stringify(Reflect.ownKeys(client).map(String)) },
            { name: "a spread of its properties", view: () => JSON.stringify(Object.entries({ ...client })) },
        ];
        for (const { name, view } of views) {
            it(`from ${name}`, () => assert.equal(view().includes(TOKEN), false, view()));
        }

        it("printing as an empty LineClient", () => {
            assert.equal(JSON.stringify(client), "{}");
            assert.equal(inspect(client), "LineClient {}");
        });
    });

    it("fails before sending when a call needs a token and the client has none", async () => {
        const client = new LineClient({
            channelAccessToken: "",
            apiBaseUrl: "http://127.0.0.1:9",
            retry: false,
        });
        await assert.rejects(client.getBotInfo(), (error: unknown) => {
            assert.ok(LineProviderError.isInstance(error));
            assert.match(error.message, /GET \/v2\/bot\/info needs a channel access token/);
            return true;
        });
    });

    it("refuses an image that is neither PNG nor JPEG, or is labelled as the other, before sending", async () => {
        const client = new LineClient({
            channelAccessToken: TOKEN,
            dataBaseUrl: "http://127.0.0.1:9",
            retry: false,
        });
        await assert.rejects(
            client.setRichMenuImage("richmenu-1", Buffer.from("GIF89a")),
            /neither PNG nor JPEG/,
        );
        const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
        await assert.rejects(
            client.setRichMenuImage("richmenu-1", png, "image/jpeg"),
            /labelled image\/jpeg/,
        );
    });
});
