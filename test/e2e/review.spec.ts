import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { PNG } from "pngjs";
import { parse as parseYaml } from "yaml";
import { startEmulator, type Emulator } from "../../emulator";
import { reviewCommand } from "../../provider/cli/review";
import { ROOT, TestStack, assertNoSecrets, emulatorControl, pulumiBinDir, registerSecrets } from "./harness";

/**
 * `pulumi-line review` through the real engine: one project with a dev and a prod stack on two
 * emulated channels, a change to line.yaml, and the report a pull request would get.
 *
 * The report is compared with the committed one in examples/github-actions/sample-report/ (run with
 * UPDATE_SNAPSHOTS=1 to rewrite it after an intended change): the same plan must give the same text.
 */

const CHANNELS = {
    dev: { accessToken: "review-dev-token-5c21", basicId: "@dev1234" },
    prod: { accessToken: "review-prod-token-e07b", basicId: "@prod5678" },
} as const;
type StackName = keyof typeof CHANNELS;

const SAMPLE = path.join(ROOT, "examples", "github-actions", "sample-report");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

const PROGRAM = `
const path = require("node:path");
const { LineChannel } = require(PULUMI_LINE);
const channel = new LineChannel("channel", { file: path.join(__dirname, "line.yaml") });
exports.richMenuIds = channel.richMenuIds;
`;

/** The declaration before the change; `change` applies the pull request's edit. */
function lineYaml(assets: string, change: "before" | "after" | "after, reformatted"): string {
    const after = change !== "before";
    const home = after ? "menu-home-v2.png" : "menu-home.png";
    const lines = [
        "version: 1",
        "expectedBot: ${config:expectedBot}",
        "richMenus:",
        "  home:",
        `    image: ${assets}/${home}`,
        "    size: { width: 2500, height: 1686 }",
        "    selected: true",
        "    name: Home tab",
        "    chatBarText: Menu",
        "    areas:",
        "      - bounds: { x: 0, y: 0, width: 1250, height: 250 }",
        "        action: { type: postback, data: tab=home }",
        "      - bounds: { x: 1250, y: 0, width: 1250, height: 250 }",
        "        action: { type: richmenuswitch, richMenuAliasId: shop, data: tab=shop }",
        "      - bounds: { x: 0, y: 250, width: 2500, height: 1436 }",
        after
            ? '        action: { type: uri, uri: "${config:siteUrl}/reserve" }'
            : '        action: { type: uri, uri: "${config:siteUrl}/news" }',
        "  shop:",
        `    image: ${assets}/menu-shop.png`,
        "    size: { width: 2500, height: 1686 }",
        "    selected: true",
        "    name: Shop tab",
        "    chatBarText: Menu",
        "    areas:",
        "      - bounds: { x: 0, y: 0, width: 1250, height: 250 }",
        "        action: { type: richmenuswitch, richMenuAliasId: home, data: tab=home }",
        "      - bounds: { x: 1250, y: 0, width: 1250, height: 250 }",
        "        action: { type: postback, data: tab=shop }",
        "      - bounds: { x: 0, y: 250, width: 2500, height: 1436 }",
        '        action: { type: uri, uri: "${config:siteUrl}/shop" }',
        "aliases:",
        "  home: { richMenu: home }",
        "  shop: { richMenu: shop }",
        `  featured: { richMenu: ${after ? "home" : "shop"} }`,
        // dev opens on the shop tab while it is being tried; prod opens on home.
        "defaultRichMenu: ${config:defaultMenu}",
    ];
    if (change === "after, reformatted") {
        // The same declaration written differently: a comment, and the aliases in another order.
        const at = lines.indexOf("aliases:");
        lines.splice(
            at,
            4,
            "# featured is what the campaign links to",
            "aliases:",
            `  featured: { richMenu: home }`,
            "  shop: { richMenu: shop }",
            "  home: { richMenu: home }",
        );
    }
    return `${lines.join("\n")}\n`;
}

