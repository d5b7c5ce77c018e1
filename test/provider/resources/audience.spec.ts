import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ManualClock } from "../../../emulator";
import {
    audienceHandlers as handlers,
    type AudienceInputs,
    type AudienceOutputs,
} from "../../../provider/resources/audience";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { ResourceInitFailedError } from "../../../provider/resources/lifecycle";
import { useTiming } from "../../../provider/resources/polling";
import { useEmulator } from "../../support/emulator";
import { useLineEnvironment } from "../../support/lineEnvironment";
import { stderrOf } from "../../support/stderr";

interface AudienceView {
    readonly audienceGroupId: number;
    readonly type: string;
    readonly description: string;
    readonly status: string;
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly jobs: { readonly audienceCount: number; readonly jobStatus: string }[];
}

/** Distinct, valid user IDs, the same for the same `from`. */
function userIds(count: number, from = 0): string[] {
    return Array.from(
        { length: count },
        (_, i) =>
            `U${createHash("sha256")
                .update(String(from + i))
                .digest("hex")
                .slice(0, 32)}`,
    );
}

function ifas(count: number): string[] {
    return Array.from({ length: count }, (_, i) => {
        const h = createHash("sha256").update(`ifa${i}`).digest("hex");
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    });
}

const audienceTempDirs = () =>
    readdirSync(os.tmpdir()).filter(name => name.startsWith("pulumi-line-audience-"));

