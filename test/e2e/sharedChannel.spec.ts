import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { callEmulator } from "../support/emulator";
import { TestStack, emulatorControl, pulumiBinDir, registerSecrets } from "./harness";

/**
 * Two stacks on one channel, through the real engine. The second stack's preview names everything its
 * creates would take from the first (the default menu, the alias, the webhook URL) before anything is
 * written; with strict ownership it refuses; with `adopt: true` it takes them over. Its destroy touches
 * only what is still its own, and the first stack, refreshing on every run (`options: refresh: always`),
 * notices and puts back what is its own.
 */

const TOKEN = "e2e-shared-token-4d1a77";

const PROGRAM = `
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const line = require(PULUMI_LINE);
const config = new pulumi.Config();
const label = config.require("label");
const adopt = config.getBoolean("adopt") ? { adopt: true } : {};
const home = new line.RichMenu("home", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Home " + label,
    chatBarText: "Menu",
    image: path.join(ASSETS, "menu-home.png"),
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 1686 }, action: { type: "postback", data: label } }],
});
new line.DefaultRichMenu("default", { richMenuId: home.richMenuId, ...adopt });
new line.WebhookEndpoint("webhook", { endpoint: config.require("webhookUrl"), ...adopt });
new line.RichMenuAlias("home-alias", { richMenuAliasId: "home", richMenuId: home.richMenuId, ...adopt });
exports.home = home.richMenuId;
`;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly channel?: string;
}

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string; name: string }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId?: string | null;
    readonly webhook: { endpoint?: string | null };
}

const URL_A = "https://a.example.com/line/webhook";
const URL_B = "https://b.example.com/line/webhook";

