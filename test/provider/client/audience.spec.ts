import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
    isLineNotFound,
    LineApiError,
    LineProviderError,
    type AudienceGroup,
} from "../../../provider/client";
import { useEmulator } from "../../support/emulator";
import {
    clientFor,
    failureOf,
    fakeTiming,
    resetBeforeEach,
    stateOf,
    UNREACHABLE_URL,
    wire,
} from "./fixtures";

describe("client audience operations (against the emulator)", () => {
    // Emulated time runs fast, so upload jobs (queued, then working for seconds) finish at once.
    const line = useEmulator({ timeScale: 100_000 });
    resetBeforeEach(line);

    let dir: string;
    before(async () => {
        dir = await mkdtemp(join(tmpdir(), "line-client-audience-"));
    });
    after(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    /** A file of user IDs, one per line, as LINE's file uploads take them. */
    async function idFile(name: string, userIds: readonly string[]): Promise<string> {
        const path = join(dir, name);
        await writeFile(path, `${userIds.join("\n")}\n`);
        return path;
    }

    it("createAudienceGroup creates an upload audience from JSON (202)", async () => {
        const client = clientFor(line);
        const userIds = await line.control.addFriends(3);
        await line.control.clearRequests();

        const created = await client.createAudienceGroup({
            description: "vip",
            uploadDescription: "first batch",
            audiences: userIds.map(id => ({ id })),
        });

        assert.equal(created.type, "UPLOAD");
        assert.equal(created.description, "vip");
        assert.equal(created.createRoute, "MESSAGING_API");
        const [audience] = (await stateOf(line)).audiences;
        assert.equal(audience?.audienceGroupId, created.audienceGroupId);
        assert.deepEqual(
            audience?.jobs.map(j => [j.description, j.audienceCount]),
            [["first batch", 3]],
        );
        assert.deepEqual(await wire(line), ["POST /v2/bot/audienceGroup/upload 202"]);
    });

    it("createAudienceForUploadingUserIds streams a file as multipart to the data host", async () => {
        const userIds = await line.control.addFriends(5);
        const file = await idFile("create.txt", userIds);
        // Only the data host is reachable: the upload succeeds only if it goes there.
        const client = clientFor(line, { apiBaseUrl: UNREACHABLE_URL });
        await line.control.clearRequests();

        const created = await client.createAudienceForUploadingUserIds({
            file,
            description: "from a file",
            isIfaAudience: false,
            uploadDescription: "create.txt",
        });

        assert.equal(created.description, "from a file");
        const [audience] = (await stateOf(line)).audiences;
        assert.deepEqual(
            audience?.jobs.map(j => [j.description, j.audienceCount]),
            [["create.txt", 5]],
        );
        const [request] = await line.control.requests();
        assert.match(request?.contentType ?? "", /^multipart\/form-data; boundary=/);
        assert.deepEqual(await wire(line), ["POST /v2/bot/audienceGroup/upload/byFile 202"]);
    });

    it("reads an upload file only as a stream, never whole into memory", async () => {
        const count = 100_000;
        const userIds = Array.from({ length: count }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
        const file = await idFile("large.txt", userIds);
        // The real module object (not an import copy), so the client's calls go through these wrappers.
        const fs = createRequire(__filename)("node:fs") as typeof import("node:fs");
        const saved = {
            readFile: fs.readFile,
            readFileSync: fs.readFileSync,
            promisesReadFile: fs.promises.readFile,
            createReadStream: fs.createReadStream,
        };
        const streamed: string[] = [];
        const forbidden = (): never => {
            throw new Error("the upload read the whole file");
        };
        Object.assign(fs, {
            readFile: forbidden,
            readFileSync: forbidden,
            createReadStream: (...args: Parameters<typeof fs.createReadStream>) => {
                streamed.push(String(args[0]));
                return saved.createReadStream(...args);
            },
        });
        fs.promises.readFile = forbidden;
        try {
            await clientFor(line).createAudienceForUploadingUserIds({ file, description: "large" });
        } finally {
            Object.assign(fs, {
                readFile: saved.readFile,
                readFileSync: saved.readFileSync,
                createReadStream: saved.createReadStream,
            });
            fs.promises.readFile = saved.promisesReadFile;
        }

        assert.deepEqual(streamed, [file]);
        const [audience] = (await stateOf(line)).audiences;
        assert.equal(audience?.jobs[0]?.audienceCount, count);
        const [request] = await line.control.requests();
        assert.ok((request?.bodySize ?? 0) > 33 * count, "the whole file went over the wire");
    });

    it("addAudienceToAudienceGroup (JSON) and addUserIdsToAudience (file) each add a job", async () => {
        const client = clientFor(line);
        const [a, b, c] = await line.control.addFriends(3);
        const { audienceGroupId } = await client.createAudienceGroup({
            description: "growing",
            audiences: [{ id: a! }],
        });
        await line.control.clearRequests();

        await client.addAudienceToAudienceGroup({
            audienceGroupId,
            uploadDescription: "json",
            audiences: [{ id: b! }],
        });
        await client.addUserIdsToAudience({
            audienceGroupId,
            uploadDescription: "file",
            file: await idFile("add.txt", [c!]),
        });

        const [audience] = (await stateOf(line)).audiences;
        assert.deepEqual(
            audience?.jobs.map(j => j.description ?? null),
            [null, "json", "file"],
        );
        assert.deepEqual(await wire(line), [
            "PUT /v2/bot/audienceGroup/upload 202",
            "PUT /v2/bot/audienceGroup/upload/byFile 202",
        ]);
    });

    it("a file upload of a missing file fails before anything is sent", async () => {
        const error = await failureOf(() =>
            clientFor(line).createAudienceForUploadingUserIds({
                file: join(dir, "missing.txt"),
                description: "x",
            }),
        );
        assert.ok(LineProviderError.isInstance(error));
        assert.match(error.message, /Cannot read the audience file .*missing\.txt/);
        assert.deepEqual(await wire(line), []);
    });

    it("createClickBasedAudienceGroup and createImpBasedAudienceGroup from a broadcast's request id", async () => {
        const client = clientFor(line);
        await line.control.addFriends(60);
        const requestId = await line.control.recordBroadcast();
        await line.control.clearRequests();

        const click = await client.createClickBasedAudienceGroup({
            description: "clicked",
            requestId,
            clickUrl: "https://example.com/sale",
        });
        const imp = await client.createImpBasedAudienceGroup({ description: "saw it", requestId });

        assert.deepEqual(
            [click.type, click.requestId, click.clickUrl],
            ["CLICK", requestId, "https://example.com/sale"],
        );
        assert.deepEqual([imp.type, imp.requestId], ["IMP", requestId]);
        assert.deepEqual(
            (await stateOf(line)).audiences.map(a => [a.audienceGroupId, a.type]).sort(),
            [
                [click.audienceGroupId, "CLICK"],
                [imp.audienceGroupId, "IMP"],
            ].sort(),
        );
        assert.deepEqual(await wire(line), [
            "POST /v2/bot/audienceGroup/click 202",
            "POST /v2/bot/audienceGroup/imp 202",
        ]);
    });

    it("updateAudienceGroupDescription, getAudienceData and deleteAudienceGroup", async () => {
        const client = clientFor(line);
        const { audienceGroupId } = await client.createAudienceGroup({ description: "old name" });
        await line.control.clearRequests();

        await client.updateAudienceGroupDescription(audienceGroupId, { description: "new name" });
        const data = await client.getAudienceData(audienceGroupId);
        await client.deleteAudienceGroup(audienceGroupId);

        assert.equal(data.audienceGroup.description, "new name");
        assert.deepEqual(data.jobs, []);
        assert.deepEqual((await stateOf(line)).audiences, []);
        assert.deepEqual(await wire(line), [
            `PUT /v2/bot/audienceGroup/${audienceGroupId}/updateDescription 200`,
            `GET /v2/bot/audienceGroup/${audienceGroupId} 200`,
            `DELETE /v2/bot/audienceGroup/${audienceGroupId} 202`,
        ]);
    });

    it("an unknown audience is LINE's 400 AUDIENCE_GROUP_NOT_FOUND, which isLineNotFound recognises", async () => {
        const error = await failureOf(() => clientFor(line).getAudienceData(999_999));
        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 400);
        assert.equal(error.hasDetail("AUDIENCE_GROUP_NOT_FOUND"), true);
        assert.equal(isLineNotFound(error), true);
    });

    it("getAudienceGroups returns one page; iterateAudienceGroups walks every page", async () => {
        const client = clientFor(line);
        const made: number[] = [];
        for (let i = 0; i < 5; i++)
            made.push((await client.createAudienceGroup({ description: `group ${i}` })).audienceGroupId);
        await line.control.clearRequests();

        const first = await client.getAudienceGroups({
            page: 1,
            size: 2,
            includesExternalPublicGroups: false,
        });
        const all: AudienceGroup[] = [];
        for await (const group of client.iterateAudienceGroups({ size: 2, createRoute: "MESSAGING_API" }))
            all.push(group);

        assert.deepEqual([first.audienceGroups.length, first.hasNextPage, first.totalCount], [2, true, 5]);
        assert.deepEqual(all.map(g => g.audienceGroupId).sort(), [...made].sort());
        assert.deepEqual(await wire(line), [
            "GET /v2/bot/audienceGroup/list 200",
            "GET /v2/bot/audienceGroup/list 200",
            "GET /v2/bot/audienceGroup/list 200",
            "GET /v2/bot/audienceGroup/list 200",
        ]);
    });

    describe("deprecated endpoints (removed by LINE in 2025)", () => {
        it("getAudienceGroupAuthorityLevel and updateAudienceGroupAuthorityLevel", async () => {
            const client = clientFor(line);

            await client.updateAudienceGroupAuthorityLevel({ authorityLevel: "PRIVATE" });
            const level = await client.getAudienceGroupAuthorityLevel();

            assert.deepEqual(level, { authorityLevel: "PRIVATE" });
            assert.equal((await stateOf(line)).audienceAuthorityLevel, "PRIVATE");
            assert.deepEqual(await wire(line), [
                "PUT /v2/bot/audienceGroup/authorityLevel 200",
                "GET /v2/bot/audienceGroup/authorityLevel 200",
            ]);
        });

        it("activateAudienceGroup of an active audience is LINE's 400 ALREADY_ACTIVE, sent once", async () => {
            const client = clientFor(line, { retry: { retries: 3 }, timing: fakeTiming() });
            const { audienceGroupId } = await client.createAudienceGroup({ description: "active" });
            await line.control.clearRequests();

            const error = await failureOf(() => client.activateAudienceGroup(audienceGroupId));

            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.hasDetail("ALREADY_ACTIVE"), true);
            assert.deepEqual(await wire(line), [`PUT /v2/bot/audienceGroup/${audienceGroupId}/activate 400`]);
        });
    });
});
