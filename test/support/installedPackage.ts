import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/**
 * This package installed into a project directory the way npm leaves it, from this checkout's build
 * (`dist/`): a copy in `node_modules/pulumi-line` (an ordinary install), or a symlink there to a copy
 * elsewhere (`npm link`, a `file:` dependency). The project gets its own package.json, so its programs
 * resolve `pulumi-line` from node_modules rather than by self-reference. The copy's own dependencies
 * resolve from this repository's node_modules, since the project sits inside the repository.
 */

const ROOT = path.resolve(__dirname, "..", "..");

/** The compiled serialized-provider stubs of release 0.1.0, the state every existing stack holds. */
const RELEASE_0_1_0_STUBS = {
    "dist/provider/resources/providerStub.js": "resources.providerStub.js.txt",
    "dist/provider/declarations/providerStub.js": "declarations.providerStub.js.txt",
} as const;

export type InstallKind = "copied" | "linked";

export interface InstalledPackage {
    /** Where the package's files are: `node_modules/pulumi-line`, or the link's target. */
    readonly packageDir: string;
    /** Replaces the package's build with this checkout's, as `npm install pulumi-line@latest` would. */
    upgrade(): void;
}

/**
 * Installs the package into `project`. With `release: "0.1.0"`, its serialized-provider stubs are
 * those of release 0.1.0 (test/fixtures/release-0.1.0), so a stack deployed with it holds the state
 * that release wrote.
 */
export function installPackage(
    project: string,
    kind: InstallKind,
    options: { readonly release?: "0.1.0" } = {},
): InstalledPackage {
    writeFileSync(
        path.join(project, "package.json"),
        JSON.stringify({ name: "line-channel", private: true, dependencies: { "pulumi-line": "*" } }),
    );
    const link = path.join(project, "node_modules", "pulumi-line");
    const packageDir = kind === "copied" ? link : path.join(project, "linked", "pulumi-line");
    mkdirSync(packageDir, { recursive: true });
    if (kind === "linked") {
        mkdirSync(path.dirname(link), { recursive: true });
        symlinkSync(packageDir, link, "junction");
    }
    const copyBuild = () => {
        rmSync(path.join(packageDir, "dist"), { recursive: true, force: true });
        for (const entry of ["package.json", "bin", "dist", "schema"]) {
            cpSync(path.join(ROOT, entry), path.join(packageDir, entry), { recursive: true });
        }
    };
    copyBuild();
    if (options.release === "0.1.0") {
        for (const [file, fixture] of Object.entries(RELEASE_0_1_0_STUBS)) {
            const text = readFileSync(path.join(ROOT, "test", "fixtures", "release-0.1.0", fixture), "utf8");
            writeFileSync(path.join(packageDir, file), text);
        }
    }
    return { packageDir, upgrade: copyBuild };
}
