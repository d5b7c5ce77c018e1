import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    memberFailure,
    membersOf,
    unreadableFileFailure,
    USER_ID_EXPECTED,
    type Member,
} from "../../../provider/resources/members";

/**
 * The one reader of user-ID files, shared by Audience and UserRichMenuLinks: one ID per line, trimmed,
 * blank lines and `#` comments skipped, line numbers counting every line.
 */

const a = `U${"a".repeat(32)}`;
const b = `U${"b".repeat(32)}`;

async function collect(source: Parameters<typeof membersOf>[0]): Promise<Member[]> {
    const out: Member[] = [];
    for await (const member of membersOf(source)) out.push(member);
    return out;
}

describe("user-ID files (members.ts)", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "members-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    const cases: readonly { name: string; text: string; expected: [string, string][] }[] = [
        {
            name: "one ID per line",
            text: `${a}\n${b}\n`,
            expected: [
                [a, "1"],
                [b, "2"],
            ],
        },
        {
            name: "no final line break",
            text: `${a}\n${b}`,
            expected: [
                [a, "1"],
                [b, "2"],
            ],
        },
        {
            name: "CRLF line ends",
            text: `${a}\r\n${b}\r\n`,
            expected: [
                [a, "1"],
                [b, "2"],
            ],
        },
        {
            name: "blank lines skipped",
            text: `\n${a}\n   \n${b}\n`,
            expected: [
                [a, "2"],
                [b, "4"],
            ],
        },
        {
            name: "# comments skipped, indented ones too",
            text: `# VIP\n${a}\n  # added in March\n${b}\n`,
            expected: [
                [a, "2"],
                [b, "4"],
            ],
        },
        { name: "surrounding spaces trimmed", text: `  ${a}\t\n`, expected: [[a, "1"]] },
        { name: "other text kept, to be refused", text: `${a} # note\n`, expected: [[`${a} # note`, "1"]] },
    ];
    for (const { name, text, expected } of cases) {
        it(name, async () => {
            const file = path.join(dir, `${name.replace(/\W+/g, "-")}.txt`);
            writeFileSync(file, text);
            const members = await collect({ userIdsFile: file });
            assert.deepEqual(
                members.map(m => [m.id, m.position]),
                expected,
            );
            for (const member of members) assert.equal(member.file, file);
        });
    }

    it("yields a file's IDs, then the inline ones", async () => {
        const file = path.join(dir, "both.txt");
        writeFileSync(file, `${a}\n`);
        const members = await collect({ userIdsFile: file, userIds: [b] });
        assert.deepEqual(members, [
            { id: a, position: "1", file },
            { id: b, position: "userIds[0]" },
        ]);
    });

    it("names a bad member's position, never its value", () => {
        assert.deepEqual(memberFailure({ id: "secret", position: "userIds[2]" }, USER_ID_EXPECTED), {
            property: "userIds[2]",
            reason: `must be ${USER_ID_EXPECTED}`,
        });
        assert.deepEqual(memberFailure({ id: "secret", position: "3", file: "vip.txt" }, USER_ID_EXPECTED), {
            property: "",
            reason: `vip.txt:3:1 userIdsFile: must be ${USER_ID_EXPECTED}`,
        });
    });

    it("fails on a missing file, which the callers report as not found", async () => {
        const file = path.join(dir, "missing.txt");
        const error = await collect({ userIdsFile: file }).then(
            () => assert.fail("expected the read to fail"),
            (e: unknown) => e,
        );
        assert.deepEqual(unreadableFileFailure(file, error), {
            property: "userIdsFile",
            reason: `file not found: ${file}`,
        });
    });
});
