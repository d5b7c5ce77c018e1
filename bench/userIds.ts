import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, renameSync, statSync } from "node:fs";
import { once } from "node:events";

/** `U` + 32 hex + line feed. */
const LINE_BYTES = 34;
const BATCH = 10_000;

/**
 * A file of `count` valid LINE user IDs, one per line (random, so no two runs upload the same list).
 * An existing file of the right size is kept: writing 1.5 million IDs is not what is being measured.
 * Written under a temporary name and renamed, so an interrupted run never leaves a short file behind.
 */
export async function writeUserIdsFile(file: string, count: number): Promise<number> {
    const bytes = count * LINE_BYTES;
    if (existsSync(file) && statSync(file).size === bytes) return bytes;
    const partial = `${file}.partial`;
    const out = createWriteStream(partial);
    for (let written = 0; written < count; written += BATCH) {
        const n = Math.min(BATCH, count - written);
        const hex = randomBytes(16 * n).toString("hex");
        let text = "";
        for (let i = 0; i < n; i++) text += `U${hex.slice(i * 32, i * 32 + 32)}\n`;
        if (!out.write(text)) await once(out, "drain");
    }
    out.end();
    await once(out, "finish");
    renameSync(partial, file);
    return bytes;
}
