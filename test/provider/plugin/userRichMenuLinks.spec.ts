import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { messagingApi } from "@line/bot-sdk";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { memberHash } from "../../../provider/resources/userRichMenuLinks";
import { useEmulator } from "../../support/emulator";
import { menuRequest, pngOf } from "../../support/menus";
import { usePluginClient } from "./pluginClient";

/**
 * `line:index:UserRichMenuLinks` through the native provider's gRPC service, against the emulator:
 * users linked with the resource's own handlers, state holding digests, counts and one-way hashes
 * (and the inline IDs under the key the schema marks secret), never a file's IDs, and an import
 * refused with the reason.
 */

const TYPE = "line:index:UserRichMenuLinks";
const Changes = providerPb.DiffResponse.DiffChanges;
const Kind = providerPb.PropertyDiff.Kind;

interface ChannelView {
    readonly userLinks: Readonly<Record<string, string>>;
}

describe("the native provider plugin: line:index:UserRichMenuLinks", () => {
    const line = useEmulator({ rateLimits: false });
    const plugin = usePluginClient(line);
    const dir = mkdtempSync(path.join(os.tmpdir(), "native-user-links-"));

    const writes = async () =>
        (await line.control.requests()).filter(r => r.method !== "GET").map(r => `${r.method} ${r.path}`);
    const linksOf = async () => (await line.control.state<ChannelView>()).userLinks;

    /** A menu with its image, made with LINE's SDK. */
    async function sdkMenu(name: string): Promise<string> {
        const config = { channelAccessToken: line.token, baseURL: line.url };
        const { richMenuId } = await new messagingApi.MessagingApiClient(config).createRichMenu(
            menuRequest({ name }) as messagingApi.RichMenuRequest,
        );
        await new messagingApi.MessagingApiBlobClient(config).setRichMenuImage(
            richMenuId,
            new Blob([pngOf()], { type: "image/png" }),
        );
        await line.control.clearRequests();
        return richMenuId;
    }

    it("has a schema entry whose inline user IDs are secret, as input and as output", async () => {
        const schema = (await plugin.getSchema()) as {
            resources: Record<
                string,
                {
                    requiredInputs: string[];
                    inputProperties: Record<string, { secret?: boolean }>;
                    properties: Record<string, { secret?: boolean }>;
                    required: string[];
                }
            >;
        };
        const links = schema.resources[TYPE]!;
        assert.deepEqual(links.requiredInputs, ["richMenuId"]);
        assert.equal(links.inputProperties.userIds!.secret, true);
        assert.equal(links.properties.userIds!.secret, true);
        assert.equal(links.inputProperties.userIdsFile!.secret, undefined);
        assert.deepEqual(links.required, ["richMenuId", "userIdsDigest", "userCount", "memberHashes"]);
    });

    it("links inline users in one bulk call; state keeps their digest, count and hashes", async () => {
        const menu = await sdkMenu("VIP");
        const users = await line.control.addFriends(3);
        const inputs = await plugin.check(TYPE, { richMenuId: menu, userIds: [...users].reverse() });
        const sorted = [...users].sort();
        assert.equal(inputs.userIdsDigest, createHash("sha256").update(sorted.join("\n")).digest("hex"));

        const { id, outs } = await plugin.create(TYPE, inputs);
        assert.equal(id, `user-links/${menu}`);
        assert.deepEqual(outs, {
            richMenuId: menu,
            userIds: sorted,
            userIdsDigest: inputs.userIdsDigest,
            userCount: 3,
            memberHashes: sorted.map(memberHash).sort(),
        });
        assert.deepEqual(await writes(), ["POST /v2/bot/richmenu/bulk/link"]);
        const links = await linksOf();
        assert.deepEqual(
            users.map(u => links[u]),
            [menu, menu, menu],
        );
    });

    it("keeps a file's IDs out of state entirely", async () => {
        const menu = await sdkMenu("VIP");
        const users = await line.control.addFriends(2);
        const file = path.join(dir, "vip.txt");
        writeFileSync(file, `${users.join("\n")}\n`);
        const { outs } = await plugin.create(
            TYPE,
            await plugin.check(TYPE, { richMenuId: menu, userIdsFile: file }),
        );
        assert.equal(outs.userCount, 2);
        assert.equal(outs.userIds, undefined);
        for (const user of users) assert.ok(!JSON.stringify(outs).includes(user), "no user ID in state");
        const links = await linksOf();
        assert.deepEqual(
            users.map(u => links[u]),
            [menu, menu],
        );
    });

    it("plans a new member as an update of userIds, and links only that user", async () => {
        const menu = await sdkMenu("VIP");
        const [first, second, added] = await line.control.addFriends(3);
        const oldInputs = await plugin.check(TYPE, { richMenuId: menu, userIds: [first, second] });
        const { id, outs } = await plugin.create(TYPE, oldInputs);
        const news = await plugin.check(
            TYPE,
            { richMenuId: menu, userIds: [first, second, added] },
            oldInputs,
        );

        const diff = await plugin.diff(TYPE, id, { olds: outs, oldInputs }, news);
        assert.equal(diff.getChanges(), Changes.DIFF_SOME);
        assert.deepEqual(diff.getReplacesList(), []);
        assert.deepEqual([...diff.getDetaileddiffMap().entries()].map(([k, d]) => [k, d.getKind()]).sort(), [
            ["userIds", Kind.UPDATE],
            ["userIdsDigest", Kind.UPDATE],
        ]);

        // Unlinked behind the stack's back: an update that only adds links the new user alone.
        const config = { channelAccessToken: line.token, baseURL: line.url };
        await new messagingApi.MessagingApiClient(config).unlinkRichMenuIdFromUser(first!);
        await line.control.clearRequests();
        const updated = await plugin.update(TYPE, id, outs, news);
        assert.equal(updated.userCount, 3);
        assert.deepEqual(await writes(), ["POST /v2/bot/richmenu/bulk/link"]);
        const links = await linksOf();
        assert.deepEqual([links[first!], links[second!], links[added!]], [undefined, menu, menu]);
    });

    it("creates nothing in a preview: the count is unknown and LINE is not written", async () => {
        const menu = await sdkMenu("VIP");
        const users = await line.control.addFriends(1);
        const { id, outs } = await plugin.create(
            TYPE,
            await plugin.check(TYPE, { richMenuId: menu, userIds: users }),
            true,
        );
        assert.equal(id, "");
        assert.equal(outs.userCount, UNKNOWN);
        assert.deepEqual(await writes(), []);
        assert.deepEqual(await linksOf(), {});
    });

    it("refuses an import, saying LINE cannot list who is linked to a menu, and asks LINE nothing", async () => {
        const menu = await sdkMenu("VIP");
        await assert.rejects(
            plugin.read(TYPE, `user-links/${menu}`),
            (error: Error) =>
                /UserRichMenuLinks cannot be imported: LINE cannot list which users are linked to a rich menu/.test(
                    error.message,
                ) && error.message.includes("#get-rich-menu-id-of-user"),
        );
        assert.deepEqual(await line.control.requests(), []);
    });
});
