import assert from "node:assert/strict";
import { sequentialIds } from "../../emulator";
import { useEmulator } from "../support/emulator";
import { createRichMenu, menuRequest } from "./fixtures";

describe("emulator: server", () => {
    const line = useEmulator({
        rateLimits: false,
        resetBeforeEach: true,
        channels: [
            { name: "shop", accessToken: "shop-token" },
            { name: "cafe", accessToken: "cafe-token" },
        ],
    });

    describe("authentication", () => {
        it("answers 401 with LINE's body when the Authorization header is missing", async () => {
            const res = await line.call("GET", "/v2/bot/richmenu/list", { token: null });
            assert.equal(res.status, 401);
            assert.deepEqual(res.body, {
                message:
                    "Authorization header required. Must follow the scheme, 'Authorization: Bearer <ACCESS TOKEN>'",
            });
        });

        it("answers 401 for a header that is not a Bearer token", async () => {
            const res = await line.call("GET", "/v2/bot/info", {
                token: null,
                headers: { Authorization: "Basic abc" },
            });
            assert.equal(res.status, 401);
        });

        it("answers 401 with LINE's body for a wrong token", async () => {
            const res = await line.call("GET", "/v2/bot/richmenu/list", { token: "wrong" });
            assert.equal(res.status, 401);
            assert.deepEqual(res.body, {
                message:
                    "Authentication failed. Confirm that the access token in the authorization header is valid.",
            });
        });

        it("keeps channels apart: each token sees only its own channel", async () => {
            const id = await createRichMenu(line, {}, "shop-token");
            assert.equal(
                (await line.call("GET", `/v2/bot/richmenu/${id}`, { token: "shop-token" })).status,
                200,
            );
            assert.equal(
                (await line.call("GET", `/v2/bot/richmenu/${id}`, { token: "cafe-token" })).status,
                404,
            );
            const cafe = await line.call("GET", "/v2/bot/richmenu/list", { token: "cafe-token" });
            assert.deepEqual(cafe.body, { richmenus: [] });
            assert.equal((await line.control.state<{ richMenus: unknown[] }>("cafe")).richMenus.length, 0);
            assert.equal((await line.control.state<{ richMenus: unknown[] }>("shop")).richMenus.length, 1);
        });
    });

    describe("every answer", () => {
        it("carries an X-Line-Request-Id, successes and failures alike, each different", async () => {
            const answers = [
                await line.call("GET", "/v2/bot/info"),
                await line.call("GET", "/v2/bot/info", { token: "wrong" }),
                await line.call("GET", "/no/such/path"),
                await line.call("GET", "/_emulator/channels", { token: null }),
            ];
            const ids = answers.map(a => a.requestId);
            for (const id of ids) assert.match(id ?? "", /^[0-9a-f-]{36}$/);
            assert.equal(new Set(ids).size, ids.length);
        });

        it("answers 404 {message: Not found} for unknown paths and methods", async () => {
            for (const [method, path] of [
                ["GET", "/v2/bot/nothing"],
                ["PATCH", "/v2/bot/richmenu/list"],
                ["GET", "/"],
            ] as const) {
                const res = await line.call(method, path);
                assert.equal(res.status, 404, `${method} ${path}`);
                assert.deepEqual(res.body, { message: "Not found" });
            }
        });

        it("answers 413 for a JSON body over 2 MB", async () => {
            const res = await line.call("POST", "/v2/bot/richmenu/validate", {
                json: { ...menuRequest(), name: "n".repeat(2 * 1024 * 1024) },
            });
            assert.equal(res.status, 413);
            assert.deepEqual(res.body, { message: "Request entity too large" });
        });
    });

    describe("the request log", () => {
        it("records seq, time, channel, method, path, status, requestId, content type and body size", async () => {
            await line.control.clearRequests();
            const created = await line.call("POST", "/v2/bot/richmenu", {
                json: menuRequest(),
                token: "cafe-token",
            });
            await line.call("GET", "/v2/bot/info?secret=1", { token: "nope" });
            const entries = await line.control.requests();
            assert.equal(entries.length, 2);
            const [first, second] = entries;
            assert.ok(first && second);
            assert.ok(second.seq > first.seq);
            assert.ok(!Number.isNaN(Date.parse(first.time)));
            assert.ok(Date.parse(first.receivedTime) <= Date.parse(first.time));
            assert.deepEqual(
                { ...first, seq: 0, time: "", receivedTime: "" },
                {
                    seq: 0,
                    time: "",
                    receivedTime: "",
                    channel: "cafe",
                    method: "POST",
                    path: "/v2/bot/richmenu",
                    status: 200,
                    requestId: created.requestId,
                    contentType: "application/json",
                    bodySize: Buffer.byteLength(JSON.stringify(menuRequest())),
                },
            );
            assert.deepEqual([second.channel, second.path, second.status], [null, "/v2/bot/info", 401]);
        });

        it("never holds a token or a secret", async () => {
            await line.call("GET", "/v2/bot/info", { token: "shop-token" });
            await line.call("GET", "/v2/bot/info", { token: "some-secret-token" });
            await line.call("POST", "/v2/oauth/accessToken", {
                token: null,
                body: new URLSearchParams({
                    grant_type: "client_credentials",
                    client_id: "1",
                    client_secret: "hush-hush",
                }),
            });
            const dump = JSON.stringify(await line.control.requests());
            for (const secret of [
                "shop-token",
                "some-secret-token",
                "hush-hush",
                line.emulator.channels[0]!.channelSecret,
            ]) {
                assert.ok(!dump.includes(secret), `the log contains ${secret}`);
            }
        });

        it("leaves control calls out and can be cleared", async () => {
            await line.control.clearRequests();
            await line.control.state();
            assert.deepEqual(await line.control.requests(), []);
        });
    });

    describe("with an injected ID generator", () => {
        const predictable = useEmulator({ ids: sequentialIds(), rateLimits: false });

        it("hands out the generator's IDs, so tests can name them", async () => {
            const res = await predictable.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
                json: menuRequest(),
            });
            assert.equal(res.requestId, "00000000-0000-4000-8000-000000000001");
            assert.equal(res.body.richMenuId, `richmenu-${"2".padStart(32, "0")}`);
        });
    });
});
