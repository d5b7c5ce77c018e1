import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { ImportedChannel } from "./import";
import { bulkImportFile } from "./importBulkFile";
import { declarationYaml } from "./importLineYaml";
import { declarationProgram } from "./importProgram";
import { pulumiYamlProgram } from "./importPulumiYaml";
import { imageFileOf } from "./importText";

/**
 * Writing what `readChannel` read, in one of the formats, with each menu's image beside the file:
 * `yaml`, a `line.yaml` for the LineChannel component (importLineYaml.ts); `ts`, a TypeScript program
 * (importProgram.ts); `pulumi-yaml`, a Pulumi YAML program on the native provider (importPulumiYaml.ts);
 * `pulumi-import`, the file `pulumi import --file` reads (importBulkFile.ts). Every program marks each
 * entry for adoption and says in a comment wherever LINE could not tell what is there (linked users,
 * audience members), so the reader knows the gap is LINE's, not an oversight.
 */

export type ImportFormat = "yaml" | "ts" | "pulumi-yaml" | "pulumi-import";

export interface WriteImportOptions {
    /** The file to write (`line.yaml`, `index.ts`, …), absolute; images go under `menus/` beside it. */
    readonly file: string;
    readonly format: ImportFormat;
    /** The channel name the declaration uses (`line:channels.<name>`); `default` when omitted. */
    readonly channel?: string;
    /** The Pulumi project's name, for `pulumi-yaml`. */
    readonly project?: string;
    /** Replace files that exist; without it, an existing file is an error and nothing is written. */
    readonly overwrite?: boolean;
}

export interface WrittenImport {
    /** Every file written, absolute. */
    readonly files: readonly string[];
}

type Writer = (channel: ImportedChannel, options: WriteImportOptions) => string;

const WRITERS: Readonly<Record<ImportFormat, Writer>> = {
    yaml: declarationYaml,
    ts: declarationProgram,
    "pulumi-yaml": pulumiYamlProgram,
    "pulumi-import": bulkImportFile,
};

/** The file each format writes unless told otherwise. */
export const DEFAULT_FILES: Readonly<Record<ImportFormat, string>> = {
    yaml: "line.yaml",
    ts: "index.ts",
    "pulumi-yaml": "Pulumi.yaml",
    "pulumi-import": "import.json",
};

export function isImportFormat(format: string): format is ImportFormat {
    return Object.prototype.hasOwnProperty.call(WRITERS, format);
}

/**
 * Writes the declaration and the images. Refuses, writing nothing, when any of the files exists and
 * `overwrite` is not set: an import must never clobber a file someone edited.
 */
export function writeImport(channel: ImportedChannel, options: WriteImportOptions): WrittenImport {
    const dir = path.dirname(options.file);
    const images = channel.richMenus.map(menu => ({
        file: path.join(dir, imageFileOf(menu)),
        bytes: menu.image,
    }));
    const text = WRITERS[options.format](channel, options);
    const all = [options.file, ...images.map(i => i.file)];
    if (!options.overwrite) {
        const existing = all.filter(f => existsSync(f));
        if (existing.length > 0) {
            throw new Error(
                `${existing.map(f => path.relative(process.cwd(), f) || f).join(", ")} exist${existing.length === 1 ? "s" : ""} already; ` +
                    "nothing was written (give --force to replace)",
            );
        }
    }
    for (const image of images) {
        mkdirSync(path.dirname(image.file), { recursive: true });
        writeFileSync(image.file, image.bytes);
    }
    writeFileSync(options.file, text);
    return { files: all };
}
