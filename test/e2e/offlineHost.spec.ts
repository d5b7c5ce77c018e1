import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiEnvironment, runPulumi } from "../../scripts/pulumiCli";
import { ROOT, pulumiBinDir } from "./harness";
import { endMarkedProcesses, MARK_VARIABLE, newMark, waitUntilGone } from "./processes";

/**
 * The Pulumi CLI pulumi-offline/install.sh caches is one a developer may put on PATH for every project:
 * it must run any Node.js Pulumi program, not only programs that have pulumi-line installed. Here, a
 * plain program (only @pulumi/pulumi, with a dynamic resource so the provider host runs too) in a
 * directory outside the repository, previewed and deployed through the cached CLI.
 */

const SDK = "@pulumi/pulumi@3.248.0";

const PROGRAM = `const pulumi = require("@pulumi/pulumi");

const notes = {
    async create(inputs) {
        return { id: "note-" + inputs.text.length, outs: { ...inputs, length: inputs.text.length } };
    },
};

class Note extends pulumi.dynamic.Resource {
    constructor(name, args, opts) {
        super(notes, name, { ...args, length: undefined }, opts);
    }
}

const config = new pulumi.Config();
const note = new Note("note", { text: config.get("text") ?? "hello" });
exports.length = note.length;
`;

describe("the cached CLI runs a Node.js program without pulumi-line", function () {
    this.timeout(10 * 60_000);
    let work: string;
    let env: NodeJS.ProcessEnv;
    const mark = newMark("plain");
    const pulumi = (args: readonly string[]) => runPulumi(args, { cwd: path.join(work, "program"), env });

    before(function () {
        const binDir = pulumiBinDir();
        work = realpathSync(mkdtempSync(path.join(os.tmpdir(), "pulumi-line-plain-")));
        const program = path.join(work, "program");
        mkdirSync(program);
        writeFileSync(path.join(program, "Pulumi.yaml"), "name: plain\nruntime: nodejs\nmain: index.js\n");
        writeFileSync(path.join(program, "index.js"), PROGRAM);
        writeFileSync(
            path.join(program, "package.json"),
            JSON.stringify({ name: "plain", private: true, main: "index.js" }, null, 2),
        );
        // From npm's cache when it has the SDK (the repository's own install put it there).
        const install = spawnSync(
            "npm",
            ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-exact", SDK],
            { cwd: program, encoding: "utf8" },
        );
        assert.equal(install.status, 0, `npm install ${SDK} failed:\n${install.stderr}`);
        env = { ...pulumiEnvironment(binDir, path.join(work, "state")), [MARK_VARIABLE]: mark };
        // The engine must find the cached language host, not one of this repository's.
        env.PATH = `${binDir}${path.delimiter}${(process.env.PATH ?? "")
            .split(path.delimiter)
            .filter(p => !p.startsWith(ROOT))
            .join(path.delimiter)}`;
    });

    after(() => {
        endMarkedProcesses(mark);
        if (work !== undefined) rmSync(work, { recursive: true, force: true });
    });

    it("is a program outside the repository that cannot reach pulumi-line", () => {
        assert.ok(!work.startsWith(ROOT + path.sep), "the program is outside the repository");
        const program = path.join(work, "program");
        assert.ok(existsSync(path.join(program, "node_modules", "@pulumi", "pulumi")));
        const resolved = spawnSync(process.execPath, ["-e", 'require.resolve("pulumi-line")'], {
            cwd: program,
            encoding: "utf8",
        });
        assert.notEqual(resolved.status, 0, "pulumi-line does not resolve from the program's directory");
    });

    it("previews and deploys it", async () => {
        await pulumi(["stack", "init", "dev"]);
        await pulumi(["config", "set", "text", "hello, plain program"]);
        const preview = await pulumi(["preview", "--non-interactive"]);
        assert.match(preview.stdout, /\+ +pulumi-nodejs:dynamic:Resource +note +create/);
        await pulumi(["up", "--yes", "--non-interactive", "--skip-preview"]);
        const outputs = JSON.parse((await pulumi(["stack", "output", "--json"])).stdout) as unknown;
        assert.deepEqual(outputs, { length: "hello, plain program".length });
        const again = await pulumi(["preview", "--non-interactive", "--expect-no-changes"]);
        assert.equal(again.status, 0);
        assert.equal(await waitUntilGone(mark, 5_000), 0, "every process of the runs is gone");
    });
});
