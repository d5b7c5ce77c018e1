import assert from "node:assert/strict";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { sequentialIds } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { USER_A, USER_B, USER_C } from "../fixtures";

/** The SDK's failure as `{status, body}`, to compare with what LINE answers. */
async function failure(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
    try {
        await call;
    } catch (error) {
        assert.ok(error instanceof HTTPFetchError, String(error));
        return { status: error.status, body: JSON.parse(error.body) as unknown };
    }
    assert.fail("the call succeeded");
}

describe("emulator: users (getProfile, getFollowers)", () => {
    const line = useEmulator({
        rateLimits: false,
        resetBeforeEach: true,
        ids: sequentialIds(),
        channels: [
            { name: "shop", accessToken: "shop-token" },
            { name: "small", accessToken: "small-token", verified: false },
        ],
    });
    const client = (token = "shop-token") =>
        new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: line.url });

    describe("GET /v2/bot/profile/{userId}", () => {
        it("answers a friend's profile, leaving out what the user has not set", async () => {
            await line.controlCall("POST", "/users", {
                users: [
                    {
                        userId: USER_A,
                        displayName: "Taro",
                        pictureUrl: "https://profile.example.com/taro.png",
                        statusMessage: "Hello, LINE!",
                        language: "ja",
                    },
                    { userId: USER_B },
                ],
            });
            assert.deepEqual(await client().getProfile(USER_A), {
                displayName: "Taro",
                userId: USER_A,
                language: "ja",
                pictureUrl: "https://profile.example.com/taro.png",
                statusMessage: "Hello, LINE!",
            });
            assert.deepEqual(await client().getProfile(USER_B), { displayName: "User 2", userId: USER_B });
            const [logged] = (await line.control.requests()).slice(-1);
            assert.deepEqual([logged?.path, logged?.status], [`/v2/bot/profile/${USER_B}`, 200]);
        });

        it("answers 404 Not found for an unknown user, one who blocks the bot, and another channel's friend", async () => {
            await line.control.addFriendIds([USER_A, USER_B]);
            await line.controlCall("POST", `/users/${USER_B}/block`);
            await line.control.addFriendIds([USER_C], "small");
            for (const userId of [`U${"0".repeat(32)}`, USER_B, USER_C]) {
                assert.deepEqual(await failure(client().getProfile(userId)), {
                    status: 404,
                    body: { message: "Not found" },
                });
            }
            assert.deepEqual([...line.emulator.store.read("shop").friends], [USER_A]);
        });

        it("answers 400 for a malformed user ID", async () => {
            assert.deepEqual(await failure(client().getProfile("Unope")), {
                status: 400,
                body: { message: "The value for the 'userId' parameter is invalid" },
            });
        });
    });

    describe("GET /v2/bot/followers/ids", () => {
        it("pages through the followers with `next` only while more remain", async () => {
            const friends = await line.control.addFriends(5);
            const first = await client().getFollowers(undefined, 2);
            assert.deepEqual(first.userIds, friends.slice(0, 2));
            assert.equal(typeof first.next, "string");
            const second = await client().getFollowers(first.next, 2);
            assert.deepEqual(second.userIds, friends.slice(2, 4));
            const last = await client().getFollowers(second.next, 2);
            assert.deepEqual(last, { userIds: friends.slice(4) });
            assert.deepEqual(await client().getFollowers(), { userIds: friends });
        });

        it("leaves out users who block the bot", async () => {
            await line.control.addFriendIds([USER_A, USER_B]);
            await line.controlCall("POST", `/users/${USER_A}/block`);
            assert.deepEqual(await client().getFollowers(), { userIds: [USER_B] });
        });

        it("takes 300 by default and at most 1000", async () => {
            const friends = await line.control.addFriends(301);
            const page = await client().getFollowers();
            assert.deepEqual([page.userIds.length, page.userIds.at(-1)], [300, friends[299]]);
            assert.equal((await client().getFollowers(page.next)).userIds.length, 1);
            const res = await line.call("GET", "/v2/bot/followers/ids?limit=1001");
            assert.equal(res.status, 400);
        });

        for (const start of ["nope", Buffer.from("followers:99").toString("base64url")]) {
            it(`answers 400 Invalid start param for start=${start}`, async () => {
                await line.control.addFriends(1);
                assert.deepEqual(await failure(client().getFollowers(start)), {
                    status: 400,
                    body: { message: "Invalid start param" },
                });
            });
        }

        it("answers 403 to a channel that is neither verified nor premium", async () => {
            await line.control.addFriends(1, "small");
            const res = await failure(client("small-token").getFollowers());
            assert.equal(res.status, 403);
            assert.equal(typeof (res.body as { message: unknown }).message, "string");
            assert.equal(line.emulator.store.read("small").friends.size, 1);
        });
    });
});
