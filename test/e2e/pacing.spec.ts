import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * LINE allows 100 rich menu creations an hour per channel. Applying 150 new menus (with their aliases)
 * must not fail: the provider's client waits for its token bucket instead of drawing 429s. The
 * emulator enforces LINE's limits with time running 600x faster, and the provider paces at the same
 * scale (`LINE_RATE_LIMIT_TIME_SCALE`), so an hour of LINE time passes in six seconds.
 */

const TOKEN = "e2e-pacing-token-0f3a77";
const MENUS = 150;
const TIME_SCALE = 600;

const PROGRAM = `
const path = require("node:path");
const line = require(PULUMI_LINE);
const image = path.join(ASSETS, "menu-shop.png");
for (let i = 0; i < ${MENUS}; i++) {
    const menu = new line.RichMenu("menu-" + i, {
        size: { width: 2500, height: 1686 },
        selected: false,
        name: "Campaign menu " + i,
        chatBarText: "Menu",
        image,
        areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 1686 }, action: { type: "postback", data: "menu=" + i } }],
    });
    new line.RichMenuAlias("alias-" + i, { richMenuAliasId: "campaign-" + i, richMenuId: menu.richMenuId });
}
`;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly status: number;
}

describe("pacing under LINE's rate limits", function () {
    this.timeout(20 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            channels: [{ name: "pacing", accessToken: TOKEN }],
            timeScale: TIME_SCALE,
        });
        stack = await TestStack.create("pacing", {
            program: PROGRAM,
            env: {
                LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
                LINE_RATE_LIMIT_TIME_SCALE: String(TIME_SCALE),
            },
        });
    });

    after(async () => {
        stack?.dispose();
        await emulator?.close();
    });

    it(`applies ${MENUS} new menus with aliases without a single 429`, async () => {
        const started = Date.now();
        // The --parallel README advises for a large channel: the pacing holds whatever the engine overlaps.
        await stack.up(["--parallel", "32"]);
        const seconds = (Date.now() - started) / 1000;
        const control = emulatorControl(() => emulator.url);
        const log = (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests;
        const creates = log.filter(r => r.method === "POST" && r.path === "/v2/bot/richmenu");
        assert.equal(creates.length, MENUS, "one create per menu, none repeated");
        assert.deepEqual(
            log.filter(r => r.status === 429),
            [],
            "the client waited instead of drawing 429s",
        );
        assert.deepEqual(
            log.filter(r => r.status >= 400),
            [],
        );
        // Before creating aliases, the ownership checks ask whether their IDs are taken, all from one
        // listing of the channel's aliases (kept 10 s), not with a read per alias.
        const listings = log.filter(r => r.method === "GET" && r.path === "/v2/bot/richmenu/alias/list");
        assert.ok(listings.length >= 1 && listings.length <= 1 + seconds / 10, `${listings.length} listings`);
        assert.deepEqual(
            log.filter(r => r.method === "GET" && /^\/v2\/bot\/richmenu\/alias\/(?!list$)/.test(r.path)),
            [],
        );
        const state = await control<{ richMenus: unknown[]; aliases: unknown[] }>(
            "GET",
            "/channels/pacing/state",
        );
        assert.equal(state.richMenus.length, MENUS);
        assert.equal(state.aliases.length, MENUS);
        // Beyond the first 100 (the bucket's capacity), creations wait for the refill: 50 at 100/h.
        console.log(
            `      ${MENUS} menus + aliases in ${seconds.toFixed(1)} s at ${TIME_SCALE}x (LINE time ≈ ${((seconds * TIME_SCALE) / 60).toFixed(0)} min)`,
        );
    });
});
