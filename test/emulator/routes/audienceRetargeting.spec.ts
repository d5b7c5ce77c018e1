import assert from "node:assert/strict";
import { DAY, JOB_DONE, audienceError, useAudienceChannel } from "./audienceChannel";

describe("emulator: audiences", () => {
    const { clock, line, getAudience } = useAudienceChannel();

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
});
