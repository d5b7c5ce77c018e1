import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { PNG } from "pngjs";
import { reviewCommand } from "../../../provider/cli/review";
import { useEmulator } from "../../support/emulator";
import { useLineEnvironment } from "../../support/lineEnvironment";
import { menuRequest, pngOf, SMALL_SIZE } from "../../support/menus";

/**
 * `pulumi-line review` driven in-process with previews read from files (`--preview STACK=FILE`), the
 * channel's credentials from the environment, as on a machine that has the previews but not the stacks.
 */

describe("pulumi-line review", () => {
    const line = useEmulator({ rateLimits: false });
    // The live channel is read as the provider reads it: the process's LINE_* variables.
    useLineEnvironment(line);
    let dir: string;

    before(() => {
        dir = mkdtempSync(path.join(os.tmpdir(), "pulumi-line-review-"));
        writeFileSync(path.join(dir, "home.png"), pngOf(SMALL_SIZE));
        const inputs = { ...menuRequest({ name: "Home" }), image: "home.png", imageSha256: "ab" };
        writeFileSync(
            path.join(dir, "dev.json"),
            JSON.stringify({
                steps: [
                    {
                        op: "create",
                        urn: "urn:pulumi:dev::shop::pulumi-nodejs:dynamic/line:RichMenu::home",
                        newState: { inputs },
                    },
                ],
                diagnostics: [],
            }),
        );
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    async function run(values: Record<string, string | string[]>) {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        let out = "";
        let err = "";
        stdout.on("data", chunk => (out += String(chunk)));
        stderr.on("data", chunk => (err += String(chunk)));
        // No Pulumi CLI on PATH: the previews come from files, the credentials from the environment.
        const env = { PATH: "" };
        const code = await reviewCommand.run(
            { values, positionals: [] },
            { stdin: new PassThrough(), stdout, stderr, cwd: dir, env },
        );
        return { code, out, err };
    }

    it("writes the report and a picture of the new menu, and prints where the report is", async () => {
        const before = (await line.control.requests()).length;
        const result = await run({ stack: ["dev"], preview: ["dev=dev.json"], out: "review" });
        assert.equal(result.code, 0);
        assert.equal(result.out, `review${path.sep}report.md\n`);
        // A menu nothing leads to is worth a warning.
        assert.equal(result.err, "dev: adds menu home; 1 warning(s), 1 picture(s)\n");
        const report = readFileSync(path.join(dir, "review", "report.md"), "utf8");
        assert.match(report, /- \*\*dev\*\*: adds menu home\n/);
        assert.match(report, /\| home \| RichMenu \| create \|/);
        assert.match(report, /- tab graph: menu "home" is reached by no tab, is not the default/);
        assert.match(report, /\| rich menus in the channel \| 0 → 1 \| 1,000 \|/);
        assert.match(report, /!\[home: before and after\]\(dev\/home\.png\)/);
        assert.deepEqual(readdirSync(path.join(dir, "review", "dev")), ["home.png"]);
        assert.equal(PNG.sync.read(readFileSync(path.join(dir, "review", "dev", "home.png"))).width, 1200);
        // Only reads reached LINE: the bot, the two lists.
        const calls = (await line.control.requests()).slice(before).map(r => `${r.method} ${r.path}`);
        assert.deepEqual(calls.sort(), [
            "GET /v2/bot/info",
            "GET /v2/bot/richmenu/alias/list",
            "GET /v2/bot/richmenu/list",
        ]);
    });

    it("links pictures under --image-base-url", async () => {
        await run({
            stack: ["dev"],
            preview: ["dev=dev.json"],
            out: "linked",
            "image-base-url": "https://x.test/p/",
        });
        const report = readFileSync(path.join(dir, "linked", "report.md"), "utf8");
        assert.match(report, /!\[home: before and after\]\(https:\/\/x\.test\/p\/dev\/home\.png\)/);
    });

    const refusals: [string, Record<string, string | string[]>, RegExp][] = [
        ["no stack", { preview: ["dev=dev.json"] }, /give at least one --stack/],
        [
            "a --preview without a stack",
            { stack: ["dev"], preview: ["dev.json"] },
            /--preview takes STACK=FILE, not dev\.json/,
        ],
        [
            "a preview file that is not JSON",
            { stack: ["dev"], preview: ["dev=home.png"] },
            /home\.png is not the JSON of `pulumi preview --json`/,
        ],
    ];
    for (const [name, values, message] of refusals) {
        it(`refuses ${name}`, async () => {
            await assert.rejects(run(values), message);
        });
    }
});
