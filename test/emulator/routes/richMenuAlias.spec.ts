import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { bodyErrors, createRichMenu, createUsableRichMenu } from "../fixtures";

describe("emulator: rich menu aliases", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });
    const createAlias = (richMenuAliasId: unknown, richMenuId: unknown) =>
        line.call("POST", "/v2/bot/richmenu/alias", { json: { richMenuAliasId, richMenuId } });

    describe("POST /v2/bot/richmenu/alias (createRichMenuAlias)", () => {
        it("answers 200 {} and records the alias", async () => {
            const id = await createUsableRichMenu(line);
            const res = await createAlias("tab-a_1", id);
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
            assert.deepEqual((await line.control.state()).aliases, [
                { richMenuAliasId: "tab-a_1", richMenuId: id },
            ]);
        });

        it("answers 400 'conflict richmenu alias id' for a taken ID, not 409", async () => {
            const id = await createUsableRichMenu(line);
            await createAlias("main", id);
            const res = await createAlias("main", id);
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, { message: "conflict richmenu alias id", details: [] });
        });

        const invalidBodies = [
            {
                name: "an uppercase alias ID",
                alias: "Main",
                detail: { property: "richMenuAliasId", message: "invalid richMenuAliasId" },
            },
            {
                name: "a 33-character alias ID",
                alias: "a".repeat(33),
                detail: { property: "richMenuAliasId", message: "invalid richMenuAliasId" },
            },
            {
                name: "an empty alias ID",
                alias: "",
                detail: { property: "richMenuAliasId", message: "invalid richMenuAliasId" },
            },
            {
                name: "an alias ID with a dot",
                alias: "a.b",
                detail: { property: "richMenuAliasId", message: "invalid richMenuAliasId" },
            },
            {
                name: "no alias ID",
                alias: undefined,
                detail: { property: "richMenuAliasId", message: "must be specified" },
            },
        ];
        for (const c of invalidBodies) {
            it(`refuses ${c.name}`, async () => {
                const id = await createUsableRichMenu(line);
                const res = await createAlias(c.alias, id);
                assert.equal(res.status, 400);
                assert.deepEqual(res.body, bodyErrors(c.detail));
            });
        }

        it("refuses a malformed rich menu ID with property richMenuId", async () => {
            const res = await createAlias("main", "not-a-menu");
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, bodyErrors({ property: "richMenuId", message: "invalid richMenuId" }));
        });

        it("answers 400 'richmenu not found' for a missing target and for one without an image", async () => {
            const bare = await createRichMenu(line);
            for (const target of [`richmenu-${"0".repeat(32)}`, bare]) {
                const res = await createAlias("main", target);
                assert.equal(res.status, 400);
                assert.deepEqual(res.body, { message: "richmenu not found", details: [] });
            }
        });

        it("refuses the 1,001st alias", async () => {
            const id = await createUsableRichMenu(line);
            for (let i = 0; i < 1000; i++) assert.equal((await createAlias(`a${i}`, id)).status, 200);
            const res = await createAlias("one-too-many", id);
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, {
                message: "The number of richmenu aliases has reached the upper limit",
                details: [],
            });
        });
    });

    describe("POST /v2/bot/richmenu/alias/{id} (updateRichMenuAlias)", () => {
        it("re-points the alias", async () => {
            const first = await createUsableRichMenu(line);
            const second = await createUsableRichMenu(line);
            await createAlias("main", first);
            const res = await line.call("POST", "/v2/bot/richmenu/alias/main", {
                json: { richMenuId: second },
            });
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
            const get = await line.call("GET", "/v2/bot/richmenu/alias/main");
            assert.deepEqual(get.body, { richMenuAliasId: "main", richMenuId: second });
        });

        it("answers 404 for an unknown alias and 400 for a target without an image", async () => {
            const bare = await createRichMenu(line);
            const usable = await createUsableRichMenu(line);
            const missing = await line.call("POST", "/v2/bot/richmenu/alias/nope", {
                json: { richMenuId: usable },
            });
            assert.equal(missing.status, 404);
            assert.deepEqual(missing.body, { message: "richmenu alias not found", details: [] });
            await createAlias("main", usable);
            const imageless = await line.call("POST", "/v2/bot/richmenu/alias/main", {
                json: { richMenuId: bare },
            });
            assert.equal(imageless.status, 400);
            assert.deepEqual(imageless.body, { message: "richmenu not found", details: [] });
        });

        it("answers 400 for an invalid alias ID in the path", async () => {
            const res = await line.call("POST", "/v2/bot/richmenu/alias/UPPER", {
                json: { richMenuId: `richmenu-${"0".repeat(32)}` },
            });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, {
                message: "The value for the 'richMenuAliasId' parameter is invalid",
            });
        });
    });

    describe("GET, list and DELETE", () => {
        it("gets one alias, lists all in creation order, deletes one", async () => {
            const id = await createUsableRichMenu(line);
            await createAlias("b", id);
            await createAlias("a", id);
            assert.deepEqual((await line.call("GET", "/v2/bot/richmenu/alias/a")).body, {
                richMenuAliasId: "a",
                richMenuId: id,
            });
            const list = await line.call("GET", "/v2/bot/richmenu/alias/list");
            assert.equal(list.status, 200);
            assert.deepEqual(list.body, {
                aliases: [
                    { richMenuAliasId: "b", richMenuId: id },
                    { richMenuAliasId: "a", richMenuId: id },
                ],
            });
            const del = await line.call("DELETE", "/v2/bot/richmenu/alias/b");
            assert.equal(del.status, 200);
            assert.deepEqual(del.body, {});
            assert.deepEqual((await line.control.state()).aliases, [
                { richMenuAliasId: "a", richMenuId: id },
            ]);
        });

        it("lists an empty array when there are none", async () => {
            assert.deepEqual((await line.call("GET", "/v2/bot/richmenu/alias/list")).body, { aliases: [] });
        });

        for (const method of ["GET", "DELETE"]) {
            it(`${method} answers 404 for an unknown alias and 400 for an invalid ID`, async () => {
                const missing = await line.call(method, "/v2/bot/richmenu/alias/nope");
                assert.equal(missing.status, 404);
                assert.deepEqual(missing.body, { message: "richmenu alias not found", details: [] });
                const invalid = await line.call(method, `/v2/bot/richmenu/alias/${"x".repeat(33)}`);
                assert.equal(invalid.status, 400);
            });
        }
    });
});
