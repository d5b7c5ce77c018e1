import assert from "node:assert/strict";
import { USER_A } from "../fixtures";
import {
    type AudienceGroup,
    DAY,
    JOB_DONE,
    NOT_FOUND,
    SECOND,
    audienceError,
    useAudienceChannel,
} from "./audienceChannel";

describe("emulator: audiences", () => {
    const { clock, line, createUpload, getAudience } = useAudienceChannel();

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
