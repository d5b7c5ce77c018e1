import assert from "node:assert/strict";
import { USER_A, USER_B } from "../fixtures";
import { usePlatformChannel } from "../platformChannel";

interface Delivery {
    readonly id: string;
    readonly url: string;
    readonly status: string;
    readonly isRedelivery: boolean;
    readonly sentAt: string;
    readonly events: Record<string, unknown>[];
}

describe("emulator: simulated users (/_emulator/channels/{name}/users)", () => {
    const platform = usePlatformChannel("8c570fa6dd201bb328f1c1eac23a96d8");
    const { clock, line, bot, state } = platform;
    const botUserId = () => line.emulator.channels[0]!.botUserId;
    const events = () => {
        const bodies = platform.bodies();
        for (const body of bodies) assert.equal(body.destination, botUserId());
        return bodies.flatMap(body => body.events);
    };
    const setWebhook = async () => {
        const res = await line.call("PUT", "/v2/bot/channel/webhook/endpoint", {
            json: { endpoint: bot.url },
        });
        assert.equal(res.status, 200);
    };

    it("adds users with their profiles, naming the unnamed `User n`, and lists them", async () => {
        const added = await line.controlCall<{ userIds: string[]; deliveries: unknown[] }>("POST", "/users", {
            users: [{ userId: USER_A, displayName: "Taro", language: "ja", statusMessage: "hi" }, {}],
        });
        assert.equal(added.status, 200, added.text);
        const [, generated] = added.body.userIds;
        assert.match(String(generated), /^U[0-9a-f]{32}$/);
        assert.deepEqual(added.body.deliveries, [], "no webhook URL: nothing delivered");
        const listed = await line.controlCall("GET", "/users");
        assert.deepEqual(listed.body, {
            users: [
                {
                    userId: USER_A,
                    displayName: "Taro",
                    statusMessage: "hi",
                    language: "ja",
                    friend: true,
                    blocked: false,
                },
                { userId: generated, displayName: "User 2", friend: true, blocked: false },
            ],
        });
        assert.deepEqual([...state().friends], [USER_A, generated]);
        assert.equal(bot.received.length, 0);
    });

    it("delivers follow (isUnblocked: false) to a new friend, signed, with a reply token kept in the state", async () => {
        await setWebhook();
        const added = await line.controlCall<{ deliveries: Delivery[] }>("POST", "/users", {
            userIds: [USER_A],
        });
        const [event] = events();
        assert.ok(event);
        assert.deepEqual(Object.keys(event), [
            "type",
            "replyToken",
            "follow",
            "source",
            "timestamp",
            "mode",
            "webhookEventId",
            "deliveryContext",
        ]);
        assert.deepEqual(
            { ...event, replyToken: undefined, webhookEventId: undefined },
            {
                type: "follow",
                replyToken: undefined,
                follow: { isUnblocked: false },
                source: { type: "user", userId: USER_A },
                timestamp: clock.now(),
                mode: "active",
                webhookEventId: undefined,
                deliveryContext: { isRedelivery: false },
            },
        );
        assert.match(String(event.webhookEventId), /^[0-9A-HJKMNP-TV-Z]{26}$/);
        const token = state().replyTokens.get(String(event.replyToken));
        assert.deepEqual(
            { ...token },
            {
                replyToken: event.replyToken,
                chatId: USER_A,
                webhookEventId: event.webhookEventId,
                eventTime: clock.now(),
                deliveredAt: clock.now(),
                used: false,
            },
        );
        const [received] = bot.received;
        assert.equal(received?.headers["content-type"], "application/json; charset=utf-8");
        assert.equal(received?.headers["user-agent"], "LineBotWebhook/2.0");
        const [delivery] = added.body.deliveries;
        assert.deepEqual(
            { ...delivery, id: undefined },
            {
                id: undefined,
                url: bot.url,
                sentAt: new Date(clock.now()).toISOString(),
                isRedelivery: false,
                status: "delivered",
                statusCode: 200,
                events: [event],
            },
        );
        const logged = await line.controlCall<{ deliveries: Delivery[] }>("GET", "/deliveries");
        assert.deepEqual(logged.body.deliveries, added.body.deliveries);
    });

    it("sends nothing to a friend added again, nor while Use webhook is off", async () => {
        await setWebhook();
        await line.control.addFriendIds([USER_A]);
        await line.control.addFriendIds([USER_A]);
        assert.equal(bot.received.length, 1);
        await line.control.setWebhookActive(false);
        const off = await line.controlCall("POST", "/users", { userIds: [USER_B] });
        assert.deepEqual(off.body.deliveries, []);
        assert.equal(bot.received.length, 1);
        assert.ok(state().friends.has(USER_B));
    });

    it("block delivers unfollow without a reply token and keeps the profile; unblock delivers follow with isUnblocked: true", async () => {
        await line.control.addFriendIds([USER_A]);
        await setWebhook();
        const tokensBefore = state().replyTokens.size;
        const blocked = await line.controlCall<{ user: unknown }>("POST", `/users/${USER_A}/block`);
        assert.equal(blocked.status, 200, blocked.text);
        assert.deepEqual(blocked.body.user, {
            userId: USER_A,
            displayName: "User 1",
            friend: false,
            blocked: true,
        });
        assert.ok(!state().friends.has(USER_A));
        assert.equal(state().replyTokens.size, tokensBefore);
        assert.equal((await line.controlCall("POST", `/users/${USER_A}/block`)).status, 400);
        const unblocked = await line.controlCall<{ user: unknown }>("POST", `/users/${USER_A}/unblock`);
        assert.deepEqual(unblocked.body.user, {
            userId: USER_A,
            displayName: "User 1",
            friend: true,
            blocked: false,
        });
        const [unfollow, follow] = events();
        assert.equal(unfollow?.type, "unfollow");
        assert.ok(!("replyToken" in (unfollow ?? {})));
        assert.deepEqual(follow?.follow, { isUnblocked: true });
        assert.ok(state().replyTokens.has(String(follow?.replyToken)));
    });

    it("a typed message is a text message event and lands in the chat log", async () => {
        await line.control.addFriendIds([USER_A]);
        await setWebhook();
        const res = await line.controlCall<{ message: Record<string, unknown> }>(
            "POST",
            `/users/${USER_A}/messages`,
            {
                text: "Hello, bot",
            },
        );
        assert.equal(res.status, 200, res.text);
        const [event] = events();
        assert.equal(event?.type, "message");
        assert.deepEqual(event?.message, res.body.message);
        assert.equal(res.body.message.text, "Hello, bot");
        assert.match(String(res.body.message.id), /^\d+$/);
        assert.equal(typeof res.body.message.quoteToken, "string");
        assert.deepEqual(state().chatLog, [
            {
                id: res.body.message.id,
                chatId: USER_A,
                from: "user",
                via: "user",
                message: res.body.message,
                sentAt: clock.now(),
            },
        ]);
    });

    for (const [what, method, path, body, status] of [
        ["a malformed user ID", "POST", "/users", { users: [{ userId: "U1" }] }, 400],
        ["an empty display name", "POST", "/users", { users: [{ displayName: "" }] }, 400],
        ["no users at all", "POST", "/users", {}, 400],
        ["an unknown user's block", "POST", `/users/${USER_B}/block`, undefined, 404],
        ["an empty message", "POST", `/users/${USER_A}/messages`, { text: "" }, 400],
        ["a user who never blocked unblocking", "POST", `/users/${USER_A}/unblock`, undefined, 400],
    ] as const) {
        it(`refuses ${what} with ${status}, changing nothing`, async () => {
            await line.control.addFriendIds([USER_A]);
            const res = await line.controlCall(method, path, body);
            assert.equal(res.status, status, res.text);
            assert.equal(typeof res.body.message, "string");
            assert.deepEqual([...state().users.keys()], [USER_A]);
            assert.deepEqual(state().chatLog, []);
        });
    }
});
