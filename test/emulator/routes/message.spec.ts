import assert from "node:assert/strict";
import type { messagingApi } from "@line/bot-sdk";
import { ManualClock, sequentialIds } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { USER_A, USER_B, USER_C } from "../fixtures";
import { assertConforms, chatOf, clients, replyTokenFor, sdkError, text } from "../messaging";

const RETRY_KEY = "123e4567-e89b-12d3-a456-426614174000";
const GROUP_ID = `C${"1".repeat(32)}`;

describe("emulator: reply, push, multicast and broadcast", () => {
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock, ids: sequentialIds(), resetBeforeEach: true });
    beforeEach(() => clock.set(Date.UTC(2026, 0, 1)));

    /** USER_A and USER_B follow the bot; USER_C followed and then blocked it. */
    async function arrangeUsers(): Promise<void> {
        await line.control.addFriendIds([USER_A, USER_B, USER_C]);
        line.emulator.store.write("default", state => {
            state.users.set(USER_C, { userId: USER_C, displayName: "C", blocked: true });
        });
    }

    describe("reply", () => {
        it("answers one sentMessage per object, quote tokens only where LINE gives them, and fills the chat", async () => {
            const { api } = clients(line);
            const replyToken = replyTokenFor(line, USER_A);
            const location: messagingApi.LocationMessage = {
                type: "location",
                title: "Office",
                address: "Tokyo",
                latitude: 35.6,
                longitude: 139.7,
            };
            const res = await api.replyMessageWithHttpInfo({ replyToken, messages: [text("hi"), location] });
            assertConforms("replyMessage", 200, res.body);
            const [first, second] = res.body.sentMessages;
            assert.ok(first?.quoteToken !== undefined && second !== undefined);
            assert.equal(second.quoteToken, undefined);
            const requestId = res.httpResponse.headers.get("x-line-request-id");
            assert.ok(requestId);
            const chat = await chatOf(line, USER_A);
            assert.deepEqual(chat, [
                {
                    id: first.id,
                    from: "bot",
                    via: "reply",
                    message: text("hi"),
                    sentAt: "2026-01-01T00:00:00.000Z",
                },
                {
                    id: second.id,
                    from: "bot",
                    via: "reply",
                    message: location,
                    sentAt: "2026-01-01T00:00:00.000Z",
                },
            ]);
            const stored = line.emulator.store.read("default").chatLog;
            assert.ok(stored.every(m => m.requestId === requestId));
        });

        const refusals = [
            {
                name: "a token used twice",
                arrange: (token: string) =>
                    clients(line).api.replyMessage({ replyToken: token, messages: [text("1")] }),
                chat: 1,
            },
            { name: "a token past its minute", arrange: async () => clock.advance(60_001), chat: 0 },
            { name: "a token LINE never issued", arrange: async () => undefined, token: "nope", chat: 0 },
        ];
        for (const c of refusals) {
            it(`refuses ${c.name} with 400 Invalid reply token, and sends nothing`, async () => {
                const issued = replyTokenFor(line, USER_A);
                await c.arrange(issued);
                const error = await sdkError(
                    clients(line).api.replyMessage({ replyToken: c.token ?? issued, messages: [text("2")] }),
                );
                assert.equal(error.status, 400);
                assert.deepEqual(error.body, { message: "Invalid reply token" });
                assertConforms("replyMessage", 400, error.body);
                assert.equal((await chatOf(line, USER_A)).length, c.chat);
            });
        }

        it("refuses X-Line-Retry-Key: reply takes none", async () => {
            const replyToken = replyTokenFor(line, USER_A);
            const res = await line.call("POST", "/v2/bot/message/reply", {
                json: { replyToken, messages: [text("hi")] },
                headers: { "X-Line-Retry-Key": RETRY_KEY },
            });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, { message: "The retry key is not supported for this endpoint" });
            assert.deepEqual(await chatOf(line, USER_A), []);
        });
    });

    describe("push", () => {
        it("delivers to a friend, answers sentMessages, and reaches nobody who blocked the bot (still 200)", async () => {
            await arrangeUsers();
            const { api } = clients(line);
            const sent = await api.pushMessage({ to: USER_A, messages: [text("news")] });
            assertConforms("pushMessage", 200, sent);
            const blocked = await api.pushMessage({ to: USER_C, messages: [text("news")] });
            assert.equal(blocked.sentMessages.length, 1);
            assert.deepEqual(
                (await chatOf(line, USER_A)).map(m => [m.id, m.via, m.message]),
                [[sent.sentMessages[0]?.id, "push", text("news")]],
            );
            assert.deepEqual(await chatOf(line, USER_C), []);
        });

        it("answers 400 Failed to send messages for an ID the channel never met", async () => {
            const error = await sdkError(
                clients(line).api.pushMessage({ to: USER_B, messages: [text("x")] }),
            );
            assert.equal(error.status, 400);
            assert.deepEqual(error.body, { message: "Failed to send messages" });
            assert.equal(line.emulator.store.read("default").chatLog.length, 0);
        });

        it("answers a replayed retry key with 409, the accepted request's ID and the original sentMessages", async () => {
            await arrangeUsers();
            const { api } = clients(line);
            const first = await api.pushMessageWithHttpInfo(
                { to: USER_A, messages: [text("once")] },
                RETRY_KEY,
            );
            const error = await sdkError(
                api.pushMessage({ to: USER_A, messages: [text("once")] }, RETRY_KEY),
            );
            assert.equal(error.status, 409);
            assert.deepEqual(error.body, {
                message: "The retry key is already accepted",
                sentMessages: first.body.sentMessages,
            });
            assert.equal(
                error.headers.get("x-line-accepted-request-id"),
                first.httpResponse.headers.get("x-line-request-id"),
            );
            assert.ok(error.headers.get("x-line-request-id"));
            assert.equal((await chatOf(line, USER_A)).length, 1);
            clock.advance(24 * 60 * 60 * 1000);
            await api.pushMessage({ to: USER_A, messages: [text("again")] }, RETRY_KEY);
            assert.equal((await chatOf(line, USER_A)).length, 2);
        });
    });

    describe("retry keys", () => {
        const sends = [
            { path: "multicast", json: () => ({ to: [USER_A], messages: [text("r")] }) },
            { path: "broadcast", json: () => ({ messages: [text("r")] }) },
        ];
        for (const send of sends) {
            it(`answers a replayed key on ${send.path} with 409 and delivers once`, async () => {
                await arrangeUsers();
                const headers = { "X-Line-Retry-Key": RETRY_KEY };
                const first = await line.call("POST", `/v2/bot/message/${send.path}`, {
                    json: send.json(),
                    headers,
                });
                const again = await line.call("POST", `/v2/bot/message/${send.path}`, {
                    json: send.json(),
                    headers,
                });
                assert.deepEqual([first.status, again.status], [200, 409]);
                assert.deepEqual(again.body, { message: "The retry key is already accepted" });
                assert.equal(again.headers.get("x-line-accepted-request-id"), first.requestId);
                assert.notEqual(again.requestId, first.requestId);
                assert.equal((await chatOf(line, USER_A)).length, 1);
            });
        }

        it("refuses a key that is not a UUID, sending nothing", async () => {
            await arrangeUsers();
            const res = await line.call("POST", "/v2/bot/message/push", {
                json: { to: USER_A, messages: [text("r")] },
                headers: { "X-Line-Retry-Key": "not-a-uuid" },
            });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, { message: "The retry key must be a UUID" });
            assert.deepEqual(await chatOf(line, USER_A), []);
        });

        it("does not keep the key of a refused send", async () => {
            await arrangeUsers();
            const headers = { "X-Line-Retry-Key": RETRY_KEY };
            const refused = await line.call("POST", "/v2/bot/message/push", {
                json: { to: USER_A, messages: [] },
                headers,
            });
            const sent = await line.call("POST", "/v2/bot/message/push", {
                json: { to: USER_A, messages: [text("ok")] },
                headers,
            });
            assert.deepEqual([refused.status, sent.status], [400, 200]);
            assert.deepEqual(
                [...line.emulator.store.read("default").retryKeys.values()].map(k => k.requestId),
                [sent.requestId],
            );
        });
    });

    describe("multicast", () => {
        it("delivers to friends only and skips the rest with 200 {}", async () => {
            await arrangeUsers();
            const stranger = `U${"d".repeat(32)}`;
            const res = await clients(line).api.multicast({
                to: [USER_A, USER_C, stranger],
                messages: [text("m")],
            });
            assert.deepEqual(res, {});
            assertConforms("multicast", 200, res);
            assert.deepEqual(
                (await chatOf(line, USER_A)).map(m => m.via),
                ["multicast"],
            );
            assert.deepEqual(await chatOf(line, USER_C), []);
            assert.deepEqual(await chatOf(line, stranger), []);
        });

        it("refuses a group ID with 400 and sends nothing", async () => {
            await arrangeUsers();
            const error = await sdkError(
                clients(line).api.multicast({ to: [USER_A, GROUP_ID], messages: [text("m")] }),
            );
            assert.equal(error.status, 400);
            assert.match((error.body as { message: string }).message, /to\[1\]/);
            assert.equal(line.emulator.store.read("default").chatLog.length, 0);
        });
    });

    describe("broadcast", () => {
        it("reaches every friend who has not blocked the bot and is recorded for click and impression audiences", async () => {
            await arrangeUsers();
            const res = await clients(line).api.broadcastWithHttpInfo({ messages: [text("all")] });
            assert.deepEqual(res.body, {});
            assertConforms("broadcast", 200, res.body);
            const requestId = res.httpResponse.headers.get("x-line-request-id");
            for (const user of [USER_A, USER_B])
                assert.deepEqual(
                    (await chatOf(line, user)).map(m => m.via),
                    ["broadcast"],
                );
            assert.deepEqual(await chatOf(line, USER_C), []);
            const state = await line.control.state<{
                broadcasts: { requestId: string; type: string; recipients: number }[];
            }>();
            assert.deepEqual(
                state.broadcasts.map(({ requestId: id, type, recipients }) => ({ id, type, recipients })),
                [{ id: requestId, type: "broadcast", recipients: 2 }],
            );
            const audience = await line.call("POST", "/v2/bot/audienceGroup/imp", {
                json: { description: "saw it", requestId },
            });
            assert.equal(audience.status, 202, audience.text);
        });
    });

    describe("message validation", () => {
        const cases: {
            name: string;
            messages: unknown[];
            details: { message: string; property: string }[];
        }[] = [
            {
                name: "no messages",
                messages: [],
                details: [{ message: "Size must be between 1 and 5", property: "messages" }],
            },
            {
                name: "six messages",
                messages: Array.from({ length: 6 }, () => text("x")),
                details: [{ message: "Size must be between 1 and 5", property: "messages" }],
            },
            {
                name: "a text without text and an image over http",
                messages: [
                    { type: "text" },
                    {
                        type: "image",
                        originalContentUrl: "http://a.example/i.png",
                        previewImageUrl: "https://a.example/p.png",
                    },
                ],
                details: [
                    { message: "must be specified", property: "messages[0].text" },
                    { message: "invalid url", property: "messages[1].originalContentUrl" },
                ],
            },
        ];
        for (const c of cases) {
            for (const kind of ["push", "broadcast"] as const) {
                it(`refuses ${c.name} on ${kind} with LINE's details, sending nothing`, async () => {
                    await arrangeUsers();
                    const res = await line.call("POST", `/v2/bot/message/${kind}`, {
                        json: { to: USER_A, messages: c.messages },
                    });
                    assert.equal(res.status, 400);
                    assert.deepEqual(res.body, {
                        message: `The request body has ${c.details.length} error(s)`,
                        details: c.details,
                    });
                    assert.equal(line.emulator.store.read("default").chatLog.length, 0);
                });
            }
        }
    });
});
