import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { ROOT, TestStack, pulumiBinDir } from "./harness";

/**
 * The examples under examples/, each through the real Pulumi engine against the emulator, as a user
 * runs them (`pulumi up` of the example's own program, its Pulumi.yaml and its stack config files).
 *
 * Each runs in a work directory of its own (so `pulumi stack init` and `pulumi config set` never touch
 * the committed example): the example's Pulumi.yaml with a shim as `main` that loads the example's
 * program, and copies of its `Pulumi.<stack>.yaml`. The program still reads its files beside itself.
 */

const CHANNELS = {
    dev: { accessToken: "examples-dev-token-4be1", basicId: "@dev1234" },
    prod: { accessToken: "examples-prod-token-91ac", basicId: "@prod5678" },
} as const;
type ChannelName = keyof typeof CHANNELS;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
    readonly channel?: string;
}

interface MenuView {
    readonly richMenuId: string;
    readonly name: string;
    readonly hasImage: boolean;
    readonly areas: readonly { readonly action: { readonly type: string; readonly uri?: string } }[];
}

interface ChannelView {
    readonly richMenus: readonly MenuView[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Record<string, string>;
    readonly webhook: { readonly endpoint: string | null };
    readonly audiences: readonly { readonly audienceGroupId: number; readonly description: string }[];
}

describe("the examples through the Pulumi engine", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    const stacks: TestStack[] = [];

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            rateLimits: false,
            channels: Object.entries(CHANNELS).map(([name, c]) => ({ name, ...c })),
        });
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    async function control<T>(method: string, route: string, body?: unknown): Promise<T> {
        const response = await fetch(`${emulator.url}/_emulator${route}`, {
            method,
            headers: body === undefined ? {} : { "content-type": "application/json" },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return (text === "" ? undefined : JSON.parse(text)) as T;
    }
    const channel = (name: ChannelName) => control<ChannelView>("GET", `/channels/${name}/state`);
    async function writes(name: ChannelName, from: number): Promise<RequestEntry[]> {
        const body = await control<{ requests: RequestEntry[] }>("GET", "/requests");
        return body.requests
            .slice(from)
            .filter(r => r.channel === name && r.method !== "GET" && !/\/validate(\/|$)/.test(r.path));
    }
    const logLength = async () =>
        (await control<{ requests: RequestEntry[] }>("GET", "/requests")).requests.length;

    /** A stack of an example's program, pointed at one emulated channel. */
    async function exampleStack(example: string, stack: string, on: ChannelName): Promise<TestStack> {
        const dir = path.join(ROOT, "examples", example);
        const test = new TestStack(stack, {
            env: {
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
                LINE_CHANNEL_ACCESS_TOKEN: CHANNELS[on].accessToken,
            },
        });
        stacks.push(test);
        const project = readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
        assert.match(project, /^main: index\.ts$/m, `${example}/Pulumi.yaml runs index.ts`);
        writeFileSync(
            path.join(test.dir, "Pulumi.yaml"),
            project.replace(/^main: index\.ts$/m, "main: index.js"),
        );
        const program = path.relative(test.dir, path.join(dir, "index.ts"));
        writeFileSync(
            path.join(test.dir, "index.js"),
            `module.exports = require(${JSON.stringify(program)});\n`,
        );
        const settings = path.join(dir, `Pulumi.${stack}.yaml`);
        if (existsSync(settings))
            writeFileSync(path.join(test.dir, `Pulumi.${stack}.yaml`), readFileSync(settings));
        await test.pulumi(["stack", "init", stack]);
        return test;
    }

    it("every example has a Pulumi.yaml running its TypeScript through tsx, a program and a README", () => {
        const examples = readdirSync(path.join(ROOT, "examples")).filter(e => e !== "assets");
        assert.deepEqual(examples.sort(), [
            "audiences-webhook",
            "promotion",
            "single-menu-ts",
            "tabbed-menus-yaml",
        ]);
        for (const example of examples) {
            const project = readFileSync(path.join(ROOT, "examples", example, "Pulumi.yaml"), "utf8");
            assert.match(project, /nodeargs: --import tsx/, example);
            assert.match(project, /typescript: false/, example);
            assert.ok(existsSync(path.join(ROOT, "examples", example, "README.md")), example);
        }
    });

    it("single-menu-ts: one menu with its image becomes the default; destroy removes it", async () => {
        const stack = await exampleStack("single-menu-ts", "dev", "dev");
        await stack.up();
        const outputs = await stack.outputs();
        const state = await channel("dev");
        assert.deepEqual(
            state.richMenus.map(m => [m.richMenuId, m.name, m.hasImage]),
            [[outputs.richMenuId, "Main menu", true]],
        );
        assert.equal(state.defaultRichMenuId, outputs.richMenuId);
        await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
        const after = await channel("dev");
        assert.deepEqual(after.richMenus, []);
        assert.equal(after.defaultRichMenuId, null);
    });
});
