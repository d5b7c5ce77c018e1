import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import {
    ROOT,
    TestStack,
    devAndProdChannels,
    emulatorControl,
    pulumiBinDir,
    registerSecrets,
} from "./harness";

/**
 * Two explicit providers of the native plugin in one TypeScript program (README's "Explicit providers
 * (one per channel)", read from it): `new native.Provider("dev", …)` and `new native.Provider("prod", …)`
 * act on two emulator channels, each with a menu, its alias and the default, with the credentials in
 * stack config as secrets. The plugin is found through `plugins.providers` only (ambient plugins
 * ignored). Then prod's provider is given dev's token while expecting prod's bot: the preview fails,
 * naming both bots, and nothing is written to LINE.
 */

const DEV_TOKEN = "native-providers-dev-token-3f9a1e";
const PROD_TOKEN = "native-providers-prod-token-8b27d4";

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly channel?: string | null;
}

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string; name: string; hasImage: boolean }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
}

/** README's `<!-- native-providers: NAME -->` blocks, by name. */
function readmeBlocks(): Record<string, string> {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks: Record<string, string> = {};
    for (const match of readme.matchAll(/<!-- native-providers: (\S+) -->\s*\n```\w*\n([\s\S]*?)```/g))
        blocks[match[1]!] = match[2]!;
    return blocks;
}

/** README's own-project tsconfig.json: the program is type-checked as a user's would be. */
function ownProjectTsconfig(): string {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    return /<!-- own-project: tsconfig\.json -->\s*\n```\w*\n([\s\S]*?)```/.exec(readme)![1]!;
}

describe("explicit native providers, one per channel, in a TypeScript program", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    const control = emulatorControl(() => emulator.url);
    const state = (channel: string) => control<ChannelView>("GET", `/channels/${channel}/state`);
    const writes = async () =>
        (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests
            .filter(r => r.method !== "GET")
            .map(r => `${r.channel ?? "?"} ${r.method} ${r.path}`);

    before(async () => {
        registerSecrets(DEV_TOKEN, PROD_TOKEN);
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: devAndProdChannels(DEV_TOKEN, PROD_TOKEN),
        });
        // Only the project's plugins.providers can then find pulumi-resource-line.
        stack = new TestStack("native-providers", { env: { PULUMI_IGNORE_AMBIENT_PLUGINS: "true" } });
        const blocks = readmeBlocks();
        rmSync(path.join(stack.dir, "index.js"));
        writeFileSync(path.join(stack.dir, "Pulumi.yaml"), blocks["Pulumi.yaml"]!);
        writeFileSync(path.join(stack.dir, "index.ts"), blocks["index.ts"]!);
        writeFileSync(path.join(stack.dir, "tsconfig.json"), ownProjectTsconfig());
        writeFileSync(
            path.join(stack.dir, "package.json"),
            JSON.stringify({ name: "my-line-channels", private: true, dependencies: { "pulumi-line": "*" } }),
        );
        // This checkout as the installed package (`npm link`): its bin/ is what plugins.providers names.
        mkdirSync(path.join(stack.dir, "node_modules"));
        symlinkSync(ROOT, path.join(stack.dir, "node_modules", "pulumi-line"), "junction");
        mkdirSync(path.join(stack.dir, "menus"));
        copyFileSync(
            path.join(ROOT, "examples", "assets", "menu-home.png"),
            path.join(stack.dir, "menus", "home.png"),
        );
        await stack.pulumi(["stack", "init", "dev"]);
        await stack.config("devToken", DEV_TOKEN, true);
        await stack.config("devExpectedBot", "@dev-bot");
        await stack.config("prodToken", PROD_TOKEN, true);
        await stack.config("prodExpectedBot", "@prod-bot");
        await stack.config("apiBaseUrl", emulator.url);
        await stack.config("dataBaseUrl", emulator.url);
    });

    after(async () => {
        stack?.dispose();
        await emulator?.close();
    });

    it("goes up on both channels, previews no change, refuses a wrong bot's token at preview, and is destroyed", async () => {
        const up = await stack.up();
        assert.doesNotMatch(up.stdout + up.stderr, /from \$PATH/, "found through plugins.providers");
        const outputs = (await stack.outputs()) as { devRichMenuId: string; prodRichMenuId: string };
        for (const [channel, richMenuId] of [
            ["dev", outputs.devRichMenuId],
            ["prod", outputs.prodRichMenuId],
        ] as const) {
            const held = await state(channel);
            assert.deepEqual(
                held.richMenus.map(m => [m.richMenuId, m.name, m.hasImage]),
                [[richMenuId, "Home", true]],
                channel,
            );
            assert.deepEqual(held.aliases, [{ richMenuAliasId: "home", richMenuId }], channel);
            assert.equal(held.defaultRichMenuId, richMenuId, channel);
        }
        const log = await writes();
        for (const channel of ["dev", "prod"]) {
            const own = log.filter(entry => entry.startsWith(`${channel} `)).map(e => e.split(" ")[1]);
            assert.deepEqual(own, ["POST", "POST", "POST", "POST"], `${channel}: ${JSON.stringify(log)}`);
        }
        assert.equal(log.length, 8, JSON.stringify(log));
        const exported = await stack.exportState();
        assert.equal((exported.match(/"type": "pulumi:providers:line"/g) ?? []).length, 2);

        await control("DELETE", "/requests");
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);

        await stack.config("prodToken", DEV_TOKEN, true);
        const refused = await stack.preview([], true);
        const printed = refused.stdout + refused.stderr;
        assert.notEqual(refused.status, 0, printed);
        assert.match(printed, /Wrong LINE bot for channel "default": this stack expects bot @prod-bot/);
        assert.match(printed, /belong to bot @dev-bot "Shop \(dev\)"/);
        assert.deepEqual(await writes(), [], "nothing is written to either channel");
        assert.equal((await state("prod")).defaultRichMenuId, outputs.prodRichMenuId);

        await stack.config("prodToken", PROD_TOKEN, true);
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        for (const channel of ["dev", "prod"]) {
            const held = await state(channel);
            assert.deepEqual([held.richMenus, held.aliases, held.defaultRichMenuId], [[], [], null], channel);
        }
    });
});
