import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as readline from "node:readline";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The members of an {@link Audience} or a {@link UserRichMenuLinks} set: user IDs given inline
 * (`userIds`) or in a file (`userIdsFile`), read one way for both.
 *
 * A user-ID file holds one ID per line. Each line is trimmed; blank lines and lines whose first
 * character is `#` (comments) are skipped, so a file can say where its IDs came from. Every other line
 * must be an ID. Files are streamed, never read whole: an audience file can hold 1.5 million lines
 * (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file).
 */

/** A LINE user ID (https://developers.line.biz/en/docs/messaging-api/getting-user-ids/). */
export const USER_ID = /^U[0-9a-f]{32}$/;

/** What a user ID must look like, for messages. */
export const USER_ID_EXPECTED = "a LINE user ID: U followed by 32 hex digits";

export interface MemberSource {
    readonly userIds?: readonly string[];
    readonly userIdsFile?: string;
}

export interface Member {
    readonly id: string;
    /** Where it was declared, for messages: `userIds[3]` or the file's line `17`; never the value. */
    readonly position: string;
    /** The file it was read from; undefined for an inline ID. */
    readonly file?: string;
}

/** Whether a trimmed line of a user-ID file is a comment or blank, and so not a member. */
function isSkippedLine(line: string): boolean {
    return line === "" || line.startsWith("#");
}

/** The IDs of `file`, line by line, by the rule above; its line numbers count every line. */
export async function* readUserIdFile(file: string): AsyncGenerator<Member> {
    // Opened first, so a missing file is an error here rather than an event nobody awaits.
    const handle = await fs.open(path.resolve(file), "r");
    const lines = readline.createInterface({
        input: handle.createReadStream({ encoding: "utf8" }),
        crlfDelay: Infinity,
    });
    try {
        let n = 0;
        for await (const raw of lines) {
            n++;
            const id = raw.trim();
            if (!isSkippedLine(id)) yield { id, position: String(n), file };
        }
    } finally {
        lines.close();
        await handle.close().catch(() => undefined);
    }
}

/** The file's members, then the inline ones, in declared order. */
export async function* membersOf(source: MemberSource): AsyncGenerator<Member> {
    if (source.userIdsFile !== undefined) yield* readUserIdFile(source.userIdsFile);
    const ids = source.userIds ?? [];
    for (let i = 0; i < ids.length; i++) yield { id: ids[i] ?? "", position: `userIds[${i}]` };
}

/**
 * The failure for a member that is not `expected`. It names the position, never the value: a malformed
 * entry may be something else personal. A file's line is said as editors link it,
 * `vip.txt:3:1 userIdsFile: …`, with no property: Pulumi prints such a reason as it is, not after
 * `property … value {…}`.
 */
export function memberFailure(member: Member, expected: string): pulumi.dynamic.CheckFailure {
    return member.file === undefined
        ? { property: member.position, reason: `must be ${expected}` }
        : { property: "", reason: `${member.file}:${member.position}:1 userIdsFile: must be ${expected}` };
}

/** The failure for a user-ID file that cannot be read. */
export function unreadableFileFailure(file: string, error: unknown): pulumi.dynamic.CheckFailure {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : `cannot read the file (${code ?? "error"})`;
    return { property: "userIdsFile", reason: `${reason}: ${file}` };
}
