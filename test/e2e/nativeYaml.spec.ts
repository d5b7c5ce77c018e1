import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { messagingApi } from "@line/bot-sdk";
import { startEmulator, type Emulator } from "../../emulator";
import { ROOT, TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * The native provider plugin (bin/pulumi-resource-line) through the real Pulumi engine and Pulumi
 * YAML's language host, against the emulator: examples/yaml-program (tabbed menus, their aliases,
 * the default and the webhook URL) goes up, previews with no change, replaces a menu whose image
 * changed in the order LINE needs, and is destroyed, putting back the webhook URL set before it; then
 * a menu, its alias and the default made with LINE's SDK are adopted with `pulumi import`, the program
 * that declares them previews with no change, and a new image replaces the adopted menu, moving its
 * alias and the default to the new one before the old is deleted.
 */

const TOKEN = "native-yaml-token-7c1d";
const ASSETS = path.join(ROOT, "examples", "assets");

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly channel?: string | null;
}

interface ChannelView {
    readonly richMenus: readonly {
        richMenuId: string;
        name: string;
        hasImage: boolean;
        imageSha256?: string;
    }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly webhook: { readonly endpoint: string | null };
}

const sha256Of = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("Pulumi YAML programs through the native provider plugin", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    const stacks: TestStack[] = [];

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: [{ name: "dev", accessToken: TOKEN }],
        });
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/dev/state");
    const writes = async () =>
        (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests
            .filter(r => r.method !== "GET")
            .map(r => `${r.method} ${r.path}`);
    const clearLog = () => control("DELETE", "/requests");

    // Each test starts from an empty channel, whatever the one before it left.
    beforeEach(() => control("POST", "/reset"));

    /** A stack whose program is `program` (a Pulumi.yaml), with the channel in the provider's config. */
    async function yamlStack(name: string, program: (dir: string) => string): Promise<TestStack> {
        const stack = new TestStack(name);
        stacks.push(stack);
        rmSync(path.join(stack.dir, "index.js"));
        writeFileSync(path.join(stack.dir, "Pulumi.yaml"), program(stack.dir));
        await stack.pulumi(["stack", "init", name]);
        await stack.config("line:channelAccessToken", TOKEN, true);
        await stack.config("line:apiBaseUrl", emulator.url);
        await stack.config("line:dataBaseUrl", emulator.url);
        return stack;
    }

    it("examples/yaml-program: up, no change, a new image replaces Home in order, destroy", async () => {
        // A URL set by hand before the stack: the webhook takes over from it and destroy puts it back.
        const handSet = "https://bot.example.com/before-pulumi";
        await new messagingApi.MessagingApiClient({
            channelAccessToken: TOKEN,
            baseURL: emulator.url,
        }).setWebhookEndpoint({ endpoint: handSet });
        const example = readFileSync(path.join(ROOT, "examples", "yaml-program", "Pulumi.yaml"), "utf8");
        assert.match(example, /^runtime: yaml$/m);
        assert.match(example, /path: \.\.\/\.\.\/bin$/m, "the example names this repository's launcher");
        // The work directory is elsewhere: its paths to the launcher and the pictures are rewritten.
        const stack = await yamlStack("yaml-program", dir =>
            example
                .replace(/path: \.\.\/\.\.\/bin$/m, `path: ${path.relative(dir, path.join(ROOT, "bin"))}`)
                .replaceAll("../assets/", `${path.relative(dir, ASSETS)}/`),
        );

        await clearLog();
        const up = await stack.up();
        assert.match(
            up.stdout + up.stderr,
            /warning: [^\n]*the webhook URL[^\n]*https:\/\/bot\.example\.com\/before-pulumi/,
            "taking over the hand-set URL is a warning naming it",
        );
        const first = (await stack.outputs()) as { homeRichMenuId: string; shopRichMenuId: string };
        assert.deepEqual(
            (await writes()).filter(w => w.includes("webhook")),
            ["PUT /v2/bot/channel/webhook/endpoint"],
        );
        let held = await channel();
        assert.equal(held.webhook.endpoint, "https://example.com/line/webhook", "the config's default");
        assert.deepEqual(held.richMenus.map(m => [m.name, m.hasImage]).sort(), [
            ["Home tab", true],
            ["Shop tab", true],
        ]);
        assert.deepEqual(
            [...held.aliases].sort((a, b) => a.richMenuAliasId.localeCompare(b.richMenuAliasId)),
            [
                { richMenuAliasId: "home", richMenuId: first.homeRichMenuId },
                { richMenuAliasId: "shop", richMenuId: first.shopRichMenuId },
            ],
        );
        assert.equal(held.defaultRichMenuId, first.homeRichMenuId);

        await stack.preview(["--expect-no-changes"]);

        await clearLog();
        await stack.config("homeImage", path.relative(stack.dir, path.join(ASSETS, "menu-home-v2.png")));
        await stack.up();
        const second = (await stack.outputs()) as { homeRichMenuId: string; shopRichMenuId: string };
        const next = second.homeRichMenuId;
        assert.notEqual(next, first.homeRichMenuId);
        assert.equal(second.shopRichMenuId, first.shopRichMenuId);
        assertReplacedInOrder(await writes(), first.homeRichMenuId, next, "home");
        held = await channel();
        const home = held.richMenus.find(m => m.richMenuId === next);
        assert.equal(home?.imageSha256, sha256Of(path.join(ASSETS, "menu-home-v2.png")));
        assert.equal(held.richMenus.length, 2);
        assert.equal(held.aliases.find(a => a.richMenuAliasId === "home")?.richMenuId, next);
        assert.equal(held.defaultRichMenuId, next);

        await clearLog();
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        held = await channel();
        assert.deepEqual([held.richMenus, held.aliases, held.defaultRichMenuId], [[], [], null]);
        assert.equal(held.webhook.endpoint, handSet, "the URL set before the stack is back");
        assert.deepEqual(
            (await writes()).filter(w => w.includes("webhook")),
            ["PUT /v2/bot/channel/webhook/endpoint"],
        );
    });

    it("pulumi import adopts a menu, its alias and the default made with LINE's SDK; a new image then replaces the menu in order", async () => {
        const config = { channelAccessToken: TOKEN, baseURL: emulator.url };
        const sdk = new messagingApi.MessagingApiClient(config);
        const homeImage = path.join(ASSETS, "menu-home.png");
        const { richMenuId } = await sdk.createRichMenu({
            size: { width: 2500, height: 1686 },
            selected: false,
            name: "Home",
            chatBarText: "Home",
            areas: [
                {
                    bounds: { x: 0, y: 0, width: 2500, height: 1686 },
                    action: { type: "uri", uri: "https://example.com/home" },
                },
            ],
        });
        await new messagingApi.MessagingApiBlobClient(config).setRichMenuImage(
            richMenuId,
            new Blob([readFileSync(homeImage)], { type: "image/png" }),
        );
        await sdk.createRichMenuAlias({ richMenuAliasId: "home", richMenuId });
        await sdk.setDefaultRichMenu(richMenuId);

        // No plugins.providers here: the launcher next to the cached CLI resolves pulumi-line from the program's directory.
        const empty = "name: line-import\nruntime: yaml\nresources: {}\n";
        const stack = await yamlStack("yaml-import", () => empty);
        writeFileSync(
            path.join(stack.dir, "import.json"),
            JSON.stringify({
                resources: [
                    { type: "line:index:RichMenu", name: "home", id: richMenuId },
                    { type: "line:index:RichMenuAlias", name: "homeAlias", id: "home" },
                    {
                        type: "line:index:DefaultRichMenu",
                        name: "defaultMenu",
                        id: "default-rich-menu/default",
                    },
                ],
            }),
        );
        await clearLog();
        const imported = await stack.pulumi([
            "import",
            "--file",
            "import.json",
            "--protect=false",
            "--yes",
            "--non-interactive",
        ]);
        assert.match(imported.stdout, /3 imported/);
        assert.match(imported.stdout, /chatBarText: Home/, "the generated code holds the live definition");
        assert.deepEqual(await writes(), [], "an import only reads");
        const state = JSON.parse(await stack.exportState()) as {
            deployment: { resources: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
        };
        const adopted = state.deployment.resources.filter(r => r.type.startsWith("line:index:"));
        assert.deepEqual(adopted.map(r => `${r.type} ${r.id}`).sort(), [
            "line:index:DefaultRichMenu default-rich-menu/default",
            `line:index:RichMenu ${richMenuId}`,
            "line:index:RichMenuAlias home",
        ]);
        const menu = adopted.find(r => r.type === "line:index:RichMenu");
        assert.equal(menu?.outputs?.imageSha256, sha256Of(homeImage));

        // The alias and the default name the menu by reference, as a program would declare them.
        const declared =
            "name: line-import\nruntime: yaml\nconfig:\n  homeImage:\n    type: string\n" +
            `    default: ${path.relative(stack.dir, homeImage)}\n` +
            "resources:\n  home:\n    type: line:index:RichMenu\n    properties:\n      image: ${homeImage}\n" +
            "      size: { width: 2500, height: 1686 }\n      selected: false\n      name: Home\n      chatBarText: Home\n" +
            "      areas:\n        - bounds: { x: 0, y: 0, width: 2500, height: 1686 }\n" +
            "          action: { type: uri, uri: https://example.com/home }\n" +
            "  homeAlias:\n    type: line:index:RichMenuAlias\n    properties:\n" +
            "      richMenuAliasId: home\n      richMenuId: ${home.richMenuId}\n" +
            "  defaultMenu:\n    type: line:index:DefaultRichMenu\n    properties:\n" +
            "      richMenuId: ${home.richMenuId}\n" +
            "outputs:\n  homeRichMenuId: ${home.richMenuId}\n";
        writeFileSync(path.join(stack.dir, "Pulumi.yaml"), declared);
        await clearLog();
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes(), [], "a clean preview writes nothing");

        // Other bytes are a new menu: created with its image before the alias and the default move.
        await clearLog();
        await stack.config("homeImage", path.relative(stack.dir, path.join(ASSETS, "menu-home-v2.png")));
        await stack.up();
        const next = ((await stack.outputs()) as { homeRichMenuId: string }).homeRichMenuId;
        assert.notEqual(next, richMenuId);
        assertReplacedInOrder(await writes(), richMenuId, next, "home");
        const held = await channel();
        assert.deepEqual(
            held.richMenus.map(m => [m.richMenuId, m.hasImage, m.imageSha256]),
            [[next, true, sha256Of(path.join(ASSETS, "menu-home-v2.png"))]],
        );
        assert.deepEqual(held.aliases, [{ richMenuAliasId: "home", richMenuId: next }]);
        assert.equal(held.defaultRichMenuId, next);

        // Adopted for real: destroying the stack deletes what LINE's SDK made, and the menu that replaced it.
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        const after = await channel();
        assert.deepEqual([after.richMenus, after.aliases, after.defaultRichMenuId], [[], [], null]);
    });
});

/**
 * A replaced menu's writes, in the order LINE needs: the new menu is created and given its image
 * before the alias and the default move to it (an alias or default on a menu without an image is
 * refused: https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu), and the
 * old menu is deleted only after both have moved. Nothing else is written.
 */
function assertReplacedInOrder(log: readonly string[], old: string, next: string, aliasId: string): void {
    const at = (entry: string) => {
        const index = log.indexOf(entry);
        assert.ok(index >= 0, `${entry} in ${JSON.stringify(log)}`);
        return index;
    };
    const created = at("POST /v2/bot/richmenu");
    const uploaded = at(`POST /v2/bot/richmenu/${next}/content`);
    const aliasMoved = at(`POST /v2/bot/richmenu/alias/${aliasId}`);
    const defaultMoved = at(`POST /v2/bot/user/all/richmenu/${next}`);
    const deleted = at(`DELETE /v2/bot/richmenu/${old}`);
    assert.ok(created < uploaded && uploaded < Math.min(aliasMoved, defaultMoved), JSON.stringify(log));
    assert.ok(Math.max(aliasMoved, defaultMoved) < deleted, JSON.stringify(log));
    assert.equal(log.length, 5, JSON.stringify(log));
}
