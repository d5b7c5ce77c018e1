import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { buildSdkChannel, type SdkChannel } from "../support/sdkChannel";
import { TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * Bringing a channel built by hand under code, through the real engine: LINE's SDK builds it,
 * `pulumi-line import` writes its line.yaml, the first `pulumi up` adopts everything without one
 * write to LINE, a preview finds nothing to change, and a change to one menu replaces that menu only.
 * Then the orphan report on the same stack: it acts on this stack's channel or refuses.
 */

const CHANNELS = {
    shop: { accessToken: "e2e-import-shop-token-7f3a", basicId: "@shop1234" },
    dev: { accessToken: "e2e-import-dev-token-2c9d", basicId: "@dev5678" },
    cafe: { accessToken: "e2e-import-cafe-token-5e81", basicId: "@cafe9012" },
} as const;

const PROGRAM = `
const { LineChannel } = require(PULUMI_LINE);
const channel = new LineChannel("channel", { file: "line.yaml" });
exports.richMenuIds = channel.richMenuIds;
`;

interface ChannelView {
    readonly richMenus: readonly {
        readonly richMenuId: string;
        readonly name: string;
        readonly chatBarText: string;
    }[];
    readonly aliases: readonly { readonly richMenuAliasId: string; readonly richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Record<string, string>;
    readonly webhook: { readonly endpoint: string | null };
    readonly audiences: readonly { readonly audienceGroupId: number; readonly description: string }[];
}

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly channel?: string;
}

describe("pulumi-line import and orphans through the Pulumi engine", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    let stack: TestStack;
    let built: SdkChannel;
    const control = emulatorControl(() => emulator.url);
    const channel = () => control<ChannelView>("GET", "/channels/shop/state");
    const requests = async () => (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests;
    /** What the channel holds, without the audiences' clock-driven fields (status, counts). */
    const holdings = async () => {
        const { audiences, ...rest } = await channel();
        return { ...rest, audiences: audiences.map(a => [a.audienceGroupId, a.description]) };
    };
    const writes = async () =>
        (await requests()).filter(r => r.method !== "GET").map(r => `${r.method} ${r.path}`);

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: Object.entries(CHANNELS).map(([name, c]) => ({ name, ...c })),
        });
        built = await buildSdkChannel(
            emulator.url,
            CHANNELS.shop.accessToken,
            async count =>
                (await control<{ userIds: string[] }>("POST", "/channels/shop/users", { count })).userIds,
        );
        stack = await TestStack.create("import", {
            program: PROGRAM,
            env: { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url },
        });
        // As the import recommends: every preview and up reads the live channel first.
        const project = path.join(stack.dir, "Pulumi.yaml");
        writeFileSync(project, `${readFileSync(project, "utf8")}options:\n  refresh: always\n`);
        // The stack's own credentials; the shell's are another channel's, as in the report that led here.
        await stack.config("line:channelAccessToken", CHANNELS.shop.accessToken, true);
    });

    after(async () => {
        stack?.dispose();
        await emulator?.close();
    });

    const devShell = { LINE_CHANNEL_ACCESS_TOKEN: CHANNELS.dev.accessToken };

    it("imports the channel with the stack's credentials, reading only", async () => {
        await control("DELETE", "/requests");
        const run = await stack.pulumiLine(["import", "--stack", "import"], { env: devShell });
        assert.match(run.stdout, /channel "default" is LINE bot @shop1234 /);
        assert.doesNotMatch(run.stdout, /problem:/);
        assert.deepEqual(await writes(), []);
        const log = await requests();
        assert.ok(
            log.every(r => r.channel === "shop"),
            "nothing was read from the shell's channel",
        );
    });

    it("adopts everything on the first up with zero writes to LINE, and the preview after it shows no changes", async () => {
        const before = await holdings();
        await control("DELETE", "/requests");
        await stack.up();
        assert.deepEqual(await writes(), []);
        assert.deepEqual(await holdings(), before);
        const outputs = (await stack.outputs()).richMenuIds as Record<string, string>;
        assert.deepEqual(outputs, {
            Home: built.menus.home,
            Shop: built.menus.shop,
            "vip-lounge": built.menus.vip,
        });
        await control("DELETE", "/requests");
        await stack.preview(["--expect-no-changes"]);
        assert.deepEqual(await writes(), []);
    });

    it("replaces only the menu changed in the file, keeping the default, the aliases and the linked users", async () => {
        const file = path.join(stack.dir, "line.yaml");
        const text = readFileSync(file, "utf8");
        const edited = text.replace(/chatBarText: Shop\n/, "chatBarText: Store\n");
        assert.notEqual(edited, text);
        writeFileSync(file, edited);
        const before = await channel();
        await control("DELETE", "/requests");
        await stack.up();

        const after = await channel();
        const shop = after.richMenus.find(m => m.name === "Shop");
        assert.ok(shop !== undefined && shop.richMenuId !== built.menus.shop);
        assert.equal(shop.chatBarText, "Store");
        assert.deepEqual(
            after.richMenus.map(m => m.richMenuId).sort(),
            [built.menus.home, built.menus.vip, shop.richMenuId].sort(),
        );
        assert.deepEqual(after.aliases.map(a => [a.richMenuAliasId, a.richMenuId]).sort(), [
            ["home", built.menus.home],
            ["shop", shop.richMenuId],
        ]);
        assert.equal(after.defaultRichMenuId, built.menus.home);
        assert.deepEqual(after.userLinks, before.userLinks);
        for (const user of built.users) assert.equal(after.userLinks[user], built.menus.vip);
        assert.deepEqual(after.webhook, before.webhook);
        assert.deepEqual(
            after.audiences.map(a => [a.audienceGroupId, a.description]),
            before.audiences.map(a => [a.audienceGroupId, a.description]),
        );
        assert.deepEqual(
            (await writes()).sort(),
            [
                "DELETE /v2/bot/richmenu/" + built.menus.shop,
                "POST /v2/bot/richmenu",
                `POST /v2/bot/richmenu/alias/shop`,
                `POST /v2/bot/richmenu/${shop.richMenuId}/content`,
            ].sort(),
        );
        await stack.preview(["--expect-no-changes"]);
    });

    describe("the orphan report", () => {
        let orphan: string | undefined;
        let aliased: string;

        before(async () => {
            // A `pulumi up` killed while LINE is answering the image upload of a new menu: LINE made the
            // menu, the engine recorded its create as pending and never learnt the ID.
            const file = path.join(stack.dir, "line.yaml");
            const text = readFileSync(file, "utf8");
            const home = /\n {2}Home:\n((?: {4}.*\n)+)/.exec(text)![1]!;
            const sale = home
                .replace(/ {4}adoptRichMenuId: .*\n/, "")
                .replace(/name: Home\n/, "name: Sale\n");
            writeFileSync(file, text.replace("richMenus:\n", `richMenus:\n  Sale:\n${sale}`));
            await control("POST", "/faults", {
                method: "POST",
                path: "/v2/bot/richmenu/{richMenuId}/content",
                delayMs: 60_000,
                times: 1,
            });
            const run = stack.start(["up", "--yes", "--non-interactive", "--skip-preview"]);
            for (let i = 0; i < 600 && orphan === undefined; i++) {
                await new Promise(resolve => setTimeout(resolve, 100));
                orphan = (await channel()).richMenus.find(m => m.name === "Sale")?.richMenuId as string;
            }
            process.kill(-run.child.pid!, "SIGKILL");
            await run.exited;
            assert.ok(stack.endLeftoverProcesses() > 0, "the killed CLI's provider hosts are ended");
            await control("DELETE", "/faults");
            assert.ok(orphan !== undefined, "the killed up created the menu");
            const exported = JSON.parse(await stack.exportState()) as {
                deployment: { pending_operations?: unknown[] };
            };
            assert.equal(exported.deployment.pending_operations?.length, 1);

            // A copy with the same definition someone made since and pointed an alias at.
            const auth = { Authorization: `Bearer ${CHANNELS.shop.accessToken}` };
            const live = await fetch(`${emulator.url}/v2/bot/richmenu/${orphan}`, { headers: auth });
            const { richMenuId: _id, ...definition } = (await live.json()) as Record<string, unknown>;
            const made = await fetch(`${emulator.url}/v2/bot/richmenu`, {
                method: "POST",
                headers: { ...auth, "Content-Type": "application/json" },
                body: JSON.stringify(definition),
            });
            aliased = ((await made.json()) as { richMenuId: string }).richMenuId;
            await fetch(`${emulator.url}/v2/bot/richmenu/${aliased}/content`, {
                method: "POST",
                headers: { ...auth, "Content-Type": "image/png" },
                body: readFileSync(path.join(stack.dir, "menus", "Home.png")),
            });
            await fetch(`${emulator.url}/v2/bot/richmenu/alias`, {
                method: "POST",
                headers: { ...auth, "Content-Type": "application/json" },
                body: JSON.stringify({ richMenuAliasId: "promo", richMenuId: aliased }),
            });
        });

        it("acts on the stack's channel, prints its bot, and lists only the unused menu of an interrupted create", async () => {
            await control("DELETE", "/requests");
            const run = await stack.pulumiLine(["orphans", "--stack", "import"], { env: devShell });
            assert.match(run.stdout, /stack "import", channel "default": LINE bot @shop1234 /);
            assert.match(run.stdout, /1 orphan\(s\)/);
            assert.match(run.stdout, new RegExp(`${orphan}  "Sale"`));
            assert.match(run.stdout, new RegExp(`${aliased}  "Sale": alias "promo" points at it`));
            for (const id of [built.menus.home, built.menus.vip])
                assert.doesNotMatch(run.stdout, new RegExp(id));
            assert.match(run.stdout, /LINE cannot list the users linked to a menu/);
            assert.deepEqual(await writes(), []);
            const log = await requests();
            assert.ok(log.every(r => r.channel === "shop"));

            // The exported state piped in, as `pulumi stack export | pulumi-line orphans`: the stack it
            // names supplies the credentials all the same.
            const file = path.join(stack.dir, "exported.json");
            writeFileSync(file, await stack.exportState());
            const piped = await stack.pulumiLine(["orphans", "--state", file], { env: devShell });
            assert.match(piped.stdout, /stack "import", channel "default": LINE bot @shop1234 /);
            assert.match(piped.stdout, new RegExp(`${orphan}  "Sale"`));
        });

        it("refuses another channel's credentials: another bot than the file's or the config's expectedBot", async () => {
            // The stack keeps no credentials of its own, so the shell's (the dev channel's) are used.
            await stack.pulumi(["config", "rm", "line:channelAccessToken"]);
            try {
                await control("DELETE", "/requests");
                const byFile = await stack.pulumiLine(["orphans", "--stack", "import", "--delete"], {
                    env: devShell,
                    allowFailure: true,
                });
                assert.equal(byFile.status, 1);
                assert.match(
                    byFile.stderr,
                    /Wrong LINE bot .* declarations expect bot @shop1234 .* belong to bot @dev5678/,
                );

                await stack.config("line:expectedBot", "@shop1234");
                const byConfig = await stack.pulumiLine(["orphans", "--stack", "import", "--delete"], {
                    env: devShell,
                    allowFailure: true,
                });
                assert.equal(byConfig.status, 1);
                assert.match(
                    byConfig.stderr,
                    /Wrong LINE bot .* expects bot @shop1234 .* belong to bot @dev5678/,
                );
                assert.deepEqual(await writes(), []);
            } finally {
                await stack.pulumi(["config", "rm", "line:expectedBot"], { allowFailure: true });
                await stack.config("line:channelAccessToken", CHANNELS.shop.accessToken, true);
            }
        });

        it("deletes exactly the reported menu with --delete", async () => {
            await control("DELETE", "/requests");
            await stack.pulumiLine(["orphans", "--stack", "import", "--delete"]);
            assert.deepEqual(await writes(), [`DELETE /v2/bot/richmenu/${orphan}`]);
            // Then the documented cleanup converges: the killed run's lock and interrupted create are
            // dropped, and up makes the menu.
            await stack.pulumi(["cancel", "--yes"], { allowFailure: true });
            await stack.pulumi([
                "refresh",
                "--yes",
                "--non-interactive",
                "--skip-preview",
                "--clear-pending-creates",
            ]);
            await stack.up();
            await stack.preview(["--expect-no-changes"]);
            const ids = (await channel()).richMenus.map(m => m.richMenuId);
            assert.ok(!ids.includes(orphan!) && ids.includes(aliased) && ids.includes(built.menus.home));
        });
    });
    describe("as a TypeScript program (--format ts)", () => {
        let program: TestStack;
        before(async () => {
            await buildSdkChannel(
                emulator.url,
                CHANNELS.cafe.accessToken,
                async count =>
                    (await control<{ userIds: string[] }>("POST", "/channels/cafe/users", { count })).userIds,
            );
            // The generated index.ts is the program; tsx runs it as the language host would with TypeScript.
            program = await TestStack.create("import-ts", {
                program: 'require("tsx/cjs");\nmodule.exports = require("./index.ts");\n',
                env: { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url },
            });
            await program.config("line:channelAccessToken", CHANNELS.cafe.accessToken, true);
        });
        after(() => program?.dispose());

        it("writes a program whose first up adopts everything with zero writes, and previews clean", async () => {
            const run = await program.pulumiLine([
                "import",
                "--stack",
                "import-ts",
                "--format",
                "ts",
                "--out",
                "index.ts",
            ]);
            assert.match(run.stdout, /LINE bot @cafe9012 /);
            assert.match(readFileSync(path.join(program.dir, "index.ts"), "utf8"), /adoptRichMenuId/);
            await control("DELETE", "/requests");
            await program.up();
            assert.deepEqual(await writes(), []);
            await program.preview(["--expect-no-changes"]);
            assert.deepEqual(await writes(), []);
        });

        it("has its orphan report refuse a channel that holds none of its menus, when no expectedBot says which", async () => {
            await program.pulumi(["config", "rm", "line:channelAccessToken"]);
            try {
                const run = await program.pulumiLine(["orphans", "--stack", "import-ts", "--delete"], {
                    env: devShell,
                    allowFailure: true,
                });
                assert.equal(run.status, 1);
                assert.match(
                    run.stderr,
                    /bot @dev5678 holds none of the 3 rich menus stack "import-ts" tracks/,
                );
                assert.deepEqual(await writes(), []);
            } finally {
                await program.config("line:channelAccessToken", CHANNELS.cafe.accessToken, true);
            }
        });
    });
});
