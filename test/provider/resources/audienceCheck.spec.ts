import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { audienceHandlers as handlers } from "../../../provider/resources/audience";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { base, checked, ifas, useAudienceFixture, userIds } from "./audienceFixture";

describe("Audience", () => {
    const { dir } = useAudienceFixture();

    describe("check", () => {
        it("names bad IDs by position, never by value, for inline lists and files", async () => {
            const [a, b] = userIds(2);
            const secretish = "taro@example.com";
            const inline = await handlers.check(base(), base({ userIds: [a!, secretish, b!, "U123"] }));
            assert.deepEqual(inline.failures, [
                { property: "userIds[1]", reason: "must be a LINE user ID: U followed by 32 hex digits" },
                { property: "userIds[3]", reason: "must be a LINE user ID: U followed by 32 hex digits" },
            ]);
            const file = path.join(dir, "bad.txt");
            writeFileSync(file, `${a}\n\n${secretish}\n${b}\n`);
            const fromFile = await handlers.check(base(), base({ userIdsFile: file }));
            assert.deepEqual(fromFile.failures, [
                {
                    property: "",
                    reason: `${file}:3:1 userIdsFile: must be a LINE user ID: U followed by 32 hex digits`,
                },
            ]);
            assert.ok(!JSON.stringify([inline.failures, fromFile.failures]).includes(secretish));
        });

        it("skips blank lines and # comments in a file of IDs, as user link files do", async () => {
            const [a, b] = userIds(2);
            const file = path.join(dir, "commented.txt");
            writeFileSync(file, `# VIP customers\n${a}\n\n# added in March\n${b}\n`);
            const result = await checked(base({ userIdsFile: file }));
            assert.equal(result.memberCount, 2);
        });

        it("takes IFAs for IFA audiences, and only them", async () => {
            await checked(base({ isIfaAudience: true, userIds: ifas(3) }));
            const result = await handlers.check(base(), base({ isIfaAudience: true, userIds: userIds(1) }));
            assert.match(result.failures?.[0]?.reason ?? "", /IFA/);
        });

        it("caps the failures of a file full of bad lines", async () => {
            const file = path.join(dir, "junk.txt");
            writeFileSync(file, "x\n".repeat(5000));
            const result = await handlers.check(base(), base({ userIdsFile: file }));
            assert.equal(result.failures?.length, 11);
            assert.match(result.failures?.[10]?.reason ?? "", /4990 more entries .* \(5000 in all\)/);
        });

        const descriptions: readonly [string, string, RegExp][] = [
            ["a blank description", "   ", /not blank/],
            ["a line break", "two\nlines", /control characters/],
            ["121 characters", "x".repeat(121), /at most 120 characters \(it has 121\)/],
        ];
        for (const [title, description, reason] of descriptions) {
            it(`refuses ${title}`, async () => {
                const result = await handlers.check(base(), base({ description }));
                assert.ok(
                    result.failures?.some(f => f.property === "description" && reason.test(f.reason)),
                    JSON.stringify(result.failures),
                );
            });
        }

        it("refuses inputs of the wrong audience type", async () => {
            const click = await handlers.check(base(), base({ type: "click", userIds: userIds(1) }));
            assert.deepEqual(
                click.failures?.map(f => f.property),
                ["requestId", "userIds"],
            );
            const upload = await handlers.check(
                base(),
                base({ requestId: "r", userIds: [], userIdsFile: "x" }),
            );
            assert.deepEqual(
                upload.failures?.map(f => f.property),
                ["userIdsFile", "requestId"],
            );
        });

        it("reads a missing file as a failure", async () => {
            const result = await handlers.check(base(), base({ userIdsFile: path.join(dir, "nope.txt") }));
            assert.deepEqual(result.failures, [
                { property: "userIdsFile", reason: `file not found: ${path.join(dir, "nope.txt")}` },
            ]);
        });

        it("tells an append from a replacement, against the previous inputs", async () => {
            const ids = userIds(5);
            const old = await checked(base({ userIds: ids.slice(0, 3) }));
            assert.equal(old.membershipChange, undefined);
            assert.equal(old.memberCount, 3);
            const same = await checked(base({ userIds: ids.slice(0, 3) }), old);
            assert.equal(same.membershipChange, "none");
            assert.equal((await checked(base({ userIds: ids }), old)).membershipChange, "append");
            assert.equal(
                (await checked(base({ userIds: [ids[0]!, ids[2]!] }), old)).membershipChange,
                "replace",
            );
            assert.equal(
                (await checked(base({ userIds: [ids[1]!, ids[0]!, ids[2]!] }), old)).membershipChange,
                "replace",
            );
            assert.equal(
                (await checked(base({ userIds: [ids[0]!, ids[1]!, ids[3]!, ids[4]!] }), old))
                    .membershipChange,
                "replace",
            );
            // The same IDs moved from inline to a file are the same members.
            const file = path.join(dir, "same.txt");
            writeFileSync(file, `${ids.slice(0, 3).join("\r\n")}\r\n`);
            assert.equal((await checked(base({ userIdsFile: file }), old)).membershipChange, "none");
        });

        it("keeps no ID in what it adds to the inputs", async () => {
            const ids = userIds(3);
            const { userIds: _ids, ...rest } = await checked(base({ userIds: ids }));
            for (const id of ids) assert.ok(!JSON.stringify(rest).includes(id));
        });

        it("tolerates members unknown during preview", async () => {
            const result = await handlers.check(base(), base({ userIds: [UNKNOWN] as string[] }));
            assert.deepEqual(result.failures, []);
            assert.equal(result.inputs?.membersDigest, UNKNOWN);
        });
    });
});
