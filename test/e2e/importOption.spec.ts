import assert from "node:assert/strict";
import { startEmulator, type Emulator } from "../../emulator";
import { callEmulator } from "../support/emulator";
import { menuRequest, pngOf } from "../support/menus";
import { TestStack, emulatorControl, pulumiBinDir } from "./harness";

/**
 * Pulumi's own `import` resource option on a dynamic resource, with the real engine: the engine's
 * import step reads the resource with nothing but its ID, and @pulumi/pulumi 3.248.0's dynamic provider
 * host fails on that request before any code of this package runs (README, "Adopting what already
 * exists"). The `adopt: true` input this package offers instead takes the same alias over.
 */

const TOKEN = "e2e-import-token-5d2e80";

const program = (richMenuId: string, options: string, adopt = "") => `
const line = require(PULUMI_LINE);
new line.RichMenuAlias("home", { richMenuAliasId: "home", richMenuId: "${richMenuId}"${adopt} }${options});
`;

interface RequestEntry {
    readonly method: string;
    readonly path: string;
}

describe("Pulumi's import resource option", function () {
    this.timeout(15 * 60_000);
    let emulator: Emulator;
    let menu: string;
    const stacks: TestStack[] = [];
    const control = emulatorControl(() => emulator.url);
    const line = <T>(method: string, path: string, options = {}) =>
        callEmulator<T>(emulator.url, TOKEN, method, path, options);

    before(async () => {
        pulumiBinDir();
        emulator = await startEmulator({ port: 0, channels: [{ name: "import", accessToken: TOKEN }] });
        menu = (await line<{ richMenuId: string }>("POST", "/v2/bot/richmenu", { json: menuRequest() })).body
            .richMenuId;
        await line("POST", `/v2/bot/richmenu/${menu}/content`, { body: pngOf(), contentType: "image/png" });
        // The alias exists before the stack does: made by hand, or by another tool.
        await line("POST", "/v2/bot/richmenu/alias", { json: { richMenuAliasId: "home", richMenuId: menu } });
    });

    after(async () => {
        for (const stack of stacks) stack.dispose();
        await emulator?.close();
    });

    async function stackWith(source: string): Promise<TestStack> {
        const stack = await TestStack.create(`import-${stacks.length}`, {
            program: source,
            env: {
                LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
                LINE_API_BASE_URL: emulator.url,
                LINE_DATA_BASE_URL: emulator.url,
            },
        });
        stacks.push(stack);
        return stack;
    }

    it("fails in the dynamic provider host's read, which gets no properties, and sends nothing to LINE", async () => {
        const stack = await stackWith(program(menu, `, { import: "home" }`));
        await control("DELETE", "/requests");
        const up = await stack.pulumi(["up", "--yes", "--non-interactive", "--skip-preview"], {
            allowFailure: true,
        });
        assert.notEqual(up.status, 0);
        const printed = up.stdout + up.stderr;
        assert.match(
            printed,
            /RichMenuAlias home \*\*importing failed\*\* error: Cannot read properties of undefined \(reading 'toJavaScript'\)/,
        );
        assert.match(printed, /at ResourceProviderService\.read \(.*cmd\/dynamic-provider\/index\.[jt]s/);
        const { requests } = await control<{ requests: RequestEntry[] }>("GET", "/requests");
        assert.deepEqual(requests, [], "the package's read never ran");
    });

    it("takes the same alias over with adopt: true instead", async () => {
        const stack = await stackWith(program(menu, "", ", adopt: true"));
        await stack.up();
        const state = await control<{ aliases: { richMenuAliasId: string; richMenuId: string }[] }>(
            "GET",
            "/channels/import/state",
        );
        assert.deepEqual(state.aliases, [{ richMenuAliasId: "home", richMenuId: menu }]);
        assert.equal((await stack.preview(["--expect-no-changes"])).status, 0);
    });
});
