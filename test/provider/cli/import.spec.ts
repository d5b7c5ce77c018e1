import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { importCommand } from "../../../provider/cli/import";
import { loadDeclarations } from "../../../provider/declarations/load";
import { staticStackConfig } from "../../../provider/declarations/references";
import { type SdkChannel, useChannelToImport } from "../../support/sdkChannel";
import { runCommand } from "./io";

describe("pulumi-line import", () => {
    const fixture = useChannelToImport("pulumi-line-import-");
    const { line } = fixture;
    let dir: string;
    let built: SdkChannel;
    beforeEach(() => ({ dir, built } = fixture));

    const load = () =>
        loadDeclarations(path.join(dir, "line.yaml"), {
            config: staticStackConfig("dev", "p", {}),
            cwd: dir,
        });

    it("writes a line.yaml that declares the channel, every entry marked for adoption, reading only", async () => {
        const { code, stdout } = await runCommand(importCommand, {}, { cwd: dir });
        assert.equal(code, 0);
        assert.match(stdout, /channel "default" is LINE bot @\S+ /);
        assert.ok((await line.control.requests()).every(r => r.method === "GET"));

        const declared = load();
        assert.deepEqual(
            Object.values(declared.richMenus).map(m => [m.definition.name, m.adoptRichMenuId]),
            [
                ["Home", built.menus.home],
                ["Shop", built.menus.shop],
                ["VIP lounge", built.menus.vip],
            ],
        );
        assert.deepEqual(
            Object.values(declared.aliases).map(a => [a.richMenuAliasId, a.richMenu, a.adopt]),
            [
                ["home", "Home", true],
                ["shop", "Shop", true],
            ],
        );
        assert.equal(declared.defaultRichMenu, "Home");
        assert.equal(declared.adoptDefaultRichMenu, true);
        assert.deepEqual(declared.webhook, { endpoint: built.webhook, adopt: true });
        assert.deepEqual(
            Object.values(declared.audiences),
            [
                {
                    key: "vip-customers",
                    description: "VIP customers",
                    isIfaAudience: false,
                    adoptAudienceGroupId: built.audienceGroupId,
                },
            ].map(({ isIfaAudience: _i, ...a }) => a),
        );
        // A value that looks like a reference is LINE's literal text, and stays so.
        assert.deepEqual(declared.richMenus["vip-lounge"]?.definition.areas[0]?.action, {
            type: "postback",
            data: "vip=${level}",
        });
    });

    it("downloads each menu's image beside the file, byte for byte", async () => {
        await runCommand(importCommand, {}, { cwd: dir });
        for (const [key, id] of [
            ["Home", built.menus.home],
            ["Shop", built.menus.shop],
        ] as const) {
            const live = await line.call("GET", `/v2/bot/richmenu/${id}/content`);
            assert.ok(readFileSync(path.join(dir, "menus", `${key}.png`)).equals(live.bytes));
        }
    });

    it("says in the file what LINE cannot read back: linked users and audience members", async () => {
        await runCommand(importCommand, {}, { cwd: dir });
        const text = readFileSync(path.join(dir, "line.yaml"), "utf8");
        assert.match(text, /# LINE cannot list which users are linked to which rich menu/);
        assert.match(text, /# userLinks:/);
        assert.match(text, /# LINE cannot list an audience's members \(it reports \d+ counted\)/);
    });

    it("recommends refresh: always for the project", async () => {
        const { stdout } = await runCommand(importCommand, {}, { cwd: dir });
        assert.match(stdout, /refresh: always/);
        writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: x\nruntime: nodejs\noptions:\n  refresh: always\n",
        );
        const again = await runCommand(importCommand, { force: true }, { cwd: dir });
        assert.doesNotMatch(again.stdout, /refresh: always/);
    });

    it("writes a TypeScript program instead with --format ts", async () => {
        await runCommand(importCommand, { format: "ts" }, { cwd: dir });
        const program = readFileSync(path.join(dir, "index.ts"), "utf8");
        assert.match(program, /^import \* as line from "pulumi-line";$/m);
        assert.match(program, new RegExp(`"adoptRichMenuId": "${built.menus.vip}"`));
        assert.match(
            program,
            /new line\.RichMenuAlias\("alias-home", \{\n {4}"richMenuAliasId": "home",\n {4}"richMenuId": Home\.richMenuId,\n {4}"adopt": true\n\}\);/,
        );
        assert.match(
            program,
            /new line\.DefaultRichMenu\("default", \{\n {4}"richMenuId": Home\.richMenuId,/,
        );
        assert.match(program, new RegExp(`"adoptAudienceGroupId": ${built.audienceGroupId}`));
        assert.match(program, /\/\/ new line\.UserRichMenuLinks/);
        assert.ok(existsSync(path.join(dir, "menus", "Home.png")));
    });

    it("refuses a format it does not write, naming the four it does, before reading LINE", async () => {
        await assert.rejects(
            runCommand(importCommand, { format: "hcl" }, { cwd: dir }),
            /--format must be yaml, ts, pulumi-yaml, pulumi-import, not "hcl"/,
        );
        assert.deepEqual(await line.control.requests(), []);
    });

    it("refuses to replace a file that exists, writing nothing", async () => {
        writeFileSync(path.join(dir, "line.yaml"), "# mine\n");
        await assert.rejects(
            runCommand(importCommand, {}, { cwd: dir }),
            /line\.yaml exists already; nothing was written/,
        );
        assert.equal(readFileSync(path.join(dir, "line.yaml"), "utf8"), "# mine\n");
        assert.ok(!existsSync(path.join(dir, "menus")));
    });

    it("refuses another bot's credentials when the expected bot differs, before reading the channel", async () => {
        process.env.LINE_EXPECTED_BOT = "@otherbot";
        try {
            await assert.rejects(runCommand(importCommand, {}, { cwd: dir }), /Wrong LINE bot/);
        } finally {
            delete process.env.LINE_EXPECTED_BOT;
        }
        assert.deepEqual(
            (await line.control.requests()).map(r => r.path),
            ["/v2/bot/info"],
        );
        assert.ok(!existsSync(path.join(dir, "line.yaml")));
    });
});
