import { readFileSync, statSync } from "node:fs";

/** How declarations read the files they name: the file system, or a commit's tree for the review. */
export interface DeclarationFiles {
    /** The bytes, or undefined when there is no such file. */
    read(file: string): Buffer | undefined;
    /** The size in bytes, or undefined when there is no such file. */
    size(file: string): number | undefined;
}

export const fileSystemFiles: DeclarationFiles = {
    read(file) {
        try {
            return readFileSync(file);
        } catch {
            return undefined;
        }
    },
    size(file) {
        try {
            const stat = statSync(file);
            return stat.isFile() ? stat.size : undefined;
        } catch {
            return undefined;
        }
    },
};
