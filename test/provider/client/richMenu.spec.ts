import assert from "node:assert/strict";
import { isLineNotFound, LineApiError } from "../../../provider/client";
import { useEmulator } from "../../support/emulator";
import { makeJpeg } from "../../support/images";
import {
    clientFor,
    failureOf,
    fakeTiming,
    menuRequest,
    pngImage,
    resetBeforeEach,
    sha256,
    SMALL_SIZE,
    stateOf,
    UNREACHABLE_URL,
    usableRichMenu,
    wire,
} from "./fixtures";

describe("client rich menu operations (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    describe("rich menu objects", () => {
        it("createRichMenu creates a menu without an image and returns its ID", async () => {
            const client = clientFor(line);
            const { richMenuId } = await client.createRichMenu(menuRequest({ name: "created" }));

            assert.match(richMenuId, /^richmenu-[0-9a-f]{32}$/);
            const state = await stateOf(line);
            assert.deepEqual(
                state.richMenus.map(m => [m.richMenuId, m.name, m.hasImage]),
                [[richMenuId, "created", false]],
            );
            const [request] = await line.control.requests();
            assert.equal(request?.contentType, "application/json");
            assert.deepEqual(await wire(line), ["POST /v2/bot/richmenu 200"]);
        });

        it("validateRichMenuObject accepts a valid menu and creates nothing", async () => {
            const client = clientFor(line);
            await client.validateRichMenuObject(menuRequest());

            assert.deepEqual((await stateOf(line)).richMenus, []);
            assert.deepEqual(await wire(line), ["POST /v2/bot/richmenu/validate 200"]);
        });

        it("validateRichMenuObject reports each problem as a detail of a 400", async () => {
            const client = clientFor(line);
            const bad = menuRequest({
                areas: [
                    {
                        bounds: { x: 0, y: 0, width: 10, height: 10 },
                        action: { type: "uri", uri: "ftp://x" },
                    },
                ],
            });
            const error = await failureOf(() => client.validateRichMenuObject(bad));

            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.status, 400);
            assert.deepEqual(error.details, [{ property: "areas[0].action.uri", message: "invalid uri" }]);
            assert.match(
                error.message,
                /^LINE API POST \/v2\/bot\/richmenu\/validate failed with 400: The request body has 1 error\(s\) \[areas\[0\]\.action\.uri: invalid uri\] \(request id [\w-]+\)$/,
            );
            const [request] = await line.control.requests();
            assert.equal(error.requestId, request?.requestId, "the request id is LINE's x-line-request-id");
        });

        it("getRichMenu and getRichMenuList return what was created", async () => {
            const client = clientFor(line);
            const { richMenuId } = await client.createRichMenu(menuRequest({ name: "listed" }));

            const menu = await client.getRichMenu(richMenuId);
            const list = await client.getRichMenuList();

            assert.deepEqual(menu, { richMenuId, ...menuRequest({ name: "listed" }) });
            assert.deepEqual(list.richmenus, [menu]);
            assert.deepEqual(await wire(line), [
                "POST /v2/bot/richmenu 200",
                `GET /v2/bot/richmenu/${richMenuId} 200`,
                "GET /v2/bot/richmenu/list 200",
            ]);
        });

        it("getRichMenu of an unknown menu fails with a 404 that isLineNotFound recognises", async () => {
            const error = await failureOf(() =>
                clientFor(line).getRichMenu("richmenu-00000000000000000000000000000000"),
            );
            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.status, 404);
            assert.equal(isLineNotFound(error), true);
        });

        it("deleteRichMenu removes the menu; a second delete is a 404", async () => {
            const client = clientFor(line);
            const { richMenuId } = await client.createRichMenu(menuRequest());

            await client.deleteRichMenu(richMenuId);
            const again = await failureOf(() => client.deleteRichMenu(richMenuId));

            assert.deepEqual((await stateOf(line)).richMenus, []);
            assert.equal(isLineNotFound(again), true);
            assert.deepEqual(await wire(line), [
                "POST /v2/bot/richmenu 200",
                `DELETE /v2/bot/richmenu/${richMenuId} 200`,
                `DELETE /v2/bot/richmenu/${richMenuId} 404`,
            ]);
        });
    });

    describe("images", () => {
        const images = [
            { kind: "PNG", bytes: () => pngImage(), contentType: "image/png" },
            {
                kind: "JPEG",
                bytes: () => makeJpeg(SMALL_SIZE.width, SMALL_SIZE.height),
                contentType: "image/jpeg",
            },
        ];
        for (const { kind, bytes, contentType } of images) {
            it(`setRichMenuImage uploads a ${kind} as ${contentType}, and getRichMenuImage returns the same bytes`, async () => {
                const client = clientFor(line);
                const image = bytes();
                const { richMenuId } = await client.createRichMenu(menuRequest());

                await client.setRichMenuImage(richMenuId, image);
                const downloaded = await client.getRichMenuImage(richMenuId);

                assert.ok(Buffer.isBuffer(downloaded));
                assert.equal(sha256(downloaded), sha256(image));
                const [menu] = (await stateOf(line)).richMenus;
                assert.deepEqual(
                    [menu?.hasImage, menu?.imageSha256, menu?.imageContentType],
                    [true, sha256(image), contentType],
                );
                const upload = (await line.control.requests())[1];
                assert.deepEqual([upload?.contentType, upload?.bodySize], [contentType, image.length]);
            });
        }

        it("setRichMenuImage a second time fails with LINE's 400 and is sent only once", async () => {
            const client = clientFor(line, { retry: { retries: 3 }, timing: fakeTiming() });
            const richMenuId = await usableRichMenu(client);

            const error = await failureOf(() => client.setRichMenuImage(richMenuId, pngImage()));

            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.status, 400);
            assert.deepEqual(await wire(line), [
                "POST /v2/bot/richmenu 200",
                `POST /v2/bot/richmenu/${richMenuId}/content 200`,
                `POST /v2/bot/richmenu/${richMenuId}/content 400`,
            ]);
        });

        it("getRichMenuImage of a menu without an image is a 404", async () => {
            const client = clientFor(line);
            const { richMenuId } = await client.createRichMenu(menuRequest());
            assert.equal(isLineNotFound(await failureOf(() => client.getRichMenuImage(richMenuId))), true);
        });

        it("sends image uploads and downloads to the data host", async () => {
            const client = clientFor(line);
            const { richMenuId } = await client.createRichMenu(menuRequest());
            // Only the data host is reachable: the image calls succeed only if they go there.
            const dataOnly = clientFor(line, { apiBaseUrl: UNREACHABLE_URL });

            await dataOnly.setRichMenuImage(richMenuId, pngImage());
            await dataOnly.getRichMenuImage(richMenuId);

            const apiOnly = clientFor(line, { dataBaseUrl: UNREACHABLE_URL });
            await apiOnly.getRichMenu(richMenuId);
        });
    });

    describe("the default rich menu", () => {
        it("setDefaultRichMenu, getDefaultRichMenuId and cancelDefaultRichMenu", async () => {
            const client = clientFor(line);
            const richMenuId = await usableRichMenu(client);
            await line.control.clearRequests();

            await client.setDefaultRichMenu(richMenuId);
            assert.equal((await stateOf(line)).defaultRichMenuId, richMenuId);
            assert.deepEqual(await client.getDefaultRichMenuId(), { richMenuId });
            await client.cancelDefaultRichMenu();
            assert.equal((await stateOf(line)).defaultRichMenuId, null);
            assert.equal(isLineNotFound(await failureOf(() => client.getDefaultRichMenuId())), true);

            assert.deepEqual(await wire(line), [
                `POST /v2/bot/user/all/richmenu/${richMenuId} 200`,
                "GET /v2/bot/user/all/richmenu 200",
                "DELETE /v2/bot/user/all/richmenu 200",
                "GET /v2/bot/user/all/richmenu 404",
            ]);
        });

        it("sends the body-less POST with an explicit empty body", async () => {
            const client = clientFor(line);
            const richMenuId = await usableRichMenu(client);
            await line.control.clearRequests();

            await client.setDefaultRichMenu(richMenuId);

            const [request] = await line.control.requests();
            assert.deepEqual([request?.bodySize, request?.contentType], [0, "application/json"]);
        });

        it("setDefaultRichMenu of a menu without an image fails with LINE's 400", async () => {
            const client = clientFor(line);
            const { richMenuId } = await client.createRichMenu(menuRequest());
            const error = await failureOf(() => client.setDefaultRichMenu(richMenuId));
            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.status, 400);
        });
    });

    describe("aliases", () => {
        it("createRichMenuAlias, getRichMenuAlias, getRichMenuAliasList, updateRichMenuAlias, deleteRichMenuAlias", async () => {
            const client = clientFor(line);
            const first = await usableRichMenu(client, { name: "first" });
            const second = await usableRichMenu(client, { name: "second" });
            await line.control.clearRequests();

            await client.createRichMenuAlias({ richMenuAliasId: "tab-a", richMenuId: first });
            assert.deepEqual(await client.getRichMenuAlias("tab-a"), {
                richMenuAliasId: "tab-a",
                richMenuId: first,
            });
            await client.updateRichMenuAlias("tab-a", { richMenuId: second });
            assert.deepEqual((await stateOf(line)).aliases, [
                { richMenuAliasId: "tab-a", richMenuId: second },
            ]);
            assert.deepEqual(await client.getRichMenuAliasList(), {
                aliases: [{ richMenuAliasId: "tab-a", richMenuId: second }],
            });
            await client.deleteRichMenuAlias("tab-a");
            assert.deepEqual((await stateOf(line)).aliases, []);
            assert.equal(isLineNotFound(await failureOf(() => client.getRichMenuAlias("tab-a"))), true);

            assert.deepEqual(await wire(line), [
                "POST /v2/bot/richmenu/alias 200",
                "GET /v2/bot/richmenu/alias/tab-a 200",
                "POST /v2/bot/richmenu/alias/tab-a 200",
                "GET /v2/bot/richmenu/alias/list 200",
                "DELETE /v2/bot/richmenu/alias/tab-a 200",
                "GET /v2/bot/richmenu/alias/tab-a 404",
            ]);
        });

        it("createRichMenuAlias of an existing alias fails with LINE's 400 conflict, not 409", async () => {
            const client = clientFor(line);
            const richMenuId = await usableRichMenu(client);
            await client.createRichMenuAlias({ richMenuAliasId: "dup", richMenuId });

            const error = await failureOf(() =>
                client.createRichMenuAlias({ richMenuAliasId: "dup", richMenuId }),
            );

            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.status, 400);
            assert.match(error.lineMessage, /conflict richmenu alias id/);
        });
    });

    describe("per-user links", () => {
        it("linkRichMenuIdToUser, getRichMenuIdOfUser, unlinkRichMenuIdFromUser", async () => {
            const client = clientFor(line);
            const richMenuId = await usableRichMenu(client);
            const [userId] = await line.control.addFriends(1);
            assert.ok(userId !== undefined);
            await line.control.clearRequests();

            await client.linkRichMenuIdToUser(userId, richMenuId);
            assert.deepEqual((await stateOf(line)).userLinks, { [userId]: richMenuId });
            assert.deepEqual(await client.getRichMenuIdOfUser(userId), { richMenuId });
            await client.unlinkRichMenuIdFromUser(userId);
            assert.deepEqual((await stateOf(line)).userLinks, {});
            assert.equal(isLineNotFound(await failureOf(() => client.getRichMenuIdOfUser(userId))), true);

            assert.deepEqual(await wire(line), [
                `POST /v2/bot/user/${userId}/richmenu/${richMenuId} 200`,
                `GET /v2/bot/user/${userId}/richmenu 200`,
                `DELETE /v2/bot/user/${userId}/richmenu 200`,
                `GET /v2/bot/user/${userId}/richmenu 404`,
            ]);
        });

        it("linkRichMenuIdToUsers and unlinkRichMenuIdFromUsers (202, bulk)", async () => {
            const client = clientFor(line);
            const richMenuId = await usableRichMenu(client);
            const userIds = await line.control.addFriends(3);
            await line.control.clearRequests();

            await client.linkRichMenuIdToUsers({ richMenuId, userIds });
            assert.deepEqual(
                (await stateOf(line)).userLinks,
                Object.fromEntries(userIds.map(id => [id, richMenuId])),
            );
            await client.unlinkRichMenuIdFromUsers({ userIds: userIds.slice(0, 2) });
            assert.deepEqual((await stateOf(line)).userLinks, { [userIds[2]!]: richMenuId });

            assert.deepEqual(await wire(line), [
                "POST /v2/bot/richmenu/bulk/link 202",
                "POST /v2/bot/richmenu/bulk/unlink 202",
            ]);
        });
    });

    describe("batch", () => {
        it("validateRichMenuBatchRequest, richMenuBatch and getRichMenuBatchProgress", async () => {
            const client = clientFor(line);
            const from = await usableRichMenu(client, { name: "from" });
            const to = await usableRichMenu(client, { name: "to" });
            const userIds = await line.control.addFriends(2);
            await client.linkRichMenuIdToUsers({ richMenuId: from, userIds });
            await line.control.clearRequests();
            const request = {
                operations: [{ type: "link" as const, from, to }],
                resumeRequestKey: "apply-1",
            };

            await client.validateRichMenuBatchRequest(request);
            const { requestId } = await client.richMenuBatch(request);
            const progress = await client.getRichMenuBatchProgress(requestId);

            const log = await line.control.requests();
            assert.equal(requestId, log[1]?.requestId, "the batch call's own x-line-request-id");
            assert.equal(progress.phase, "ongoing");
            assert.match(progress.acceptedTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            const state = await stateOf(line);
            assert.deepEqual(
                state.batches.map(b => [b.requestId, b.resumeRequestKey]),
                [[requestId, "apply-1"]],
            );
            assert.deepEqual(state.userLinks, Object.fromEntries(userIds.map(id => [id, to])));
            assert.deepEqual(await wire(line), [
                "POST /v2/bot/richmenu/validate/batch 200",
                "POST /v2/bot/richmenu/batch 202",
                "GET /v2/bot/richmenu/progress/batch 200",
            ]);
        });

        it("validateRichMenuBatchRequest reports a target without an image and runs nothing", async () => {
            const client = clientFor(line);
            const from = await usableRichMenu(client);
            const { richMenuId: to } = await client.createRichMenu(menuRequest());

            const error = await failureOf(() =>
                client.validateRichMenuBatchRequest({ operations: [{ type: "link", from, to }] }),
            );

            assert.ok(LineApiError.isInstance(error));
            assert.equal(error.status, 400);
            assert.deepEqual((await stateOf(line)).batches, []);
        });
    });
});
