import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { LineClient } from "../../provider/client";
import { findOrphanRichMenus, type StackDeployment } from "../../provider/orphans";
import { ROOT, TestStack, emulatorControl, pulumiBinDir } from "./harness";
import { endMarkedProcesses, roleOf, waitUntilGone } from "./processes";

/**
 * `pulumi up` killed at random moments (the CLI's whole process group, as a cancelled CI job does).
 * After each kill, within a few seconds nothing the run started is left running, and nothing more
 * reaches LINE; README's recovery, run exactly as written there, converges the stack and leaves no
 * orphan menu.
 */

const TOKEN = "e2e-chaos-token-51c2d8";
const TRIALS = Number(process.env.PULUMI_LINE_KILL_TRIALS ?? 20);
/** How long the run's processes may outlive the engine: the watchdog checks four times a second. */
const GRACE_MS = 5_000;

/**
 * The one place that says how `pulumi-line` is installed in the stack's directory: `npx` finds the
 * package's bin (package.json `bin`) in `node_modules/.bin`, as in a project that depends on it.
 */
const PACKAGE_BIN = { name: "pulumi-line", target: path.join(ROOT, "dist", "provider", "cli", "index.js") };

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

/** One command of README's recovery block, with what its trailing comment says about when to run it. */
interface RecoveryStep {
    readonly command: string;
    readonly onlyIfLocked: boolean;
    /** Only when the kill left the local backend's sidecar empty, so Pulumi cannot read the stack. */
    readonly onlyIfUnreadable: boolean;
}

const UNREADABLE = /failed to load checkpoint: EOF/;

