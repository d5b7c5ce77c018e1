import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { buildSdkChannel, type SdkChannel } from "../support/sdkChannel";
import { ROOT, TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * A channel built with LINE's SDK brought under a Pulumi YAML program on the native provider plugin,
 * through the real engine, both ways `pulumi-line import` offers: the program it writes
 * (`--format pulumi-yaml`) goes up adopting everything with zero writes to LINE and then previews no
 * change; the file it writes for `pulumi import --file` (`--format pulumi-import`) is imported reading
 * only, and the program the engine generates from it, each menu given its downloaded image, previews
 * no change. Then inline user IDs declared in Pulumi YAML (user links, an audience) are secrets in
 * state, as the schema says. Each project has `node_modules/pulumi-line` (this repository), as after
 * `npm install`.
 */

const TOKEN = "native-import-token-4b2e";

interface ChannelView {
    readonly richMenus: readonly { readonly richMenuId: string; readonly name: string }[];
    readonly aliases: readonly { readonly richMenuAliasId: string; readonly richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Readonly<Record<string, string>>;
    readonly webhook: { readonly endpoint: string | null };
    readonly audiences: readonly { readonly audienceGroupId: number; readonly description: string }[];
}

interface StateResource {
    readonly type: string;
    readonly id?: string;
}

describe("pulumi-line import into Pulumi YAML programs on the native provider plugin", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    let built: SdkChannel;
    const stacks: TestStack[] = [];
    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/shop/state");
    /** What the channel holds, without the audiences' clock-driven fields (status, counts). */
    const holdings = async () => {
        const { audiences, ...rest } = await channel();
        return { ...rest, audiences: audiences.map(a => [a.audienceGroupId, a.description]) };
    };
    const writes = async () =>
        (await control<{ requests: { method: string; path: string }[] }>("GET", "/requests")).requests
            .filter(r => r.method !== "GET")
            .map(r => `${r.method} ${r.path}`);
    const clearLog = () => control("DELETE", "/requests");

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: [{ name: "shop", accessToken: TOKEN }],
        });
        built = await buildSdkChannel(
            emulator.url,
            TOKEN,
            async count =>
                (await control<{ userIds: string[] }>("POST", "/channels/shop/users", { count })).userIds,
        );
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    /** A work directory with no program yet, pulumi-line installed in it as `npm install` would. */
    function projectDir(name: string): TestStack {
        const stack = new TestStack(name, {
            env: { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url },
        });
        stacks.push(stack);
        rmSync(path.join(stack.dir, "index.js"));
        rmSync(path.join(stack.dir, "Pulumi.yaml"));
        mkdirSync(path.join(stack.dir, "node_modules"));
        symlinkSync(ROOT, path.join(stack.dir, "node_modules", "pulumi-line"), "dir");
        return stack;
    }

    /** The stack, with the channel in the provider's configuration. */
    async function initStack(stack: TestStack): Promise<void> {
        await stack.pulumi(["stack", "init", stack.name]);
        await stack.config("line:channelAccessToken", TOKEN, true);
        await stack.config("line:apiBaseUrl", emulator.url);
        await stack.config("line:dataBaseUrl", emulator.url);
    }

    /** A secret in exported state: Pulumi's signature and the ciphertext, nothing else. */
    const encrypted = (value: unknown) =>
        typeof value === "object" &&
        value !== null &&
        Object.keys(value).sort().join() === "4dabf18193072939515e22adb298388d,ciphertext";

    const importWith = (stack: TestStack, format: string) =>
        stack.pulumiLine(["import", "--format", format], { env: { LINE_CHANNEL_ACCESS_TOKEN: TOKEN } });

    async function stateOf(stack: TestStack): Promise<StateResource[]> {
        const exported = JSON.parse(await stack.exportState()) as {
            deployment: { resources: StateResource[] };
        };
        return exported.deployment.resources.filter(r => r.type.startsWith("line:index:"));
    }

    /** Every live object, as `type id`, that a stack adopting the whole channel must hold. */
    const liveObjects = () =>
        [
            ...Object.values(built.menus).map(id => `line:index:RichMenu ${id}`),
            "line:index:RichMenuAlias home",
            "line:index:RichMenuAlias shop",
            "line:index:DefaultRichMenu default-rich-menu/default",
            "line:index:WebhookEndpoint webhook-endpoint/default",
            `line:index:Audience ${built.audienceGroupId}`,
        ].sort();

    it("--format pulumi-yaml: the written program adopts the channel with zero writes, then previews no change", async () => {
        const stack = projectDir("native-import-yaml");
        const before = await holdings();
        await clearLog();
        const run = await importWith(stack, "pulumi-yaml");
        assert.match(run.stdout, /wrote Pulumi\.yaml/);
        assert.deepEqual(await writes(), [], "the import only reads");
        const program = readFileSync(path.join(stack.dir, "Pulumi.yaml"), "utf8");
        assert.match(program, /^runtime: yaml$/m);
        assert.match(program, /path: node_modules\/pulumi-line\/bin$/m);

        await initStack(stack);
        await clearLog();
        await stack.up();
        assert.deepEqual(await writes(), [], "adopting writes nothing to LINE");
        assert.deepEqual(await holdings(), before);
        assert.deepEqual((await stateOf(stack)).map(r => `${r.type} ${r.id}`).sort(), liveObjects());

        await clearLog();
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);
    });

    it("--format pulumi-import: pulumi import --file reads only, and its program with the images previews no change", async () => {
        const stack = projectDir("native-import-bulk");
        writeFileSync(
            path.join(stack.dir, "Pulumi.yaml"),
            "name: line-bulk\nruntime: yaml\nplugins:\n  providers:\n    - name: line\n" +
                "      path: node_modules/pulumi-line/bin\nresources: {}\n",
        );
        await initStack(stack);
        const before = await holdings();
        await clearLog();
        const written = await importWith(stack, "pulumi-import");
        assert.match(written.stdout, /wrote import\.json/);

        const imported = await stack.pulumi([
            "import",
            "--file",
            "import.json",
            "--out",
            "generated.yaml",
            "--yes",
            "--non-interactive",
        ]);
        assert.match(imported.stdout, /8 imported/);
        assert.match(
            `${imported.stdout}\n${imported.stderr}`,
            /audience-vip-customers[^\n]*warning: audience \d+ "VIP customers": LINE reports \d+ members but cannot list them, so none were imported/,
            "the import says, on the audience, why it has no members",
        );
        assert.deepEqual(await writes(), [], "pulumi import only reads");
        assert.deepEqual(await holdings(), before);
        assert.deepEqual((await stateOf(stack)).map(r => `${r.type} ${r.id}`).sort(), liveObjects());

        // The generated program, each menu given the image pulumi-line import downloaded beside it.
        const generated = parse(readFileSync(path.join(stack.dir, "generated.yaml"), "utf8")) as {
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
        };
        assert.equal(
            (generated.resources["vip-lounge"]?.properties.areas as { action: { data: string } }[])[0]?.action
                .data,
            "vip=$${level}",
            "LINE's text stays literal",
        );
        for (const [name, resource] of Object.entries(generated.resources)) {
            // The engine writes the short token (line:RichMenu), and "" for the image it cannot know.
            if (/^line:(index:)?RichMenu$/.test(resource.type))
                resource.properties.image = `menus/${name}.png`;
        }
        writeFileSync(
            path.join(stack.dir, "Pulumi.yaml"),
            "name: line-bulk\nruntime: yaml\nplugins:\n  providers:\n    - name: line\n" +
                `      path: node_modules/pulumi-line/bin\n${stringify({ resources: generated.resources })}`,
        );
        await clearLog();
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);
    });

    it("keeps inline user IDs secret in state: user links and an audience declared in Pulumi YAML", async () => {
        const stack = projectDir("native-user-ids");
        const ids = JSON.stringify(built.users);
        writeFileSync(
            path.join(stack.dir, "Pulumi.yaml"),
            "name: line-user-ids\nruntime: yaml\nplugins:\n  providers:\n    - name: line\n" +
                "      path: node_modules/pulumi-line/bin\nresources:\n" +
                `  vip-users:\n    type: line:index:UserRichMenuLinks\n    properties:\n      richMenuId: ${built.menus.vip}\n      userIds: ${ids}\n` +
                `  regulars:\n    type: line:index:Audience\n    properties:\n      description: Regulars\n      userIds: ${ids}\n`,
        );
        await initStack(stack);
        await clearLog();
        await stack.up();
        assert.deepEqual((await writes()).sort(), [
            "POST /v2/bot/audienceGroup/upload",
            "POST /v2/bot/richmenu/bulk/link",
        ]);
        const held = await channel();
        assert.deepEqual(
            built.users.map(u => held.userLinks[u]),
            built.users.map(() => built.menus.vip),
        );
        assert.ok(held.audiences.some(a => a.description === "Regulars"));

        const exported = await stack.exportState();
        for (const user of built.users) assert.ok(!exported.includes(user), "no user ID in clear in state");
        const resources = (await stateOf(stack)) as (StateResource & {
            inputs: Record<string, unknown>;
            outputs: Record<string, unknown>;
        })[];
        const links = resources.find(r => r.type === "line:index:UserRichMenuLinks")!;
        assert.ok(encrypted(links.inputs.userIds), "the input is a secret");
        assert.ok(encrypted(links.outputs.userIds), "the output of the same name is a secret");
        assert.equal(links.outputs.userCount, built.users.length);
        const audience = resources.find(r => r.type === "line:index:Audience")!;
        assert.ok(encrypted(audience.inputs.userIds), "the input is a secret");
        assert.equal(audience.outputs.userIds, undefined);
        assert.equal(audience.outputs.memberCount, built.users.length);

        await clearLog();
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);
    });
});
