import assert from "node:assert/strict";
import { COMMANDS, main } from "../../../provider/cli";
import type { Command } from "../../../provider/cli/command";
import { commandIO } from "../../support/commandIO";

/** The dispatcher: one table of subcommands, strict parsing, help for each. */
describe("pulumi-line (the dispatcher)", () => {
    const seen: { values: unknown; positionals: readonly string[] }[] = [];
    const probe: Command = {
        name: "probe",
        summary: "records what it was given",
        usage: "usage: pulumi-line probe [--channel NAME] [--delete]\n",
        options: { channel: { type: "string" }, delete: { type: "boolean" } },
        async run(args) {
            seen.push(args);
            return 0;
        },
    };
    const table = [probe];

    it("lists every command with its summary on --help, exit 0", async () => {
        const io = commandIO();
        assert.equal(await main(["--help"], io), 0);
        for (const command of COMMANDS) {
            assert.match(
                io.out(),
                new RegExp(`^  ${command.name} +${command.summary.replace(/[()[\].*+?]/g, "\\$&")}$`, "m"),
            );
        }
        for (const name of ["validate", "render", "emulator", "orphans"])
            assert.ok(
                COMMANDS.some(c => c.name === name),
                name,
            );
    });

    it("prints the overview and exits 2 without a command, and names an unknown command", async () => {
        const none = commandIO();
        assert.equal(await main([], none), 2);
        assert.match(none.out(), /^usage: pulumi-line <command>/);
        const unknown = commandIO();
        assert.equal(await main(["deploy"], unknown), 2);
        assert.match(unknown.err(), /unknown command "deploy"/);
    });

    for (const command of COMMANDS) {
        it(`answers \`${command.name} --help\` with its usage and an example, exit 0`, async () => {
            const io = commandIO();
            assert.equal(await main([command.name, "--help"], io), 0);
            assert.equal(io.out(), command.usage.endsWith("\n") ? command.usage : `${command.usage}\n`);
            assert.match(io.out(), new RegExp(`usage: .*pulumi-line ${command.name}`));
            assert.match(io.out(), /Example/);
            const viaHelp = commandIO();
            assert.equal(await main(["help", command.name], viaHelp), 0);
            assert.equal(viaHelp.out(), io.out());
        });
    }

    const refusals: readonly (readonly [string, readonly string[], RegExp])[] = [
        ["an unknown flag", ["--bogus"], /^pulumi-line probe: unknown option --bogus$/m],
        ["a missing value", ["--channel"], /^pulumi-line probe: --channel needs a value$/m],
        [
            "a flag where the value belongs",
            ["--channel", "--delete"],
            /--channel needs a value, not another option/,
        ],
        ["a value for a switch", ["--delete=yes"], /--delete takes no value/],
        ["a stray argument", ["extra"], /unexpected argument extra/],
    ];
    for (const [what, argv, message] of refusals) {
        it(`refuses ${what} (${argv.join(" ")}) with exit 2, before the command runs`, async () => {
            seen.length = 0;
            const io = commandIO();
            assert.equal(await main(["probe", ...argv], io, table), 2);
            assert.match(io.err(), message);
            assert.match(io.err(), /run `pulumi-line probe --help`/);
            assert.deepEqual(seen, []);
        });
    }

    it("hands the command its parsed values; a value may start with a dash when written with =", async () => {
        seen.length = 0;
        assert.equal(await main(["probe", "--channel=-odd", "--delete"], commandIO(), table), 0);
        assert.deepEqual(seen, [{ values: { channel: "-odd", delete: true }, positionals: [] }]);
    });

    it("prints a command's failure as `pulumi-line <name>: message`, exit 1", async () => {
        const failing: Command = { ...probe, run: () => Promise.reject(new Error("LINE said no")) };
        const io = commandIO();
        assert.equal(await main(["probe"], io, [failing]), 1);
        assert.equal(io.err(), "pulumi-line probe: LINE said no\n");
    });
});