describe("Audience", () => {
    // One clock for the emulator and the provider's waits: a wait for READY moves emulated time, so
    // upload jobs finish after as many polls as against LINE, without sleeping.
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock });
    useLineEnvironment(line);
    before(() => useTiming({ now: () => clock.now(), sleep: async ms => clock.advance(ms) }));
    after(() => useTiming(undefined));
    const dir = mkdtempSync(path.join(os.tmpdir(), "audience-spec-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    beforeEach(async () => {
        await line.control.reset();
    });

    const base = (overrides: Partial<AudienceInputs> = {}): AudienceInputs => ({
        description: "Spring campaign",
        ...overrides,
    });
    const audiences = async () => (await line.control.state<{ audiences: AudienceView[] }>()).audiences;
    /** The accounts each upload job added, once the emulator has finished them (0 until then). */
    const jobCounts = async (): Promise<number[]> => {
        for (let attempt = 0; ; attempt++) {
            const [live] = await audiences();
            const jobs = live?.jobs ?? [];
            if (jobs.every(j => j.jobStatus === "FINISHED") || attempt === 40)
                return jobs.map(j => j.audienceCount);
            clock.advance(1_000);
        }
    };
    /** The request log as `METHOD /path`, with audience IDs shown as {id}. */
    const requests = async () =>
        (await line.control.requests()).map(e => `${e.method} ${e.path.replace(/\/\d+(?=\/|$)/, "/{id}")}`);

    async function checked(
        news: AudienceInputs,
        olds: Partial<AudienceInputs> = {},
    ): Promise<AudienceInputs> {
        const result = await handlers.check(olds as AudienceInputs, news);
        assert.deepEqual(result.failures, []);
        return result.inputs!;
    }
    /** Checks and creates; the request log then holds the create's calls only. */
    async function created(news: AudienceInputs): Promise<{ inputs: AudienceInputs; outs: AudienceOutputs }> {
        const inputs = await checked(news);
        await line.control.clearRequests();
        const result = await handlers.create(inputs);
        assert.equal(result.id, String(result.outs!.audienceGroupId));
        return { inputs, outs: result.outs! };
    }

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

    describe("inline user IDs", () => {
        it("creates, diffs, appends only the new IDs, renames in place, and decides a replacement", async () => {
            const ids = userIds(5);
            const first = await created(base({ userIds: ids.slice(0, 3) }));
            const id = String(first.outs.audienceGroupId);
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/upload",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.equal(typeof first.outs.audienceGroupId, "number");
            assert.equal(first.outs.memberCount, 3);
            assert.equal(first.outs.type, "upload");
            assert.equal(first.outs.isIfaAudience, false);
            assert.ok(first.outs.expireTimestamp! > first.outs.created);
            assert.ok(!("userIds" in first.outs));
            for (const userId of ids) assert.ok(!JSON.stringify(first.outs).includes(userId));
            let [live] = await audiences();
            assert.equal(live?.description, "Spring campaign");
            assert.deepEqual(await jobCounts(), [3]);

            // Nothing changed.
            const same = await checked(base({ userIds: ids.slice(0, 3) }), first.inputs);
            assert.equal((await handlers.diff(id, first.outs, same)).changes, false);

            // Two IDs appended: an update that uploads only those two.
            const grown = await checked(base({ userIds: ids }), first.inputs);
            assert.deepEqual(await handlers.diff(id, first.outs, grown), {
                changes: true,
                replaces: [],
                deleteBeforeReplace: false,
            });
            await line.control.clearRequests();
            const appended = (await handlers.update(id, first.outs, grown)).outs!;
            assert.deepEqual(await requests(), [
                "PUT /v2/bot/audienceGroup/upload",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.equal(appended.memberCount, 5);
            assert.equal(appended.audienceGroupId, first.outs.audienceGroupId);
            assert.deepEqual(await jobCounts(), [3, 2]);

            // A new name: renamed in place.
            const renamed = await checked(base({ description: "Summer campaign", userIds: ids }), grown);
            const renameDiff = await handlers.diff(id, appended, renamed);
            assert.equal(renameDiff.changes, true);
            assert.deepEqual(renameDiff.replaces, []);
            await line.control.clearRequests();
            const afterRename = (await handlers.update(id, appended, renamed)).outs!;
            assert.deepEqual(await requests(), [
                "PUT /v2/bot/audienceGroup/{id}/updateDescription",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.equal(afterRename.description, "Summer campaign");
            [live] = await audiences();
            assert.equal(live?.description, "Summer campaign");
            assert.equal(live?.jobs.length, 2);

            // An ID removed: LINE cannot remove, so the preview shows a replacement, because of userIds.
            const shrunk = await checked(
                base({ description: "Summer campaign", userIds: ids.slice(1) }),
                renamed,
            );
            assert.equal(shrunk.membershipChange, "replace");
            assert.deepEqual((await handlers.diff(id, afterRename, shrunk)).replaces, ["userIds"]);
            // So does a switch to IFAs, or another channel.
            const toIfa = await checked(
                base({ description: "Summer campaign", isIfaAudience: true, userIds: ifas(2) }),
                renamed,
            );
            assert.deepEqual((await handlers.diff(id, afterRename, toIfa)).replaces, [
                "isIfaAudience",
                "userIds",
            ]);
            const moved = await checked(
                base({ description: "Summer campaign", userIds: ids, channel: "prod" }),
                renamed,
            );
            assert.deepEqual((await handlers.diff(id, afterRename, moved)).replaces, ["channel"]);

            await line.control.clearRequests();
            await handlers.delete(id, afterRename);
            assert.deepEqual(await requests(), ["DELETE /v2/bot/audienceGroup/{id}"]);
            assert.deepEqual(await audiences(), []);
        });

        it("sends more than 10,000 IDs in chunks of 10,000", async () => {
            const { outs } = await created(base({ userIds: userIds(10_005) }));
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/upload",
                "PUT /v2/bot/audienceGroup/upload",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.equal(outs.memberCount, 10_005);
            assert.deepEqual(await jobCounts(), [10_000, 5]);
        });

        it("deletes the new audience when a later upload fails", async () => {
            const inputs = await checked(base({ userIds: userIds(10_001) }));
            await line.control.clearRequests();
            await line.control.addFault({ method: "PUT", path: "/v2/bot/audienceGroup/upload", status: 400 });
            await assert.rejects(handlers.create(inputs), /failed with 400/);
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/upload",
                "PUT /v2/bot/audienceGroup/upload",
                "DELETE /v2/bot/audienceGroup/{id}",
            ]);
            assert.deepEqual(await audiences(), []);
        });

        it("refreshes a rename made outside Pulumi as drift, and a deleted audience as gone", async () => {
            const { inputs, outs } = await created(base({ userIds: userIds(2) }));
            const id = String(outs.audienceGroupId);
            const renamed = await line.call("PUT", `/v2/bot/audienceGroup/${id}/updateDescription`, {
                json: { description: "Renamed by hand" },
            });
            assert.equal(renamed.status, 200);
            const refreshed = await handlers.read(id, outs);
            assert.equal(refreshed.props?.description, "Renamed by hand");
            const drift = await handlers.diff(
                id,
                refreshed.props!,
                await checked(base({ userIds: userIds(2) }), inputs),
            );
            assert.equal(drift.changes, true);
            assert.deepEqual(drift.replaces, []);

            // Deleted by hand: LINE answers 400 AUDIENCE_GROUP_NOT_FOUND, which read and delete take as gone.
            assert.equal((await line.call("DELETE", `/v2/bot/audienceGroup/${id}`)).status, 202);
            await line.control.clearRequests();
            assert.deepEqual(await handlers.read(id, outs), {});
            await handlers.delete(id, outs);
            const log = await line.control.requests();
            assert.deepEqual(
                log.map(e => [e.method, e.status]),
                [
                    ["GET", 400],
                    ["DELETE", 400],
                ],
            );
        });

        it("creates an empty audience, and does not wait for it", async () => {
            const { result, printed } = await stderrOf(() => created(base({ waitUntilReady: true })));
            assert.equal(result.outs.memberCount, 0);
            assert.equal(result.outs.status, "IN_PROGRESS");
            assert.match(
                printed,
                /is empty; LINE never marks an empty upload audience READY, so it is not waited for/,
            );
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/upload",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
        });
    });

    describe("a file of user IDs", () => {
        it("uploads 20,000 IDs as a file, then only the appended lines", async () => {
            const file = path.join(dir, "members.txt");
            writeFileSync(file, `${userIds(20_000).join("\n")}\n`);
            const tempsBefore = audienceTempDirs();
            const first = await created(base({ userIdsFile: file }));
            const id = String(first.outs.audienceGroupId);
            assert.equal(first.outs.memberCount, 20_000);
            assert.equal(first.outs.userIdsFile, file);
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/upload/byFile",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.deepEqual(await jobCounts(), [20_000]);

            appendFileSync(file, `${userIds(100, 20_000).join("\n")}\n`);
            const grown = await checked(base({ userIdsFile: file }), first.inputs);
            assert.equal(grown.membershipChange, "append");
            assert.equal((await handlers.diff(id, first.outs, grown)).changes, true);
            await line.control.clearRequests();
            const outs = (await handlers.update(id, first.outs, grown)).outs!;
            assert.equal(outs.memberCount, 20_100);
            assert.deepEqual(await requests(), [
                "PUT /v2/bot/audienceGroup/upload/byFile",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.deepEqual(await jobCounts(), [20_000, 100]);
            // The temporary upload files (personal data) are gone.
            assert.deepEqual(audienceTempDirs(), tempsBefore);

            // A line taken out of the middle: a replacement, reported on userIdsFile.
            writeFileSync(file, `${userIds(20_100).slice(1).join("\n")}\n`);
            const shrunk = await checked(base({ userIdsFile: file }), grown);
            assert.deepEqual((await handlers.diff(id, outs, shrunk)).replaces, ["userIdsFile"]);
        });

        it("refuses to upload a file that changed since check", async () => {
            const file = path.join(dir, "moving.txt");
            writeFileSync(file, `${userIds(3).join("\n")}\n`);
            const inputs = await checked(base({ userIdsFile: file }));
            writeFileSync(file, `${userIds(4).join("\n")}\n`);
            await line.control.clearRequests();
            await assert.rejects(handlers.create(inputs), /changed while the update ran/);
            assert.deepEqual(await requests(), []);
        });
    });

    describe("waiting and expiry", () => {
        it("waits until READY with every job FINISHED, printing progress", async () => {
            const { result, printed } = await stderrOf(() =>
                created(base({ userIds: userIds(3), waitUntilReady: true })),
            );
            assert.equal(result.outs.status, "READY");
            assert.equal(result.outs.audienceCount, 3);
            const lines = printed.trim().split("\n");
            assert.match(
                lines[0]!,
                /^pulumi-line: audience \d+ "Spring campaign": IN_PROGRESS, 0\/1 upload jobs finished/,
            );
            assert.match(lines.at(-1)!, /READY, 1\/1 upload jobs finished, 3 users counted; ready$/);
        });

        it("keeps an audience that is not ready in time, as created but not initialised", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 10 });
            const inputs = await checked(
                base({ type: "imp", requestId, waitUntilReady: true, readyTimeoutSeconds: 1 }),
            );
            const { result } = await stderrOf(() =>
                handlers.create(inputs).then(
                    () => assert.fail("expected a timeout"),
                    (error: unknown) => error,
                ),
            );
            assert.ok(result instanceof ResourceInitFailedError, String(result));
            assert.match(result.message, /still IN_PROGRESS .* the next `pulumi up` waits again/);
            assert.equal((result.properties as { status: string }).status, "IN_PROGRESS");
            assert.equal((await audiences()).length, 1);
        });

        it("warns in the diff when the audience expires within 14 days", async () => {
            const { inputs, outs } = await created(base({ userIds: userIds(1) }));
            const soon = { ...outs, expireTimestamp: Math.floor(clock.now() / 1000) + 5 * 86_400 };
            const { printed } = await stderrOf(() =>
                handlers.diff(String(outs.audienceGroupId), soon, inputs),
            );
            assert.match(
                printed,
                /warning: audience \d+ "Spring campaign" expires on .* \(in 5 days\); LINE deletes expired/,
            );
            const { printed: quiet } = await stderrOf(() =>
                handlers.diff(String(outs.audienceGroupId), outs, inputs),
            );
            assert.equal(quiet, "");
        });
    });

    describe("click and impression audiences", () => {
        it("creates them from a broadcast's request ID, and replaces on a new request ID", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 80 });
            const click = await created(
                base({ type: "click", requestId, clickUrl: "https://shop.example.com/sale" }),
            );
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/click",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.equal(click.outs.type, "click");
            assert.equal(click.outs.requestId, requestId);
            assert.equal(click.outs.clickUrl, "https://shop.example.com/sale");

            const imp = await created(base({ type: "imp", requestId }));
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/imp",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            const live = await audiences();
            assert.deepEqual(live.map(a => [a.type, a.requestId]).sort(), [
                ["CLICK", requestId],
                ["IMP", requestId],
            ]);

            const id = String(imp.outs.audienceGroupId);
            const same = await checked(base({ type: "imp", requestId }), imp.inputs);
            assert.equal((await handlers.diff(id, imp.outs, same)).changes, false);
            const other = await line.control.recordBroadcast({ recipients: 80 });
            const next = await checked(base({ type: "imp", requestId: other }), imp.inputs);
            assert.deepEqual((await handlers.diff(id, imp.outs, next)).replaces, ["requestId"]);
            const toClick = await checked(base({ type: "click", requestId }), imp.inputs);
            assert.deepEqual((await handlers.diff(id, imp.outs, toClick)).replaces, ["type"]);
        });
    });
});
