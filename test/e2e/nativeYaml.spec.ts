import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { messagingApi } from "@line/bot-sdk";
import { startEmulator, type Emulator } from "../../emulator";
import { ROOT, TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * The native provider plugin (bin/pulumi-resource-line) through the real Pulumi engine and Pulumi
 * YAML's language host, against the emulator: examples/yaml-program goes up, previews with no
 * change, replaces a menu whose image changed in the order LINE needs, and is destroyed; then a menu
 * made with LINE's SDK is adopted with `pulumi import`, and the program that declares it previews
 * with no change.
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
        const example = readFileSync(path.join(ROOT, "examples", "yaml-program", "Pulumi.yaml"), "utf8");
        assert.match(example, /^runtime: yaml$/m);
        assert.match(example, /path: \.\.\/\.\.\/bin$/m, "the example names this repository's launcher");
        // The work directory is elsewhere: its paths to the launcher and the pictures are rewritten.
        const stack = await yamlStack("yaml-program", dir =>
            example
                .replace(/path: \.\.\/\.\.\/bin$/m, `path: ${path.relative(dir, path.join(ROOT, "bin"))}`)
                .replaceAll("../assets/", `${path.relative(dir, ASSETS)}/`),
        );

        await stack.up();
        const first = (await stack.outputs()) as { homeRichMenuId: string; shopRichMenuId: string };
        let held = await channel();
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
        const log = await writes();
        const at = (entry: string) => {
            const index = log.indexOf(entry);
            assert.ok(index >= 0, `${entry} in ${JSON.stringify(log)}`);
            return index;
        };
        const created = at("POST /v2/bot/richmenu");
        const uploaded = at(`POST /v2/bot/richmenu/${next}/content`);
        const aliasMoved = at("POST /v2/bot/richmenu/alias/home");
        const defaultMoved = at(`POST /v2/bot/user/all/richmenu/${next}`);
        const deleted = at(`DELETE /v2/bot/richmenu/${first.homeRichMenuId}`);
        assert.ok(created < uploaded && uploaded < Math.min(aliasMoved, defaultMoved), JSON.stringify(log));
        assert.ok(Math.max(aliasMoved, defaultMoved) < deleted, JSON.stringify(log));
        assert.equal(log.length, 5, JSON.stringify(log));
        held = await channel();
        const home = held.richMenus.find(m => m.richMenuId === next);
        assert.equal(home?.imageSha256, sha256Of(path.join(ASSETS, "menu-home-v2.png")));
        assert.equal(held.richMenus.length, 2);
        assert.equal(held.aliases.find(a => a.richMenuAliasId === "home")?.richMenuId, next);
        assert.equal(held.defaultRichMenuId, next);

        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        held = await channel();
        assert.deepEqual([held.richMenus, held.aliases, held.defaultRichMenuId], [[], [], null]);
    });

    it("pulumi import adopts a menu made with LINE's SDK, and the program declaring it has no change", async () => {
        const config = { channelAccessToken: TOKEN, baseURL: emulator.url };
        const shopImage = path.join(ASSETS, "menu-shop.png");
        const definition = {
            size: { width: 2500, height: 1686 },
            selected: false,
            name: "Shop",
            chatBarText: "Shop",
            areas: [
                {
                    bounds: { x: 0, y: 0, width: 2500, height: 1686 },
                    action: { type: "uri" as const, uri: "https://example.com/shop" },
                },
            ],
        };
        const { richMenuId } = await new messagingApi.MessagingApiClient(config).createRichMenu(definition);
        await new messagingApi.MessagingApiBlobClient(config).setRichMenuImage(
            richMenuId,
            new Blob([readFileSync(shopImage)], { type: "image/png" }),
        );

        // No plugins.providers here: the launcher next to the cached CLI resolves pulumi-line from the program's directory.
        const empty = "name: line-import\nruntime: yaml\nresources: {}\n";
        const stack = await yamlStack("yaml-import", () => empty);
        await clearLog();
        const imported = await stack.pulumi([
            "import",
            "line:index:RichMenu",
            "home",
            richMenuId,
            "--yes",
            "--non-interactive",
        ]);
        assert.match(imported.stdout, /1 imported/);
        assert.match(imported.stdout, /chatBarText: Shop/, "the generated code holds the live definition");
        assert.deepEqual(await writes(), [], "an import only reads");
        const state = JSON.parse(await stack.exportState()) as {
            deployment: { resources: { type: string; id?: string; outputs?: Record<string, unknown> }[] };
        };
        const menu = state.deployment.resources.find(r => r.type === "line:index:RichMenu");
        assert.equal(menu?.id, richMenuId);
        assert.equal(menu?.outputs?.imageSha256, sha256Of(shopImage));

        const declared =
            "name: line-import\nruntime: yaml\nresources:\n  home:\n    type: line:index:RichMenu\n" +
            "    properties:\n" +
            `      image: ${path.relative(stack.dir, shopImage)}\n` +
            "      size: { width: 2500, height: 1686 }\n      selected: false\n      name: Shop\n      chatBarText: Shop\n" +
            "      areas:\n        - bounds: { x: 0, y: 0, width: 2500, height: 1686 }\n" +
            "          action: { type: uri, uri: https://example.com/shop }\n" +
            "    options:\n      protect: true\n";
        writeFileSync(path.join(stack.dir, "Pulumi.yaml"), declared);
        await stack.preview(["--expect-no-changes"]);

        // Adopted for real: once unprotected, destroying the stack deletes the menu from LINE.
        await stack.pulumi(["state", "unprotect", "--all", "--yes"]);
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        assert.deepEqual((await channel()).richMenus, []);
        assert.deepEqual(await writes(), [`DELETE /v2/bot/richmenu/${richMenuId}`]);
    });
});