/** The commands of the `sh` block under "When a run is interrupted" in README.md, in order. */
function readmeRecovery(): RecoveryStep[] {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.split(/^### When a run is interrupted$/m)[1];
    const block = section?.match(/```sh\n([\s\S]*?)```/)?.[1];
    assert.ok(block, 'README has a ```sh block under "When a run is interrupted"');
    return block
        .split("\n")
        .filter(line => line.trim() !== "")
        .map(line => {
            const [command = "", comment = ""] = line.split(/\s+#\s+/, 2);
            return {
                command: command.trim(),
                onlyIfLocked: /only if .*locked/.test(comment),
                onlyIfUnreadable: UNREADABLE.test(comment),
            };
        });
}

describe("pulumi up killed at random points", function () {
    this.timeout(30 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    const recovery = readmeRecovery();
    const random = seeded(Number(process.env.PULUMI_LINE_KILL_SEED ?? 20261124));
    const client = () =>
        new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: emulator.url, dataBaseUrl: emulator.url });
    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/chaos/state");
    /** The calls the emulator has answered that arrived at or after `time` (epoch ms). */
    const callsSince = async (time: number) =>
        (await control<{ requests: RequestLogEntry[] }>("GET", "/requests")).requests.filter(
            entry => Date.parse(entry.receivedTime) >= time,
        );
    const stats = {
        trials: 0,
        killedMidway: 0,
        processesAtKill: 0,
        processesLeftAfterGrace: 0,
        callsAfterKill: 0,
        lockedAfterKill: 0,
        unreadableAfterKill: 0,
        orphansDeleted: 0,
        orphansAfterRecovery: 0,
        processesAfterRecovery: 0,
    };

    /**
     * One line of README's recovery as a user types it. README's `~/.pulumi` is `pulumi login --local`'s
     * folder; this stack's local backend is its own folder, so that line runs with HOME there.
     */
    const runRecoveryStep = (step: RecoveryStep) =>
        stack.shell(step.command, step.onlyIfUnreadable ? { env: { HOME: stack.backendDir } } : {});

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
        stack.installBin(PACKAGE_BIN.name, PACKAGE_BIN.target);
        await stack.up();
    });

    after(async () => {
        console.log(`      interruptions: ${JSON.stringify(stats)}`);
        stack?.dispose();
        await emulator?.close();
    });

    it("reads README's recovery: empty sidecars if unreadable, cancel if locked, orphans, refresh, up", () => {
        assert.deepEqual(
            recovery.map(step => step.command.split(/\s+/).slice(0, 3).join(" ")),
            [
                "find ~/.pulumi -name",
                "pulumi cancel --yes",
                "pulumi stack export",
                "pulumi refresh --yes",
                "pulumi up --yes",
            ],
        );
        assert.deepEqual(
            recovery.map(step => [step.onlyIfUnreadable, step.onlyIfLocked]),
            [
                [true, false],
                [false, true],
                [false, false],
                [false, false],
                [false, false],
            ],
        );
        assert.match(recovery[2]!.command, /\| npx pulumi-line orphans --delete$/);
        assert.match(recovery[3]!.command, /--clear-pending-creates/);
    });

    it("README's first step makes a stack readable again after a kill left its sidecar empty", async () => {
        // What a kill between the backend's sidecar write and its rename leaves (README explains).
        const stacksDir = path.join(stack.backendDir, ".pulumi", "stacks");
        const sidecars = readdirSync(stacksDir, { recursive: true, encoding: "utf8" }).filter(f =>
            f.endsWith(".json.attrs"),
        );
        assert.ok(sidecars.length > 0, "the local backend writes sidecars beside the stack's state");
        for (const sidecar of sidecars) writeFileSync(path.join(stacksDir, sidecar), "");
        const broken = await stack.pulumi(["stack", "export"], { allowFailure: true });
        assert.match(broken.stderr, UNREADABLE);

        await runRecoveryStep(recovery[0]!);
        assert.equal((await stack.pulumi(["stack", "export"])).status, 0);
        assert.equal((await stack.preview(["--expect-no-changes"])).status, 0);
    });

    for (let trial = 1; trial <= TRIALS; trial++) {
        it(`leaves nothing running and converges after kill #${trial}`, async () => {
            stats.trials++;
            // Every trial changes both images, so each up replaces menus, re-points and deletes.
            const v2 = trial % 2 === 1;
            await stack.config("homeImage", v2 ? "menu-home-v2.png" : "menu-home.png");
            await stack.config("chatBarText", v2 ? "Menu v2" : "Menu");

            // A slow image upload widens the window between "menu created" and "checkpoint written",
            // where a kill leaves an untracked menu behind, and keeps a call in flight at the kill.
            await control("POST", "/faults", {
                method: "POST",
                path: "/v2/bot/richmenu/{richMenuId}/content",
                delayMs: 1500,
                times: 2,
            });
            // The moment is picked in the run's LINE traffic, not in wall time, which a loaded machine
            // stretches: after a random number of answered calls (none: before the provider host has
            // sent anything, maybe before it started), plus a random part of an upload's delay.
            const afterCalls = Math.floor(random() * 4);
            const extraMs = Math.floor(random() * 1500);
            const startedAt = Date.now();
            const run = stack.start(["up", "--yes", "--non-interactive", "--skip-preview"]);
            let finished = false;
            const outcome = await Promise.race([
                run.exited.then(() => {
                    finished = true;
                    return "finished";
                }),
                (async () => {
                    while (!finished && (await callsSince(startedAt)).length < afterCalls) await sleep(50);
                    await sleep(extraMs);
                    return "kill";
                })(),
            ]);
            finished = true;
            let atKill: string[] = [];
            let left = 0;
            let callsAfterKill: RequestLogEntry[] = [];
            if (outcome === "kill") {
                stats.killedMidway++;
                process.kill(-run.child.pid!, "SIGKILL");
                await run.exited;
                // From here on the engine is dead: whatever its plugins send now, nobody records.
                const killedAt = Date.now();
                atKill = stack.processes().map(roleOf);
                left = await waitUntilGone(stack.mark, GRACE_MS);
                callsAfterKill = await callsSince(killedAt + 1);
            } else {
                left = await waitUntilGone(stack.mark, GRACE_MS);
            }
            stats.processesAtKill += atKill.length;
            stats.processesLeftAfterGrace += left;
            stats.callsAfterKill += callsAfterKill.length;
            console.log(
                `      ${outcome} after ${afterCalls} calls + ${extraMs}ms: ${atKill.length} processes at the kill ` +
                    `(${atKill.join(", ") || "none"}), ${left} left after ` +
                    `${GRACE_MS / 1000}s, ${callsAfterKill.length} calls to LINE after the kill`,
            );
            // Ended here whatever happens next, so one failing trial does not count in the next.
            endMarkedProcesses(stack.mark);
            assert.equal(left, 0, `no process of the run outlives the engine by ${GRACE_MS / 1000}s`);
            assert.deepEqual(
                callsAfterKill.map(entry => `${entry.method} ${entry.path}`),
                [],
                "no call reaches LINE after the engine is gone",
            );

            // Recovery exactly as README has it.
            await control("DELETE", "/faults");
            for (const step of recovery) {
                if (step.onlyIfUnreadable) {
                    const probe = await stack.pulumi(["stack", "export"], { allowFailure: true });
                    if (!UNREADABLE.test(probe.stderr)) continue;
                    stats.unreadableAfterKill++;
                }
                if (step.onlyIfLocked) {
                    if (!stack.isLocked()) continue;
                    stats.lockedAfterKill++;
                }
                const ran = await runRecoveryStep(step);
                stats.orphansDeleted += Number(/deleted (\d+) orphan/.exec(ran.stdout)?.[1] ?? 0);
            }
            assert.equal(stack.isLocked(), false, "the recovery leaves the stack unlocked");

            const state = JSON.parse(await stack.exportState()) as StackDeployment;
            const report = await findOrphanRichMenus(client(), state, "default");
            stats.orphansAfterRecovery += report.orphans.length;
            assert.deepEqual(report.orphans, [], "no orphan is left after the recovery");
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
            const afterRecovery = await waitUntilGone(stack.mark, GRACE_MS);
            stats.processesAfterRecovery += afterRecovery;
            assert.equal(afterRecovery, 0, "the recovery's own runs leave nothing running");
        });
    }
});

function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}
