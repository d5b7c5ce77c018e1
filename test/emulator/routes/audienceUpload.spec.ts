import assert from "node:assert/strict";
import { USER_A, USER_B, USER_C } from "../fixtures";
import {
    DAY,
    JOB_DONE,
    NOT_FOUND,
    SECOND,
    audienceError,
    useAudienceChannel,
    userIds,
} from "./audienceChannel";

const IFA = "2f3e4a5b-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

function fileForm(fields: Record<string, string>, lines: string, type = "text/plain"): FormData {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("file", new Blob([lines], { type }), "ids.txt");
    return form;
}

describe("emulator: audiences", () => {
    const { clock, line, createUpload, getAudience } = useAudienceChannel();

    describe("POST /v2/bot/audienceGroup/upload (createAudienceGroup)", () => {
        it("answers 202 with LINE's create response", async () => {
            const created = Math.floor(clock.now() / 1000);
            const res = await line.call("POST", "/v2/bot/audienceGroup/upload", {
                json: {
                    description: "VIP",
                    uploadDescription: "first",
                    audiences: [{ id: USER_A }, { id: USER_B }],
                },
            });
            assert.equal(res.status, 202);
            const body = res.body as { audienceGroupId: number };
            assert.deepEqual(res.body, {
                audienceGroupId: body.audienceGroupId,
                createRoute: "MESSAGING_API",
                type: "UPLOAD",
                description: "VIP",
                created,
                permission: "READ_WRITE",
                expireTimestamp: created + 180 * 24 * 60 * 60,
                isIfaAudience: false,
            });
        });

        it("goes IN_PROGRESS -> READY while its job goes QUEUED -> WORKING -> FINISHED on the clock", async () => {
            const id = await createUpload({
                description: "VIP",
                uploadDescription: "first",
                audiences: [{ id: USER_A }, { id: USER_B }],
            });
            let data = await getAudience(id);
            assert.equal(data.audienceGroup.status, "IN_PROGRESS");
            assert.equal(data.audienceGroup.audienceCount, 0);
            assert.deepEqual(
                data.jobs.map(j => [j.jobStatus, j.description]),
                [["QUEUED", "first"]],
            );
            clock.advance(3 * SECOND);
            assert.equal((await getAudience(id)).jobs[0]?.jobStatus, "WORKING");
            clock.advance(JOB_DONE);
            data = await getAudience(id);
            assert.equal(data.audienceGroup.status, "READY");
            assert.equal(data.audienceGroup.audienceCount, 2);
            assert.deepEqual(
                data.jobs.map(j => [j.jobStatus, j.audienceCount]),
                [["FINISHED", 2]],
            );
        });

        it("keeps an empty audience IN_PROGRESS for ever, with no jobs", async () => {
            const id = await createUpload({ description: "empty" });
            clock.advance(30 * DAY);
            const data = await getAudience(id);
            assert.equal(data.audienceGroup.status, "IN_PROGRESS");
            assert.deepEqual(data.jobs, []);
        });

        it("takes IFAs for an IFA audience and refuses user IDs there", async () => {
            const id = await createUpload({
                description: "ads",
                isIfaAudience: true,
                audiences: [{ id: IFA }],
            });
            assert.equal((await getAudience(id)).audienceGroup.type, "UPLOAD");
            const wrong = await line.call("POST", "/v2/bot/audienceGroup/upload", {
                json: { description: "ads", isIfaAudience: true, audiences: [{ id: USER_A }] },
            });
            assert.deepEqual(
                wrong.body,
                audienceError(
                    "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT",
                    "invalid audience id format",
                    "audiences",
                ),
            );
        });

        const refusals: { name: string; body: Record<string, unknown>; expected: unknown }[] = [
            {
                name: "no description",
                body: {},
                expected: audienceError(
                    "AUDIENCE_GROUP_NAME_EMPTY",
                    "empty audienceGroupName",
                    "description",
                ),
            },
            {
                name: "a whitespace-only description",
                body: { description: "   " },
                expected: audienceError(
                    "AUDIENCE_GROUP_NAME_EMPTY",
                    "empty audienceGroupName",
                    "description",
                ),
            },
            {
                name: "a description with a newline",
                body: { description: "a\nb" },
                expected: audienceError(
                    "AUDIENCE_GROUP_NAME_WRONG",
                    "wrong audienceGroupName",
                    "description",
                ),
            },
            {
                name: "a description of 121 characters",
                body: { description: "d".repeat(121) },
                expected: audienceError(
                    "AUDIENCE_GROUP_NAME_SIZE_OVER",
                    "size over audienceGroupName",
                    "description",
                ),
            },
            {
                name: "an uploadDescription of 301 characters",
                body: { description: "ok", uploadDescription: "u".repeat(301) },
                expected: audienceError(
                    "AUDIENCE_GROUP_UPLOAD_DESCRIPTION_SIZE_OVER",
                    "size over uploadDescription",
                    "uploadDescription",
                ),
            },
            {
                name: "a malformed user ID (the whole request fails)",
                body: { description: "ok", audiences: [{ id: USER_A }, { id: "someone" }] },
                expected: audienceError(
                    "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT",
                    "invalid audience id format",
                    "audiences",
                ),
            },
            {
                name: "10,001 IDs",
                body: { description: "ok", audiences: userIds(10_001).map(id => ({ id })) },
                expected: audienceError(
                    "UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS",
                    "too many audience ids",
                    "audiences",
                ),
            },
        ];
        for (const c of refusals) {
            it(`refuses ${c.name}`, async () => {
                const res = await line.call("POST", "/v2/bot/audienceGroup/upload", { json: c.body });
                assert.equal(res.status, 400);
                assert.deepEqual(res.body, c.expected);
                assert.deepEqual((await line.control.state()).audiences, []);
            });
        }

        it("accepts exactly 10,000 IDs and a 120-character description", async () => {
            const id = await createUpload({
                description: "d".repeat(120),
                audiences: userIds(10_000).map(u => ({ id: u })),
            });
            clock.advance(JOB_DONE);
            assert.equal((await getAudience(id)).audienceGroup.audienceCount, 10_000);
        });

        it("refuses the 1,001st audience", async () => {
            for (let i = 0; i < 1000; i++) await createUpload({ description: `a${i}` });
            const res = await line.call("POST", "/v2/bot/audienceGroup/upload", {
                json: { description: "one more" },
            });
            assert.deepEqual(
                res.body,
                audienceError("AUDIENCE_GROUP_COUNT_MAX_OVER", "audience group count max over"),
            );
        });
    });

    describe("PUT /v2/bot/audienceGroup/upload (addAudienceToAudienceGroup)", () => {
        it("adds a job (202 {}); the audience stays READY while it runs", async () => {
            const id = await createUpload({ description: "VIP", audiences: [{ id: USER_A }] });
            clock.advance(JOB_DONE);
            const res = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                json: {
                    audienceGroupId: id,
                    uploadDescription: "more",
                    audiences: [{ id: USER_B }, { id: USER_C }],
                },
            });
            assert.equal(res.status, 202);
            assert.deepEqual(res.body, {});
            let data = await getAudience(id);
            assert.equal(data.audienceGroup.status, "READY");
            assert.deepEqual(
                data.jobs.map(j => j.jobStatus),
                ["QUEUED", "FINISHED"],
            );
            clock.advance(JOB_DONE);
            data = await getAudience(id);
            assert.equal(data.audienceGroup.audienceCount, 3);
        });

        it("answers 429 past 10 jobs queued or working on one audience", async () => {
            const id = await createUpload({ description: "busy", audiences: [{ id: USER_A }] });
            for (let i = 0; i < 9; i++) {
                const res = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                    json: { audienceGroupId: id, audiences: [{ id: USER_B }] },
                });
                assert.equal(res.status, 202);
            }
            const res = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                json: { audienceGroupId: id, audiences: [{ id: USER_B }] },
            });
            assert.equal(res.status, 429);
            assert.deepEqual(res.body, {
                message: "The number of concurrent requests for this audience group exceeded the limit",
            });
            clock.advance(JOB_DONE);
            const later = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                json: { audienceGroupId: id, audiences: [{ id: USER_B }] },
            });
            assert.equal(later.status, 202);
        });

        it("refuses an unknown audience (400, not 404), no IDs, and an expired audience", async () => {
            const unknown = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                json: { audienceGroupId: 1, audiences: [{ id: USER_A }] },
            });
            assert.equal(unknown.status, 400);
            assert.deepEqual(unknown.body, NOT_FOUND);
            const id = await createUpload({ description: "old" });
            const empty = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                json: { audienceGroupId: id, audiences: [] },
            });
            assert.deepEqual(
                empty.body,
                audienceError(
                    "UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS",
                    "no valid audience ids",
                    "audiences",
                ),
            );
            clock.advance(180 * DAY);
            const expired = await line.call("PUT", "/v2/bot/audienceGroup/upload", {
                json: { audienceGroupId: id, audiences: [{ id: USER_A }] },
            });
            assert.deepEqual(
                expired.body,
                audienceError(
                    "AUDIENCE_GROUP_CAN_NOT_UPLOAD_STATUS_EXPIRED",
                    "can not upload audience group: status expired",
                ),
            );
        });
    });

    describe("upload by file (createAudienceForUploadingUserIds, addUserIdsToAudience)", () => {
        it("creates from a text file, one ID per line, counting as it streams", async () => {
            const ids = userIds(100_000);
            const form = fileForm(
                { description: "from file", isIfaAudience: "false", uploadDescription: "ids.txt" },
                `${ids.join("\r\n")}\n\n`,
            );
            const res = await line.call<{ audienceGroupId: number; type: string }>(
                "POST",
                "/v2/bot/audienceGroup/upload/byFile",
                { body: form },
            );
            assert.equal(res.status, 202, res.text);
            assert.equal(res.body.type, "UPLOAD");
            clock.advance(JOB_DONE);
            const data = await getAudience(res.body.audienceGroupId);
            assert.equal(data.audienceGroup.audienceCount, 100_000);
            assert.equal(data.jobs[0]?.description, "ids.txt");
        });

        it("adds from a file with PUT", async () => {
            const id = await createUpload({ description: "VIP", audiences: [{ id: USER_A }] });
            const res = await line.call("PUT", "/v2/bot/audienceGroup/upload/byFile", {
                body: fileForm({ audienceGroupId: String(id) }, `${USER_B}\n${USER_C}`),
            });
            assert.equal(res.status, 202, res.text);
            assert.deepEqual(res.body, {});
            clock.advance(JOB_DONE);
            assert.equal((await getAudience(id)).audienceGroup.audienceCount, 3);
        });

        it("refuses more than 1,500,000 lines", async () => {
            const lines = "x\n".repeat(1_500_001);
            const res = await line.call("POST", "/v2/bot/audienceGroup/upload/byFile", {
                body: fileForm({ description: "huge" }, lines),
            });
            assert.equal(res.status, 400);
            assert.deepEqual(
                res.body,
                audienceError("UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS", "too many audience ids", "file"),
            );
        });

        it("refuses a file with a malformed line, and one with no IDs", async () => {
            const bad = await line.call("POST", "/v2/bot/audienceGroup/upload/byFile", {
                body: fileForm({ description: "bad" }, `${USER_A}\nnot-an-id\n`),
            });
            assert.deepEqual(
                bad.body,
                audienceError(
                    "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT",
                    "invalid audience id format",
                    "file",
                ),
            );
            const empty = await line.call("POST", "/v2/bot/audienceGroup/upload/byFile", {
                body: fileForm({ description: "none" }, "\n\n"),
            });
            assert.deepEqual(
                empty.body,
                audienceError("UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS", "no valid audience ids", "file"),
            );
        });

        it("answers 415 for a file that is not text/plain and for a body that is not multipart", async () => {
            const csv = await line.call("POST", "/v2/bot/audienceGroup/upload/byFile", {
                body: fileForm({ description: "csv" }, USER_A, "text/csv"),
            });
            assert.equal(csv.status, 415);
            assert.deepEqual(csv.body, { message: "The content type, 'text/csv', is not supported" });
            const json = await line.call("POST", "/v2/bot/audienceGroup/upload/byFile", {
                json: { description: "x" },
            });
            assert.equal(json.status, 415);
        });

        it("refuses a form without a file", async () => {
            const form = new FormData();
            form.append("description", "no file");
            const res = await line.call("POST", "/v2/bot/audienceGroup/upload/byFile", { body: form });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, {
                message: "The request body has 1 error(s)",
                details: [{ message: "must be specified", property: "file" }],
            });
        });
    });
});
