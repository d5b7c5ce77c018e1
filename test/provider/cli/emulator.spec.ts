import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import * as os from "node:os";
import { join } from "node:path";
import { parseCommandLine } from "../../../provider/cli";
import { emulatorCommand, emulatorOptions } from "../../../provider/cli/emulator";

const CLI = join(__dirname, "..", "..", "..", "provider", "cli", "index.ts");

function options(argv: readonly string[]) {
    return emulatorOptions(parseCommandLine(emulatorCommand, argv), "/project");
}

/** Every emulator a spec started, stopped after each spec even when an assertion failed first. */
const running = new Set<ChildProcess>();

/** Starts `pulumi-line emulator args…`; resolves with its first stdout line(s) once it listens. */
function startCli(args: readonly string[]) {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, "emulator", ...args], {
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exit = new Promise<number | null>(resolve => child.on("exit", resolve));
    void exit.then(() => running.delete(child));
    const ready = new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
            stdout += chunk.toString();
            if (stdout.endsWith("\n")) resolve(stdout);
        });
        child.on("exit", code => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    return { child, ready, exit, stdout: () => stdout };
}

describe("pulumi-line emulator", () => {
    afterEach(async () => {
        await Promise.all(
            [...running].map(child => {
                const exited = new Promise(resolve => child.once("exit", resolve));
                child.kill("SIGTERM");
                return exited;
            }),
        );
    });

    describe("its options", () => {
        it("reads --port, repeated --channel, the channels' IDs, secrets and basic IDs, and the switches", () => {
            assert.deepEqual(
                options([
                    "--port",
                    "8080",
                    "--channel",
                    "shop:tok:en",
                    "--channel=cafe:t2",
                    "--channel-id",
                    "shop=1234567890",
                    "--channel-secret",
                    "shop=shop-secret",
                    "--basic-id",
                    "cafe=@cafe123",
                    "--state-file",
                    "s.json",
                    "--time-scale",
                    "3600",
                    "--no-rate-limits",
                    "--console",
                ]),
                {
                    emulator: {
                        port: 8080,
                        channels: [
                            {
                                name: "shop",
                                accessToken: "tok:en",
                                channelId: "1234567890",
                                channelSecret: "shop-secret",
                            },
                            { name: "cafe", accessToken: "t2", basicId: "@cafe123" },
                        ],
                        stateFile: "/project/s.json",
                        timeScale: 3600,
                        rateLimits: false,
                        console: true,
                    },
                    givenSecrets: new Set(["shop"]),
                    json: false,
                },
            );
        });

        it("marks the channels named by --unverified as neither verified nor premium", () => {
            const parsed = options(["--channel", "shop:t1", "--channel", "cafe:t2", "--unverified", "cafe"]);
            assert.deepEqual(parsed.emulator.channels, [
                { name: "shop", accessToken: "t1" },
                { name: "cafe", accessToken: "t2", verified: false },
            ]);
        });

        it("defaults to any free port, the documented default channel and rate limits on", () => {
            const parsed = options([]);
            assert.equal(parsed.emulator.port, 0);
            assert.equal(parsed.emulator.rateLimits, true);
            assert.equal(parsed.emulator.console, false);
            assert.deepEqual(parsed.emulator.channels, [
                {
                    name: "default",
                    accessToken: "emulator-default-token",
                    channelId: "1000000001",
                    channelSecret: "emulator-default-secret",
                },
            ]);
        });

        const refusals: readonly (readonly [readonly string[], RegExp])[] = [
            [["--port", "x"], /--port must be a whole number from 0 to 65535/],
            [["--port", "70000"], /--port must be a whole number/],
            [["--channel", "notoken"], /--channel takes NAME:ACCESS_TOKEN/],
            [["--channel", ":t"], /--channel takes NAME:ACCESS_TOKEN/],
            [["--channel", "a:t", "--channel", "a:u"], /--channel a is given twice/],
            [["--time-scale", "0"], /--time-scale must be a positive number/],
            [["--channel", "a:t", "--channel-id", "b=1234567890"], /there is no channel "b"/],
            [["--channel", "a:t", "--channel-id", "a=12"], /a channel ID is 10 digits/],
            [["--channel", "a:t", "--basic-id", "a=shop"], /a basic ID looks like @/],
            [["--channel", "a:t", "--unverified", "b"], /--unverified b: there is no channel "b"/],
            [
                ["--channel", "a:t", "--channel-secret", "secret"],
                /--channel-secret takes NAME=CHANNEL_SECRET/,
            ],
        ];
        for (const [argv, message] of refusals) {
            it(`refuses ${argv.join(" ")}`, () => {
                assert.throws(() => options(argv), message);
            });
        }
    });

    it("names every channel's ID and bot when it starts, never a secret, serves them and stops on SIGTERM", async () => {
        const run = startCli([
            "--port",
            "0",
            "--channel",
            "shop:shop-token",
            "--channel-id",
            "shop=1234567890",
            "--channel-secret",
            "shop=shop-secret",
            "--basic-id",
            "shop=@shop123",
            "--channel",
            "cafe:cafe-token",
        ]);
        const printed = await run.ready.catch(async error => {
            run.child.kill("SIGTERM");
            throw error;
        });
        const lines = printed.trimEnd().split("\n");
        const url = /^LINE emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(lines[0] ?? "")?.[1];
        assert.ok(url, printed);
        assert.match(
            lines[1] ?? "",
            /^ {2}channel shop: channel ID 1234567890, bot @shop123 \(U[0-9a-f]{32}\), secret: --channel-secret$/,
        );
        assert.match(
            lines[2] ?? "",
            /^ {2}channel cafe: channel ID \d{10}, bot @\w+ \(U[0-9a-f]{32}\), secret: derived; set it with --channel-secret/,
        );
        assert.ok(!printed.includes("shop-secret") && !printed.includes("token"), printed);

        // The ID + secret route: LINE's stateless token endpoint takes what was given.
        const issued = await fetch(`${url}/oauth2/v3/token`, {
            method: "POST",
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
                grant_type: "client_credentials",
                client_id: "1234567890",
                client_secret: "shop-secret",
            }),
        });
        assert.equal(issued.status, 200);
        const bot = await fetch(`${url}/v2/bot/info`, { headers: { Authorization: "Bearer cafe-token" } });
        assert.equal(bot.status, 200);
        run.child.kill("SIGTERM");
        assert.equal(await run.exit, 0);
        assert.equal(run.stdout(), printed);
    });

    it("prints the console's address with --console and serves the console there", async () => {
        const run = startCli(["--console"]);
        const printed = await run.ready.catch(async error => {
            run.child.kill("SIGTERM");
            throw error;
        });
        try {
            const [first = "", second = ""] = printed.split("\n");
            const url = /^LINE emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
            assert.equal(second, `  console: ${url}/_emulator/console/`);
            const page = await fetch(`${url}/_emulator/console/`);
            assert.equal(page.status, 200);
            assert.match(await page.text(), /<title>LINE emulator console<\/title>/);
        } finally {
            run.child.kill("SIGTERM");
        }
        assert.equal(await run.exit, 0);
    });

    it("writes the channels' credentials to --credentials-file, owner-only, and says so; --json prints one object", async () => {
        const dir = mkdtempSync(join(os.tmpdir(), "pulumi-line-emulator-"));
        const file = join(dir, "credentials.json");
        const run = startCli(["--channel", "dev:dev-token", "--credentials-file", file, "--json"]);
        const printed = await run.ready.catch(async error => {
            run.child.kill("SIGTERM");
            throw error;
        });
        run.child.kill("SIGTERM");
        assert.equal(await run.exit, 0);
        const start = JSON.parse(printed) as {
            url: string;
            channels: { name: string; channelId: string; secret: string }[];
        };
        assert.match(start.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        const written = JSON.parse(readFileSync(file, "utf8")) as {
            channels: { name: string; channelId: string; channelSecret: string }[];
        };
        assert.equal(written.channels[0]?.name, "dev");
        assert.equal(written.channels[0]?.channelId, start.channels[0]?.channelId);
        assert.match(written.channels[0]?.channelSecret ?? "", /^[0-9a-f]{32}$/);
        assert.ok(start.channels[0]?.secret.endsWith("credentials.json"), start.channels[0]?.secret);
        assert.ok(!printed.includes(written.channels[0]!.channelSecret));
        assert.equal(statSync(file).mode & 0o777, 0o600);
    });

    it("explains a bad argument on stderr and exits with 2", async () => {
        const child = spawn(process.execPath, ["--import", "tsx", CLI, "emulator", "--bogus"], {
            stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const code = await new Promise<number | null>(resolve => child.on("exit", resolve));
        assert.equal(code, 2);
        assert.match(stderr, /unknown option --bogus/);
    });
});
