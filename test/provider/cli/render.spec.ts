import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseCommandLine } from "../../../provider/cli";
import { render, renderArguments, renderCommand } from "../../../provider/cli/render";
import { CORPUS } from "../declarations/corpus";

/** The command line as `pulumi-line render` reads it. */
function parseArguments(argv: readonly string[]) {
    return renderArguments(parseCommandLine(renderCommand, argv), process.cwd());
}

/** `pulumi-line render` as a reviewer runs it: pictures, before/after, the summary. */
describe("pulumi-line render", () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "line-render-"));
    const tabbed = path.join(CORPUS, "valid", "tabbed.yaml");
    const site = [
        "--config",
        "siteUrl=https://example.com",
        "--config",
        "webhookUrl=https://example.com/hook",
    ];
    const quiet: string[] = [];
    const log = (line: string) => quiet.push(line);
    const out = (name: string) => path.join(scratch, name);

    it("writes an SVG and a PNG per menu, and a summary", () => {
        const errors = render(parseArguments([tabbed, "--out", out("plain"), ...site]), log);
        assert.equal(errors, 0);
        for (const file of ["home.svg", "home.png", "shop.svg", "shop.png", "index.md"]) {
            assert.ok(existsSync(path.join(out("plain"), file)), file);
        }
        const png = readFileSync(path.join(out("plain"), "home.png"));
        assert.equal(png.subarray(1, 4).toString("ascii"), "PNG");
        assert.match(
            readFileSync(path.join(out("plain"), "index.md"), "utf8"),
            /\| home \| unchanged \| 4 \| 0 \|/,
        );
    });

    it("draws the tab graph beside the menus and puts it in the summary as Mermaid", () => {
        render(parseArguments([tabbed, "--out", out("graph"), ...site]), log);
        const png = readFileSync(path.join(out("graph"), "tab-graph.png"));
        assert.equal(png.subarray(1, 4).toString("ascii"), "PNG");
        assert.match(readFileSync(path.join(out("graph"), "tab-graph.svg"), "utf8"), /^<svg /);
        const summary = readFileSync(path.join(out("graph"), "index.md"), "utf8");
        assert.match(summary, /## Tab graph\n\n```mermaid\nflowchart LR\n/);
        assert.match(summary, /\[tab-graph\.png\]\(tab-graph\.png\)/);
    });

    it("compares with another file: before and after for the menus the change replaces only", () => {
        const before = readFileSync(tabbed, "utf8")
            .replace(/\.\.\/images\//g, `${path.join(CORPUS, "images")}/`)
            .replace("/news", "/old-news");
        writeFileSync(out("before.yaml"), before);
        render(
            parseArguments([
                tabbed,
                "--out",
                out("compare"),
                "--before",
                out("before.yaml"),
                "--no-png",
                ...site,
            ]),
            log,
        );
        assert.ok(existsSync(path.join(out("compare"), "home.compare.svg")));
        assert.ok(!existsSync(path.join(out("compare"), "shop.compare.svg")));
        assert.ok(!existsSync(path.join(out("compare"), "home.png")));
        const summary = readFileSync(path.join(out("compare"), "index.md"), "utf8");
        assert.match(summary, /\| home \| replaced \(areas\) \|/);
        assert.match(summary, /\| shop \| unchanged \|/);
    });

    it("compares with a git revision, reading the declaration and its images as they were", () => {
        const repo = out("repo");
        mkdirSync(repo);
        const git = (...args: string[]) =>
            execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
                cwd: repo,
                stdio: "ignore",
            });
        git("init", "-q");
        cpSync(path.join(CORPUS, "images"), path.join(repo, "images"), { recursive: true });
        mkdirSync(path.join(repo, "channel"));
        writeFileSync(path.join(repo, "channel", "line.yaml"), readFileSync(tabbed, "utf8"));
        git("add", ".");
        git("commit", "-q", "-m", "menus");
        // The change under review: a new picture for the shop tab.
        cpSync(path.join(CORPUS, "images", "tall.png"), path.join(repo, "images", "shop.png"));
        const changed = readFileSync(tabbed, "utf8").replace(
            /(shop:\n {4}image: )\.\.\/images\/wide\.png\n {4}size: \{ width: 2500, height: 843 \}/,
            "$1../images/shop.png\n    size: { width: 2500, height: 1686 }",
        );
        writeFileSync(path.join(repo, "channel", "line.yaml"), changed);
        render(
            parseArguments([
                path.join(repo, "channel", "line.yaml"),
                "--out",
                out("git"),
                "--before-ref",
                "HEAD",
                "--no-png",
                ...site,
            ]),
            log,
        );
        const summary = readFileSync(path.join(out("git"), "index.md"), "utf8");
        assert.match(summary, /\| shop \| replaced \(size, image\) \|/);
        assert.match(summary, /\| home \| unchanged \|/);
        assert.ok(existsSync(path.join(out("git"), "shop.compare.svg")));
    });

    it("reads the stack's plain config next to the project's Pulumi.yaml", () => {
        const project = out("project");
        cpSync(path.join(CORPUS, "images"), path.join(project, "images"), { recursive: true });
        mkdirSync(path.join(project, "channel"));
        writeFileSync(path.join(project, "Pulumi.yaml"), "name: shop\nruntime: nodejs\n");
        writeFileSync(
            path.join(project, "Pulumi.staging.yaml"),
            "config:\n  shop:siteUrl: https://staging.example.com\n  shop:webhookUrl:\n    secure: v1:abc\n",
        );
        writeFileSync(path.join(project, "channel", "line.yaml"), readFileSync(tabbed, "utf8"));
        const file = path.join(project, "channel", "line.yaml");
        const lines: string[] = [];
        // The secure value cannot be read: without --config it is reported missing, with it the file renders.
        assert.equal(
            render(parseArguments([file, "--stack", "staging", "--out", out("staging"), "--no-png"]), l =>
                lines.push(l),
            ),
            1,
        );
        assert.ok(
            lines.some(l => /stack config "webhookUrl" is not set for stack "staging"/.test(l)),
            lines.join("\n"),
        );
        const errors = render(
            parseArguments([
                file,
                "--stack",
                "staging",
                "--out",
                out("staging"),
                "--no-png",
                "--config",
                "webhookUrl=https://x.example.com",
            ]),
            log,
        );
        assert.equal(errors, 0);
        assert.match(readFileSync(path.join(out("staging"), "home.svg"), "utf8"), /staging\.example\.com/);
    });

    it("still draws what it can of a file with errors, and answers the number of errors", () => {
        const file = path.join(CORPUS, "invalid", "area-outside-menu.yaml");
        const errors = render(parseArguments([file, "--out", out("broken"), "--no-png", ...site]), log);
        assert.equal(errors, 1);
        assert.ok(existsSync(path.join(out("broken"), "home.svg")));
        assert.match(
            readFileSync(path.join(out("broken"), "index.md"), "utf8"),
            /- error: .*extends outside/,
        );
    });

    it("explains its usage", () => {
        assert.throws(() => parseArguments([]), /give the declaration file/);
        assert.throws(() => parseArguments(["a.yaml", "b.yaml"]), /one declaration file at a time/);
        assert.throws(
            () => parseArguments(["a.yaml", "--png-width", "wide"]),
            /--png-width must be a whole number/,
        );
        assert.throws(() => parseArguments(["a.yaml", "--before", "b", "--before-ref", "c"]), /not both/);
        assert.throws(() => parseArguments(["a.yaml", "--config", "novalue"]), /KEY=VALUE/);
    });
});
