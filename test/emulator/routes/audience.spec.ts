import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { USER_A, USER_B, USER_C } from "../fixtures";

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;
/** Long enough for any emulated upload job to finish. */
const JOB_DONE = 10 * SECOND;
const IFA = "2f3e4a5b-1c2d-4e5f-8a9b-0c1d2e3f4a5b";

interface AudienceGroup {
    audienceGroupId: number;
    status: string;
    audienceCount: number;
    description: string;
    type: string;
}
interface AudienceData {
    audienceGroup: AudienceGroup;
    jobs: { jobStatus: string; audienceCount: number; description?: string }[];
}

function audienceError(code: string, message: string, property?: string): unknown {
    return { message, details: [property === undefined ? { message: code } : { message: code, property }] };
}

const NOT_FOUND = audienceError("AUDIENCE_GROUP_NOT_FOUND", "audience group not found");

function userIds(n: number): string[] {
    return Array.from({ length: n }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
}

describe("emulator: audiences", () => {
    const clock = new ManualClock();
    const line = useEmulator({
        rateLimits: false,
        resetBeforeEach: true,
        clock,
        channels: [
            { name: "shop", accessToken: "shop-token" },
            { name: "cafe", accessToken: "cafe-token" },
        ],
    });

    async function createUpload(body: Record<string, unknown>): Promise<number> {
        const res = await line.call<{ audienceGroupId: number }>("POST", "/v2/bot/audienceGroup/upload", {
            json: body,
        });
        assert.equal(res.status, 202, res.text);
        return res.body.audienceGroupId;
    }

    async function getAudience(id: number): Promise<AudienceData> {
        const res = await line.call<AudienceData>("GET", `/v2/bot/audienceGroup/${id}`);
        assert.equal(res.status, 200, res.text);
        return res.body;
    }

    function fileForm(fields: Record<string, string>, lines: string, type = "text/plain"): FormData {
        const form = new FormData();
        for (const [k, v] of Object.entries(fields)) form.append(k, v);
        form.append("file", new Blob([lines], { type }), "ids.txt");
        return form;
    }

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

    describe("click and impression audiences (createClickBasedAudienceGroup, createImpBasedAudienceGroup)", () => {
        it("builds a click audience from a recorded broadcast; READY once built with 50+ users", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 80 });
            const created = Math.floor(clock.now() / 1000);
            const res = await line.call<{ audienceGroupId: number }>("POST", "/v2/bot/audienceGroup/click", {
                json: { description: "clicked", requestId, clickUrl: "https://example.com/sale" },
            });
            assert.equal(res.status, 202);
            assert.deepEqual(res.body, {
                audienceGroupId: res.body.audienceGroupId,
                createRoute: "MESSAGING_API",
                type: "CLICK",
                description: "clicked",
                created,
                permission: "READ_WRITE",
                expireTimestamp: created + 180 * 24 * 60 * 60,
                isIfaAudience: false,
                requestId,
                clickUrl: "https://example.com/sale",
            });
            assert.equal((await getAudience(res.body.audienceGroupId)).audienceGroup.status, "IN_PROGRESS");
            clock.advance(JOB_DONE);
            const data = await getAudience(res.body.audienceGroupId);
            assert.equal(data.audienceGroup.status, "READY");
            assert.equal(data.audienceGroup.audienceCount, 80);
            assert.deepEqual(data.jobs, []);
        });

        it("keeps a retargeting audience under 50 users IN_PROGRESS", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 49 });
            const res = await line.call<{ audienceGroupId: number }>("POST", "/v2/bot/audienceGroup/imp", {
                json: { description: "seen", requestId },
            });
            assert.equal(res.status, 202);
            clock.advance(DAY);
            const data = await getAudience(res.body.audienceGroupId);
            assert.equal(data.audienceGroup.status, "IN_PROGRESS");
            assert.equal(data.audienceGroup.audienceCount, 0);
        });

        it("refuses a second audience for the same request, unknown or foreign requests, and old ones", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 60 });
            assert.equal(
                (
                    await line.call("POST", "/v2/bot/audienceGroup/imp", {
                        json: { description: "a", requestId },
                    })
                ).status,
                202,
            );
            const again = await line.call("POST", "/v2/bot/audienceGroup/imp", {
                json: { description: "b", requestId },
            });
            assert.deepEqual(
                again.body,
                audienceError(
                    "AUDIENCE_GROUP_REQUESTID_DUPLICATE",
                    "audience group requestId duplicate",
                    "requestId",
                ),
            );
            const clickOk = await line.call("POST", "/v2/bot/audienceGroup/click", {
                json: { description: "c", requestId },
            });
            assert.equal(clickOk.status, 202);
            const clickAgain = await line.call("POST", "/v2/bot/audienceGroup/click", {
                json: { description: "c", requestId },
            });
            assert.equal(clickAgain.status, 400);
            const otherUrl = await line.call("POST", "/v2/bot/audienceGroup/click", {
                json: { description: "c", requestId, clickUrl: "https://example.com/x" },
            });
            assert.equal(otherUrl.status, 202);

            const unknown = await line.call("POST", "/v2/bot/audienceGroup/imp", {
                json: { description: "u", requestId: "nope" },
            });
            assert.deepEqual(
                unknown.body,
                audienceError("REQUEST_NOT_FOUND", "request not found", "requestId"),
            );
            const foreign = await line.control.recordBroadcast({}, "cafe");
            const wrongBot = await line.call("POST", "/v2/bot/audienceGroup/imp", {
                json: { description: "w", requestId: foreign },
            });
            assert.deepEqual(wrongBot.body, audienceError("WRONG_BOT_ID", "wrong bot id", "requestId"));
            const old = await line.control.recordBroadcast({ type: "narrowcast" });
            clock.advance(61 * DAY);
            const tooOld = await line.call("POST", "/v2/bot/audienceGroup/click", {
                json: { description: "o", requestId: old },
            });
            assert.deepEqual(tooOld.body, audienceError("TOO_OLD_MESSAGES", "too old messages", "requestId"));
        });
    });

    describe("rename, delete, get, list", () => {
        it("renames with updateDescription (200 {}), applying the name rules", async () => {
            const id = await createUpload({ description: "old" });
            const res = await line.call("PUT", `/v2/bot/audienceGroup/${id}/updateDescription`, {
                json: { description: "new" },
            });
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
            assert.equal((await getAudience(id)).audienceGroup.description, "new");
            const bad = await line.call("PUT", `/v2/bot/audienceGroup/${id}/updateDescription`, {
                json: { description: "" },
            });
            assert.deepEqual(
                bad.body,
                audienceError("AUDIENCE_GROUP_NAME_EMPTY", "empty audienceGroupName", "description"),
            );
            const unknown = await line.call("PUT", "/v2/bot/audienceGroup/42/updateDescription", {
                json: { description: "x" },
            });
            assert.deepEqual(unknown.body, NOT_FOUND);
        });

        it("deletes with 202 {}; afterwards the audience is 400 AUDIENCE_GROUP_NOT_FOUND", async () => {
            const id = await createUpload({ description: "bye" });
            const res = await line.call("DELETE", `/v2/bot/audienceGroup/${id}`);
            assert.equal(res.status, 202);
            assert.deepEqual(res.body, {});
            for (const method of ["GET", "DELETE"]) {
                const gone = await line.call(method, `/v2/bot/audienceGroup/${id}`);
                assert.equal(gone.status, 400);
                assert.deepEqual(gone.body, NOT_FOUND);
            }
            assert.deepEqual((await line.call("GET", "/v2/bot/audienceGroup/not-a-number")).body, NOT_FOUND);
        });

        it("expires after 180 days and disappears a month later", async () => {
            const id = await createUpload({ description: "short-lived", audiences: [{ id: USER_A }] });
            clock.advance(180 * DAY);
            assert.equal((await getAudience(id)).audienceGroup.status, "EXPIRED");
            clock.advance(30 * DAY);
            assert.deepEqual((await line.call("GET", `/v2/bot/audienceGroup/${id}`)).body, NOT_FOUND);
        });

        it("lists newest first, paged, with filters", async () => {
            for (const description of ["Spring sale", "summer SALE", "winter"]) {
                await createUpload({ description, audiences: [{ id: USER_A }] });
                clock.advance(SECOND);
            }
            await createUpload({ description: "empty sale" });
            clock.advance(JOB_DONE);
            type Page = {
                audienceGroups: AudienceGroup[];
                hasNextPage: boolean;
                totalCount: number;
                page: number;
                size: number;
            };
            const page1 = await line.call<Page>(
                "GET",
                "/v2/bot/audienceGroup/list?page=1&size=2&description=sale",
            );
            assert.equal(page1.status, 200);
            assert.deepEqual(
                page1.body.audienceGroups.map(a => a.description),
                ["empty sale", "summer SALE"],
            );
            assert.deepEqual(
                { ...page1.body, audienceGroups: undefined },
                {
                    audienceGroups: undefined,
                    hasNextPage: true,
                    totalCount: 3,
                    readWriteAudienceGroupTotalCount: 3,
                    page: 1,
                    size: 2,
                },
            );
            const page2 = await line.call<Page>(
                "GET",
                "/v2/bot/audienceGroup/list?page=2&size=2&description=sale",
            );
            assert.deepEqual(
                page2.body.audienceGroups.map(a => a.description),
                ["Spring sale"],
            );
            assert.equal(page2.body.hasNextPage, false);
            const ready = await line.call<Page>(
                "GET",
                "/v2/bot/audienceGroup/list?page=1&status=READY&createRoute=MESSAGING_API&includesExternalPublicGroups=false",
            );
            assert.equal(ready.body.totalCount, 3);
            assert.equal(ready.body.size, 20);
        });

        const badQueries = [
            {
                query: "size=10",
                expected: {
                    message: "page: must not be null",
                    details: [{ message: "NOT_NULL", property: "page" }],
                },
            },
            {
                query: "page=0",
                expected: {
                    message: "page: must be greater than or equal to 1",
                    details: [{ message: "TOO_LOW", property: "page" }],
                },
            },
            {
                query: "page=1&size=41",
                expected: {
                    message: "size: must be less than or equal to 40",
                    details: [{ message: "TOO_HIGH", property: "size" }],
                },
            },
            {
                query: "page=1&status=DONE",
                expected: {
                    message: "status: invalid value",
                    details: [{ message: "INVALID", property: "status" }],
                },
            },
        ];
        for (const c of badQueries) {
            it(`refuses the list query ${c.query}`, async () => {
                const res = await line.call("GET", `/v2/bot/audienceGroup/list?${c.query}`);
                assert.equal(res.status, 400);
                assert.deepEqual(res.body, c.expected);
            });
        }

        it("keeps each channel's audiences to itself", async () => {
            const id = await createUpload({ description: "shop only" });
            const other = await line.call("GET", `/v2/bot/audienceGroup/${id}`, {
                token: line.tokenOf("cafe"),
            });
            assert.deepEqual(other.body, NOT_FOUND);
        });
    });

    describe("removed endpoints still served for older SDKs (activate, authorityLevel)", () => {
        it("answers ALREADY_ACTIVE for an API audience, NOT_FOUND for none", async () => {
            const id = await createUpload({ description: "a" });
            const res = await line.call("PUT", `/v2/bot/audienceGroup/${id}/activate`);
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, audienceError("ALREADY_ACTIVE", "audience group is already active"));
            assert.deepEqual((await line.call("PUT", "/v2/bot/audienceGroup/7/activate")).body, NOT_FOUND);
        });

        it("reads and sets the authority level", async () => {
            assert.deepEqual((await line.call("GET", "/v2/bot/audienceGroup/authorityLevel")).body, {
                authorityLevel: "PUBLIC",
            });
            const set = await line.call("PUT", "/v2/bot/audienceGroup/authorityLevel", {
                json: { authorityLevel: "PRIVATE" },
            });
            assert.equal(set.status, 200);
            assert.deepEqual(set.body, {});
            assert.deepEqual((await line.call("GET", "/v2/bot/audienceGroup/authorityLevel")).body, {
                authorityLevel: "PRIVATE",
            });
            const bad = await line.call("PUT", "/v2/bot/audienceGroup/authorityLevel", {
                json: { authorityLevel: "SECRET" },
            });
            assert.equal(bad.status, 400);
        });
    });
});