describe("two stacks on one channel", function () {
    this.timeout(20 * 60_000);
    let emulator: Emulator;
    let first: TestStack;
    let second: TestStack;
    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/shared/state");
    const log = async () => (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests;
    /** The writes (anything but GET) sent to the channel while `run` ran. */
    async function writesDuring(run: () => Promise<unknown>): Promise<string[]> {
        const from = (await log()).length;
        await run();
        return (await log())
            .slice(from)
            .filter(r => r.method !== "GET")
            .map(r => `${r.method} ${r.path}`);
    }
    const homeOf = async (stack: TestStack) => String((await stack.outputs()).home);
    const output = (run: { stdout: string; stderr: string }) => `${run.stdout}\n${run.stderr}`;
    const warningLines = (text: string) => text.split("\n").filter(l => /warning: pulumi-line: /.test(l));

    async function stackOf(name: string, label: string, webhookUrl: string): Promise<TestStack> {
        const stack = await TestStack.create(name, {
            program: PROGRAM,
            projectOptions: { refresh: "always" },
            env: { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url },
        });
        await stack.config("line:channelAccessToken", TOKEN, true);
        await stack.config("label", label);
        await stack.config("webhookUrl", webhookUrl);
        return stack;
    }

    before(async () => {
        registerSecrets(TOKEN);
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: [{ name: "shared", accessToken: TOKEN, basicId: "@shared-bot" }],
        });
        first = await stackOf("first", "A", URL_A);
        second = await stackOf("second", "B", URL_B);
    });

    after(async () => {
        first?.dispose();
        second?.dispose();
        await emulator?.close();
    });

    it("the first stack sets the default menu, the alias and the webhook URL", async () => {
        await first.up();
        const home = await homeOf(first);
        const state = await channel();
        assert.equal(state.defaultRichMenuId, home);
        assert.deepEqual(state.aliases, [{ richMenuAliasId: "home", richMenuId: home }]);
        assert.equal(state.webhook.endpoint, URL_A);
    });

    it("the second stack's preview names every takeover and its holder, as warnings, writing nothing", async () => {
        const home = await homeOf(first);
        let preview: { stdout: string; stderr: string } = { stdout: "", stderr: "" };
        const writes = await writesDuring(async () => (preview = await second.preview()));
        assert.deepEqual(writes, []);
        const warnings = warningLines(output(preview));
        const expected: readonly RegExp[] = [
            new RegExp(
                `DefaultRichMenu: the default rich menu of channel "default" is ${home} \\("Home A"\\), not set by this stack; \`pulumi up\` takes it over\\. Set \`adopt: true\``,
            ),
            new RegExp(
                `WebhookEndpoint: the webhook URL of channel "default" is ${URL_A.replace(/\./g, "\\.")}, not set by this stack; \`pulumi up\` takes it over`,
            ),
            new RegExp(
                `RichMenuAlias: rich menu alias "home" of channel "default" already exists, pointing at ${home} \\("Home A"\\), and was not created by this stack; LINE refuses to create it again`,
            ),
        ];
        for (const pattern of expected) {
            assert.ok(
                warnings.some(w => pattern.test(w)),
                `${String(pattern)} among the warnings:\n${output(preview)}`,
            );
        }
        // Warnings of the run, not stray provider output: the summary counts them.
        assert.match(output(preview), /Diagnostics:[\s\S]*warning: pulumi-line: /);
    });

    it("with strict ownership its up refuses before anything is written", async () => {
        const home = await homeOf(first);
        await second.config("line:ownership", "strict");
        let up: { status: number; stdout: string; stderr: string } = { status: 0, stdout: "", stderr: "" };
        const writes = await writesDuring(
            async () =>
                (up = await second.pulumi(["up", "--yes", "--non-interactive"], { allowFailure: true })),
        );
        assert.notEqual(up.status, 0, output(up));
        assert.deepEqual(writes, [], "nothing written");
        assert.match(
            output(up),
            new RegExp(
                `(the default rich menu of channel "default" is ${home} \\("Home A"\\)|the webhook URL of channel "default" is ${URL_A.replace(/\./g, "\\.")}|rich menu alias "home" of channel "default" already exists, pointing at ${home}), [^\\n]*ownership is strict \\(line:ownership / LINE_OWNERSHIP\\): nothing was changed\\. Set \`adopt: true\``,
            ),
        );
        const state = await channel();
        assert.equal(state.defaultRichMenuId, home);
        assert.equal(state.webhook.endpoint, URL_A);
        assert.deepEqual(state.aliases, [{ richMenuAliasId: "home", richMenuId: home }]);
    });

    it("with adopt: true it previews without a warning and takes all three over", async () => {
        await second.config("adopt", "true");
        const preview = await second.preview();
        assert.deepEqual(warningLines(output(preview)), [], output(preview));
        await second.up();
        const home = await homeOf(second);
        const state = await channel();
        assert.equal(state.defaultRichMenuId, home);
        assert.equal(state.webhook.endpoint, URL_B);
        assert.deepEqual(state.aliases, [{ richMenuAliasId: "home", richMenuId: home }]);
    });

    it("destroying the second stack touches only what is still its own", async () => {
        const mine = await homeOf(second);
        const theirs = await homeOf(first);
        // Someone sets the first stack's menu as the default again before the second stack goes.
        const api = (method: string, path: string) => callEmulator(emulator.url, TOKEN, method, path);
        assert.equal((await api("POST", `/v2/bot/user/all/richmenu/${theirs}`)).status, 200);

        const writes = await writesDuring(() =>
            second.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]),
        );
        assert.ok(!writes.includes("DELETE /v2/bot/user/all/richmenu"), `default left: ${writes.join(", ")}`);
        assert.deepEqual(
            writes.sort(),
            [
                `DELETE /v2/bot/richmenu/${mine}`,
                "DELETE /v2/bot/richmenu/alias/home",
                "PUT /v2/bot/channel/webhook/endpoint",
            ].sort(),
        );
        const state = await channel();
        assert.equal(state.defaultRichMenuId, theirs, "the default someone set since is left alone");
        assert.deepEqual(state.aliases, [], "the alias still pointing at its menu is deleted");
        assert.equal(state.webhook.endpoint, URL_A, "the URL it took over is put back");
        assert.deepEqual(
            state.richMenus.map(m => m.richMenuId),
            [theirs],
        );
    });

    it("the first stack's next up notices and restores what is its own", async () => {
        const home = await homeOf(first);
        // Without a refresh the stack cannot know: its state still says the alias is there.
        const blind = await first.preview(["--refresh=false", "--expect-no-changes"], true);
        assert.equal(blind.status, 0, output(blind));
        // Pulumi.yaml's `options: refresh: always` makes a plain preview (and up) read the channel first.
        const preview = await first.preview(["--diff"]);
        assert.match(output(preview), /\+\s+pulumi-nodejs:dynamic\/line:RichMenuAlias: \(create\)/);
        assert.deepEqual(warningLines(output(preview)), [], "its own alias, recreated, is no takeover");
        const writes = await writesDuring(() => first.up());
        assert.deepEqual(writes, ["POST /v2/bot/richmenu/alias"]);
        const state = await channel();
        assert.deepEqual(state.aliases, [{ richMenuAliasId: "home", richMenuId: home }]);
        assert.equal(state.defaultRichMenuId, home);
        assert.equal(state.webhook.endpoint, URL_A);
        assert.equal((await first.preview(["--expect-no-changes"])).status, 0);
    });
});
