import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { TestStack, devAndProdChannels, emulatorControl, pulumiBinDir, registerSecrets } from "./harness";

/**
 * `line:expectedBot` in stack config guards the preview, as the same key in line.yaml does: a stack
 * whose token belongs to another bot fails `pulumi preview`, naming both bots, before anything is
 * written, so a reviewer never sees a passing preview of a change `up` would refuse.
 */

const DEV_TOKEN = "e2e-expected-dev-token-19ce02";
const PROD_TOKEN = "e2e-expected-prod-token-5b21c8";

const PROGRAM = `
const path = require("node:path");
const line = require(PULUMI_LINE);
const home = new line.RichMenu("home", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Home",
    chatBarText: "Menu",
    image: path.join(ASSETS, "menu-home.png"),
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 1686 }, action: { type: "postback", data: "home" } }],
});
new line.DefaultRichMenu("default", { richMenuId: home.richMenuId });
new line.WebhookEndpoint("webhook", { endpoint: "https://www.example.com/line/webhook" });
`;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
}

describe("the expected bot from stack config", function () {
    this.timeout(10 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    const control = emulatorControl(() => emulator.url);
    const log = async () => (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests;

    before(async () => {
        registerSecrets(DEV_TOKEN, PROD_TOKEN);
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: devAndProdChannels(DEV_TOKEN, PROD_TOKEN),
        });
        stack = await TestStack.create("prod", {
            program: PROGRAM,
            env: { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url },
        });
        await stack.config("line:expectedBot", "@prod-bot");
    });

    after(async () => {
        stack?.dispose();
        await emulator?.close();
    });

    it("says nothing about the bot in a preview without credentials", async () => {
        const preview = await stack.preview();
        assert.doesNotMatch(preview.stdout + preview.stderr, /LINE bot|@dev-bot/);
        assert.deepEqual(await log(), [], "LINE was not asked");
    });

    it("fails the preview of a stack holding another bot's token, naming both bots, writing nothing", async () => {
        await stack.config("line:channelAccessToken", DEV_TOKEN, true);
        const preview = await stack.preview([], true);
        const output = preview.stdout + preview.stderr;
        assert.notEqual(preview.status, 0, output);
        assert.match(
            output,
            /Wrong LINE bot for channel "default": this stack expects bot @prod-bot \(line:expectedBot \/ LINE_EXPECTED_BOT\), but the channel's credentials belong to bot @dev-bot "Shop \(dev\)"/,
        );
        const writes = (await log()).filter(r => r.method !== "GET");
        assert.deepEqual(writes, []);
    });
});
