import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileChannelStore, MemoryChannelStore, startEmulator } from "../../emulator";
import { callEmulator } from "../support/emulator";
import { USER_A, menuRequest, pngOf } from "./fixtures";

describe("emulator: the store", () => {
    let dir = "";
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "line-emulator-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    describe("MemoryChannelStore", () => {
        it("keeps one state per channel and resets them", () => {
            const store = new MemoryChannelStore(["a", "b"]);
            store.write("a", state => state.friends.add(USER_A));
            assert.equal(store.read("a").friends.size, 1);
            assert.equal(store.read("b").friends.size, 0);
            store.reset();
            assert.equal(store.read("a").friends.size, 0);
            assert.throws(() => store.read("c"), /unknown channel/);
        });
    });

    describe("FileChannelStore", () => {
        it("writes after every change and reads it back, dropping channels no longer configured", () => {
            const path = join(dir, "state.json");
            const first = new FileChannelStore(["a", "gone"], path);
            first.write("a", state => {
                state.friends.add(USER_A);
                state.webhook.endpoint = "https://example.com/hook";
            });
            first.write("gone", state => state.friends.add(USER_A));
            const second = new FileChannelStore(["a"], path);
            assert.deepEqual([...second.read("a").friends], [USER_A]);
            assert.equal(second.read("a").webhook.endpoint, "https://example.com/hook");
            assert.deepEqual(second.channelNames(), ["a"]);
            assert.ok(!readFileSync(path, "utf8").includes('"gone"'));
        });

        it("keeps accepted retry keys, narrowcasts, the message quota, the follower counts seen and the aggregation units used", () => {
            const path = join(dir, "sends.json");
            const retryKey = "123e4567-e89b-12d3-a456-426614174000";
            const narrowcast = {
                requestId: "r1",
                acceptedAt: 5,
                targetCount: 2,
                successCount: 0,
                failure: { errorCode: 2, description: "few" },
            };
            new FileChannelStore(["a"], path).write("a", state => {
                state.retryKeys.set(retryKey, {
                    retryKey,
                    requestId: "r0",
                    acceptedAt: 1,
                    sentMessages: [{ id: "1" }],
                });
                state.narrowcasts.set("r1", narrowcast);
                state.messageQuota = { type: "limited", value: 7 };
                state.followerDays.set("20260101", { followers: 3, targetedReaches: 0, blocks: 1 });
                state.customAggregationUnits.set("202601", ["promotion_a", "promotion_b"]);
            });
            const read = new FileChannelStore(["a"], path).read("a");
            assert.deepEqual(read.retryKeys.get(retryKey), {
                retryKey,
                requestId: "r0",
                acceptedAt: 1,
                sentMessages: [{ id: "1" }],
            });
            assert.deepEqual(read.narrowcasts.get("r1"), narrowcast);
            assert.deepEqual(read.messageQuota, { type: "limited", value: 7 });
            assert.deepEqual(
                [...read.followerDays],
                [["20260101", { followers: 3, targetedReaches: 0, blocks: 1 }]],
            );
            assert.deepEqual([...read.customAggregationUnits], [["202601", ["promotion_a", "promotion_b"]]]);
        });

        it("gives each friend of a file written before users existed a default profile", () => {
            const path = join(dir, "state.json");
            new FileChannelStore(["a"], path).write("a", state => state.friends.add(USER_A));
            const file = JSON.parse(readFileSync(path, "utf8")) as {
                channels: { a: { users?: unknown; replyTokens?: unknown; chatLog?: unknown } };
            };
            delete file.channels.a.users;
            delete file.channels.a.replyTokens;
            delete file.channels.a.chatLog;
            writeFileSync(path, JSON.stringify(file));
            const loaded = new FileChannelStore(["a"], path).read("a");
            assert.deepEqual(
                [...loaded.users.values()],
                [{ userId: USER_A, displayName: "User 1", blocked: false }],
            );
            assert.deepEqual([...loaded.friends], [USER_A]);
        });

        it("refuses a state file of another version", () => {
            const path = join(dir, "state.json");
            writeFileSync(path, JSON.stringify({ version: 99, channels: {} }));
            assert.throws(() => new FileChannelStore(["a"], path), /version 99/);
        });
    });

    describe("a state file across an emulator restart", () => {
        it("keeps menus with their images, aliases, default, links, webhook, audiences and issued tokens", async () => {
            const stateFile = join(dir, "nested", "line.json");
            const options = { stateFile, rateLimits: false } as const;
            const first = await startEmulator(options);
            const call = (method: string, path: string, extra = {}) =>
                callEmulator<Record<string, unknown>>(
                    first.url,
                    "emulator-default-token",
                    method,
                    path,
                    extra,
                );
            const { richMenuId } = (await call("POST", "/v2/bot/richmenu", { json: menuRequest() })).body as {
                richMenuId: string;
            };
            await call("POST", `/v2/bot/richmenu/${richMenuId}/content`, {
                body: pngOf(),
                contentType: "image/png",
            });
            await call("POST", "/v2/bot/richmenu/alias", { json: { richMenuAliasId: "main", richMenuId } });
            await call("POST", `/v2/bot/user/all/richmenu/${richMenuId}`);
            await call("POST", "/_emulator/channels/default/users", {
                json: { userIds: [USER_A] },
                token: null,
            });
            await call("POST", `/v2/bot/user/${USER_A}/richmenu/${richMenuId}`);
            await call("PUT", "/v2/bot/channel/webhook/endpoint", {
                json: { endpoint: "https://example.com/hook" },
            });
            const audience = await call("POST", "/v2/bot/audienceGroup/upload", {
                json: { description: "kept", audiences: [{ id: USER_A }] },
            });
            const issued = await call("POST", "/v2/oauth/accessToken", {
                token: null,
                body: new URLSearchParams({
                    grant_type: "client_credentials",
                    client_id: "1000000001",
                    client_secret: "emulator-default-secret",
                }),
            });
            const shortLived = String(issued.body.access_token);
            await first.close();

            assert.ok(
                !readFileSync(stateFile, "utf8").includes(shortLived),
                "the state file must not hold a usable token",
            );

            const second = await startEmulator(options);
            try {
                const again = (method: string, path: string, token = "emulator-default-token") =>
                    callEmulator<Record<string, unknown>>(second.url, token, method, path);
                assert.equal((await again("GET", `/v2/bot/richmenu/${richMenuId}`)).status, 200);
                assert.ok(
                    (await again("GET", `/v2/bot/richmenu/${richMenuId}/content`)).bytes.equals(pngOf()),
                );
                assert.deepEqual((await again("GET", "/v2/bot/richmenu/alias/main")).body, {
                    richMenuAliasId: "main",
                    richMenuId,
                });
                assert.deepEqual((await again("GET", "/v2/bot/user/all/richmenu")).body, { richMenuId });
                assert.deepEqual((await again("GET", `/v2/bot/user/${USER_A}/richmenu`)).body, {
                    richMenuId,
                });
                assert.equal(
                    (await again("GET", "/v2/bot/channel/webhook/endpoint")).body.endpoint,
                    "https://example.com/hook",
                );
                const kept = await again(
                    "GET",
                    `/v2/bot/audienceGroup/${String(audience.body.audienceGroupId)}`,
                );
                assert.equal((kept.body.audienceGroup as { description: string }).description, "kept");
                assert.equal((await again("GET", "/v2/bot/info", shortLived)).status, 200);
            } finally {
                await second.close();
            }
        });
    });
});
