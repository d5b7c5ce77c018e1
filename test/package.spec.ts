import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

/** What `npm pack` puts in the tarball: the product only (run after `npm run build`). */
describe("the published package", () => {
    const listed = (): string[] => {
        const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
            cwd: ROOT,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
        });
        return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map(f => f.path);
    };

    it("holds the provider, the emulator, the schemas and the README, and nothing else", function () {
        if (!existsSync(path.join(ROOT, "dist", "provider", "cli", "index.js"))) this.skip();
        const files = listed();
        const allowed = [
            /^dist\/provider\//,
            /^dist\/emulator\//,
            /^dist\/schema\/[\w.-]+\.json$/,
            /^schema\/[\w.-]+\.json$/,
            /^README\.md$/,
            /^bin\/pulumi-resource-line$/,
            /^package\.json$/,
            /^LICENSE$/,
        ];
        assert.deepEqual(
            files.filter(f => !allowed.some(pattern => pattern.test(f))),
            [],
        );
        // No demo program, no language host, no test fixture, no script.
        for (const forbidden of [
            /^dist\/index\./,
            /languageHost/,
            /^dist\/scripts\//,
            /^scripts\//,
            /fixtures/,
            /^test\//,
            /^bench\//,
            /^examples\//,
        ])
            assert.deepEqual(
                files.filter(f => forbidden.test(f)),
                [],
                String(forbidden),
            );
        assert.ok(files.includes("dist/provider/cli/index.js"), "the pulumi-line command");
        assert.ok(files.includes("dist/provider/index.js") && files.includes("dist/emulator/index.js"));
        // The native provider plugin: the launcher Pulumi finds by name, and the server it runs.
        assert.ok(
            files.includes("bin/pulumi-resource-line") && files.includes("dist/provider/plugin/server.js"),
        );
    });

    it("runs as an installed user runs it: bin and scripts point at shipped files, no install-time script", () => {
        const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
            bin: Record<string, string>;
            scripts: Record<string, string>;
            dependencies: Record<string, string>;
        };
        assert.deepEqual(manifest.bin, { "pulumi-line": "dist/provider/cli/index.js" });
        // npm runs these on install of a git or directory dependency; the build runs at pack time instead.
        for (const hook of ["prepare", "preinstall", "install", "postinstall"])
            assert.equal(manifest.scripts[hook], undefined, hook);
        for (const script of ["emulator", "render", "validate"])
            assert.match(
                manifest.scripts[script] ?? "",
                new RegExp(`^node dist/provider/cli/index\\.js ${script}$`),
            );
        for (const devOnly of ["tsx", "mocha", "@line/bot-sdk", "ajv-formats"])
            assert.equal(manifest.dependencies[devOnly], undefined, devOnly);
        // The native provider plugin (dist/provider/plugin) serves gRPC with them.
        for (const runtime of ["@grpc/grpc-js", "google-protobuf"])
            assert.notEqual(manifest.dependencies[runtime], undefined, runtime);
    });
});
