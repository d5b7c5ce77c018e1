import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The files an audience's IDs are uploaded from
 * (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file):
 * temporary copies holding just the IDs, at most `perFile` lines each, deleted afterwards because the
 * IDs are personal data.
 */

/** IDs written to an upload file per write call. */
const WRITE_BATCH = 10_000;

/** Writes IDs to numbered temporary files of at most `perFile` lines each, buffered. */
/** One upload file and how many IDs it holds. */
export interface Upload {
    readonly file: string;
    readonly lines: number;
}

export class UploadFiles {
    readonly paths: string[] = [];
    /** How many IDs each file holds. */
    readonly counts: number[] = [];
    private handle: FileHandle | undefined;
    private inCurrent = 0;
    private buffer: string[] = [];

    private constructor(
        private readonly dir: string,
        private readonly perFile: number,
    ) {}

    static async create(perFile: number): Promise<UploadFiles> {
        return new UploadFiles(await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-line-audience-")), perFile);
    }

    async write(id: string): Promise<void> {
        if (this.handle === undefined || this.inCurrent === this.perFile) {
            await this.closeCurrent();
            const file = path.join(this.dir, `ids-${this.paths.length + 1}.txt`);
            this.handle = await fs.open(file, "w");
            this.paths.push(file);
            this.inCurrent = 0;
        }
        this.inCurrent++;
        this.buffer.push(id);
        if (this.buffer.length >= WRITE_BATCH) await this.flush();
    }

    /** The files written, in order, with their line counts. */
    uploads(): Upload[] {
        return this.paths.map((file, i) => ({ file, lines: this.counts[i] ?? 0 }));
    }

    async finish(): Promise<void> {
        await this.closeCurrent();
    }

    private async flush(): Promise<void> {
        if (this.handle === undefined || this.buffer.length === 0) return;
        const text = `${this.buffer.join("\n")}\n`;
        this.buffer = [];
        await this.handle.writeFile(text, "utf8");
    }

    private async closeCurrent(): Promise<void> {
        await this.flush();
        const handle = this.handle;
        if (handle === undefined) return;
        this.handle = undefined;
        this.counts.push(this.inCurrent);
        await handle.close();
    }

    /** Removes the files; the IDs in them are personal data. */
    async remove(): Promise<void> {
        await this.handle?.close().catch(() => undefined);
        this.handle = undefined;
        await fs.rm(this.dir, { recursive: true, force: true });
    }
}
