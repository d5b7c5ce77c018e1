import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../../provider/cli";
import { validateFile } from "../../../provider/cli/validate";
import { forgetBots } from "../../../provider/resources/botGuard";
import { commandIO } from "../../support/commandIO";
import { useEmulator } from "../../support/emulator";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { CORPUS, CORPUS_CONFIG, corpus, mismatches } from "../declarations/corpus";

/** The stack and config a corpus file's header asks for, as `validate` takes them. */
function headerOf(file: string): { stack: string; config: Record<string, string> } {
    const text = readFileSync(file, "utf8");
    const config: Record<string, string> = { ...CORPUS_CONFIG };
    for (const match of text.matchAll(/^# config: ([^=]+)=(.*)$/gm)) config[match[1]!] = match[2]!;
    return { stack: /^# stack: (\S+)$/m.exec(text)?.[1] ?? "dev", config };
}

/** A copy of the corpus in a scratch directory, so a case can break one of its files. */
function scratchCorpus(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "pulumi-line-validate-"));
    for (const part of ["valid", "images", "files"])
        cpSync(path.join(CORPUS, part), path.join(dir, part), { recursive: true });
    return dir;
}

const CONFIG_FLAGS = Object.entries(CORPUS_CONFIG).flatMap(([k, v]) => ["--config", `${k}=${v}`]);

/** `pulumi-line validate`: what preview would report, as `file:line:column path: message`, without Pulumi. */
describe("pulumi-line validate", () => {
    describe("reports exactly what loading reports, for every file of the invalid corpus", () => {
        for (const c of corpus("invalid")) {
            it(c.name, async () => {
                const { stack, config } = headerOf(c.file);
                const result = await validateFile(c.file, {
                    stack,
                    config,
                    cwd: process.cwd(),
                });
                const { missing, unexpected } = mismatches(c.errors, result.errors);
                assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] });
            });
        }
    });

    it("exits 0 on a valid file, 1 on errors, and prints each error on its own line", async () => {
        const valid = commandIO();
        assert.equal(
            await main(["validate", path.join(CORPUS, "valid", "full.yaml"), ...CONFIG_FLAGS], valid),
            0,
        );
        assert.equal(valid.out(), "");
        assert.match(valid.err(), /full\.yaml: no errors \(stack dev\)/);
        // No credentials here: what only LINE can check is named, not silently passed.
        assert.match(
            valid.err(),
            /no credentials for channel "default": message templates and expectedBot were not checked/,
        );

        const broken = commandIO({ cwd: CORPUS });
        const file = path.join("invalid", "many-errors-at-once.yaml");
        assert.equal(await main(["validate", file, ...CONFIG_FLAGS], broken), 1);
        const lines = broken
            .out()
            .trimEnd()
            .split("\n")
            .filter(l => !l.endsWith("(warning)"));
        assert.ok(lines.length > 1, broken.out());
        for (const line of lines) assert.match(line, /^invalid\/many-errors-at-once\.yaml:\d+:\d+ \S+: .+$/);
        assert.match(broken.err(), new RegExp(`${lines.length} errors`));
    });

    it("checks user-ID files line by line, as the resources' check does, naming the entry", async () => {
        const dir = scratchCorpus();
        writeFileSync(
            path.join(dir, "files", "vip-users.txt"),
            "U00000000000000000000000000000001\n# a comment\ntaro@example.com\n",
        );
        const io = commandIO({ cwd: dir });
        assert.equal(await main(["validate", path.join("valid", "full.yaml"), ...CONFIG_FLAGS], io), 1);
        assert.equal(
            io.out(),
            `${path.join("valid", "..", "files", "vip-users.txt")}:3:1 userLinks.vip.userIdsFile: must be a LINE user ID: U followed by 32 hex digits\n`.replace(
                `valid${path.sep}..${path.sep}`,
                "",
            ),
        );
        assert.ok(!io.out().includes("taro"), "the bad value itself is never shown");
    });

    it("refuses a call without a file, and an unknown option, with exit 2", async () => {
        const none = commandIO();
        assert.equal(await main(["validate"], none), 2);
        assert.match(none.err(), /give the declaration file/);
        const unknown = commandIO();
        assert.equal(await main(["validate", "line.yaml", "--stak", "prod"], unknown), 2);
        assert.match(unknown.err(), /unknown option --stak/);
    });

    describe("with credentials", () => {
        const line = useEmulator({
            rateLimits: false,
            channels: [{ name: "default", accessToken: "validate-token", basicId: "@corpus1" }],
        });
        useLineEnvironment(line);
        beforeEach(async () => {
            forgetBots();
            await line.control.reset();
        });

        it("sends message templates through LINE's validation and names the line LINE's answer points at", async () => {
            const dir = scratchCorpus();
            const file = path.join(dir, "valid", "full.yaml");
            writeFileSync(
                file,
                readFileSync(file, "utf8").replace("Thanks for adding us as a friend!", "x".repeat(5001)),
            );
            await line.control.clearRequests();
            const io = commandIO({ cwd: dir });
            assert.equal(await main(["validate", path.join("valid", "full.yaml"), ...CONFIG_FLAGS], io), 1);
            assert.match(
                io.out(),
                /^valid\/full\.yaml:\d+:15 messages\.greeting\.messages\[0\]\.text: .+\(LINE's push message validation\)\n$/,
            );
            const log = calls(await line.control.requests());
            assert.ok(log.includes("POST /v2/bot/message/validate/push"), log.join(", "));
            assert.ok(
                log.every(l => l.startsWith("GET ") || l.startsWith("POST /v2/bot/message/validate/")),
                log.join(", "),
            );
        });

        it("fails when the credentials belong to another bot than expectedBot", async () => {
            const dir = scratchCorpus();
            const file = path.join(dir, "valid", "full.yaml");
            writeFileSync(file, readFileSync(file, "utf8").replace('"@corpus1"', '"@other99"'));
            const io = commandIO({ cwd: dir });
            assert.equal(await main(["validate", path.join("valid", "full.yaml"), ...CONFIG_FLAGS], io), 1);
            assert.match(
                io.out(),
                /^valid\/full\.yaml:4:14 expectedBot: the declarations are for bot @other99, but .+@corpus1/m,
            );
        });
    });
});
