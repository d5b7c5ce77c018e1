import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { importCommand } from "../../../provider/cli/import";
import { packageSchema } from "../../../provider/plugin/schema";
import { type SdkChannel, useChannelToImport } from "../../support/sdkChannel";
import { runCommand } from "../cli/io";

/**
 * `pulumi-line import --format pulumi-yaml` on a channel built with LINE's SDK: a Pulumi YAML program
 * on the native provider plugin, every resource marked for adoption and valid against the plugin's
 * schema, the aliases and the default taking their menu's `${…richMenuId}`, LINE's text kept literal,
 * images downloaded, and only GETs sent to LINE.
 */

interface Program {
    readonly name: string;
    readonly runtime: string;
    readonly plugins: { providers: { name: string; path: string }[] };
    readonly options: { refresh: string };
    readonly resources: Record<string, { type: string; properties: Record<string, unknown> }>;
}

interface SchemaResource {
    readonly inputProperties: Record<string, unknown>;
    readonly requiredInputs: string[];
}

describe("pulumi-line import --format pulumi-yaml", () => {
    const fixture = useChannelToImport("pulumi-line-import-yaml-");
    const { line } = fixture;
    let dir: string;
    let built: SdkChannel;
    beforeEach(() => ({ dir, built } = fixture));

    async function imported(): Promise<{ program: Program; text: string; stdout: string }> {
        const { code, stdout } = await runCommand(importCommand, { format: "pulumi-yaml" }, { cwd: dir });
        assert.equal(code, 0);
        const text = readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
        return { program: parse(text) as Program, text, stdout };
    }

    it("writes a Pulumi YAML project on the plugin, each resource adopting what LINE holds, reading only", async () => {
        const { program } = await imported();
        assert.equal(program.runtime, "yaml");
        assert.equal(program.name, path.basename(dir));
        assert.deepEqual(program.plugins.providers, [{ name: "line", path: "node_modules/pulumi-line/bin" }]);
        assert.equal(program.options.refresh, "always");
        const r = program.resources;
        assert.deepEqual(
            Object.entries(r).map(([name, resource]) => [name, resource.type]),
            [
                ["Home", "line:index:RichMenu"],
                ["Shop", "line:index:RichMenu"],
                ["vip-lounge", "line:index:RichMenu"],
                ["alias-home", "line:index:RichMenuAlias"],
                ["alias-shop", "line:index:RichMenuAlias"],
                ["default", "line:index:DefaultRichMenu"],
                ["webhook", "line:index:WebhookEndpoint"],
                ["audience-vip-customers", "line:index:Audience"],
            ],
        );
        const live = await line.call<Record<string, unknown>>("GET", `/v2/bot/richmenu/${built.menus.shop}`);
        const { richMenuId: _id, ...definition } = live.body;
        assert.deepEqual(r.Shop!.properties, {
            ...definition,
            image: "menus/Shop.png",
            adoptRichMenuId: built.menus.shop,
        });
        assert.deepEqual(r["alias-home"]!.properties, {
            richMenuAliasId: "home",
            richMenuId: "${Home.richMenuId}",
            adopt: true,
        });
        assert.deepEqual(r.default!.properties, { richMenuId: "${Home.richMenuId}", adopt: true });
        assert.deepEqual(r.webhook!.properties, { endpoint: built.webhook, adopt: true });
        assert.deepEqual(r["audience-vip-customers"]!.properties, {
            description: "VIP customers",
            adoptAudienceGroupId: built.audienceGroupId,
        });
        assert.ok((await line.control.requests()).every(request => request.method === "GET"));
        assert.ok(readFileSync(path.join(dir, "menus", "Home.png")).length > 0);
    });

    it("declares only what the plugin's schema takes, every required input given", async () => {
        const { program } = await imported();
        const resources = packageSchema().resources as Record<string, SchemaResource>;
        for (const [name, resource] of Object.entries(program.resources)) {
            const schema = resources[resource.type]!;
            const given = Object.keys(resource.properties);
            assert.deepEqual(
                given.filter(key => !(key in schema.inputProperties)),
                [],
                `${name}: properties the schema lacks`,
            );
            assert.deepEqual(
                schema.requiredInputs.filter(key => !given.includes(key)),
                [],
                `${name}: required inputs missing`,
            );
        }
    });

    it("keeps LINE's text literal: every $ doubled, which Pulumi YAML reads back as one", async () => {
        const { program, text } = await imported();
        const areas = program.resources["vip-lounge"]!.properties.areas as { action: { data: string } }[];
        assert.equal(areas[0]!.action.data, "vip=$${level}");
        assert.doesNotMatch(text, /[^$]\$\{level\}/);
    });

    it("says in comments what LINE cannot read back, and how to declare user links", async () => {
        const { text, stdout } = await imported();
        assert.match(text, /# LINE cannot list which users are linked to which rich menu/);
        assert.match(
            text,
            /# {3}type: line:index:UserRichMenuLinks\n {2}# {3}properties:\n {2}# {5}richMenuId: \$\{Home\.richMenuId\}/,
        );
        assert.match(text, /# LINE cannot list an audience's members \(it reports \d+ counted\)/);
        assert.match(text, /# The console's "Use webhook" switch is (on|off)/);
        assert.match(stdout, /npm install pulumi-line/);
    });

    it("refuses to replace a Pulumi.yaml that exists unless forced", async () => {
        await imported();
        await assert.rejects(
            runCommand(importCommand, { format: "pulumi-yaml" }, { cwd: dir }),
            /Pulumi\.yaml, .*menus\/Home\.png, .* exist already; nothing was written/,
        );
        const again = await runCommand(importCommand, { format: "pulumi-yaml", force: true }, { cwd: dir });
        assert.equal(again.code, 0);
        assert.ok(existsSync(path.join(dir, "Pulumi.yaml")));
    });
});
