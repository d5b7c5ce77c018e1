/**
 * What each resource writes into state, by how the program reaches the package (see bench/README.md,
 * "State size"): the bench channel applied once per size and variant, then `pulumi stack export`.
 *
 *   npx tsx bench/stateSize.ts                  10 and 200 resources
 *   npx tsx bench/stateSize.ts --sizes=10,50
 *   npx tsx bench/stateSize.ts --keep-exports   also writes each export to bench/.work/state-*.json
 *
 * Measures `dist/` as it is (run `npm run build` first). Prints a Markdown table.
 */
import { rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { installPackage } from "../test/support/installedPackage";
import { installPulumi } from "../scripts/pulumiCli";
import { channelOf, writeMenuImages, writeProgram } from "./channel";
import { lineEnvironment, resetEmulator, ROOT, startBenchEmulator } from "./line";
import { BenchStack } from "./pulumi";

const WORK = path.join(ROOT, "bench", ".work");

interface Variant {
    readonly name: string;
    /** Installs the package into the project, or leaves it to resolve by self-reference. */
    readonly install: (dir: string) => void;
}

const VARIANTS: readonly Variant[] = [
    {
        name: "release 0.1.0, installed in node_modules",
        install: dir => installPackage(dir, "copied", { release: "0.1.0" }),
    },
    { name: "this build, installed in node_modules", install: dir => installPackage(dir, "copied") },
    { name: "this build, resolved inside this repository (as npm link)", install: () => undefined },
];

interface StateResource {
    readonly type: string;
    readonly inputs?: { readonly __provider?: string };
}

function kb(bytes: number): string {
    return bytes >= 1024 * 1024
        ? `${(bytes / 1024 / 1024).toFixed(2)} MB`
        : `${(bytes / 1024).toFixed(1)} KB`;
}

async function main(): Promise<void> {
    const sizesArg = process.argv.find(a => a.startsWith("--sizes="));
    const sizes = sizesArg === undefined ? [10, 200] : sizesArg.slice(8).split(",").map(Number);
    const pulumiBin = installPulumi(ROOT);
    const emulator = await startBenchEmulator();
    const images = path.join(WORK, "images");
    const rows: string[] = [];
    try {
        writeMenuImages(images, Math.ceil(Math.max(...sizes) / 2));
        for (const resources of sizes) {
            for (const [v, variant] of VARIANTS.entries()) {
                await resetEmulator(emulator);
                const dir = path.join(WORK, `state-${v}-n${resources}`);
                const state = path.join(WORK, `state-${v}-n${resources}-backend`);
                rmSync(dir, { recursive: true, force: true });
                rmSync(state, { recursive: true, force: true });
                writeProgram(dir, channelOf(resources, images, dir), "dynamic", variant.install);
                try {
                    const stack = await BenchStack.create(
                        dir,
                        "size",
                        pulumiBin,
                        state,
                        lineEnvironment(emulator),
                    );
                    await stack.up();
                    const exported = (await stack.pulumi(["stack", "export"])).stdout;
                    const dynamic = (
                        JSON.parse(exported) as { deployment: { resources: StateResource[] } }
                    ).deployment.resources.filter(r => r.type.startsWith("pulumi-nodejs:dynamic/"));
                    const provider = Buffer.byteLength(JSON.stringify(dynamic[0]?.inputs?.__provider ?? ""));
                    const exportBytes = Buffer.byteLength(exported);
                    if (process.argv.includes("--keep-exports"))
                        writeFileSync(path.join(WORK, `state-${v}-n${resources}.json`), exported);
                    const fileBytes = stack.stateBytes();
                    rows.push(
                        `| ${resources} | ${variant.name} | ${provider} B | ${kb(exportBytes)} (${kb(exportBytes / resources)} per resource) | ${kb(fileBytes)} (${kb(fileBytes / resources)} per resource) |`,
                    );
                    process.stderr.write(`[state] ${rows[rows.length - 1]}\n`);
                } finally {
                    rmSync(dir, { recursive: true, force: true });
                    rmSync(state, { recursive: true, force: true });
                }
            }
        }
    } finally {
        await emulator.close();
    }
    process.stdout.write(
        "| resources | package | `__provider` per copy (JSON) | `pulumi stack export` | state file |\n" +
            "| --: | --- | --: | --: | --: |\n" +
            `${rows.join("\n")}\n`,
    );
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
