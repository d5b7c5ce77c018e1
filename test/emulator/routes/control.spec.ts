import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { USER_A, createUsableRichMenu } from "../fixtures";

describe("emulator: the /_emulator control surface", () => {
    const line = useEmulator({
        rateLimits: false,
        resetBeforeEach: true,
        channels: [
            { name: "shop", accessToken: "shop-token", channelSecret: "shop-secret", webhookActive: true },
            { name: "cafe", accessToken: "cafe-token" },
        ],
    });
    const raw = (method: string, path: string, json?: unknown) =>
        line.call<Record<string, unknown>>(method, `/_emulator${path}`, {
            token: null,
            ...(json !== undefined && { json }),
        });

    it("GET /channels lists names and public IDs, never tokens or secrets", async () => {
        const res = await raw("GET", "/channels");
        assert.equal(res.status, 200);
        const shop = line.emulator.channels[0]!;
        assert.deepEqual((res.body.channels as unknown[])[0], {
            name: "shop",
            channelId: shop.channelId,
            botUserId: shop.botUserId,
            basicId: shop.basicId,
            displayName: "shop",
        });
        assert.ok(!res.text.includes("shop-token") && !res.text.includes("shop-secret"));
    });

    it("GET /channels/{name}/state shows everything the channel holds", async () => {
        const id = await createUsableRichMenu(line);
        await line.call("POST", "/v2/bot/richmenu/alias", {
            json: { richMenuAliasId: "main", richMenuId: id },
        });
        await line.call("POST", `/v2/bot/user/all/richmenu/${id}`);
        const state = await line.control.state();
        assert.deepEqual(Object.keys(state).sort(), [
            "aliases",
            "audienceAuthorityLevel",
            "audiences",
            "batches",
            "broadcasts",
            "customAggregationUnits",
            "defaultRichMenuId",
            "friends",
            "richMenus",
            "userLinks",
            "webhook",
        ]);
        assert.equal(state.defaultRichMenuId, id);
        assert.deepEqual(state.webhook, { endpoint: null, active: true });
        assert.deepEqual(state.customAggregationUnits, {});
    });

    it("POST /channels/{name}/users adds friends by count or by ID", async () => {
        const made = await line.control.addFriends(3);
        assert.equal(made.length, 3);
        for (const id of made) assert.match(id, /^U[0-9a-f]{32}$/);
        assert.deepEqual(await line.control.addFriendIds([USER_A]), [USER_A]);
        assert.deepEqual(((await line.control.state()).friends as string[]).sort(), [...made, USER_A].sort());
        const bad = await raw("POST", "/channels/shop/users", { userIds: ["nope"] });
        assert.equal(bad.status, 400);
    });

    it("POST /channels/{name}/broadcasts records a send and answers its requestId", async () => {
        await line.control.addFriends(2);
        const requestId = await line.control.recordBroadcast({ type: "narrowcast" });
        const [broadcast] = (await line.control.state()).broadcasts as {
            requestId: string;
            type: string;
            recipients: number;
        }[];
        assert.deepEqual(
            [broadcast?.requestId, broadcast?.type, broadcast?.recipients],
            [requestId, "narrowcast", 2],
        );
    });

    it("PUT /channels/{name}/webhook-active flips the console flag", async () => {
        await line.control.setWebhookActive(false, "shop");
        assert.deepEqual((await line.control.state("shop")).webhook, { endpoint: null, active: false });
        assert.equal((await raw("PUT", "/channels/shop/webhook-active", { active: "yes" })).status, 400);
    });

    it("answers 404 for an unknown channel", async () => {
        const res = await raw("GET", "/channels/nope/state");
        assert.equal(res.status, 404);
        assert.deepEqual(res.body, { message: "Not found" });
    });

    it("POST /reset empties every channel and the log", async () => {
        await createUsableRichMenu(line, {}, "cafe-token");
        await line.control.addFriends(1, "shop");
        assert.equal((await raw("POST", "/reset")).status, 200);
        assert.deepEqual((await line.control.state("cafe")).richMenus, []);
        assert.deepEqual((await line.control.state("shop")).friends, []);
        assert.deepEqual(await line.control.requests(), []);
    });

    it("POST, GET and DELETE /faults manage faults, checking what is posted", async () => {
        const added = await raw("POST", "/faults", { path: "/v2/bot/info", status: 500 });
        assert.equal(added.status, 200);
        assert.equal(typeof added.body.id, "string");
        assert.equal(((await raw("GET", "/faults")).body.faults as unknown[]).length, 1);
        assert.equal((await raw("DELETE", "/faults")).status, 200);
        assert.deepEqual((await raw("GET", "/faults")).body, { faults: [] });
        for (const bad of [
            { status: 500 },
            { path: "/x" },
            { path: "/x", status: 99 },
            { path: "/x", probability: 2, status: 500 },
        ]) {
            assert.equal((await raw("POST", "/faults", bad)).status, 400, JSON.stringify(bad));
        }
    });
});
