import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { LineClient } from "../../provider/client";
import { deleteOrphanRichMenus, findOrphanRichMenus, type StackDeployment } from "../../provider/orphans";
import { TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * `pulumi up` killed at random moments (the CLI and every plugin it started, as a cancelled CI job
 * does). After each kill, `refresh` and `up` must converge, and the orphan report must find exactly
 * the menus this stack created but lost track of, and delete only those.
 */

const TOKEN = "e2e-chaos-token-51c2d8";
const TRIALS = Number(process.env.PULUMI_LINE_KILL_TRIALS ?? 20);

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string; name: string; hasImage: boolean }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
}

/** A fixed-seed generator, so a failing trial can be replayed. */
function seeded(seed: number): () => number {
    let s = seed;
    return () => {
        s = (s * 1103515245 + 12345) & 0x7fffffff;
        return s / 0x7fffffff;
    };
}

describe("pulumi up killed at random points", function () {
    this.timeout(30 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    const random = seeded(Number(process.env.PULUMI_LINE_KILL_SEED ?? 20261124));
    const client = () =>
        new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: emulator.url, dataBaseUrl: emulator.url });
    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/chaos/state");
    const stats = { trials: 0, killedMidway: 0, orphansFound: 0, orphansDeleted: 0 };

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({ port: 0, channels: [{ name: "chaos", accessToken: TOKEN }] });
        stack = await TestStack.create("chaos", {
            env: {
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
                LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
            },
        });
        await stack.up();
    });

    after(async () => {
        console.log(`      interruptions: ${JSON.stringify(stats)}`);
        stack?.dispose();
        await emulator?.close();
    });

    for (let trial = 1; trial <= TRIALS; trial++) {
        it(`converges after kill #${trial}`, async () => {
            stats.trials++;
            // Every trial changes both images, so each up replaces menus, re-points and deletes.
            const v2 = trial % 2 === 1;
            await stack.config("homeImage", v2 ? "menu-home-v2.png" : "menu-home.png");
            await stack.config("chatBarText", v2 ? "Menu v2" : "Menu");

            // A slow image upload widens the window between "menu created" and "checkpoint written",
            // where a kill leaves an untracked menu behind.
            await control("POST", "/faults", {
                method: "POST",
                path: "/v2/bot/richmenu/{richMenuId}/content",
                delayMs: 1500,
                times: 2,
            });
            const delayMs = 300 + Math.floor(random() * 5000);
            const run = stack.start(["up", "--yes", "--non-interactive", "--skip-preview"]);
            const outcome = await Promise.race([
                run.exited.then(() => "finished"),
                sleep(delayMs).then(() => "kill"),
            ]);
            if (outcome === "kill") {
                stats.killedMidway++;
                process.kill(-run.child.pid!, "SIGKILL");
                await run.exited;
            }
            if (process.env.PULUMI_LINE_KILL_DEBUG) {
                const state = JSON.parse(await stack.exportState()) as StackDeployment;
                const pending = state.deployment?.pending_operations?.length ?? 0;
                console.log(
                    `      ${outcome} at ${delayMs}ms: ${(await channel()).richMenus.length} menus, ${pending} pending`,
                );
            }

            // Recovery as documented: refresh (dropping creates that never finished), then up.
            await control("DELETE", "/faults");
            await stack.pulumi(["cancel", "--yes"], { allowFailure: true });
            await stack.pulumi([
                "refresh",
                "--yes",
                "--non-interactive",
                "--skip-preview",
                "--clear-pending-creates",
            ]);
            await stack.up();

            const state = JSON.parse(await stack.exportState()) as StackDeployment;
            const report = await findOrphanRichMenus(client(), state, "default");
            stats.orphansFound += report.orphans.length;
            stats.orphansDeleted += (await deleteOrphanRichMenus(client(), report)).length;
            assert.equal(report.foreign, 0, "every menu in this channel is the stack's");

            const outputs = await stack.outputs();
            const after = await channel();
            assert.deepEqual(
                after.richMenus.map(m => m.richMenuId).sort(),
                [outputs.homeRichMenuId, outputs.shopRichMenuId].sort(),
                "exactly the tracked menus remain: no orphan, no duplicate",
            );
            assert.ok(after.richMenus.every(m => m.hasImage));
            assert.equal(after.defaultRichMenuId, outputs.homeRichMenuId);
            assert.deepEqual(after.aliases.map(a => [a.richMenuAliasId, a.richMenuId]).sort(), [
                ["home", outputs.homeRichMenuId],
                ["shop", outputs.shopRichMenuId],
            ]);
            const preview = await stack.preview(["--expect-no-changes"]);
            assert.equal(preview.status, 0);
        });
    }
});

function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}
