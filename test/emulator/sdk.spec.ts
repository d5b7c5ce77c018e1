import assert from "node:assert/strict";
import type { Readable } from "node:stream";
import { HTTPFetchError, channelAccessToken, manageAudience, messagingApi } from "@line/bot-sdk";
import { useEmulator } from "../support/emulator";
import { USER_A } from "./fixtures";
import { makePng } from "../support/images";

async function readAll(stream: Readable): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
    return Buffer.concat(chunks);
}

/** LINE's own SDK against the emulator, with nothing changed but the base URLs. */
describe("emulator: driven by LINE's official SDK (@line/bot-sdk)", () => {
    const line = useEmulator({ rateLimits: false });
    const clients = () => {
        const config = { channelAccessToken: line.token, baseURL: line.url };
        return {
            api: new messagingApi.MessagingApiClient(config),
            blob: new messagingApi.MessagingApiBlobClient(config),
            audience: new manageAudience.ManageAudienceClient(config),
            audienceBlob: new manageAudience.ManageAudienceBlobClient(config),
            tokens: new channelAccessToken.ChannelAccessTokenClient({ baseURL: line.url }),
        };
    };

    it("runs a whole rich menu lifecycle: create, image, alias, default, link, unwind, delete", async () => {
        const { api, blob } = clients();
        await line.control.addFriendIds([USER_A]);
        const menu: messagingApi.RichMenuRequest = {
            size: { width: 2500, height: 843 },
            selected: true,
            name: "SDK menu",
            chatBarText: "Tap",
            areas: [
                {
                    bounds: { x: 0, y: 0, width: 1250, height: 843 },
                    action: {
                        type: "uri",
                        label: "Site",
                        uri: "https://example.com",
                    } as messagingApi.URIAction,
                },
                {
                    bounds: { x: 1250, y: 0, width: 1250, height: 843 },
                    action: {
                        type: "richmenuswitch",
                        richMenuAliasId: "main",
                        data: "switch",
                    } as messagingApi.RichMenuSwitchAction,
                },
            ],
        };
        assert.deepEqual(await api.validateRichMenuObject(menu), {});
        const { richMenuId } = await api.createRichMenu(menu);
        const png = makePng(2500, 843);
        await blob.setRichMenuImage(richMenuId, new Blob([png], { type: "image/png" }));
        assert.ok((await readAll(await blob.getRichMenuImage(richMenuId))).equals(png));

        await api.createRichMenuAlias({ richMenuAliasId: "main", richMenuId });
        await api.setDefaultRichMenu(richMenuId);
        await api.linkRichMenuIdToUser(USER_A, richMenuId);

        assert.deepEqual(await api.getRichMenu(richMenuId), { richMenuId, ...menu });
        assert.deepEqual(
            (await api.getRichMenuList()).richmenus.map(m => m.richMenuId),
            [richMenuId],
        );
        assert.deepEqual(await api.getRichMenuAlias("main"), { richMenuAliasId: "main", richMenuId });
        assert.deepEqual((await api.getDefaultRichMenuId()).richMenuId, richMenuId);
        assert.deepEqual((await api.getRichMenuIdOfUser(USER_A)).richMenuId, richMenuId);

        await api.unlinkRichMenuIdFromUser(USER_A);
        await api.cancelDefaultRichMenu();
        await api.deleteRichMenuAlias("main");
        await api.deleteRichMenu(richMenuId);
        assert.deepEqual((await api.getRichMenuList()).richmenus, []);

        const requests = (await line.control.requests()).map(
            r => `${r.method} ${r.path.replace(richMenuId, "{id}")} ${r.status}`,
        );
        assert.ok(requests.includes("POST /v2/bot/richmenu/{id}/content 200"));
        assert.ok(requests.includes("DELETE /v2/bot/richmenu/{id} 200"));
    });

    it("surfaces LINE's errors as the SDK's HTTPFetchError with status, body and request ID", async () => {
        const { api } = clients();
        await assert.rejects(api.getRichMenu(`richmenu-${"0".repeat(32)}`), (error: unknown) => {
            assert.ok(error instanceof HTTPFetchError);
            assert.equal(error.status, 404);
            assert.equal(error.body, '{"message":"Not found"}');
            assert.ok(error.headers.get("x-line-request-id"));
            return true;
        });
    });

    it("sets and reads the webhook endpoint", async () => {
        const { api } = clients();
        await api.setWebhookEndpoint({ endpoint: "https://example.com/hook" });
        assert.deepEqual(await api.getWebhookEndpoint(), {
            endpoint: "https://example.com/hook",
            active: false,
        });
    });

    it("issues a stateless token and uses it", async () => {
        const { tokens } = clients();
        const channel = line.emulator.channels[0]!;
        const issued = await tokens.issueStatelessChannelTokenByClientSecret(
            channel.channelId,
            channel.channelSecret,
        );
        assert.equal(issued.expires_in, 900);
        const viaToken = new messagingApi.MessagingApiClient({
            channelAccessToken: issued.access_token,
            baseURL: line.url,
        });
        assert.equal((await viaToken.getBotInfo()).userId, channel.botUserId);
        const shortLived = await tokens.issueChannelToken(
            "client_credentials",
            channel.channelId,
            channel.channelSecret,
        );
        assert.equal((await tokens.verifyChannelToken(shortLived.access_token)).client_id, channel.channelId);
        await tokens.revokeChannelToken(shortLived.access_token);
    });

    it("manages an audience by JSON and by file", async () => {
        const { audience, audienceBlob } = clients();
        const created = await audience.createAudienceGroup({
            description: "SDK audience",
            audiences: [{ id: USER_A }],
        });
        assert.equal(created.type, "UPLOAD");
        const id = created.audienceGroupId!;
        await audience.updateAudienceGroupDescription(id, { description: "renamed" });
        const data = await audience.getAudienceData(id);
        assert.equal(data.audienceGroup?.description, "renamed");
        const fromFile = await audienceBlob.createAudienceForUploadingUserIds(
            new Blob([`${USER_A}\n`], { type: "text/plain" }),
            "by file",
        );
        assert.equal(fromFile.description, "by file");
        const list = await audience.getAudienceGroups(1, "renamed");
        assert.deepEqual(
            list.audienceGroups?.map(a => a.audienceGroupId),
            [id],
        );
        await audience.deleteAudienceGroup(id);
        await assert.rejects(
            audience.getAudienceData(id),
            (error: unknown) => error instanceof HTTPFetchError && error.status === 400,
        );
    });
});
