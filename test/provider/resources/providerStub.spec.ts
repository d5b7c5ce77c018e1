import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { thinProvider, type ResourceKind } from "../../../provider/resources/providerStub";
import { useEmulator } from "../../support/emulator";
import { installPackage } from "../../support/installedPackage";
import { useLineEnvironment } from "../../support/lineEnvironment";

/**
 * The provider as Pulumi stores it: serialized into state (twice per resource, in its inputs and its
 * outputs), loaded back by the provider host with require-from-string, and run. It must hold no
 * credential, capture nothing but the kind, and run the package's current code.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => {
    handler(): pulumi.dynamic.ResourceProvider;
};

const KINDS: readonly ResourceKind[] = [
    "RichMenu",
    "RichMenuAlias",
    "DefaultRichMenu",
    "UserRichMenuLinks",
    "WebhookEndpoint",
    "Audience",
];

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** Every value a serialized function captures: the `with({ name: value, … })` Pulumi wraps it in. */
function capturedValues(text: string): Map<string, string> {
    const captured = new Map<string, string>();
    for (const [, env] of text.matchAll(/with\(\{ (.*) \}\) \{/g)) {
        for (const [, name, value] of env!.matchAll(/(\w+): ("[^"]*"|[\w.]+)/g)) captured.set(name!, value!);
    }
    captured.delete("this");
    captured.delete("arguments");
    return captured;
}

describe("the serialized provider", () => {
    const line = useEmulator({ rateLimits: false });
    useLineEnvironment(line);

    before(function () {
        const built = path.resolve(
            __dirname,
            "..",
            "..",
            "..",
            "dist",
            "provider",
            "resources",
            "implementation.js",
        );
        assert.ok(
            existsSync(built),
            "the package must be built first (npm run build): the serialized provider loads dist/",
        );
    });

    describe("from a program that resolves the package outside node_modules (this repository, npm link)", () => {
        for (const kind of KINDS) {
            it(`serializes ${kind} as a stand-alone stub that captures the kind and the handlers' module`, async () => {
                // As @pulumi/pulumi's dynamic.Resource serializes it.
                const provider = thinProvider(kind);
                const serialized = await pulumi.runtime.serializeFunction(() => provider, {
                    allowSecrets: true,
                });
                assert.equal(serialized.containsSecrets, false);
                assert.ok(!serialized.text.includes(line.token), "no token in the text");
                assert.doesNotMatch(serialized.text, /axios|LineClient|Bearer|Authorization/);
                const strings = [...capturedValues(serialized.text).values()].filter(v => v.startsWith('"'));
                assert.deepEqual(strings.sort(), [
                    JSON.stringify(kind),
                    '"pulumi-line/dist/provider/resources/implementation.js"',
                ]);
                // One function per method the provider host calls, one loader and Pulumi's handler.
                assert.equal(serialized.text.match(/^function __f\d+\(/gm)?.length, 9);
                assert.ok(Buffer.byteLength(serialized.text) <= 2300, `${serialized.text.length} bytes`);
            });
        }
    });

    describe("from a program that loads the package from node_modules/pulumi-line (an ordinary install)", () => {
        let project: string;
        let texts: Record<string, string>;

        before(function () {
            this.timeout(60_000);
            const work = path.join(ROOT, "test", "provider", ".work");
            mkdirSync(work, { recursive: true });
            project = mkdtempSync(path.join(work, "installed-"));
            installPackage(project, "copied");
            // Serialized in a program of that project, as the language host would run it.
            writeFileSync(
                path.join(project, "serialize.js"),
                `const pulumi = require("@pulumi/pulumi");
const { thinProvider } = require("pulumi-line/dist/provider/resources/providerStub.js");
const { declarationsProvider } = require("pulumi-line/dist/provider/declarations/providerStub.js");
const providers = { ChannelPreflight: declarationsProvider("ChannelPreflight") };
for (const kind of ${JSON.stringify(KINDS)}) providers[kind] = thinProvider(kind);
(async () => {
    const texts = {};
    for (const [kind, provider] of Object.entries(providers)) {
        const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
        texts[kind] = serialized.text;
    }
    process.stdout.write(JSON.stringify(texts));
})();
`,
            );
            texts = JSON.parse(
                execFileSync(process.execPath, ["serialize.js"], { cwd: project, encoding: "utf8" }),
            );
        });

        after(() => rmSync(project, { recursive: true, force: true }));

        const cases = [
            ...KINDS.map(kind => ({
                kind,
                module: `pulumi-line/dist/provider/resources/kinds/${kind}.js`,
            })),
            {
                kind: "ChannelPreflight",
                module: "pulumi-line/dist/provider/declarations/kinds/ChannelPreflight.js",
            },
        ];
        for (const { kind, module } of cases) {
            it(`serializes ${kind} as its kind's provider module, which the host requires by name: ${module}`, () => {
                const text = texts[kind]!;
                assert.ok(
                    text.startsWith(
                        `exports.handler = __f0;\nconst provider = require(${JSON.stringify(module)});\n`,
                    ),
                    text,
                );
                assert.deepEqual([...capturedValues(text).entries()], [], "Pulumi's handler () => p alone");
                assert.equal(text.match(/^function /gm)?.length, 1, "no function of this package is copied");
                assert.doesNotMatch(text, /axios|LineClient|Bearer|Authorization|token/i);
                assert.ok(Buffer.byteLength(text) <= 340, `${text.length} bytes`);
            });
        }

        /** What the provider host makes of each text: the kind it acts for and the type of each method it calls. */
        const loadInHost = (serialized: Record<string, string>): unknown =>
            JSON.parse(
                execFileSync(
                    process.execPath,
                    [
                        "-e",
                        `const texts = ${JSON.stringify(serialized)};
const load = require("require-from-string");
const out = {};
for (const [kind, text] of Object.entries(texts)) {
    const p = load(text).handler();
    out[kind] = [p.kind, ...["configure", "check", "diff", "create", "read", "update", "delete"].map(m => typeof p[m])];
}
process.stdout.write(JSON.stringify(out));`,
                    ],
                    { cwd: project, encoding: "utf8" },
                ),
            );
        const methods = Array(7).fill("function");

        it("loads in the provider host as the kind's provider, with every method the host calls", () => {
            assert.deepEqual(
                loadInHost(texts),
                Object.fromEntries(Object.keys(texts).map(kind => [kind, [kind, ...methods]])),
            );
        });

        it("still loads the provider the builds before the per-kind modules wrote (the kind on a providerMethods prototype)", () => {
            // The text those builds' serializer wrote, kept in every stack they deployed until its next up.
            const earlier = (layer: string, kind: string) =>
                `exports.handler = __f0;\n\nvar __provider = Object.create(require("pulumi-line/dist/provider/${layer}/providerMethods.js"));\n` +
                `__provider.kind = ${JSON.stringify(kind)};\n\nfunction __f0() {\n  return (function() {\n` +
                "    with({ provider: __provider, this: undefined, arguments: undefined }) {\n\nreturn () => provider;\n\n" +
                "    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n";
            const written: Record<string, string> = Object.fromEntries([
                ...KINDS.map(kind => [kind, earlier("resources", kind)]),
                ["ChannelPreflight", earlier("declarations", "ChannelPreflight")],
            ]);
            assert.deepEqual(
                loadInHost(written),
                Object.fromEntries(Object.keys(written).map(kind => [kind, [kind, ...methods]])),
            );
        });
    });

    it("keeps the names release 0.1.0's provider in state reads from the built modules at every call", () => {
        // Its closure refers to these modules' exports, not to copies of their values.
        const dist = path.join(ROOT, "dist", "provider");
        /* eslint-disable @typescript-eslint/no-require-imports -- the built files, as the stubs reach them */
        const modules = {
            resources: require(path.join(dist, "resources", "providerStub.js")) as Record<string, unknown>,
            declarations: require(path.join(dist, "declarations", "providerStub.js")) as Record<
                string,
                unknown
            >,
        };
        assert.equal(modules.resources.PACKAGE_NAME, "pulumi-line");
        assert.equal(modules.resources.RESOURCES_IMPLEMENTATION, "dist/provider/resources/implementation.js");
        assert.equal(
            modules.declarations.DECLARATIONS_IMPLEMENTATION,
            "dist/provider/declarations/implementation.js",
        );
        for (const fixture of ["resources.providerStub.js.txt", "declarations.providerStub.js.txt"]) {
            const text = readFileSync(path.join(ROOT, "test", "fixtures", "release-0.1.0", fixture), "utf8");
            for (const [, name] of text.matchAll(/exports\.([A-Z_]+)\b/g))
                assert.ok(
                    name! in modules.resources || name! in modules.declarations,
                    `${fixture} reads ${name}, which the built modules no longer export`,
                );
        }
    });

    it("runs a whole lifecycle after a round trip through its serialized text", async () => {
        const stub = thinProvider("RichMenuAlias");
        const serialized = await pulumi.runtime.serializeFunction(() => stub, {
            allowSecrets: true,
        });
        const provider = requireFromString(serialized.text).handler();
        const menu = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
            json: {
                size: { width: 2500, height: 843 },
                selected: false,
                name: "Round trip",
                chatBarText: "Menu",
                areas: [
                    {
                        bounds: { x: 0, y: 0, width: 10, height: 10 },
                        action: { type: "message", text: "hi" },
                    },
                ],
            },
        });
        const { makePng } = await import("../../support/images");
        await line.call("POST", `/v2/bot/richmenu/${menu.body.richMenuId}/content`, {
            body: makePng(2500, 843),
            contentType: "image/png",
        });
        const inputs = { richMenuAliasId: "round-trip", richMenuId: menu.body.richMenuId };
        const checked = await provider.check!({}, inputs);
        assert.deepEqual(checked.failures, []);
        const created = await provider.create(checked.inputs);
        assert.equal(created.id, "round-trip");
        const read = await provider.read!(created.id, created.outs);
        assert.equal(read.props.richMenuId, menu.body.richMenuId);
        await provider.delete!(created.id, created.outs);
        const state = await line.control.state<{ aliases: unknown[] }>();
        assert.deepEqual(state.aliases, []);
    });
});
