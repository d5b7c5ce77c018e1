import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseCliArguments } from "../../emulator/cli";

const CLI = join(__dirname, "..", "..", "emulator", "cli.ts");

describe("emulator: the command line", () => {
    describe("parseCliArguments", () => {
        it("reads --port, repeated --channel, --state-file, --time-scale and --no-rate-limits", () => {
            assert.deepEqual(
                parseCliArguments([
                    "--port",
                    "8080",
                    "--channel",
                    "shop:tok:en",
                    "--channel=cafe:t2",
                    "--state-file",
                    "s.json",
                    "--time-scale",
                    "3600",
                    "--no-rate-limits",
                ]),
                {
                    port: 8080,
                    channels: [
                        { name: "shop", accessToken: "tok:en" },
                        { name: "cafe", accessToken: "t2" },
                    ],
                    stateFile: "s.json",
                    timeScale: 3600,
                    rateLimits: false,
                },
            );
        });

        it("defaults to any free port, the default channel and rate limits on", () => {
            assert.deepEqual(parseCliArguments([]), {
                port: 0,
                channels: [],
                stateFile: undefined,
                timeScale: undefined,
                rateLimits: true,
            });
        });

        for (const args of [
            ["--port", "x"],
            ["--port", "70000"],
            ["--channel", "notoken"],
            ["--channel", ":t"],
            ["--time-scale", "0"],
            ["--port"],
            ["--bogus"],
        ]) {
            it(`refuses ${args.join(" ")}`, () => {
                assert.throws(() => parseCliArguments(args));
            });
        }
    });

    it("prints exactly one line with its URL, serves the channel and stops on SIGTERM", async () => {
        const child = spawn(
            process.execPath,
            ["--import", "tsx", CLI, "--port", "0", "--channel", "shop:shop-token"],
            {
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let stdout = "";
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const url = await new Promise<string>((resolve, reject) => {
            child.stdout.on("data", (chunk: Buffer) => {
                stdout += chunk.toString();
                const match = /^LINE emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
                if (match?.[1]) resolve(match[1]);
            });
            child.on("exit", code => reject(new Error(`exited with ${code}: ${stderr}`)));
        });
        const res = await fetch(`${url}/v2/bot/info`, { headers: { Authorization: "Bearer shop-token" } });
        assert.equal(res.status, 200);
        const exit = new Promise<number | null>(resolve => child.on("exit", resolve));
        child.kill("SIGTERM");
        assert.equal(await exit, 0);
        assert.equal(stdout.split("\n").filter(Boolean).length, 1, stdout);
    });

    it("explains a bad argument on stderr and exits with 2", async () => {
        const child = spawn(process.execPath, ["--import", "tsx", CLI, "--bogus"], {
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>(resolve => child.on("exit", resolve));
        assert.equal(code, 2);
        assert.match(stderr, /unknown argument --bogus/);
    });
});
