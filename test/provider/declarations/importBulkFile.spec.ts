import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { importCommand } from "../../../provider/cli/import";
import { readForImport } from "../../../provider/plugin/imports";
import { kindOf } from "../../../provider/plugin/resourceCalls";
import { providerFor } from "../../../provider/resources/implementation";
import { type SdkChannel, useChannelToImport } from "../../support/sdkChannel";
import { runCommand } from "../cli/io";

/**
 * `pulumi-line import --format pulumi-import` on a channel built with LINE's SDK: the file `pulumi
 * import --file` reads, naming every object by its type token, the name the Pulumi YAML program gives
 * it, and an ID the native provider's import answers, with only GETs sent to LINE.
 */

interface BulkFile {
    readonly resources: { type: string; name: string; id: string }[];
}

describe("pulumi-line import --format pulumi-import", () => {
    const fixture = useChannelToImport("pulumi-line-import-bulk-");
    const { line } = fixture;
    let dir: string;
    let built: SdkChannel;
    beforeEach(() => ({ dir, built } = fixture));

    async function imported(): Promise<{ file: BulkFile; stdout: string }> {
        const { code, stdout } = await runCommand(importCommand, { format: "pulumi-import" }, { cwd: dir });
        assert.equal(code, 0);
        return { file: JSON.parse(readFileSync(path.join(dir, "import.json"), "utf8")) as BulkFile, stdout };
    }

    it("names every object by type, program name and import ID, reading only, with the images beside it", async () => {
        const { file, stdout } = await imported();
        assert.deepEqual(file, {
            resources: [
                { type: "line:index:RichMenu", name: "Home", id: built.menus.home },
                { type: "line:index:RichMenu", name: "Shop", id: built.menus.shop },
                { type: "line:index:RichMenu", name: "vip-lounge", id: built.menus.vip },
                { type: "line:index:RichMenuAlias", name: "alias-home", id: "home" },
                { type: "line:index:RichMenuAlias", name: "alias-shop", id: "shop" },
                { type: "line:index:DefaultRichMenu", name: "default", id: "default-rich-menu/default" },
                { type: "line:index:WebhookEndpoint", name: "webhook", id: "webhook-endpoint/default" },
                {
                    type: "line:index:Audience",
                    name: "audience-vip-customers",
                    id: String(built.audienceGroupId),
                },
            ],
        });
        assert.ok((await line.control.requests()).every(r => r.method === "GET"));
        for (const menu of ["Home", "Shop", "vip-lounge"]) {
            assert.ok(existsSync(path.join(dir, "menus", `${menu}.png`)), `menus/${menu}.png`);
        }
        assert.match(stdout, /pulumi import --file import\.json/);
        assert.match(stdout, /User links cannot be imported: LINE cannot list who is linked to a menu/);
    });

    it("gives IDs the native provider's import answers, each the object LINE holds", async () => {
        const { file } = await imported();
        await line.control.clearRequests();
        for (const { type, id } of file.resources) {
            const result = await readForImport(type, providerFor(kindOf(type)), id);
            assert.equal(result?.id, id, `${type} ${id}`);
        }
        const alias = await readForImport("line:index:RichMenuAlias", providerFor("RichMenuAlias"), "home");
        assert.equal(alias?.inputs.richMenuId, built.menus.home);
        assert.ok((await line.control.requests()).every(r => r.method === "GET"));
    });

    it("refuses a named channel, whose menus the provider's import cannot reach, writing nothing", async () => {
        await assert.rejects(
            runCommand(importCommand, { format: "pulumi-import", channel: "default2" }, { cwd: dir }),
            /pulumi import reads from the provider's own channel/,
        );
        assert.deepEqual(await line.control.requests(), []);
        assert.ok(!existsSync(path.join(dir, "import.json")));
        assert.ok(!existsSync(path.join(dir, "menus")));
    });
});
