import assert from "node:assert/strict";
import { ManualClock, sequentialIds } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { assertConforms, chatOf, clients, sdkError, text } from "../messaging";

const DAY = 24 * 60 * 60 * 1000;

describe("emulator: narrowcast and its progress", () => {
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock, ids: sequentialIds(), resetBeforeEach: true });
    beforeEach(() => clock.set(Date.UTC(2026, 0, 1)));

    async function narrowcast(body: Parameters<ReturnType<typeof clients>["api"]["narrowcast"]>[0]) {
        const res = await clients(line).api.narrowcastWithHttpInfo(body);
        assert.equal(res.httpResponse.status, 202);
        assert.deepEqual(res.body, {});
        assertConforms("narrowcast", 202, res.body);
        return res.httpResponse.headers.get("x-line-request-id") ?? "";
    }

    async function progress(requestId: string) {
        const body = await clients(line).api.getNarrowcastProgress(requestId);
        assertConforms("getNarrowcastProgress", 200, body);
        return body;
    }

    it("moves waiting → sending → succeeded on the clock, and the messages reach chats when sending starts", async () => {
        const [a, b] = await line.control.addFriends(2);
        const requestId = await narrowcast({ messages: [text("sale")] });
        assert.deepEqual(await progress(requestId), {
            phase: "waiting",
            acceptedTime: "2026-01-01T00:00:00.000Z",
        });
        assert.deepEqual(await chatOf(line, a!), []);
        clock.advance(2_000);
        assert.deepEqual(await progress(requestId), {
            phase: "sending",
            successCount: 0,
            failureCount: 0,
            targetCount: 2,
            acceptedTime: "2026-01-01T00:00:00.000Z",
        });
        assert.deepEqual(
            (await chatOf(line, b!)).map(m => [m.via, m.message, m.sentAt]),
            [["narrowcast", text("sale"), "2026-01-01T00:00:02.000Z"]],
        );
        clock.advance(3_000);
        assert.deepEqual(await progress(requestId), {
            phase: "succeeded",
            successCount: 2,
            failureCount: 0,
            targetCount: 2,
            acceptedTime: "2026-01-01T00:00:00.000Z",
            completedTime: "2026-01-01T00:00:05.000Z",
        });
        clock.advance(14 * DAY);
        const gone = await sdkError(clients(line).api.getNarrowcastProgress(requestId));
        assert.deepEqual([gone.status, gone.body], [404, { message: "Not found" }]);
    });

    const failures = [
        {
            name: "a demographic filter (simulated users have none): too few recipients",
            body: { messages: [text("x")], filter: { demographic: { type: "gender", oneOf: ["female"] } } },
            errorCode: 2,
            quota: undefined,
        },
        {
            name: "more targets than the quota left, with forbidPartialDelivery",
            body: { messages: [text("x")], limit: { upToRemainingQuota: true, forbidPartialDelivery: true } },
            errorCode: 5,
            quota: 1,
        },
    ];
    for (const c of failures) {
        it(`accepts ${c.name} with 202, then fails with errorCode ${c.errorCode} and sends nothing`, async () => {
            const [a] = await line.control.addFriends(3);
            if (c.quota !== undefined)
                await line.call("PUT", "/_emulator/channels/default/quota", {
                    token: null,
                    json: { type: "limited", value: c.quota },
                });
            const requestId = await narrowcast(c.body as never);
            clock.advance(5_000);
            const body = await progress(requestId);
            assert.equal(body.phase, "failed");
            assert.equal(body.errorCode, c.errorCode);
            assert.equal(body.successCount, 0);
            assert.ok(body.failedDescription);
            assert.deepEqual(await chatOf(line, a!), []);
        });
    }

    it("sends up to the remaining quota with upToRemainingQuota, and counts it", async () => {
        await line.control.addFriends(3);
        await line.call("PUT", "/_emulator/channels/default/quota", {
            token: null,
            json: { type: "limited", value: 2 },
        });
        const requestId = await narrowcast({ messages: [text("x")], limit: { upToRemainingQuota: true } });
        clock.advance(5_000);
        const body = await progress(requestId);
        assert.deepEqual([body.phase, body.targetCount, body.successCount], ["succeeded", 3, 2]);
        assert.deepEqual(await clients(line).api.getMessageQuotaConsumption(), { totalUsage: 2 });
    });

    it("narrows with limit.max, a redelivery and operators", async () => {
        const [a, b, c] = await line.control.addFriends(3);
        const first = await narrowcast({ messages: [text("1")], limit: { max: 1 } });
        clock.advance(5_000);
        const notFirst = await narrowcast({
            messages: [text("2")],
            recipient: { type: "operator", not: { type: "redelivery", requestId: first } },
        });
        const again = await narrowcast({
            messages: [text("3")],
            recipient: { type: "redelivery", requestId: first },
        });
        clock.advance(5_000);
        assert.deepEqual(
            [(await progress(notFirst)).successCount, (await progress(again)).successCount],
            [2, 1],
        );
        assert.deepEqual(
            (await chatOf(line, a!)).map(m => m.message),
            [text("1"), text("3")],
        );
        for (const user of [b!, c!])
            assert.deepEqual(
                (await chatOf(line, user)).map(m => m.message),
                [text("2")],
            );
    });

    const refusals = [
        {
            name: "forbidPartialDelivery without upToRemainingQuota",
            body: { messages: [text("x")], limit: { forbidPartialDelivery: true } },
            error: { message: "The option forbidPartialDelivery must be used with upToRemainingQuota." },
        },
        {
            name: "an audience that does not exist",
            body: { messages: [text("x")], recipient: { type: "audience", audienceGroupId: 42 } },
            error: { message: "Invalid audience group id: 42" },
        },
        {
            name: "a redelivery of no narrowcast",
            body: { messages: [text("x")], recipient: { type: "redelivery", requestId: "nope" } },
            error: { message: "Invalid request id: nope" },
        },
        {
            name: "an operator with both and and or",
            body: {
                messages: [text("x")],
                recipient: { type: "operator", and: [{ type: "redelivery", requestId: "r" }], or: [] },
            },
            error: {
                message: "The request body has 1 error(s)",
                details: [
                    { message: "exactly one of and, or, not must be specified", property: "recipient" },
                ],
            },
        },
    ];
    for (const c of refusals) {
        it(`refuses ${c.name} with 400`, async () => {
            await line.control.addFriends(1);
            const error = await sdkError(clients(line).api.narrowcast(c.body as never));
            assert.deepEqual([error.status, error.body], [400, c.error]);
            assertConforms("narrowcast", 400, error.body);
            assert.equal(line.emulator.store.read("default").narrowcasts.size, 0);
        });
    }

    it("answers a replayed retry key with 409 and the accepted request's ID", async () => {
        await line.control.addFriends(1);
        const key = "0f8fad5b-d9cb-469f-a165-70867728950e";
        const first = await clients(line).api.narrowcastWithHttpInfo({ messages: [text("x")] }, key);
        const error = await sdkError(clients(line).api.narrowcast({ messages: [text("x")] }, key));
        assert.equal(error.status, 409);
        assert.deepEqual(error.body, { message: "The retry key is already accepted" });
        assert.equal(
            error.headers.get("x-line-accepted-request-id"),
            first.httpResponse.headers.get("x-line-request-id"),
        );
        assert.equal(line.emulator.store.read("default").narrowcasts.size, 1);
    });
});
