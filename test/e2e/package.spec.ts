import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
    copyFileSync,
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    readdirSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";
import { pulumiEnvironment, runPulumi } from "../../scripts/pulumiCli";
import { assertNoSecrets, pulumiBinDir, ROOT } from "./harness";

/**
 * A new user's first hour, from the packed package: `npm pack`, a fresh project in a temporary
 * directory outside the repository, README's "Using it in your own project" files and commands exactly
 * as the README shows them (read from it, so the two cannot drift), the emulator through
 * `npx pulumi-line emulator`, then preview, up, orphans and destroy through the real engine.
 */

/** The README's `<!-- own-project: NAME -->` blocks, by name. */
function ownProjectBlocks(): Record<string, string> {
    const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
    const blocks: Record<string, string> = {};
    for (const match of readme.matchAll(/<!-- own-project: (\S+) -->\s*\n```\w*\n([\s\S]*?)```/g))
        blocks[match[1]!] = match[2]!;
    return blocks;
}

/** A shell line's words (the README's commands use no quoting), without its trailing comment. */
function words(line: string): string[] {
    return line
        .replace(/\s+#.*$/, "")
        .trim()
        .split(/\s+/)
        .filter(Boolean);
}

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

describe("the packed package in a new project", () => {
    const blocks = ownProjectBlocks();
    const work = mkdtempSync(path.join(os.tmpdir(), "pulumi-line-package-"));
    const project = path.join(work, "my-line-channel");
    let emulator: ChildProcess | undefined;
    let env: NodeJS.ProcessEnv = {};
    let tarball = "";

    const run = (command: string, args: readonly string[], input?: string): Run => {
        const result = spawnSync(command, [...args], {
            cwd: project,
            env,
            encoding: "utf8",
            input,
            maxBuffer: 64 * 1024 * 1024,
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    before(async function () {
        this.timeout(15 * 60 * 1000);
        for (const name of [
            "install",
            "package.json",
            "Pulumi.yaml",
            "tsconfig.json",
            "index.ts",
            "line.yaml",
            "commands",
        ])
            assert.ok(blocks[name] !== undefined, `README has no own-project block ${name}`);
        assert.ok(
            existsSync(path.join(ROOT, "dist", "provider", "cli", "index.js")),
            "run `npm run build` first",
        );
        const packed = execFileSync(
            "npm",
            ["pack", "--ignore-scripts", "--pack-destination", work, "--json"],
            {
                cwd: ROOT,
                encoding: "utf8",
                stdio: ["ignore", "pipe", "ignore"],
            },
        );
        tarball = path.join(work, (JSON.parse(packed) as { filename: string }[])[0]!.filename);

        mkdirSync(path.join(project, "menus"), { recursive: true });
        for (const file of ["package.json", "Pulumi.yaml", "tsconfig.json", "index.ts", "line.yaml"])
            writeFileSync(path.join(project, file), blocks[file]!);
        // The one file the README cannot show: the menu's picture.
        copyFileSync(
            path.join(ROOT, "examples", "assets", "menu-home.png"),
            path.join(project, "menus", "home.png"),
        );

        const stateDir = path.join(work, "pulumi");
        env = {
            ...pulumiEnvironment(pulumiBinDir(), stateDir),
            npm_config_fund: "false",
            npm_config_audit: "false",
        };
        for (const line of blocks.install!.trim().split("\n")) {
            // The package under test instead of the registry's.
            const args = words(line).map(w => (w === "pulumi-line" ? tarball : w));
            assert.equal(args[0], "npm");
            const installed = run("npm", [...args.slice(1), "--prefer-offline"]);
            assert.equal(installed.status, 0, `${line}\n${installed.stdout}\n${installed.stderr}`);
            assert.doesNotMatch(installed.stderr, /allowScripts|prepare/, installed.stderr);
        }
    });

    after(async () => {
        const child = emulator;
        if (child?.pid !== undefined && child.exitCode === null) {
            const exited = new Promise(resolve => child.once("exit", resolve));
            process.kill(-child.pid, "SIGTERM");
            await exited;
        }
        rmSync(work, { recursive: true, force: true });
    });

    it("runs README's commands: validate, render, the emulator, preview, up, orphans and destroy", async function () {
        this.timeout(15 * 60 * 1000);
        const transcript: string[] = [];
        let url = "";
        const lines = blocks
            .commands!.trim()
            .split("\n")
            .map(words)
            .filter(w => w.length > 0);
        for (const line of lines) {
            const shown = line.join(" ");
            if (line[0] === "export") {
                for (const assignment of line.slice(1)) {
                    const [key, value = ""] = assignment.split("=");
                    env[key!] = value.replace(/^http:\/\/127\.0\.0\.1:8080$/, url);
                }
            } else if (line[0] === "npx" && line[2] === "emulator") {
                // Any free port here; the README's 8080 is what the exports above point at.
                const args = line.slice(1).map((w, i, all) => (all[i - 1] === "--port" ? "0" : w));
                // Its own process group: npx starts the CLI as a child, and both must be gone afterwards.
                const child = spawn("npx", args, {
                    cwd: project,
                    env,
                    stdio: ["ignore", "pipe", "pipe"],
                    detached: true,
                });
                emulator = child;
                const started = await new Promise<string>((resolve, reject) => {
                    let out = "";
                    child.stdout.on("data", (chunk: Buffer) => {
                        out += chunk.toString();
                        if (/\n {2}channel .*\n/.test(out)) resolve(out);
                    });
                    child.on("exit", code => reject(new Error(`the emulator exited with ${code}`)));
                });
                url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(started)![1]!;
                assert.match(started, /channel default: channel ID 1000000001, bot @\w+ \(U[0-9a-f]{32}\)/);
            } else if (line.includes("|")) {
                const bar = line.indexOf("|");
                const exported = await runPulumi(line.slice(1, bar), { cwd: project, env });
                const piped = run(line[bar + 1]!, line.slice(bar + 2), exported.stdout);
                transcript.push(piped.stdout, piped.stderr);
                assert.equal(piped.status, 0, `${shown}\n${piped.stderr}`);
                assert.match(
                    piped.stdout,
                    /state: 1 rich menu\(s\) tracked \(1 in the channel\), 0 interrupted create\(s\)\n0 orphan\(s\)/,
                );
            } else if (line[0] === "pulumi") {
                const yes = ["up", "destroy"].includes(line[1]!) ? ["--yes", "--non-interactive"] : [];
                const result = await runPulumi([...line.slice(1), ...yes], { cwd: project, env });
                transcript.push(result.stdout, result.stderr);
                if (line[1] === "preview") assert.match(result.stdout, /\+ 5 to create/);
                if (line[1] === "up") {
                    const state = (await (await fetch(`${url}/_emulator/channels/default/state`)).json()) as {
                        richMenus: { name: string }[];
                        defaultRichMenuId?: string;
                    };
                    assert.deepEqual(
                        state.richMenus.map(m => m.name),
                        ["Home"],
                    );
                }
                if (line[1] === "destroy") {
                    const state = (await (await fetch(`${url}/_emulator/channels/default/state`)).json()) as {
                        richMenus: unknown[];
                    };
                    assert.deepEqual(state.richMenus, []);
                }
            } else {
                assert.equal(line[0], "npx", shown);
                const result = run("npx", line.slice(1));
                transcript.push(result.stdout, result.stderr);
                assert.equal(result.status, 0, `${shown}\n${result.stdout}\n${result.stderr}`);
                if (line[2] === "validate") assert.match(result.stderr, /line\.yaml: no errors/);
                if (line[2] === "render")
                    assert.ok(readdirSync(path.join(project, "line-review")).includes("home.png"));
            }
        }
        assert.ok(url !== "", "the commands start the emulator");
        assertNoSecrets({ "the commands' output": transcript.join("\n") }, [
            env.LINE_CHANNEL_ACCESS_TOKEN ?? "emulator-default-token",
        ]);
    });

    it("runs README's Pulumi YAML program on the plugin in node_modules/pulumi-line/bin: up and destroy", async function () {
        this.timeout(15 * 60 * 1000);
        const program = blocks["yaml/Pulumi.yaml"];
        const commands = blocks["yaml/commands"];
        assert.ok(
            program !== undefined && commands !== undefined,
            "README has the YAML program and its commands",
        );
        assert.match(program, /^runtime: yaml$/m);
        assert.match(program, /path: node_modules\/pulumi-line\/bin$/m);
        const dir = path.join(work, "my-line-yaml");
        mkdirSync(path.join(dir, "menus"), { recursive: true });
        writeFileSync(path.join(dir, "Pulumi.yaml"), program);
        copyFileSync(
            path.join(ROOT, "examples", "assets", "menu-home.png"),
            path.join(dir, "menus", "home.png"),
        );
        // Ambient plugins ignored: the launcher beside the cached CLI cannot stand in for the installed one.
        const yamlEnv = {
            ...pulumiEnvironment(pulumiBinDir(), path.join(work, "pulumi-yaml")),
            npm_config_fund: "false",
            npm_config_audit: "false",
            PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        };
        const lineApi = await startEmulator({ port: 0, rateLimits: false });
        const channel = async () =>
            (await (await fetch(`${lineApi.url}/_emulator/channels/default/state`)).json()) as {
                richMenus: { richMenuId: string; name: string; hasImage: boolean }[];
                defaultRichMenuId: string | null;
            };
        const transcript: string[] = [];
        try {
            for (const line of commands
                .trim()
                .split("\n")
                .map(words)
                .filter(w => w.length > 0)) {
                const args = line.map(w => (w === "http://127.0.0.1:8080" ? lineApi.url : w));
                if (args[0] === "npm") {
                    const installed = spawnSync(
                        "npm",
                        [...args.slice(1).map(w => (w === "pulumi-line" ? tarball : w)), "--prefer-offline"],
                        { cwd: dir, env: yamlEnv, encoding: "utf8" },
                    );
                    assert.equal(installed.status, 0, `${line.join(" ")}\n${installed.stderr}`);
                    continue;
                }
                assert.equal(args[0], "pulumi", line.join(" "));
                const yes = ["up", "destroy"].includes(args[1]!) ? ["--yes", "--non-interactive"] : [];
                const result = await runPulumi([...args.slice(1), ...yes], { cwd: dir, env: yamlEnv });
                transcript.push(result.stdout, result.stderr);
                if (args[1] === "up") {
                    const held = await channel();
                    assert.deepEqual(
                        held.richMenus.map(m => [m.name, m.hasImage]),
                        [["Home", true]],
                    );
                    assert.equal(held.defaultRichMenuId, held.richMenus[0]!.richMenuId);
                }
                if (args[1] === "destroy") {
                    const held = await channel();
                    assert.deepEqual([held.richMenus, held.defaultRichMenuId], [[], null]);
                }
            }
            assert.ok(transcript.length > 0, "the commands run pulumi");
        } finally {
            await lineApi.close();
        }
        assertNoSecrets({ "the YAML commands' output": transcript.join("\n") }, ["emulator-default-token"]);
    });

    it("says a user-ID file's problem as file:line:column path: message, in validate and in preview alike", async () => {
        const declaration = path.join(project, "line.yaml");
        const original = readFileSync(declaration, "utf8");
        writeFileSync(path.join(project, "vip.txt"), "U00000000000000000000000000000001\nnot-a-user\n");
        writeFileSync(
            declaration,
            `${original}userLinks:\n  vip: { stacks: [dev], richMenu: home, userIdsFile: vip.txt }\n`,
        );
        const offline = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("LINE_")));
        try {
            const validated = spawnSync("npx", ["pulumi-line", "validate", "line.yaml"], {
                cwd: project,
                env: offline,
                encoding: "utf8",
            });
            assert.equal(validated.status, 1, validated.stderr);
            assert.equal(
                validated.stdout,
                "vip.txt:2:1 userLinks.vip.userIdsFile: must be a LINE user ID: U followed by 32 hex digits\n",
            );
            await runPulumi(["stack", "select", "--create", "dev"], { cwd: project, env: offline });
            const preview = await runPulumi(["preview", "--non-interactive"], {
                cwd: project,
                env: offline,
                allowFailure: true,
            });
            const printed = preview.stdout + preview.stderr;
            assert.notEqual(preview.status, 0);
            assert.match(printed, /has a problem: vip\.txt:2:1 userIdsFile: must be a LINE user ID/);
            assert.doesNotMatch(printed, /value \{/);
            assert.doesNotMatch(printed, /not-a-user/);
        } finally {
            writeFileSync(declaration, original);
        }
    });

    it("answers --help for every command with exit 0, and a wrong flag with exit 2", () => {
        for (const command of ["validate", "render", "emulator", "orphans"]) {
            const help = run("npx", ["pulumi-line", command, "--help"]);
            assert.equal(help.status, 0, command);
            assert.match(help.stdout, new RegExp(`usage: .*pulumi-line ${command}`));
        }
        const wrong = run("npx", ["pulumi-line", "orphans", "--channel", "--delete"]);
        assert.equal(wrong.status, 2);
        assert.match(wrong.stderr, /--channel needs a value/);
    });
});
