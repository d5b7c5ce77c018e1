import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { startEmulator, type Emulator } from "../../emulator";
import { installPackage, type InstallKind, type InstalledPackage } from "../support/installedPackage";
import { ROOT, TestStack, emulatorControl, pulumiBinDir, registerSecrets } from "./harness";

/**
 * A stack written by release 0.1.0, whose state holds that release's serialized provider, after the
 * package alone is upgraded to this checkout: the real engine finds nothing to change, and refresh
 * and destroy (which run the provider stored in state) run today's handlers. Then a new stack's state,
 * per resource.
 */

const TOKEN = "e2e-upgrade-token-2b9d41";
const BOT = "@upgrade-bot";

interface StateResource {
    readonly type: string;
    readonly inputs?: { readonly __provider?: string };
    readonly outputs?: { readonly __provider?: string };
}

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId?: string | null;
}

interface RequestEntry {
    readonly method: string;
    readonly path: string;
}

/** Release 0.1.0's stub: it resolves the handlers from the working directory at every call. */
const RELEASE_0_1_0 = /nodeModule\.createRequire\(nodePath\.join\(process\.cwd\(\), "package\.json"\)\)/;
const STUBS: Readonly<Record<InstallKind, RegExp>> = {
    copied: /^exports\.handler = __f0;\nconst provider = require\("pulumi-line\/dist\/provider\/(resources|declarations)\/kinds\/\w+\.js"\);\n/,
    linked: /createRequire\(process\.cwd\(\) \+ "\/_"\)\(specifier\)/,
};

function dynamicResources(exported: string): StateResource[] {
    const state = JSON.parse(exported) as { deployment: { resources?: StateResource[] } };
    return (state.deployment.resources ?? []).filter(r => r.type.startsWith("pulumi-nodejs:dynamic/"));
}

describe("the provider in state across a package upgrade", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    const control = emulatorControl(() => emulator.url);

    before(async () => {
        registerSecrets(TOKEN);
        pulumiBinDir();
        emulator = await startEmulator({
            port: 0,
            channels: [{ name: "upgrade", accessToken: TOKEN, basicId: BOT }],
        });
    });

    after(async () => {
        await emulator?.close();
    });

    // Every case starts from an empty channel, even after one that failed halfway.
    beforeEach(() => control("POST", "/reset"));

    const channel = () => control<ChannelView>("GET", "/channels/upgrade/state");

    async function stackWith(
        kind: InstallKind,
        release?: "0.1.0",
    ): Promise<{ stack: TestStack; installed: InstalledPackage }> {
        const stack = await TestStack.create(`upgrade-${kind}`, {
            env: {
                LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
            },
            program: `const { LineChannel } = require("pulumi-line");\nnew LineChannel("channel", { file: "line.yaml" });\n`,
        });
        // The tabbed menus of examples/tabbed-menus-yaml with the bot they expect, so both layers' kinds
        // are in state: ChannelPreflight, and the menus, aliases and default menu.
        const example = path.join(ROOT, "examples", "tabbed-menus-yaml", "line.yaml");
        const assets = path
            .relative(stack.dir, path.join(ROOT, "examples", "assets"))
            .split(path.sep)
            .join("/");
        writeFileSync(
            path.join(stack.dir, "line.yaml"),
            readFileSync(example, "utf8")
                .replace(/^version: 1$/m, `version: 1\nexpectedBot: "${BOT}"`)
                .replaceAll("../assets/", `${assets}/`),
        );
        const installed = installPackage(stack.dir, kind, { release });
        return { stack, installed };
    }

    const cases: readonly { kind: InstallKind; how: string }[] = [
        { kind: "copied", how: "installed in node_modules" },
        { kind: "linked", how: "linked into node_modules (npm link, a file: dependency)" },
    ];

    for (const { kind, how } of cases) {
        it(`${how}: no diff after the upgrade, then refresh and destroy run today's code`, async () => {
            const { stack, installed } = await stackWith(kind, "0.1.0");
            try {
                await stack.up();
                const written = dynamicResources(await stack.exportState());
                assert.equal(written.length, 6, "preflight, two menus, two aliases, the default");
                for (const r of written) {
                    assert.match(r.inputs!.__provider!, RELEASE_0_1_0, `${r.type}: release 0.1.0's stub`);
                    assert.match(r.outputs!.__provider!, RELEASE_0_1_0);
                }
                const before = await channel();

                installed.upgrade();
                await control("DELETE", "/requests");
                await stack.preview(["--expect-no-changes"]);
                const { requests: previewed } = await control<{ requests: RequestEntry[] }>(
                    "GET",
                    "/requests",
                );
                assert.deepEqual(
                    previewed.filter(r => r.method !== "GET"),
                    [],
                    "the preview writes nothing",
                );

                // An up with nothing to change records today's provider in the inputs; the outputs keep the
                // one the resource was created with, which the engine runs for refresh and delete.
                await stack.up();
                for (const r of dynamicResources(await stack.exportState())) {
                    assert.match(r.inputs!.__provider!, STUBS[kind], `${r.type}: today's stub in the inputs`);
                    assert.match(r.outputs!.__provider!, RELEASE_0_1_0);
                }

                await control("DELETE", "/requests");
                await stack.pulumi(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
                const { requests: refreshed } = await control<{ requests: RequestEntry[] }>(
                    "GET",
                    "/requests",
                );
                assert.deepEqual(
                    refreshed.filter(r => r.method !== "GET"),
                    [],
                    "refresh only reads",
                );
                assert.ok(
                    refreshed.some(r => r.path.startsWith("/v2/bot/richmenu/alias/")),
                    "refresh read each alias from LINE",
                );
                await stack.preview(["--expect-no-changes"]);
                assert.deepEqual(await channel(), before, "refresh changed nothing");

                await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
                const after = await channel();
                assert.deepEqual(after.richMenus, []);
                assert.deepEqual(after.aliases, []);
                assert.equal(after.defaultRichMenuId ?? null, null);
            } finally {
                stack.dispose();
            }
        });
    }

    it("a new stack of an installed package holds under 400 bytes of provider per copy", async () => {
        const { stack } = await stackWith("copied");
        try {
            await stack.up();
            const exported = await stack.exportState();
            const resources = dynamicResources(exported);
            for (const r of resources) {
                assert.match(r.inputs!.__provider!, STUBS.copied);
                assert.equal(r.outputs!.__provider, r.inputs!.__provider);
                assert.ok(Buffer.byteLength(r.inputs!.__provider!) < 400, r.inputs!.__provider);
            }
            await stack.pulumi(["destroy", "--yes", "--non-interactive", "--skip-preview"]);
            assert.deepEqual((await channel()).richMenus, []);
        } finally {
            stack.dispose();
        }
    });
});
