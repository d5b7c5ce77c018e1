import assert from "node:assert/strict";
import { engineVerbosity, verboseLogWarning } from "../../../provider/resources/verboseLog";

/** The engine passes `-v=N` to plugins with `--logflow`; from 9 on its log holds the config's secrets. */
describe("the -v=9 log warning", () => {
    const host = ["node", "cmd/dynamic-provider/index.js"];
    const cases: readonly (readonly [string, readonly string[], number, boolean])[] = [
        ["no flags", [...host, "127.0.0.1:4567"], 0, false],
        ["-v=8 with --logflow", [...host, "-v=8", "127.0.0.1:4567"], 8, false],
        ["-v=9 with --logflow", [...host, "-v=9", "127.0.0.1:4567"], 9, true],
        ["--logtostderr -v=11", [...host, "--logtostderr", "-v=11", "127.0.0.1:4567"], 11, true],
    ];
    for (const [title, argv, level, warns] of cases) {
        it(`${warns ? "warns" : "stays silent"} for ${title}`, () => {
            assert.equal(engineVerbosity(argv), level);
            const warning = verboseLogWarning(argv);
            assert.equal(warning !== undefined, warns);
            if (warning !== undefined) {
                assert.match(
                    warning,
                    new RegExp(`logs at -v=${level}: Pulumi's engine log holds every secret`),
                );
                assert.match(warning, /LINE_CHANNEL_ID and LINE_CHANNEL_SECRET/);
            }
        });
    }
});
