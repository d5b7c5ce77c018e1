import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { TestStack, pulumiBinDir, registerSecrets } from "./harness";

/**
 * What `pulumi up -v=9 --logflow` writes to the engine's log file. The engine hands a dynamic
 * provider the whole stack config in Configure, and at -v=9 it logs every property it marshals: a
 * secret is marshalled as an object whose `value` field is logged in clear (Pulumi CLI v3.259.0). This
 * package cannot mark anything more secret than `pulumi config set --secret` already does, so the
 * provider warns and the README tells users to give credentials through the environment instead; this
 * spec shows both.
 */

const TOKEN = "e2e-verbose-token-0c7d21";
const CHANNEL_ID = "2000000077";
const CHANNEL_SECRET = "e2e-verbose-channel-secret-b3f4a9";

const PROGRAM = `
const line = require(PULUMI_LINE);
new line.WebhookEndpoint("hook", { endpoint: "https://example.com/line/webhook" });
`;

describe("the engine's -v=9 log", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    const stacks: TestStack[] = [];

    before(async () => {
        registerSecrets(TOKEN, CHANNEL_SECRET);
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            channels: [
                { name: "verbose", accessToken: TOKEN, channelId: CHANNEL_ID, channelSecret: CHANNEL_SECRET },
            ],
        });
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    /** Runs `pulumi up -v=9 --logflow` and returns the engine's log (written under the stack's TMPDIR). */
    async function verboseUp(name: string, env: Record<string, string>, config: boolean): Promise<string> {
        const stack = await TestStack.create(name, { program: PROGRAM });
        stacks.push(stack);
        const logs = path.join(stack.dir, "logs");
        mkdirSync(logs);
        const base = { LINE_API_BASE_URL: emulator.url, LINE_DATA_BASE_URL: emulator.url, TMPDIR: logs };
        if (config) {
            await stack.config("line:channelId", CHANNEL_ID);
            await stack.config("line:channelSecret", CHANNEL_SECRET, true);
        }
        const up = await stack.pulumi(
            ["up", "--yes", "--non-interactive", "--skip-preview", "-v=9", "--logflow"],
            {
                env: { ...base, ...env },
            },
        );
        assert.match(
            up.stdout + up.stderr,
            /pulumi-line: this run logs at -v=9: Pulumi's engine log holds every secret of this stack's config in clear/,
            "the provider warns, since --logflow passed it the engine's verbosity",
        );
        const files = readdirSync(logs).filter(f => f.startsWith("pulumi."));
        assert.ok(files.length > 0, "the engine wrote its log file");
        return files.map(f => readFileSync(path.join(logs, f), "utf8")).join("\n");
    }

    it("holds a channel secret set with `pulumi config set --secret`, in Configure's marshalled inputs", async () => {
        const log = await verboseUp("verbose-config", {}, true);
        const leaks = log.split("\n").filter(line => line.includes(CHANNEL_SECRET));
        assert.ok(
            leaks.length > 0,
            "if this fails, the engine no longer leaks: update README's credentials section",
        );
        for (const leak of leaks) {
            // The key itself is redacted; the inner `value` of its secret envelope is not.
            assert.match(
                leak,
                /Marshaling property for RPC\[Provider\[\w+\]\.Configure\(\)\.inputs\]: value=\{/,
            );
        }
        assert.match(log, /Configure\(\)\.inputs\]: line:channelSecret=\{\[secret\]\}/);
    });

    it("holds no credential given through the environment, the workaround the README documents", async () => {
        const log = await verboseUp(
            "verbose-env",
            { LINE_CHANNEL_ID: CHANNEL_ID, LINE_CHANNEL_SECRET: CHANNEL_SECRET },
            false,
        );
        assert.match(log, /Configure\(\) executing/, "the log covers the provider's Configure");
        assert.ok(!log.includes(CHANNEL_SECRET), "no channel secret in the engine's log");
        const hook = await fetch(`${emulator.url}/v2/bot/channel/webhook/endpoint`, {
            headers: { Authorization: `Bearer ${TOKEN}` },
        });
        assert.equal(
            ((await hook.json()) as { endpoint: string }).endpoint,
            "https://example.com/line/webhook",
        );
    });
});
