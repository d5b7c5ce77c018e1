import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { callEmulator } from "../support/emulator";
import { TestStack, devAndProdChannels, emulatorControl, pulumiBinDir, registerSecrets } from "./harness";

/**
 * The provider as users run it: the real Pulumi engine (CLI v3.259.0) diffing, replacing, refreshing
 * and destroying this repository's program, against an emulated channel.
 */

const DEV_TOKEN = "e2e-dev-token-7c1f0a";
const PROD_TOKEN = "e2e-prod-token-93bd4e";
const PROD_CHANNEL_ID = "2000000042";
const PROD_SECRET = "e2e-prod-channel-secret-5a7e91";

interface RequestEntry {
    readonly seq: number;
    readonly method: string;
    readonly path: string;
    readonly status: number;
    readonly channel?: string;
}

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string; name: string; hasImage?: boolean }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId?: string | null;
}

describe("the Pulumi engine against the emulator", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    const stacks: TestStack[] = [];

    before(async () => {
        registerSecrets(DEV_TOKEN, PROD_TOKEN, PROD_SECRET);
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            channels: devAndProdChannels(DEV_TOKEN, PROD_TOKEN, {
                channelId: PROD_CHANNEL_ID,
                channelSecret: PROD_SECRET,
            }),
        });
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    const control = emulatorControl(() => emulator.url);

    const channel = (name: string) => control<ChannelView>("GET", `/channels/${name}/state`);
    async function requests(channelName: string): Promise<RequestEntry[]> {
        const { requests: all } = await control<{ requests: RequestEntry[] }>("GET", "/requests");
        return all.filter(r => r.channel === channelName);
    }
    const writes = (log: readonly RequestEntry[]) => log.filter(r => r.method !== "GET");

    function lineApi(token: string) {
        return (method: string, path: string) => callEmulator(emulator.url, token, method, path);
    }

    async function devStack(name = "dev"): Promise<TestStack> {
        const stack = await TestStack.create(name, {
            env: { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url },
        });
        await stack.config("line:channelAccessToken", DEV_TOKEN, true);
        stacks.push(stack);
        return stack;
    }

    describe("one stack's life", () => {
        let stack: TestStack;
        let before: ChannelView;

        it("creates the whole channel on the first up, and a second preview finds nothing to change", async () => {
            before = await channel("dev");
            stack = await devStack();
            await stack.up();
            const state = await channel("dev");
            assert.equal(state.richMenus.length, 2);
            assert.ok(
                state.richMenus.every(m => m.hasImage),
                "every menu has its image",
            );
            const outputs = await stack.outputs();
            assert.deepEqual(state.aliases.map(a => [a.richMenuAliasId, a.richMenuId]).sort(), [
                ["home", outputs.homeRichMenuId],
                ["shop", outputs.shopRichMenuId],
            ]);
            assert.equal(state.defaultRichMenuId, outputs.homeRichMenuId);

            const logBefore = (await requests("dev")).length;
            const preview = await stack.preview(["--expect-no-changes"]);
            assert.match(preview.stdout, /unchanged/);
            assert.equal(
                writes((await requests("dev")).slice(logBefore)).length,
                0,
                "a preview writes nothing",
            );
        });

        it("replaces only the menu whose image changed, re-pointing alias and default before deleting it", async () => {
            const old = await stack.outputs();
            await stack.config("homeImage", "menu-home-v2.png");
            const preview = await stack.preview(["--diff"]);
            const replaced = [
                ...preview.stdout.matchAll(
                    /\+-\s*pulumi-nodejs:dynamic\/line:RichMenu: \(replace\)\s+\[id=[^\]]+\]\s+\[urn=[^\]]+::(\w+)\]/g,
                ),
            ];
            assert.deepEqual(
                replaced.map(m => m[1]),
                ["home"],
                "only the home menu is replaced",
            );
            assert.match(
                preview.stdout,
                /~ imageSha256\s*: "[0-9a-f]{64}" => "[0-9a-f]{64}"/,
                "the reason: the image bytes",
            );

            const from = (await requests("dev")).length;
            await stack.up();
            const log = (await requests("dev")).slice(from).map(r => `${r.method} ${r.path}`);
            const created = log.indexOf("POST /v2/bot/richmenu");
            const uploaded = log.findIndex(l =>
                /^POST \/v2\/bot\/richmenu\/richmenu-[0-9a-f]+\/content$/.test(l),
            );
            const repointed = log.indexOf("POST /v2/bot/richmenu/alias/home");
            const defaulted = log.findIndex(l => /^POST \/v2\/bot\/user\/all\/richmenu\//.test(l));
            const deleted = log.indexOf(`DELETE /v2/bot/richmenu/${String(old.homeRichMenuId)}`);
            assert.ok(created >= 0 && uploaded > created, `create then upload: ${log.join(", ")}`);
            assert.ok(
                repointed > uploaded && defaulted > uploaded,
                `alias and default re-pointed after upload: ${log.join(", ")}`,
            );
            assert.ok(deleted > repointed && deleted > defaulted, `old menu deleted last: ${log.join(", ")}`);

            const state = await channel("dev");
            const now = await stack.outputs();
            assert.notEqual(now.homeRichMenuId, old.homeRichMenuId);
            assert.equal(now.shopRichMenuId, old.shopRichMenuId);
            assert.deepEqual(
                state.richMenus.map(m => m.richMenuId).sort(),
                [now.homeRichMenuId, now.shopRichMenuId].sort(),
            );
            assert.equal(state.defaultRichMenuId, now.homeRichMenuId);
        });

        it("shows out-of-band drift on refresh and restores it on the next up", async () => {
            const outputs = await stack.outputs();
            const api = lineApi(DEV_TOKEN);
            assert.equal((await api("DELETE", "/v2/bot/richmenu/alias/shop")).status, 200);
            assert.equal(
                (await api("POST", `/v2/bot/user/all/richmenu/${String(outputs.shopRichMenuId)}`)).status,
                200,
            );

            const refresh = await stack.pulumi(["refresh", "--yes", "--non-interactive", "--diff"]);
            assert.match(refresh.stdout, /shop-alias[\s\S]*deleted|deleted[\s\S]*shop-alias/);
            assert.match(
                refresh.stdout,
                /default[\s\S]*updated|~\s+pulumi-nodejs:dynamic\/line:DefaultRichMenu/,
            );

            await stack.up();
            const state = await channel("dev");
            assert.equal(state.defaultRichMenuId, outputs.homeRichMenuId);
            assert.ok(
                state.aliases.some(
                    a => a.richMenuAliasId === "shop" && a.richMenuId === outputs.shopRichMenuId,
                ),
            );
        });

        it("fails the preview of an invalid declaration, naming the property, with no write", async () => {
            await stack.config("chatBarText", "far too long for the chat bar");
            const from = (await requests("dev")).length;
            const preview = await stack.preview([], true);
            assert.notEqual(preview.status, 0);
            assert.match(preview.stdout + preview.stderr, /chatBarText/);
            assert.match(preview.stdout + preview.stderr, /more than 14 characters/);
            assert.equal(writes((await requests("dev")).slice(from)).length, 0);
            await stack.pulumi(["config", "rm", "chatBarText"]);
        });

        it("keeps the token out of the exported state", async () => {
            const exported = await stack.exportState();
            assert.ok(!exported.includes(DEV_TOKEN), "the token is not in state");
            assert.match(exported, /pulumi-nodejs:dynamic\/line:RichMenu/);
        });

        it("leaves the channel as it was before the first up after destroy", async () => {
            await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
            const after = await channel("dev");
            assert.deepEqual(after.richMenus, before.richMenus);
            assert.deepEqual(after.aliases, before.aliases);
            assert.equal(after.defaultRichMenuId ?? null, before.defaultRichMenuId ?? null);
        });
    });
    describe("promotion: the same program on dev and prod", () => {
        let dev: TestStack;
        let prod: TestStack;
        const env = () => ({ LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url });

        before(async () => {
            dev = await TestStack.create("dev", { env: env() });
            prod = await TestStack.create("prod", { env: env() });
            stacks.push(dev, prod);
            await dev.config("line:channelAccessToken", DEV_TOKEN, true);
            await dev.config("line:expectedBot", "@dev-bot");
            await dev.config("webhookUrl", "https://dev.example.com/line/webhook");
            // prod issues a stateless token from its channel ID and secret on every run.
            await prod.config("line:channelId", PROD_CHANNEL_ID);
            await prod.config("line:channelSecret", PROD_SECRET, true);
            await prod.config("line:expectedBot", "@prod-bot");
            await prod.config("webhookUrl", "https://www.example.com/line/webhook");
        });

        it("converges each stack on its own channel", async () => {
            await dev.up();
            await prod.up();
            const [d, p] = [await channel("dev"), await channel("prod")];
            assert.equal(d.richMenus.length, 2);
            assert.equal(p.richMenus.length, 2);
            const webhook = async (name: string) =>
                (await control<{ webhook: { endpoint: string } }>("GET", `/channels/${name}/state`)).webhook
                    .endpoint;
            assert.equal(await webhook("dev"), "https://dev.example.com/line/webhook");
            assert.equal(await webhook("prod"), "https://www.example.com/line/webhook");
            assert.equal(p.defaultRichMenuId, (await prod.outputs()).homeRichMenuId);
            assert.equal((await prod.preview(["--expect-no-changes"])).status, 0);
        });

        it("stops a prod stack pointed at the dev token before any write, naming both bots", async () => {
            const from = (await requests("dev")).length;
            await prod.config("webhookUrl", "https://www.example.com/line/webhook/v2");
            const run = await prod.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"], {
                allowFailure: true,
                env: { LINE_CHANNEL_ACCESS_TOKEN: DEV_TOKEN },
            });
            // Stack config wins over the environment, so point prod's own settings at the dev token.
            assert.equal(
                run.status,
                0,
                `with its own config prod still reaches prod:\n${run.stdout}\n${run.stderr}`,
            );
            await prod.pulumi(["config", "rm", "line:channelId"]);
            await prod.pulumi(["config", "rm", "line:channelSecret"]);
            await prod.config("line:channelAccessToken", DEV_TOKEN, true);
            await prod.config("webhookUrl", "https://www.example.com/line/webhook/v3");
            const fromDev = (await requests("dev")).length;
            const guarded = await prod.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"], {
                allowFailure: true,
            });
            assert.notEqual(guarded.status, 0);
            const output = guarded.stdout + guarded.stderr;
            assert.match(output, /@prod-bot/);
            assert.match(output, /@dev-bot/);
            assert.deepEqual(
                writes((await requests("dev")).slice(fromDev)),
                [],
                "no write reached the dev channel",
            );
            assert.ok(from <= fromDev);
        });

        it("keeps tokens and the channel secret out of every stack's exported state", async () => {
            for (const stack of [dev, prod]) {
                const exported = await stack.exportState();
                for (const secret of [DEV_TOKEN, PROD_TOKEN, PROD_SECRET]) {
                    assert.ok(!exported.includes(secret), `${stack.name}'s state holds no credential`);
                }
            }
        });
    });
});
