import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { useEmulator } from "../../support/emulator";
import { makePng } from "../../support/images";
import { plain, SECRET, struct, usePluginClient, type Plain } from "./pluginClient";

/**
 * The native provider over its real gRPC service, as the engine calls it, against the emulator: the
 * channel's settings come only from the provider's configuration (no LINE_* environment), and every
 * call is checked for what reached LINE and what the channel then holds.
 */

const Changes = providerPb.DiffResponse.DiffChanges;
const Kind = providerPb.PropertyDiff.Kind;

interface MenuView {
    readonly richMenuId: string;
    readonly name: string;
    readonly hasImage: boolean;
    readonly imageSha256?: string;
}

describe("the native provider plugin (gRPC ResourceProvider)", () => {
    const line = useEmulator({ rateLimits: false });
    const dir = mkdtempSync(path.join(os.tmpdir(), "native-provider-"));
    const png = makePng(2500, 843);
    const image = path.join(dir, "home.png");
    writeFileSync(image, png);
    const plugin = usePluginClient(line);
    const { check, create } = plugin;

    const menus = async () => (await line.control.state<{ richMenus: MenuView[] }>()).richMenus;
    const writes = async () =>
        (await line.control.requests()).filter(r => r.method !== "GET").map(r => `${r.method} ${r.path}`);
    const menuInputs = (overrides: Plain = {}): Plain => ({
        size: { width: 2500, height: 843 },
        selected: false,
        name: "Home",
        chatBarText: "Menu",
        areas: [
            { bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: "message", text: "hi" } },
        ],
        image,
        ...overrides,
    });
    it("answers a package schema with its resource types and secret credentials", async () => {
        const schema = (await plugin.getSchema()) as {
            name: string;
            resources: Record<string, { description: string; requiredInputs: string[] }>;
            config: { variables: Record<string, { secret?: boolean }> };
        };
        assert.equal(schema.name, "line");
        assert.deepEqual(Object.keys(schema.resources).sort(), [
            "line:index:Audience",
            "line:index:DefaultRichMenu",
            "line:index:RichMenu",
            "line:index:RichMenuAlias",
            "line:index:UserRichMenuLinks",
            "line:index:WebhookEndpoint",
        ]);
        assert.deepEqual(schema.resources["line:index:RichMenu"]!.requiredInputs, [
            "size",
            "selected",
            "name",
            "chatBarText",
            "areas",
            "image",
        ]);
        assert.equal(schema.config.variables.channelAccessToken!.secret, true);
        assert.equal(schema.config.variables.channelSecret!.secret, true);
        assert.equal(schema.config.variables.apiBaseUrl!.secret, undefined);
    });

    const configChanges: readonly {
        readonly change: Plain;
        readonly expected: number;
        readonly diffs: string[];
    }[] = [
        {
            change: { channelAccessToken: "rotated-token" },
            expected: Changes.DIFF_SOME,
            diffs: ["channelAccessToken"],
        },
        {
            change: { channelSecret: { ...SECRET, value: "new-secret" } },
            expected: Changes.DIFF_SOME,
            diffs: ["channelSecret"],
        },
        { change: { apiBaseUrl: "https://api.line.me" }, expected: Changes.DIFF_SOME, diffs: ["apiBaseUrl"] },
        { change: { expectedBot: "@other" }, expected: Changes.DIFF_SOME, diffs: ["expectedBot"] },
    ];
    for (const { change, expected, diffs } of configChanges) {
        it(`DiffConfig: ${Object.keys(change).join(", ")} changed is ${expected === Changes.DIFF_NONE ? "no" : "a"} change, never a replacement`, async () => {
            const olds = {
                channelAccessToken: "token",
                channelSecret: "secret",
                apiBaseUrl: "http://127.0.0.1:1",
            };
            const request = new providerPb.DiffRequest()
                .setOlds(struct(olds))
                .setOldInputs(struct(olds))
                .setNews(struct({ ...olds, ...change }));
            const response = await plugin.diffConfig(request);
            assert.equal(response.getChanges(), expected);
            assert.deepEqual(response.getDiffsList(), diffs);
            assert.deepEqual(response.getReplacesList(), []);
        });
    }

    it("creates nothing in a preview: the menu's ID is unknown and LINE is only read", async () => {
        const inputs = await check("line:index:RichMenu", menuInputs());
        const { id, outs } = await create("line:index:RichMenu", inputs, true);
        assert.equal(id, "");
        assert.equal(outs.richMenuId, UNKNOWN);
        assert.deepEqual(await writes(), []);
        assert.deepEqual(await menus(), []);
    });

    it("creates a menu with its image and an alias, with the provider's credentials", async () => {
        const inputs = await check("line:index:RichMenu", menuInputs());
        assert.equal(inputs.imageSha256, createHash("sha256").update(png).digest("hex"));
        const menu = await create("line:index:RichMenu", inputs);
        assert.match(menu.id, /^richmenu-/);
        assert.equal(menu.outs.richMenuId, menu.id);
        const aliasInputs = await check("line:index:RichMenuAlias", {
            richMenuAliasId: "home",
            richMenuId: menu.id,
        });
        const alias = await create("line:index:RichMenuAlias", aliasInputs);
        assert.equal(alias.id, "home");
        assert.deepEqual(await writes(), [
            "POST /v2/bot/richmenu",
            `POST /v2/bot/richmenu/${menu.id}/content`,
            "POST /v2/bot/richmenu/alias",
        ]);
        const held = await menus();
        assert.deepEqual(
            held.map(m => [m.richMenuId, m.name, m.hasImage]),
            [[menu.id, "Home", true]],
        );
        const state = await line.control.state<{
            aliases: { richMenuAliasId: string; richMenuId: string }[];
        }>();
        assert.deepEqual(state.aliases, [{ richMenuAliasId: "home", richMenuId: menu.id }]);
    });

    it("Diff names what replaces a menu and what only updates an alias, property by property", async () => {
        const inputs = await check("line:index:RichMenu", menuInputs());
        const menu = await create("line:index:RichMenu", inputs);
        const renamed = await check("line:index:RichMenu", menuInputs({ name: "Home 2" }), inputs);
        const menuDiff = await plugin.diff(
            "line:index:RichMenu",
            menu.id,
            { olds: menu.outs, oldInputs: inputs },
            renamed,
        );
        assert.equal(menuDiff.getChanges(), Changes.DIFF_SOME);
        assert.deepEqual(menuDiff.getReplacesList(), ["name"]);
        assert.deepEqual(
            [...menuDiff.getDetaileddiffMap().entries()].map(([k, d]) => [k, d.getKind()]),
            [["name", Kind.UPDATE_REPLACE]],
        );

        const alias = { richMenuAliasId: "home", richMenuId: menu.id };
        const aliasDiff = await plugin.diff(
            "line:index:RichMenuAlias",
            "home",
            { olds: alias, oldInputs: alias },
            { ...alias, richMenuId: "richmenu-other" },
        );
        assert.deepEqual(aliasDiff.getReplacesList(), []);
        assert.deepEqual(
            [...aliasDiff.getDetaileddiffMap().entries()].map(([k, d]) => [k, d.getKind()]),
            [["richMenuId", Kind.UPDATE]],
        );
        assert.deepEqual(await writes(), [
            "POST /v2/bot/richmenu",
            `POST /v2/bot/richmenu/${menu.id}/content`,
        ]);
    });

    it("imports a menu by its ID alone: its definition as inputs, its image's digest as output", async () => {
        const inputs = await check("line:index:RichMenu", menuInputs());
        const menu = await create("line:index:RichMenu", inputs);
        await line.control.clearRequests();
        const response = await plugin.read("line:index:RichMenu", menu.id);
        assert.equal(response.getId(), menu.id);
        const { image: _path, imageSha256, ...definition } = inputs;
        assert.deepEqual(plain(response.getInputs()), definition);
        const outputs = plain(response.getProperties());
        assert.equal(outputs.richMenuId, menu.id);
        assert.equal(outputs.imageSha256, imageSha256);
        assert.equal(outputs.imageContentType, "image/png");
        assert.deepEqual(await writes(), []);

        // The program then names a file with the same bytes: no change.
        const diff = await plugin.diff(
            "line:index:RichMenu",
            menu.id,
            { olds: plain(response.getProperties()), oldInputs: plain(response.getInputs()) },
            inputs,
        );
        assert.equal(diff.getChanges(), Changes.DIFF_NONE);
    });

    it("answers an import of an ID LINE does not know with no object, and deletes what it created", async () => {
        const missing = await plugin.read("line:index:RichMenu", "richmenu-00000000000000000000000000000000");
        assert.equal(missing.getId(), "");
        const menu = await create("line:index:RichMenu", await check("line:index:RichMenu", menuInputs()));
        await plugin.delete("line:index:RichMenu", menu.id, menu.outs);
        assert.deepEqual(await menus(), []);
        assert.ok((await writes()).includes(`DELETE /v2/bot/richmenu/${menu.id}`));
    });

    it("sets the webhook URL, and imports it by its channel's ID with the URL as input", async () => {
        const type = "line:index:WebhookEndpoint";
        const endpoint = "https://bot.example.com/webhook";
        const created = await create(type, await check(type, { endpoint }));
        assert.equal(created.id, "webhook-endpoint/default");
        assert.deepEqual(await writes(), ["PUT /v2/bot/channel/webhook/endpoint"]);
        const state = await line.control.state<{ webhook: { endpoint: string | null } }>();
        assert.equal(state.webhook.endpoint, endpoint);

        const response = await plugin.read(type, created.id);
        assert.equal(response.getId(), created.id);
        assert.deepEqual(plain(response.getInputs()), { endpoint });
        assert.equal(typeof plain(response.getProperties()).active, "boolean");
    });

    it("refuses a type it does not serve, naming it", async () => {
        await assert.rejects(
            plugin.checkFailures("line:index:Nope", {}),
            /no resource type "line:index:Nope"/,
        );
    });
});
