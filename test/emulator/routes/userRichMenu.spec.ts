import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { USER_A, USER_B, USER_C, bodyErrors, createRichMenu, createUsableRichMenu } from "../fixtures";

const UNKNOWN_MENU = `richmenu-${"0".repeat(32)}`;

describe("emulator: default and per-user rich menus", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });

    describe("default rich menu (setDefaultRichMenu, getDefaultRichMenuId, cancelDefaultRichMenu)", () => {
        it("sets, reads and clears the default", async () => {
            const id = await createUsableRichMenu(line);
            const set = await line.call("POST", `/v2/bot/user/all/richmenu/${id}`);
            assert.equal(set.status, 200);
            assert.deepEqual(set.body, {});
            assert.deepEqual((await line.call("GET", "/v2/bot/user/all/richmenu")).body, { richMenuId: id });
            assert.equal((await line.control.state()).defaultRichMenuId, id);
            const cancel = await line.call("DELETE", "/v2/bot/user/all/richmenu");
            assert.equal(cancel.status, 200);
            assert.deepEqual(cancel.body, {});
            assert.equal((await line.control.state()).defaultRichMenuId, null);
        });

        it("replaces an existing default", async () => {
            const a = await createUsableRichMenu(line);
            const b = await createUsableRichMenu(line);
            await line.call("POST", `/v2/bot/user/all/richmenu/${a}`);
            await line.call("POST", `/v2/bot/user/all/richmenu/${b}`);
            assert.deepEqual((await line.call("GET", "/v2/bot/user/all/richmenu")).body, { richMenuId: b });
        });

        it("accepts LINE's SDK style: application/json with no body", async () => {
            const id = await createUsableRichMenu(line);
            const res = await line.call("POST", `/v2/bot/user/all/richmenu/${id}`, {
                contentType: "application/json",
            });
            assert.equal(res.status, 200);
        });

        it("answers 404 'no default richmenu' when none is set", async () => {
            const res = await line.call("GET", "/v2/bot/user/all/richmenu");
            assert.equal(res.status, 404);
            assert.deepEqual(res.body, { message: "no default richmenu", details: [] });
        });

        it("answers 404 for an unknown menu and 400 for a menu without an image", async () => {
            const unknown = await line.call("POST", `/v2/bot/user/all/richmenu/${UNKNOWN_MENU}`);
            assert.equal(unknown.status, 404);
            assert.deepEqual(unknown.body, { message: "richmenu not found", details: [] });
            const bare = await createRichMenu(line);
            const imageless = await line.call("POST", `/v2/bot/user/all/richmenu/${bare}`);
            assert.equal(imageless.status, 400);
            assert.deepEqual(imageless.body, {
                message: "must upload richmenu image before applying it to user",
                details: [],
            });
        });
    });

    describe("one user (linkRichMenuIdToUser, getRichMenuIdOfUser, unlinkRichMenuIdFromUser)", () => {
        it("links a friend, reads it back and unlinks", async () => {
            const id = await createUsableRichMenu(line);
            const [friend] = await line.control.addFriends(1);
            const link = await line.call("POST", `/v2/bot/user/${friend}/richmenu/${id}`);
            assert.equal(link.status, 200);
            assert.deepEqual(link.body, {});
            assert.deepEqual((await line.call("GET", `/v2/bot/user/${friend}/richmenu`)).body, {
                richMenuId: id,
            });
            assert.deepEqual((await line.control.state()).userLinks, { [friend!]: id });
            const unlink = await line.call("DELETE", `/v2/bot/user/${friend}/richmenu`);
            assert.equal(unlink.status, 200);
            assert.deepEqual(unlink.body, {});
            const gone = await line.call("GET", `/v2/bot/user/${friend}/richmenu`);
            assert.equal(gone.status, 404);
            assert.deepEqual(gone.body, { message: "the user has no richmenu", details: [] });
        });

        it("answers 200 but links nothing for someone who is not a friend, as LINE does", async () => {
            const id = await createUsableRichMenu(line);
            assert.equal((await line.call("POST", `/v2/bot/user/${USER_A}/richmenu/${id}`)).status, 200);
            assert.equal((await line.call("GET", `/v2/bot/user/${USER_A}/richmenu`)).status, 404);
        });

        it("keeps the existing link when a new link fails", async () => {
            const id = await createUsableRichMenu(line);
            const bare = await createRichMenu(line);
            await line.control.addFriendIds([USER_A]);
            await line.call("POST", `/v2/bot/user/${USER_A}/richmenu/${id}`);
            assert.equal((await line.call("POST", `/v2/bot/user/${USER_A}/richmenu/${bare}`)).status, 400);
            assert.equal(
                (await line.call("POST", `/v2/bot/user/${USER_A}/richmenu/${UNKNOWN_MENU}`)).status,
                404,
            );
            assert.deepEqual((await line.call("GET", `/v2/bot/user/${USER_A}/richmenu`)).body, {
                richMenuId: id,
            });
        });

        for (const [method, suffix] of [
            ["POST", `/richmenu/${UNKNOWN_MENU}`],
            ["GET", "/richmenu"],
            ["DELETE", "/richmenu"],
        ] as const) {
            it(`${method} answers 400 for a malformed user ID`, async () => {
                const res = await line.call(method, `/v2/bot/user/not-a-user${suffix}`);
                assert.equal(res.status, 400);
                assert.deepEqual(res.body, { message: "The value for the 'userId' parameter is invalid" });
            });
        }
    });

    describe("bulk (linkRichMenuIdToUsers, unlinkRichMenuIdFromUsers)", () => {
        it("links and unlinks friends with 202 {}", async () => {
            const id = await createUsableRichMenu(line);
            await line.control.addFriendIds([USER_A, USER_B]);
            const link = await line.call("POST", "/v2/bot/richmenu/bulk/link", {
                json: { richMenuId: id, userIds: [USER_A, USER_B, USER_C] },
            });
            assert.equal(link.status, 202);
            assert.deepEqual(link.body, {});
            assert.deepEqual((await line.control.state()).userLinks, { [USER_A]: id, [USER_B]: id });
            const unlink = await line.call("POST", "/v2/bot/richmenu/bulk/unlink", {
                json: { userIds: [USER_A] },
            });
            assert.equal(unlink.status, 202);
            assert.deepEqual(unlink.body, {});
            assert.deepEqual((await line.control.state()).userLinks, { [USER_B]: id });
        });

        const tooMany = Array.from({ length: 501 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
        const cases = [
            {
                name: "no user IDs",
                body: { userIds: [] },
                detail: { property: "userIds", message: "Size must be between 1 and 500" },
            },
            {
                name: "501 user IDs",
                body: { userIds: tooMany },
                detail: { property: "userIds", message: "Size must be between 1 and 500" },
            },
            {
                name: "a malformed user ID",
                body: { userIds: [USER_A, "Uxyz"] },
                detail: { property: "userIds[1]", message: "invalid userId" },
            },
            {
                name: "missing userIds",
                body: {},
                detail: { property: "userIds", message: "must be specified" },
            },
        ];
        for (const c of cases) {
            it(`refuses ${c.name} and links nobody`, async () => {
                const id = await createUsableRichMenu(line);
                await line.control.addFriendIds([USER_A]);
                const link = await line.call("POST", "/v2/bot/richmenu/bulk/link", {
                    json: { richMenuId: id, ...c.body },
                });
                assert.equal(link.status, 400);
                assert.deepEqual(link.body, bodyErrors(c.detail));
                const unlink = await line.call("POST", "/v2/bot/richmenu/bulk/unlink", { json: c.body });
                assert.equal(unlink.status, 400);
                assert.deepEqual((await line.control.state()).userLinks, {});
            });
        }

        it("answers 404 for an unknown menu, 400 for a malformed one or one without an image", async () => {
            const bare = await createRichMenu(line);
            const unknown = await line.call("POST", "/v2/bot/richmenu/bulk/link", {
                json: { richMenuId: UNKNOWN_MENU, userIds: [USER_A] },
            });
            assert.equal(unknown.status, 404);
            assert.deepEqual(unknown.body, { message: "richmenu not found", details: [] });
            const malformed = await line.call("POST", "/v2/bot/richmenu/bulk/link", {
                json: { richMenuId: "x", userIds: [USER_A] },
            });
            assert.deepEqual(
                malformed.body,
                bodyErrors({ property: "richMenuId", message: "invalid richMenuId" }),
            );
            const imageless = await line.call("POST", "/v2/bot/richmenu/bulk/link", {
                json: { richMenuId: bare, userIds: [USER_A] },
            });
            assert.equal(imageless.status, 400);
        });
    });
});
