import assert from "node:assert/strict";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { USER_A, USER_B, USER_C } from "../fixtures";
import { assertConforms } from "../messaging";
import { usePlatformChannel } from "../platformChannel";

async function status(call: Promise<unknown>): Promise<number> {
    try {
        await call;
    } catch (error) {
        assert.ok(error instanceof HTTPFetchError, String(error));
        return error.status;
    }
    return 200;
}

describe("emulator: group chats (the group endpoints, /_emulator/channels/{name}/groups)", () => {
    const { line, bot, state, events } = usePlatformChannel("group-secret", {
        otherChannels: [{ name: "small", accessToken: "small-token", verified: false }],
    });
    const api = (token = "shop-token") =>
        new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: line.url });
    const makeGroup = async (memberIds: readonly string[], extra: Record<string, unknown> = {}) => {
        const res = await line.controlCall<{ groupId: string }>("POST", "/groups", { memberIds, ...extra });
        assert.equal(res.status, 200, res.text);
        return res.body.groupId;
    };
    beforeEach(async () => {
        await line.controlCall("POST", "/users", { users: [{ userId: USER_A, displayName: "Taro" }] });
        await api().setWebhookEndpoint({ endpoint: bot.url });
    });

    it("inviting the bot delivers join from the group, with a reply token for the group", async () => {
        const groupId = await makeGroup([USER_A, USER_B], { groupName: "Friends" });
        assert.match(groupId, /^C[0-9a-f]{32}$/);
        const [join] = events();
        assert.equal(join?.type, "join");
        assert.deepEqual(join?.source, { type: "group", groupId });
        assert.equal(state().replyTokens.get(String(join?.replyToken))?.chatId, groupId);
        assert.deepEqual(state().groups.get(groupId)?.memberIds, [USER_A, USER_B]);
        assert.equal(
            state().users.get(USER_B)?.displayName,
            "User 2",
            "a member the channel meets gets a profile",
        );
        assert.ok(!state().friends.has(USER_B));
    });

    it("answers the summary, the count, member IDs and a member's profile, friend or not", async () => {
        const groupId = await makeGroup([USER_A, USER_B], {
            groupName: "Friends",
            pictureUrl: "https://example.com/g.png",
        });
        assert.deepEqual(await api().getGroupSummary(groupId), {
            groupId,
            groupName: "Friends",
            pictureUrl: "https://example.com/g.png",
        });
        assert.deepEqual(await api().getGroupMemberCount(groupId), { count: 2 });
        assert.deepEqual(await api().getGroupMembersIds(groupId), { memberIds: [USER_A, USER_B] });
        assert.deepEqual(await api().getGroupMemberProfile(groupId, USER_A), {
            displayName: "Taro",
            userId: USER_A,
        });
        assert.deepEqual(await api().getGroupMemberProfile(groupId, USER_B), {
            displayName: "User 2",
            userId: USER_B,
        });
        assert.equal(await status(api().getGroupMemberProfile(groupId, USER_C)), 404);
        assert.equal(await status(api().getGroupSummary("Cnope")), 400);
        assert.equal(await status(api().getGroupSummary(`C${"0".repeat(32)}`)), 404);
    });

    it("answers member IDs 403 to a channel that is neither verified nor premium", async () => {
        const res = await line.controlCall<{ groupId: string }>(
            "POST",
            "/groups",
            { memberIds: [USER_A] },
            "small",
        );
        assert.equal(await status(api("small-token").getGroupMembersIds(res.body.groupId)), 403);
        assert.equal(line.emulator.store.read("small").groups.size, 1);
    });

    it("members joining and leaving deliver memberJoined (repliable) and memberLeft (not)", async () => {
        const groupId = await makeGroup([USER_A]);
        await line.controlCall("POST", `/groups/${groupId}/members`, { userIds: [USER_B, USER_A] });
        await line.controlCall("DELETE", `/groups/${groupId}/members/${USER_A}`);
        const [, joined, left] = events();
        assert.deepEqual(joined?.joined, { members: [{ type: "user", userId: USER_B }] });
        assert.ok(state().replyTokens.has(String(joined?.replyToken)));
        assert.deepEqual(left?.left, { members: [{ type: "user", userId: USER_A }] });
        assert.ok(!("replyToken" in (left ?? {})));
        assert.deepEqual(await api().getGroupMembersIds(groupId), { memberIds: [USER_B] });
    });

    it("a member's message has a group source with the user, and lands in the group's chat", async () => {
        const groupId = await makeGroup([USER_A]);
        const res = await line.controlCall("POST", `/groups/${groupId}/messages`, {
            userId: USER_A,
            text: "hi all",
        });
        assert.equal(res.status, 200, res.text);
        const [, message] = events();
        assert.deepEqual(message?.source, { type: "group", groupId, userId: USER_A });
        assert.equal((message?.message as { text: string }).text, "hi all");
        assert.equal(state().replyTokens.get(String(message?.replyToken))?.chatId, groupId);
        assert.deepEqual(
            state().chatLog.map(m => [m.chatId, m.from]),
            [[groupId, "user"]],
        );
        const outsider = await line.controlCall("POST", `/groups/${groupId}/messages`, {
            userId: USER_C,
            text: "x",
        });
        assert.equal(outsider.status, 400);
    });

    it("after the bot leaves, LINE answers 404 about the group and no event comes from it", async () => {
        const groupId = await makeGroup([USER_A]);
        await api().leaveGroup(groupId);
        assert.equal(state().groups.get(groupId)?.botIsMember, false);
        assert.equal(await status(api().getGroupSummary(groupId)), 404);
        const res = await line.controlCall("POST", `/groups/${groupId}/messages`, {
            userId: USER_A,
            text: "hi",
        });
        assert.equal(res.status, 404);
        assert.equal(events().length, 1, "only the join");
    });
    describe("multi-person chats (rooms)", () => {
        const makeRoom = async (memberIds: readonly string[]) => {
            const res = await line.controlCall<{ roomId: string }>("POST", "/rooms", { memberIds });
            assert.equal(res.status, 200, res.text);
            return res.body.roomId;
        };

        it("a room's join, members, message, reply and push use a room source and the room's chat", async () => {
            const roomId = await makeRoom([USER_A]);
            assert.match(roomId, /^R[0-9a-f]{32}$/);
            await line.controlCall("POST", `/rooms/${roomId}/members`, { userIds: [USER_B] });
            const said = await line.controlCall("POST", `/rooms/${roomId}/messages`, {
                userId: USER_B,
                text: "yo",
            });
            assert.equal(said.status, 200, said.text);
            await line.controlCall("DELETE", `/rooms/${roomId}/members/${USER_A}`);
            const [join, joined, message, left] = events();
            assert.deepEqual(
                [join, joined, message, left].map(e => [e?.type, e?.source]),
                [
                    ["join", { type: "room", roomId }],
                    ["memberJoined", { type: "room", roomId }],
                    ["message", { type: "room", roomId, userId: USER_B }],
                    ["memberLeft", { type: "room", roomId }],
                ],
            );
            const reply = await api().replyMessage({
                replyToken: String(message?.replyToken),
                messages: [{ type: "text", text: "hello room" }],
            });
            await api().pushMessage({ to: roomId, messages: [{ type: "text", text: "pushed" }] });
            assert.equal(reply.sentMessages.length, 1);
            assert.deepEqual(
                state()
                    .chatLog.filter(m => m.chatId === roomId)
                    .map(m => [m.from, m.via]),
                [
                    ["user", "user"],
                    ["bot", "reply"],
                    ["bot", "push"],
                ],
            );
        });

        it("answers the member count, IDs and a member's profile through LINE's SDK", async () => {
            const roomId = await makeRoom([USER_A, USER_B]);
            const count = await api().getRoomMemberCount(roomId);
            const ids = await api().getRoomMembersIds(roomId);
            const profile = await api().getRoomMemberProfile(roomId, USER_A);
            assertConforms("getRoomMemberCount", 200, count);
            assertConforms("getRoomMembersIds", 200, ids);
            assertConforms("getRoomMemberProfile", 200, profile);
            assert.deepEqual(
                [count, ids, profile],
                [{ count: 2 }, { memberIds: [USER_A, USER_B] }, { displayName: "Taro", userId: USER_A }],
            );
            assert.equal(await status(api().getRoomMemberProfile(roomId, USER_C)), 404);
            assert.equal(await status(api().getRoomMemberCount("Rnope")), 400);
            assert.equal(await status(api("small-token").getRoomMembersIds(roomId)), 403, "unverified");
        });

        it("leaving answers 200 even when already left, 404 only for a room that never existed", async () => {
            const roomId = await makeRoom([USER_A]);
            await api().leaveRoom(roomId);
            assert.equal(state().rooms.get(roomId)?.botIsMember, false);
            assert.equal(await status(api().leaveRoom(roomId)), 200);
            assert.equal(await status(api().getRoomMemberCount(roomId)), 404);
            assert.equal(await status(api().leaveRoom(`R${"0".repeat(32)}`)), 404);
            assert.equal(
                await status(api().pushMessage({ to: roomId, messages: [{ type: "text", text: "x" }] })),
                400,
            );
            assert.equal(events().length, 1, "only the join");
        });
    });
});
