import assert from "node:assert/strict";
import { appendFileSync, readdirSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { audienceHandlers as handlers } from "../../../provider/resources/audience";
import { stderrOf } from "../../support/stderr";
import { base, checked, ifas, useAudienceFixture, userIds } from "./audienceFixture";

const audienceTempDirs = () =>
    readdirSync(os.tmpdir()).filter(name => name.startsWith("pulumi-line-audience-"));

describe("Audience", () => {
    const { line, dir, audiences, jobCounts, requests, created } = useAudienceFixture();

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
});
