import assert from "node:assert/strict";
import { manageAudience } from "@line/bot-sdk";
import { ManualClock, sequentialIds } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { assertConforms, chatOf, clients, sdkError, text } from "../messaging";

const DAY = 24 * 60 * 60 * 1000;
/** Long enough for an emulated upload job to finish, and for a narrowcast to complete. */
const JOB_DONE = 10_000;
const NARROWCAST_DONE = 5_000;

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

    describe("to audiences", () => {
        const audiences = () =>
            new manageAudience.ManageAudienceClient({ channelAccessToken: line.token, baseURL: line.url });
        const blobs = () =>
            new manageAudience.ManageAudienceBlobClient({
                channelAccessToken: line.token,
                baseURL: line.url,
            });

        /** An upload audience of `userIds` made with LINE's SDK, READY once its job finished. */
        async function uploadAudience(userIds: readonly string[]): Promise<number> {
            const created = await audiences().createAudienceGroup({
                description: "members",
                audiences: userIds.map(id => ({ id })),
            });
            assertConforms("createAudienceGroup", 202, created);
            clock.advance(JOB_DONE);
            return created.audienceGroupId ?? 0;
        }

        /** Sends `label` with the recipient, lets it complete, and answers its progress and who got it. */
        async function narrowcastTo(recipient: unknown, label: string, users: readonly string[]) {
            const requestId = await narrowcast({ messages: [text(label)], recipient: recipient as never });
            clock.advance(NARROWCAST_DONE);
            const reached: string[] = [];
            for (const user of users)
                if ((await chatOf(line, user)).some(m => m.via === "narrowcast")) reached.push(user);
            return { progress: await progress(requestId), reached };
        }

        it("reaches exactly the friends among an upload audience's IDs, though under 50 (own upload audiences are exempt)", async () => {
            const [a, b, outsider] = await line.control.addFriends(3);
            const stranger = `U${"e".repeat(32)}`;
            const id = await uploadAudience([a!, b!, stranger]);
            const { progress: body, reached } = await narrowcastTo(
                { type: "audience", audienceGroupId: id },
                "members only",
                [a!, b!, outsider!, stranger],
            );
            assert.deepEqual(
                [body.phase, body.targetCount, body.successCount, body.failureCount],
                ["succeeded", 2, 2, 0],
            );
            assert.deepEqual(reached, [a, b]);
            assert.deepEqual(
                (await chatOf(line, a!)).map(m => [m.via, m.message]),
                [["narrowcast", text("members only")]],
            );
            const state = await line.control.state<{ audiences: { membersKept: boolean }[] }>();
            assert.deepEqual(
                state.audiences.map(x => x.membersKept),
                [true],
            );
        });

        const operators = [
            { name: "and", recipient: (x: number, y: number) => ({ and: [aud(x), aud(y)] }), reach: [1] },
            { name: "or", recipient: (x: number, y: number) => ({ or: [aud(x), aud(y)] }), reach: [0, 1, 2] },
            { name: "not", recipient: (x: number) => ({ not: aud(x) }), reach: [2, 3] },
            {
                name: "and with not",
                recipient: (x: number, y: number) => ({ and: [aud(y), { type: "operator", not: aud(x) }] }),
                reach: [2],
            },
        ];
        function aud(audienceGroupId: number) {
            return { type: "audience", audienceGroupId };
        }
        for (const c of operators) {
            it(`combines audiences with ${c.name}: the messages land in exactly those members' chats`, async () => {
                const friends = await line.control.addFriends(4);
                const x = await uploadAudience([friends[0]!, friends[1]!]);
                const y = await uploadAudience([friends[1]!, friends[2]!]);
                const { progress: body, reached } = await narrowcastTo(
                    { type: "operator", ...c.recipient(x, y) },
                    c.name,
                    friends,
                );
                assert.deepEqual([body.phase, body.successCount], ["succeeded", c.reach.length]);
                assert.deepEqual(
                    reached,
                    c.reach.map(i => friends[i]),
                );
            });
        }

        it("keeps the members of a small file upload, and only counts past the bound: that audience reaches nobody", async () => {
            const [a, b] = await line.control.addFriends(2);
            const small = await blobs().createAudienceForUploadingUserIds(
                new Blob([`${a}\n`], { type: "text/plain" }),
                "small file",
            );
            const many = Array.from({ length: 10_001 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
            const large = await blobs().createAudienceForUploadingUserIds(
                new Blob([[b, ...many].join("\n")], { type: "text/plain" }),
                "large file",
            );
            clock.advance(JOB_DONE);
            const state = await line.control.state<{
                audiences: { audienceGroupId: number; audienceCount: number; membersKept: boolean }[];
            }>();
            assert.deepEqual(
                state.audiences.map(x => [x.audienceGroupId, x.audienceCount, x.membersKept]),
                [
                    [small.audienceGroupId, 1, true],
                    [large.audienceGroupId, 10_002, false],
                ],
            );
            const toSmall = await narrowcastTo(
                { type: "audience", audienceGroupId: small.audienceGroupId },
                "s",
                [a!, b!],
            );
            assert.deepEqual([toSmall.progress.phase, toSmall.reached], ["succeeded", [a]]);
            const toLarge = await narrowcastTo(
                { type: "audience", audienceGroupId: large.audienceGroupId },
                "l",
                [a!, b!],
            );
            assert.deepEqual([toLarge.progress.phase, toLarge.progress.errorCode], ["failed", 2]);
            assert.deepEqual(toLarge.reached, [a], "only the earlier narrowcast's copy");
        });

        it("fails a click audience (members unknown) with too few recipients, and refuses an audience still uploading", async () => {
            const friends = await line.control.addFriends(2);
            const sent = await line.control.recordBroadcast({ recipients: 60 });
            const click = await audiences().createClickBasedAudienceGroup({
                description: "clicked",
                requestId: sent,
            });
            const uploading = await audiences().createAudienceGroup({
                description: "uploading",
                audiences: [{ id: friends[0]! }],
            });
            const refused = await sdkError(
                clients(line).api.narrowcast({
                    messages: [text("x")],
                    recipient: { type: "audience", audienceGroupId: uploading.audienceGroupId ?? 0 },
                }),
            );
            assert.deepEqual(
                [refused.status, refused.body],
                [400, { message: `Invalid audience group id: ${uploading.audienceGroupId}` }],
            );
            clock.advance(JOB_DONE);
            const { progress: body, reached } = await narrowcastTo(
                { type: "audience", audienceGroupId: click.audienceGroupId },
                "x",
                friends,
            );
            assert.deepEqual([body.phase, body.errorCode, body.successCount], ["failed", 2, 0]);
            assert.deepEqual(reached, []);
        });
    });

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
