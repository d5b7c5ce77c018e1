import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { ROOT, TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * The examples under examples/, each through the real Pulumi engine against the emulator, as a user
 * runs them (`pulumi up` of the example's own program, its Pulumi.yaml and its stack config files).
 *
 * Each runs in a work directory of its own (so `pulumi stack init` and `pulumi config set` never touch
 * the committed example): the example's Pulumi.yaml with a shim as `main` that loads the example's
 * program, and copies of its `Pulumi.<stack>.yaml`. The program still reads its files beside itself.
 */

const CHANNELS = {
    dev: { accessToken: "examples-dev-token-4be1", basicId: "@dev1234" },
    prod: { accessToken: "examples-prod-token-91ac", basicId: "@prod5678" },
} as const;
type ChannelName = keyof typeof CHANNELS;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly channel?: string;
}

interface MenuView {
    readonly richMenuId: string;
    readonly name: string;
    readonly hasImage: boolean;
    readonly areas: readonly { readonly action: { readonly type: string; readonly uri?: string } }[];
}

interface ChannelView {
    readonly richMenus: readonly MenuView[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Record<string, string>;
    readonly webhook: { readonly endpoint: string | null };
    readonly audiences: readonly { readonly audienceGroupId: number; readonly description: string }[];
}

describe("the examples through the Pulumi engine", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    const stacks: TestStack[] = [];

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: Object.entries(CHANNELS).map(([name, c]) => ({ name, ...c })),
        });
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    const control = emulatorControl(() => emulator.url);
    const channel = (name: ChannelName) => control<ChannelView>("GET", `/channels/${name}/state`);
    async function writes(name: ChannelName, from: number): Promise<RequestEntry[]> {
        const body = await control<{ requests: RequestEntry[] }>("GET", "/requests");
        return body.requests
            .slice(from)
            .filter(r => r.channel === name && r.method !== "GET" && !/\/validate(\/|$)/.test(r.path));
    }
    const logLength = async () =>
        (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests.length;

    /** A stack of an example's program, pointed at one emulated channel. */
    async function exampleStack(example: string, stack: string, on: ChannelName): Promise<TestStack> {
        const dir = path.join(ROOT, "examples", example);
        const test = new TestStack(stack, {
            env: {
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
                LINE_CHANNEL_ACCESS_TOKEN: CHANNELS[on].accessToken,
            },
        });
        stacks.push(test);
        const project = readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
        assert.match(project, /^main: index\.ts$/m, `${example}/Pulumi.yaml runs index.ts`);
        writeFileSync(
            path.join(test.dir, "Pulumi.yaml"),
            project.replace(/^main: index\.ts$/m, "main: index.js"),
        );
        const program = path.relative(test.dir, path.join(dir, "index.ts"));
        writeFileSync(
            path.join(test.dir, "index.js"),
            `module.exports = require(${JSON.stringify(program)});\n`,
        );
        const settings = path.join(dir, `Pulumi.${stack}.yaml`);
        if (existsSync(settings))
            writeFileSync(path.join(test.dir, `Pulumi.${stack}.yaml`), readFileSync(settings));
        await test.pulumi(["stack", "init", stack]);
        return test;
    }

    it("every example has a Pulumi.yaml running its TypeScript through tsx, a program and a README", () => {
        // github-actions holds a workflow, not a program; test/e2e/review.spec.ts runs it. yaml-program is
        // a Pulumi YAML program, which test/e2e/nativeYaml.spec.ts runs.
        const examples = readdirSync(path.join(ROOT, "examples")).filter(
            e => e !== "assets" && e !== "github-actions" && e !== "yaml-program",
        );
        assert.deepEqual(examples.sort(), [
            "audiences-webhook",
            "bot-test",
            "promotion",
            "single-menu-ts",
            "tabbed-menus-yaml",
        ]);
        for (const example of examples) {
            const project = readFileSync(path.join(ROOT, "examples", example, "Pulumi.yaml"), "utf8");
            assert.match(project, /nodeargs: --import tsx/, example);
            assert.match(project, /typescript: false/, example);
            // Another stack or a person may change what the example set; only a refresh notices.
            assert.match(project, /^options:\n(?:\s*#.*\n)*\s+refresh: always$/m, example);
            assert.ok(existsSync(path.join(ROOT, "examples", example, "README.md")), example);
        }
    });

    it("single-menu-ts: one menu with its image becomes the default; destroy removes it", async () => {
        const stack = await exampleStack("single-menu-ts", "dev", "dev");
        await stack.up();
        const outputs = await stack.outputs();
        const state = await channel("dev");
        assert.deepEqual(
            state.richMenus.map(m => [m.richMenuId, m.name, m.hasImage]),
            [[outputs.richMenuId, "Main menu", true]],
        );
        assert.equal(state.defaultRichMenuId, outputs.richMenuId);
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        const after = await channel("dev");
        assert.deepEqual(after.richMenus, []);
        assert.equal(after.defaultRichMenuId, null);
    });

    it("tabbed-menus-yaml: two tabs switching through aliases from YAML; a second preview changes nothing", async () => {
        const stack = await exampleStack("tabbed-menus-yaml", "dev", "dev");
        await stack.up();
        const { richMenuIds } = (await stack.outputs()) as { richMenuIds: Record<string, string> };
        assert.deepEqual(Object.keys(richMenuIds).sort(), ["home", "shop"]);
        const state = await channel("dev");
        assert.deepEqual(state.richMenus.map(m => m.name).sort(), ["Home tab", "Shop tab"]);
        assert.ok(state.richMenus.every(m => m.hasImage));
        assert.deepEqual(state.aliases.map(a => [a.richMenuAliasId, a.richMenuId]).sort(), [
            ["home", richMenuIds.home],
            ["shop", richMenuIds.shop],
        ]);
        assert.equal(state.defaultRichMenuId, richMenuIds.home);
        const from = await logLength();
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes("dev", from), []);
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        assert.deepEqual((await channel("dev")).richMenus, []);
    });

    it("audiences-webhook: sets the webhook URL and creates the audiences, a click audience once a campaign was sent", async () => {
        const stack = await exampleStack("audiences-webhook", "dev", "dev");
        await stack.config("webhookUrl", "https://bot.example.com/line/webhook");
        await stack.up();
        let state = await channel("dev");
        assert.equal(state.webhook.endpoint, "https://bot.example.com/line/webhook");
        assert.deepEqual(state.audiences.map(a => a.description).sort(), [
            "Newsletter subscribers",
            "VIP customers",
        ]);

        const { requestId } = await control<{ requestId: string }>("POST", "/channels/dev/broadcasts", {});
        await stack.config("campaignRequestId", requestId);
        await stack.up();
        const outputs = (await stack.outputs()) as { audienceGroupIds: Record<string, number> };
        assert.deepEqual(Object.keys(outputs.audienceGroupIds).sort(), [
            "campaignClicks",
            "newsletter",
            "vip",
        ]);
        state = await channel("dev");
        assert.equal(state.audiences.length, 3);

        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        assert.deepEqual((await channel("dev")).audiences, []);
    });

    describe("promotion: one declaration file, a dev and a prod stack", () => {
        let dev: TestStack;
        let prod: TestStack;
        const tester = "U000000000000000000000000000000d1";

        const output = (run: { stdout: string; stderr: string }) => `${run.stdout}\n${run.stderr}`;

        it("gives each stack its own URLs, webhook, bot, menus, audiences and links from its config", async () => {
            await control("POST", "/channels/dev/users", { userIds: [tester] });
            dev = await exampleStack("promotion", "dev", "dev");
            prod = await exampleStack("promotion", "prod", "prod");
            await dev.up();
            await prod.up();

            const devState = await channel("dev");
            const prodState = await channel("prod");
            const uris = (state: ChannelView) =>
                state.richMenus
                    .flatMap(m => m.areas.map(a => a.action.uri))
                    .filter((u): u is string => u !== undefined);
            assert.deepEqual(devState.richMenus.map(m => m.name).sort(), [
                "Home tab",
                "Home tab (beta)",
                "Shop tab",
            ]);
            assert.deepEqual(prodState.richMenus.map(m => m.name).sort(), ["Home tab", "Shop tab"]);
            assert.ok(
                uris(devState).every(u => u.startsWith("https://dev.example.com/")),
                uris(devState).join(" "),
            );
            assert.ok(
                uris(prodState).every(u => u.startsWith("https://www.example.com/")),
                uris(prodState).join(" "),
            );
            assert.equal(devState.webhook.endpoint, "https://dev.example.com/line/webhook");
            assert.equal(prodState.webhook.endpoint, "https://bot.example.com/line/webhook");
            assert.deepEqual(devState.audiences.map(a => a.description).sort(), [
                "Beta testers",
                "VIP customers",
            ]);
            assert.deepEqual(
                prodState.audiences.map(a => a.description),
                ["VIP customers"],
            );

            const devOutputs = (await dev.outputs()) as { richMenuIds: Record<string, string> };
            assert.equal(devState.userLinks[tester], devOutputs.richMenuIds.beta);
            assert.deepEqual(prodState.userLinks, {});
            const prodOutputs = (await prod.outputs()) as {
                messageTemplates: Record<string, { originalContentUrl?: string }[]>;
            };
            assert.equal(
                prodOutputs.messageTemplates.greeting?.[1]?.originalContentUrl,
                "https://www.example.com/images/welcome.jpg",
            );
        });

        it("finds nothing to change on a second preview of either stack", async () => {
            const from = await logLength();
            await dev.preview(["--expect-no-changes"]);
            await prod.preview(["--expect-no-changes"]);
            assert.deepEqual(await writes("dev", from), []);
            assert.deepEqual(await writes("prod", from), []);
        });

        it("fails the preview of a stack without its config, naming the file, the line and the command", async () => {
            const staging = await exampleStack("promotion", "staging", "dev");
            const from = await logLength();
            const run = await staging.preview([], true);
            assert.notEqual(run.status, 0);
            const text = output(run);
            assert.match(
                text,
                /line\.yaml:9:14 expectedBot: stack config "expectedBot" is not set for stack "staging"/,
            );
            assert.match(
                text,
                /line\.yaml:\d+:\d+ richMenus\.home\.areas\[2\]\.action\.uri: .*`pulumi config set --stack staging siteUrl <value>`/,
            );
            assert.match(text, /webhookUrl/);
            assert.match(text, /users\/vip-staging\.txt/, "the per-stack file it would need");
            assert.doesNotMatch(text, /at \S+\.ts:\d+/, "no stack trace");
            assert.deepEqual(await writes("dev", from), []);
        });

        it("fails the preview and the update of a stack holding another bot's token, writing nothing", async () => {
            const wrong = await exampleStack("promotion", "prod", "dev");
            const from = await logLength();
            const preview = await wrong.preview([], true);
            assert.notEqual(preview.status, 0);
            assert.match(
                output(preview),
                /line\.yaml:9:14 expectedBot: the declarations are for bot @prod5678, but channel "default"'s credentials belong to bot @dev1234/,
            );
            const up = await wrong
                .up()
                .catch((error: Error) => ({ status: 1, stdout: error.message, stderr: "" }));
            assert.notEqual(up.status, 0);
            assert.deepEqual(await writes("dev", from), []);
        });

        it("fails the preview on a message LINE's validation refuses, with LINE's property path and the line", async () => {
            const insecure = await exampleStack("promotion", "dev", "dev");
            await insecure.config("siteUrl", "http://dev.example.com");
            const from = await logLength();
            const run = await insecure.preview([], true);
            assert.notEqual(run.status, 0);
            assert.match(
                output(run),
                /line\.yaml:91:29 messages\.greeting\.messages\[1\]\.originalContentUrl: invalid url \(LINE's push message validation\)/,
            );
            assert.deepEqual(await writes("dev", from), []);
        });

        it("leaves both channels empty after destroy", async () => {
            await dev.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
            await prod.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
            for (const name of ["dev", "prod"] as const) {
                const state = await channel(name);
                assert.deepEqual(state.richMenus, [], name);
                assert.deepEqual(state.aliases, [], name);
                assert.deepEqual(state.audiences, [], name);
            }
        });
    });
});