describe("pulumi-line review: what a change would do to each stack", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    let project: TestStack;

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: Object.entries(CHANNELS).map(([name, c]) => ({ name, ...c })),
        });
        project = new TestStack("review", { program: PROGRAM });
        const config: Record<StackName, Record<string, string>> = {
            dev: { siteUrl: "https://dev.example.com", defaultMenu: "shop" },
            prod: { siteUrl: "https://www.example.com", defaultMenu: "home" },
        };
        for (const stack of Object.keys(CHANNELS) as StackName[]) {
            await project.pulumi(["stack", "init", stack]);
            registerSecrets(CHANNELS[stack].accessToken);
            const set = (key: string, value: string, secret = false) =>
                project.pulumi([
                    "config",
                    "set",
                    "--stack",
                    stack,
                    secret ? "--secret" : "--plaintext",
                    key,
                    value,
                ]);
            await set("line:channelAccessToken", CHANNELS[stack].accessToken, true);
            await set("line:apiBaseUrl", emulator.url);
            await set("line:dataBaseUrl", emulator.url);
            await set("expectedBot", CHANNELS[stack].basicId);
            for (const [key, value] of Object.entries(config[stack])) await set(key, value);
        }
        writeFileSync(path.join(project.dir, "line.yaml"), lineYaml(assets(), "before"));
        for (const stack of Object.keys(CHANNELS))
            await project.pulumi(["up", "--yes", "--non-interactive", "--skip-preview", "--stack", stack]);
    });

    after(async () => {
        project?.dispose();
        await emulator?.close();
    });

    const assets = () =>
        path
            .relative(project.dir, path.join(ROOT, "examples", "assets"))
            .split(path.sep)
            .join("/");
    const control = emulatorControl(() => emulator.url);

    async function review(
        out: string,
    ): Promise<{ code: number; stdout: string; stderr: string; report: string }> {
        const stdout = new PassThrough();
        const stderr = new PassThrough();
        let said = "";
        let told = "";
        stdout.on("data", chunk => (said += String(chunk)));
        stderr.on("data", chunk => (told += String(chunk)));
        const code = await reviewCommand.run(
            { values: { stack: ["dev", "prod"], out }, positionals: [] },
            { stdin: new PassThrough(), stdout, stderr, cwd: project.dir, env: project.env },
        );
        return {
            code,
            stdout: said,
            stderr: told,
            report: readFileSync(path.join(project.dir, out, "report.md"), "utf8"),
        };
    }

    /** Every request since `from` that changed something in LINE (validation calls change nothing). */
    async function writesSince(from: number): Promise<string[]> {
        const { requests } = await control<{ requests: { method: string; path: string }[] }>(
            "GET",
            "/requests",
        );
        return requests
            .slice(from)
            .filter(r => r.method !== "GET" && !/\/validate(\/|$)/.test(r.path))
            .map(r => `${r.method} ${r.path}`);
    }
    const logLength = async () =>
        (await control<{ requests: unknown[] }>("GET", "/requests")).requests.length;

    /** Compares with the committed snapshot, or rewrites it (UPDATE_SNAPSHOTS=1), pictures included. */
    function checkSnapshot(out: string, snapshot: string): void {
        const report = readFileSync(path.join(out, "report.md"), "utf8");
        if (UPDATE) {
            rmSync(snapshot, { recursive: true, force: true });
            cpSync(out, snapshot, { recursive: true });
        }
        assert.equal(report, readFileSync(path.join(snapshot, "report.md"), "utf8"), `${snapshot}/report.md`);
    }

    /** examples/github-actions/README.md shows the sample report as it is, its pictures beside it. */
    function checkReadme(): void {
        const file = path.join(SAMPLE, "..", "README.md");
        const readme = readFileSync(file, "utf8");
        const start = readme.indexOf("<!-- sample-report:start");
        const end = readme.indexOf("<!-- sample-report:end -->");
        assert.ok(start >= 0 && end > start, `${file} has the sample report's markers`);
        const open = readme.indexOf("\n", start) + 1;
        const shown = readFileSync(path.join(SAMPLE, "report.md"), "utf8").replace(
            /\]\(((?:dev|prod)\/[^)]+\.png)\)/g,
            "](sample-report/$1)",
        );
        if (UPDATE) writeFileSync(file, readme.slice(0, open) + shown + readme.slice(end));
        assert.equal(
            readFileSync(file, "utf8").slice(
                open,
                readFileSync(file, "utf8").indexOf("<!-- sample-report:end -->"),
            ),
            shown,
        );
    }

    function assertPng(file: string): void {
        const png = PNG.sync.read(readFileSync(file));
        assert.equal(png.width, 1200, file);
        assert.ok(png.height > 300, file);
    }

    it("a change that replaces a menu and re-points an alias: counts, reasons, budget and pictures per stack", async () => {
        writeFileSync(path.join(project.dir, "line.yaml"), lineYaml(assets(), "after"));
        const from = await logLength();
        const result = await review("line-review");
        assert.equal(result.code, 0, result.stderr);
        assert.equal(result.stdout, `line-review${path.sep}report.md\n`);
        const report = result.report;

        // What each stack gets: prod opens on home, so moving home moves prod's default too.
        assert.match(
            report,
            /- \*\*dev\*\*: replaces home, re-points alias featured and re-points alias home\n/,
        );
        assert.match(
            report,
            /- \*\*prod\*\*: replaces home, re-points alias featured, re-points alias home and moves the default\n/,
        );
        // Counts: create | update | replace | delete.
        assert.match(report, /\| dev \| @dev1234 "dev" \(U[0-9a-f]{32}\) \| 0 \| 2 \| 1 \| 0 \|/);
        assert.match(report, /\| prod \| @prod5678 "prod" \(U[0-9a-f]{32}\) \| 0 \| 3 \| 1 \| 0 \|/);
        // Why: the replaced menu's changed keys; the alias moved from shop to home.
        assert.match(report, /\| home \| RichMenu \| replace \| areas, image \|/);
        assert.match(report, /\| featured \| RichMenuAlias \| update \| menu shop → home \|/);
        assert.match(report, /\| default \| DefaultRichMenu \| update \| menu home is replaced \|/);
        // Budget and quota, from the live channel: 2 menus and 3 aliases, one more menu while both exist.
        assert.match(report, /\| rich menu creates \| 1 \| 100 per hour \|/);
        assert.match(report, /\| rich menu deletes \| 1 \| 100 per hour \|/);
        assert.match(report, /\| batch runs \(users moved or unlinked\) \| 0 \| 3 per hour \|/);
        assert.match(report, /\| rich menus in the channel \| 2 → 2 \(3 during the update\) \| 1,000 \|/);
        assert.match(report, /\| aliases in the channel \| 3 → 3 \| 1,000 \|/);
        // The pictures: one per stack, before and after of the replaced menu.
        assert.match(report, /!\[home: before and after\]\(dev\/home\.png\)/);
        assert.match(report, /!\[home: before and after\]\(prod\/home\.png\)/);
        for (const stack of ["dev", "prod"]) {
            assert.deepEqual(readdirSync(path.join(project.dir, "line-review", stack)), ["home.png"]);
            assertPng(path.join(project.dir, "line-review", stack, "home.png"));
        }
        // A review only reads: nothing was written to either channel, and no credential is in the report.
        assert.deepEqual(await writesSince(from), []);
        assertNoSecrets(
            { report },
            Object.values(CHANNELS).map(c => c.accessToken),
        );
        checkSnapshot(path.join(project.dir, "line-review"), SAMPLE);
        checkReadme();
    });

    it("the workflow's script steps run as on GitHub: report, pictures on their branch, the comment", async () => {
        const workflow = parseYaml(
            readFileSync(path.join(ROOT, "examples", "github-actions", "line-review.yml"), "utf8"),
        ) as {
            jobs: {
                review: { env: Record<string, string | number>; steps: { id?: string; run?: string }[] };
            };
        };
        const job = workflow.jobs.review;
        const steps = job.steps.filter(step => step.id !== undefined && step.run !== undefined);
        assert.deepEqual(
            steps.map(s => s.id),
            ["path", "review", "publish", "comment"],
        );
        // The runner: its temp directory, the checkout with its `origin`.
        const runner = path.join(project.dir, ".runner");
        const origin = path.join(runner, "origin.git");
        mkdirSync(runner, { recursive: true });
        const git = (args: string[], cwd = project.dir) =>
            execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
        git(["init", "--quiet", "--bare", origin], runner);
        git(["init", "--quiet"]);
        git(["remote", "add", "origin", origin]);
        // The project's installed `pulumi-line` (the package's built CLI). It stands outside the project: a node_modules in the
        // project directory would be where the language host looks for @pulumi/pulumi.
        const bin = path.join(runner, "bin");
        mkdirSync(bin, { recursive: true });
        writeFileSync(
            path.join(bin, "pulumi-line"),
            `#!/usr/bin/env bash\nexec node ${JSON.stringify(path.join(ROOT, "dist", "provider", "cli", "index.js"))} "$@"\n`,
            { mode: 0o755 },
        );
        const githubPath = path.join(runner, "path");
        writeFileSync(githubPath, "");
        const env: NodeJS.ProcessEnv = {
            ...project.env,
            PATH: [bin, project.env.PATH].join(path.delimiter),
            // The job's env, as GitHub would expand it for pull request #7.
            STACKS: String(job.env.STACKS),
            PICTURES_BRANCH: String(job.env.PICTURES_BRANCH),
            PR_NUMBER: "7",
            RUNNER_TEMP: runner,
            GITHUB_PATH: githubPath,
            GITHUB_SERVER_URL: "https://github.com",
            GITHUB_REPOSITORY: "example/line-bot",
        };
        // Asynchronous: the emulator answers from this process while a step runs.
        const runStep = (script: string, stepEnv: NodeJS.ProcessEnv) =>
            new Promise<{ status: number | null; output: string }>((resolve, reject) => {
                const child = spawn("bash", ["-e", "-c", script], { cwd: project.dir, env: stepEnv });
                let output = "";
                child.stdout.on("data", chunk => (output += String(chunk)));
                child.stderr.on("data", chunk => (output += String(chunk)));
                child.on("error", reject);
                child.on("close", status => resolve({ status, output }));
            });
        const runSteps = async () => {
            for (const step of steps) {
                const added = readFileSync(githubPath, "utf8").split("\n").filter(Boolean).reverse();
                const result = await runStep(step.run!, {
                    ...env,
                    PATH: [...added, env.PATH].join(path.delimiter),
                });
                const report = path.join(runner, "line-review", "report.md");
                const said = existsSync(report) ? readFileSync(report, "utf8") : "";
                assert.equal(result.status, 0, `step ${step.id}:\n${result.output}\n${said}`);
            }
        };

        await runSteps();
        // The report is the one the command gave in the previous test: the same plan, the same text.
        checkSnapshot(path.join(runner, "line-review"), SAMPLE);
        const published = git(["ls-tree", "-r", "--name-only", "line-review-pictures"], origin).split("\n");
        assert.equal(published.length, 2);
        const [prefix] = published.map(f => f.replace(/\/(dev|prod)\/home\.png$/, ""));
        assert.match(prefix!, /^pr-7\/[0-9a-f]{16}$/);
        assert.deepEqual(published, [`${prefix}/dev/home.png`, `${prefix}/prod/home.png`]);
        const comment = readFileSync(path.join(runner, "line-review-comment.md"), "utf8");
        const base = `https://github.com/example/line-bot/raw/line-review-pictures/${prefix}`;
        assert.ok(comment.startsWith("<!-- pulumi-line review -->\n"));
        assert.match(comment, new RegExp(`!\\[home: before and after\\]\\(${base}/dev/home\\.png\\)`));
        assert.equal(
            comment.replaceAll(`${base}/`, ""),
            readFileSync(path.join(SAMPLE, "report.md"), "utf8"),
        );

        // A rerun of the same plan publishes nothing new and gives the same comment.
        const head = git(["rev-parse", "line-review-pictures"], origin);
        await runSteps();
        assert.equal(git(["rev-parse", "line-review-pictures"], origin), head);
        assert.equal(readFileSync(path.join(runner, "line-review-comment.md"), "utf8"), comment);
    });

    it("a change that changes nothing gives a report that says so", async () => {
        for (const stack of Object.keys(CHANNELS))
            await project.pulumi(["up", "--yes", "--non-interactive", "--skip-preview", "--stack", stack]);
        writeFileSync(path.join(project.dir, "line.yaml"), lineYaml(assets(), "after, reformatted"));
        const from = await logLength();
        const result = await review("no-change");
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.report, /\*\*No changes\.\*\* `dev` and `prod` already match the program\./);
        assert.match(result.report, /No changes: the stack's 6 resources match the program\./);
        assert.doesNotMatch(result.report, /!\[/);
        assert.deepEqual(await writesSince(from), []);
        checkSnapshot(path.join(project.dir, "no-change"), path.join(SAMPLE, "..", "sample-no-change"));
    });
});
