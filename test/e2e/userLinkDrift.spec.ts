import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { messagingApi } from "@line/bot-sdk";
import { startEmulator, type Emulator } from "../../emulator";
import { TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * Per-user links changed behind Pulumi's back, with the real engine: a user unlinked through LINE's
 * own SDK shows up in `pulumi refresh`, and the next `pulumi up` links that user, and nobody else, again.
 * A set too large to check user by user says so at preview.
 */

const TOKEN = "e2e-drift-token-4e19ab";
const LARGE_SET = 1_001;

const PROGRAM = `
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const line = require(PULUMI_LINE);
const config = new pulumi.Config();
const home = new line.RichMenu("home", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Home",
    chatBarText: "Menu",
    image: path.join(ASSETS, "menu-home.png"),
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 1686 }, action: { type: "postback", data: "home" } }],
});
new line.UserRichMenuLinks("members", { richMenuId: home.richMenuId, userIds: JSON.parse(config.require("members")) });
new line.UserRichMenuLinks("everyone", { richMenuId: home.richMenuId, userIdsFile: "everyone.txt" });
exports.home = home.richMenuId;
`;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly bodySize: number;
}

describe("per-user link drift, with the engine", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    let members: string[];
    let everyone: string[];
    const control = emulatorControl(() => emulator.url);
    const links = async () =>
        (await control<{ userLinks: Record<string, string> }>("GET", "/channels/drift/state")).userLinks;

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({ port: 0, channels: [{ name: "drift", accessToken: TOKEN }] });
        const friends = (
            await control<{ userIds: string[] }>("POST", "/channels/drift/users", { count: 3 + LARGE_SET })
        ).userIds;
        members = friends.slice(0, 3);
        everyone = friends.slice(3);
        stack = await TestStack.create("drift", {
            program: PROGRAM,
            env: {
                LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
            },
        });
        writeFileSync(path.join(stack.dir, "everyone.txt"), `${everyone.join("\n")}\n`);
        await stack.config("members", JSON.stringify(members), true);
    });

    after(async () => {
        stack?.dispose();
        await emulator?.close();
    });

    it("says at preview that a set larger than the limit is not checked user by user", async () => {
        const preview = await stack.preview();
        assert.match(
            preview.stdout + preview.stderr,
            /users of everyone\.txt linked to a new rich menu: 1,001 users; refresh checks each user's link only in sets of up to 1,000, so it will not find these users' links changed outside Pulumi \(only a deleted menu\)/,
        );
        await stack.up();
        const home = (await stack.outputs()).home as string;
        const linked = await links();
        assert.ok([...members, ...everyone].every(u => linked[u] === home));
    });

    it("keeps inline IDs only encrypted in state", async () => {
        const exported = await stack.exportState();
        for (const user of members) assert.ok(!exported.includes(user), "no member's ID in clear in state");
        const deployment = JSON.parse(exported) as {
            deployment: { resources: { urn: string; outputs?: Record<string, unknown> }[] };
        };
        const set = deployment.deployment.resources.find(r => r.urn.endsWith("::members"));
        assert.ok(
            JSON.stringify(set?.outputs?.userIds).includes("4dabf18193072939515e22adb298388d"),
            "the userIds output is a secret",
        );
    });

    it("finds a user unlinked through LINE's SDK at refresh, and up links exactly that user again", async () => {
        const home = (await stack.outputs()).home as string;
        const sdk = new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: emulator.url });
        await sdk.unlinkRichMenuIdFromUser(members[1]!);
        assert.equal((await links())[members[1]!], undefined);

        const clean = await stack.preview(["--expect-no-changes"]);
        assert.equal(clean.status, 0, "without a refresh the engine cannot know");

        const refresh = await stack.pulumi(["refresh", "--yes", "--non-interactive", "--diff"]);
        const printed = refresh.stdout + refresh.stderr;
        assert.match(
            printed,
            new RegExp(
                `users linked to rich menu ${home}: 1 user of 3 no longer has this menu \\(1 with no rich menu\\); ` +
                    "`pulumi up` links that user again",
            ),
        );
        assert.match(printed, /userCount\s*:\s*3 => 2/);
        assert.ok(!printed.includes(members[1]!), "refresh prints no user ID");
        assert.match(printed, /everyone\.txt .*1,001 users, more than the 1,000/);

        await control("DELETE", "/requests");
        await stack.up();
        const { requests } = await control<{ requests: RequestEntry[] }>("GET", "/requests");
        const writes = requests.filter(r => r.method !== "GET");
        assert.deepEqual(
            writes.map(r => `${r.method} ${r.path}`),
            ["POST /v2/bot/richmenu/bulk/link"],
        );
        assert.equal(
            writes[0]!.bodySize,
            Buffer.byteLength(JSON.stringify({ richMenuId: home, userIds: [members[1]] })),
            "the bulk link names that one user",
        );
        assert.equal((await links())[members[1]!], home);
        assert.equal((await stack.preview(["--expect-no-changes"])).status, 0);
    });
});
