/**
 * The main job: a real `pulumi up` of this repository's program (Pulumi.yaml at the root) against the
 * embedded LINE emulator.
 *
 *   npm run demo              start the emulator, `pulumi up`, print outputs and the channel, stop
 *   npm run demo -- --keep    leave the emulator running afterwards, with its browser console (Ctrl-C to stop)
 *   npm run demo -- --reset   forget the demo's stack and channel first
 *
 * The stack state and the emulated channel are kept in `.pulumi-state/` (git-ignored), so a second run
 * finds nothing to change and says so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { pulumiEnvironment, installPulumi, runPulumi } from "./pulumiCli";

const root = path.resolve(__dirname, "..");
const stateDir = path.join(root, ".pulumi-state");
const STACK = "demo";
const TOKEN = "emulator-default-token";

async function main(): Promise<void> {
    const args = new Set(process.argv.slice(2));
    if (args.has("--reset")) rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });

    if (!existsSync(path.join(root, "dist", "index.js"))) {
        step("Building the package (dist/)");
        const built = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
        if (built.status !== 0) throw new Error("npm run build failed");
    }

    step("Making the Pulumi CLI available (built from Go modules on first use)");
    const pulumiBin = installPulumi(root);

    const emulator = await startEmulator({
        port: 0,
        stateFile: path.join(stateDir, "emulator-channel.json"),
        // Kept running, the channel is there to be tried: the console shows it as a user sees it.
        console: args.has("--keep"),
    });
    step(`LINE emulator listening on ${emulator.url} (channel "default", token ${TOKEN})`);
    const env = {
        ...pulumiEnvironment(pulumiBin, stateDir),
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: emulator.url,
        LINE_DATA_BASE_URL: emulator.url,
    };
    try {
        await runPulumi(["stack", "select", "--create", STACK], { cwd: root, env });
        step("pulumi up");
        const writesBefore = await countWrites(emulator.url);
        await runPulumi(["up", "--yes", "--non-interactive"], { cwd: root, env, echo: true });
        const writes = (await countWrites(emulator.url)) - writesBefore;

        step("Stack outputs");
        await runPulumi(["stack", "output", "--json"], { cwd: root, env, echo: true });

        step("What the emulated channel now holds");
        const state = (await (
            await fetch(`${emulator.url}/_emulator/channels/default/state`)
        ).json()) as ChannelView;
        printChannel(state);
        console.log(
            writes === 0
                ? "\nNo changes: the channel already matches the program (0 write calls to LINE)."
                : `\n${writes} write call(s) made to LINE. Run \`npm run demo\` again: it will find nothing to change.`,
        );

        if (args.has("--keep")) {
            step(`Emulator kept running at ${emulator.url}; press Ctrl-C to stop it`);
            console.log(
                `Open ${emulator.url}/_emulator/console/ to be a user of the channel: add a friend, tap the tabs.`,
            );
            await new Promise<void>(resolve => process.once("SIGINT", () => resolve()));
        }
    } finally {
        await emulator.close();
    }
}

interface ChannelView {
    readonly richMenus?: readonly { richMenuId: string; name: string; hasImage?: boolean }[];
    readonly aliases?: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId?: string | null;
    readonly webhook?: { endpoint: string | null; active: boolean };
    readonly audiences?: readonly {
        audienceGroupId: number;
        description: string;
        status: string;
        audienceCount: number;
    }[];
}

function printChannel(state: ChannelView): void {
    const menus = state.richMenus ?? [];
    console.log(`Rich menus (${menus.length}):`);
    for (const m of menus)
        console.log(`  ${m.richMenuId}  "${m.name}"${m.hasImage ? "  [image]" : "  [NO IMAGE]"}`);
    console.log(`Aliases (${(state.aliases ?? []).length}):`);
    for (const a of state.aliases ?? []) console.log(`  ${a.richMenuAliasId} -> ${a.richMenuId}`);
    console.log(`Default rich menu: ${state.defaultRichMenuId ?? "(none)"}`);
    console.log(
        `Webhook: ${state.webhook?.endpoint ?? "(none)"} (use webhook: ${state.webhook?.active ? "on" : "off"})`,
    );
    console.log(`Audiences (${(state.audiences ?? []).length}):`);
    for (const a of state.audiences ?? []) {
        console.log(`  ${a.audienceGroupId}  "${a.description}"  ${a.status}, ${a.audienceCount} users`);
    }
}

async function countWrites(url: string): Promise<number> {
    const { requests } = (await (await fetch(`${url}/_emulator/requests`)).json()) as {
        requests: readonly { method: string }[];
    };
    return requests.filter(r => r.method !== "GET").length;
}

function step(text: string): void {
    console.log(`\n==> ${text}`);
}

main().catch(error => {
    console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
});
