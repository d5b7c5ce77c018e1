import assert from "node:assert/strict";
import { startEmulator, type Emulator, type FaultSpec } from "../../emulator";
import { LineClient } from "../../provider/client";
import { findOrphanRichMenus, type StackDeployment } from "../../provider/orphans";
import { TestStack, assertNoSecrets, emulatorControl, pulumiBinDir } from "./harness";

/**
 * What the real LINE API does to a deployment, injected by the emulator while the real engine runs
 * an update that replaces a menu (create, upload, re-point alias and default, batch-move linked users,
 * delete the old menu). Each run either succeeds or stops with a clear error; afterwards the channel
 * holds no orphan and no duplicate, and the next `pulumi up` converges.
 */

const TOKEN = "e2e-faults-token-c04b19";

const PROGRAM = `
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const line = require(PULUMI_LINE);
const config = new pulumi.Config();
const version = config.get("version") ?? "1";
const friends = JSON.parse(config.require("friends"));
const menu = (name, tab, image) =>
    new line.RichMenu(name, {
        size: { width: 2500, height: 1686 },
        selected: true,
        name: name + " v" + (name === "home" ? version : "1"),
        chatBarText: "Menu",
        image: path.join(ASSETS, image),
        areas: [
            { bounds: { x: 0, y: 0, width: 1250, height: 250 }, action: { type: "richmenuswitch", richMenuAliasId: tab, data: "tab" } },
            { bounds: { x: 1250, y: 0, width: 1250, height: 250 }, action: { type: "postback", data: name } },
        ],
    });
const home = menu("home", "shop", "menu-home.png");
const shop = menu("shop", "home", "menu-shop.png");
new line.RichMenuAlias("home", { richMenuAliasId: "home", richMenuId: home.richMenuId });
new line.RichMenuAlias("shop", { richMenuAliasId: "shop", richMenuId: shop.richMenuId });
new line.DefaultRichMenu("default", { richMenuId: home.richMenuId });
new line.UserRichMenuLinks("members", { richMenuId: home.richMenuId, userIds: friends, batchTimeoutSeconds: 60 });
exports.home = home.richMenuId;
exports.shop = shop.richMenuId;
`;

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string; hasImage: boolean }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Readonly<Record<string, string>>;
}

/** Each row: the faults injected during one update. */
const SCENARIOS: readonly (readonly [string, readonly FaultSpec[]])[] = [
    ["a 429 storm", [{ path: "/v2/*", status: 429, probability: 0.3 }]],
    ["5xx answers", [{ path: "/v2/*", status: 500, probability: 0.2 }]],
    ["connection resets", [{ path: "/v2/*", reset: true, probability: 0.2 }]],
    ["slow responses", [{ path: "/v2/*", delayMs: 400, probability: 1 }]],
    [
        "a failure after the menu is created, before its image",
        [{ method: "POST", path: "/v2/bot/richmenu/{richMenuId}/content", status: 500, times: 10 }],
    ],
    [
        "a batch move that fails midway",
        [
            {
                method: "GET",
                path: "/v2/bot/richmenu/progress/batch",
                status: 200,
                body: {
                    phase: "failed",
                    acceptedTime: "2026-11-24T00:00:00.000Z",
                    completedTime: "2026-11-24T00:00:01.000Z",
                },
                times: 1,
            },
        ],
    ],
];

describe("the engine under faults", function () {
    this.timeout(30 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    let friends: string[];
    let version = 1;
    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/faults/state");

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            channels: [{ name: "faults", accessToken: TOKEN }],
            timeScale: 600,
        });
        friends = (await control<{ userIds: string[] }>("POST", "/channels/faults/users", { count: 3 }))
            .userIds;
        stack = await TestStack.create("faults", {
            program: PROGRAM,
            env: {
                LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
                LINE_RATE_LIMIT_TIME_SCALE: "600",
            },
        });
        await stack.config("friends", JSON.stringify(friends));
        await stack.up();
    });

    after(async () => {
        stack?.dispose();
        await emulator?.close();
    });

    async function assertConverged(): Promise<void> {
        const outputs = await stack.outputs();
        const state = await channel();
        const tracked = [outputs.home, outputs.shop].sort();
        assert.deepEqual(state.richMenus.map(m => m.richMenuId).sort(), tracked, "no orphan, no duplicate");
        assert.ok(state.richMenus.every(m => m.hasImage));
        assert.deepEqual(state.aliases.map(a => [a.richMenuAliasId, a.richMenuId]).sort(), [
            ["home", outputs.home],
            ["shop", outputs.shop],
        ]);
        assert.equal(state.defaultRichMenuId, outputs.home);
        for (const user of friends)
            assert.equal(state.userLinks[user], outputs.home, "every member is on the new menu");
        const client = new LineClient({
            channelAccessToken: TOKEN,
            apiBaseUrl: emulator.url,
            dataBaseUrl: emulator.url,
        });
        const report = await findOrphanRichMenus(
            client,
            JSON.parse(await stack.exportState()) as StackDeployment,
        );
        assert.equal(report.orphans.length, 0);
    }

    for (const [title, faults] of SCENARIOS) {
        it(`survives ${title} while replacing a default, aliased, linked menu`, async () => {
            version++;
            await stack.config("version", String(version));
            for (const fault of faults) await control("POST", "/faults", fault);
            const first = await stack.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"], {
                allowFailure: true,
            });
            await control("DELETE", "/faults");
            if (first.status !== 0) {
                // A clear error: LINE's status and the call, never a stack trace alone.
                assert.match(
                    first.stdout + first.stderr,
                    /LINE API (GET|POST|PUT|DELETE) \/v2\/\S+ failed|batch .* failed/,
                );
                await stack.up();
            }
            await assertConverged();
            assert.equal((await stack.preview(["--expect-no-changes"])).status, 0);

            const log = await control<unknown>("GET", "/requests");
            assertNoSecrets(
                {
                    "the CLI output": stack.transcript.join("\n"),
                    "the exported state": await stack.exportState(),
                    "the emulator's request log": JSON.stringify(log),
                },
                [TOKEN],
            );
        });
    }
});
