import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { useEmulator } from "../../support/emulator";
import { makeJpeg, makePng } from "../../support/images";
import { createRichMenu, createUsableRichMenu, jpegOf, menuRequest, pngOf, uploadImage } from "../fixtures";

interface MenuState {
    richMenuId: string;
    hasImage: boolean;
    imageSha256?: string;
    imageContentType?: string;
}

describe("emulator: rich menus", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });

    describe("POST /v2/bot/richmenu (createRichMenu)", () => {
        it("answers 200 with a richmenu- ID and stores the menu without an image", async () => {
            const res = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
                json: menuRequest(),
            });
            assert.equal(res.status, 200);
            assert.match(res.body.richMenuId, /^richmenu-[0-9a-f]{32}$/);
            const state = await line.control.state<{ richMenus: MenuState[] }>();
            assert.deepEqual(state.richMenus, [
                { richMenuId: res.body.richMenuId, ...menuRequest(), hasImage: false },
            ]);
        });

        it("keeps only LINE's documented fields", async () => {
            const id = await createRichMenu(line, {
                areas: [
                    {
                        bounds: { x: 0, y: 0, width: 10, height: 10 },
                        action: { type: "message", text: "hi", extra: 1 } as never,
                    },
                ],
            });
            const res = await line.call<{ areas: unknown[] }>("GET", `/v2/bot/richmenu/${id}`);
            assert.deepEqual(res.body.areas, [
                { bounds: { x: 0, y: 0, width: 10, height: 10 }, action: { type: "message", text: "hi" } },
            ]);
        });

        it("refuses the 1,001st menu with 400, and the validate endpoint does not count", async () => {
            for (let i = 0; i < 1000; i++) await createRichMenu(line);
            const res = await line.call("POST", "/v2/bot/richmenu", { json: menuRequest() });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, {
                message: "The number of richmenus has reached the upper limit",
                details: [],
            });
            const validate = await line.call("POST", "/v2/bot/richmenu/validate", { json: menuRequest() });
            assert.equal(validate.status, 200);
        });
    });

    describe("POST /v2/bot/richmenu/validate (validateRichMenuObject)", () => {
        it("answers 200 {} and creates nothing", async () => {
            const res = await line.call("POST", "/v2/bot/richmenu/validate", { json: menuRequest() });
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
            assert.deepEqual((await line.control.state<{ richMenus: unknown[] }>()).richMenus, []);
        });
    });

    describe("GET /v2/bot/richmenu/{richMenuId} (getRichMenu) and list (getRichMenuList)", () => {
        it("answers the menu with its ID", async () => {
            const id = await createRichMenu(line);
            const res = await line.call("GET", `/v2/bot/richmenu/${id}`);
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, { richMenuId: id, ...menuRequest() });
        });

        it("answers 404 Not found for an unknown ID", async () => {
            const res = await line.call("GET", `/v2/bot/richmenu/richmenu-${"0".repeat(32)}`);
            assert.equal(res.status, 404);
            assert.deepEqual(res.body, { message: "Not found" });
        });

        it("lists every menu in creation order, unpaginated", async () => {
            const a = await createRichMenu(line, { name: "a" });
            const b = await createRichMenu(line, { name: "b" });
            const res = await line.call<{ richmenus: { richMenuId: string }[] }>(
                "GET",
                "/v2/bot/richmenu/list",
            );
            assert.equal(res.status, 200);
            assert.deepEqual(
                res.body.richmenus.map(m => m.richMenuId),
                [a, b],
            );
        });

        it("lists an empty array when there are none", async () => {
            const res = await line.call("GET", "/v2/bot/richmenu/list");
            assert.deepEqual(res.body, { richmenus: [] });
        });
    });

    describe("DELETE /v2/bot/richmenu/{richMenuId} (deleteRichMenu)", () => {
        it("deletes the menu, clears a default and user links pointing at it, and keeps aliases", async () => {
            const id = await createUsableRichMenu(line);
            const [friend] = await line.control.addFriends(1);
            assert.equal((await line.call("POST", `/v2/bot/user/all/richmenu/${id}`)).status, 200);
            assert.equal((await line.call("POST", `/v2/bot/user/${friend}/richmenu/${id}`)).status, 200);
            const alias = await line.call("POST", "/v2/bot/richmenu/alias", {
                json: { richMenuAliasId: "main", richMenuId: id },
            });
            assert.equal(alias.status, 200);

            const res = await line.call("DELETE", `/v2/bot/richmenu/${id}`);
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
            const state = await line.control.state();
            assert.deepEqual(state.richMenus, []);
            assert.equal(state.defaultRichMenuId, null);
            assert.deepEqual(state.userLinks, {});
            assert.deepEqual(state.aliases, [{ richMenuAliasId: "main", richMenuId: id }]);
        });

        it("answers 404 for an unknown menu", async () => {
            const res = await line.call("DELETE", `/v2/bot/richmenu/richmenu-${"f".repeat(32)}`);
            assert.equal(res.status, 404);
            assert.deepEqual(res.body, { message: "Not found" });
        });
    });

    describe("image upload and download (api-data paths on the same origin)", () => {
        it("stores a PNG, answers {} and serves the same bytes back", async () => {
            const id = await createRichMenu(line);
            const png = pngOf();
            const up = await line.call("POST", `/v2/bot/richmenu/${id}/content`, {
                body: png,
                contentType: "image/png",
            });
            assert.equal(up.status, 200);
            assert.deepEqual(up.body, {});
            const down = await line.call("GET", `/v2/bot/richmenu/${id}/content`);
            assert.equal(down.status, 200);
            assert.equal(down.headers.get("content-type"), "image/png");
            assert.ok(down.bytes.equals(png));
            const [menu] = (await line.control.state<{ richMenus: MenuState[] }>()).richMenus;
            assert.equal(menu?.hasImage, true);
            assert.equal(menu?.imageSha256, createHash("sha256").update(png).digest("hex"));
        });

        it("accepts a JPEG with a charset-free content type", async () => {
            const id = await createRichMenu(line);
            const res = await line.call("POST", `/v2/bot/richmenu/${id}/content`, {
                body: jpegOf(),
                contentType: "image/jpeg",
            });
            assert.equal(res.status, 200, res.text);
        });

        it("accepts the largest size at exactly 2500x1686", async () => {
            const size = { width: 2500, height: 1686 };
            const id = await createRichMenu(line, { size });
            const res = await line.call("POST", `/v2/bot/richmenu/${id}/content`, {
                body: makeJpeg(2500, 1686),
                contentType: "image/jpeg",
            });
            assert.equal(res.status, 200, res.text);
        });

        const sizeNotAllowed = { message: "The image size is not allowed for richmenu", details: [] };
        const notAnImage = { message: "The image is not a valid JPEG or PNG", details: [] };
        const png = (): Buffer => pngOf();
        const cases: {
            name: string;
            body: () => Buffer;
            contentType: string;
            status: number;
            expected: unknown;
        }[] = [
            {
                name: "with 415 a content type other than image/jpeg or image/png",
                body: png,
                contentType: "image/gif",
                status: 415,
                expected: { message: "The content type, 'image/gif', is not supported" },
            },
            {
                name: "an image whose dimensions differ from the menu's size",
                body: () => makePng(801, 250),
                contentType: "image/png",
                status: 400,
                expected: sizeNotAllowed,
            },
            {
                name: "an image under LINE's minimum width even if it matched",
                body: () => makePng(700, 250),
                contentType: "image/png",
                status: 400,
                expected: sizeNotAllowed,
            },
            {
                name: "truncated PNG bytes (header intact, end missing)",
                body: () => png().subarray(0, png().length - 20),
                contentType: "image/png",
                status: 400,
                expected: notAnImage,
            },
            {
                name: "truncated JPEG bytes",
                body: () => jpegOf().subarray(0, 200),
                contentType: "image/jpeg",
                status: 400,
                expected: notAnImage,
            },
            {
                name: "PNG bytes declared as image/jpeg",
                body: png,
                contentType: "image/jpeg",
                status: 400,
                expected: notAnImage,
            },
            {
                name: "bytes that are no image at all",
                body: () => Buffer.from("definitely not an image"),
                contentType: "image/png",
                status: 400,
                expected: notAnImage,
            },
        ];
        for (const c of cases) {
            it(`refuses ${c.name}`, async () => {
                const id = await createRichMenu(line);
                const res = await line.call("POST", `/v2/bot/richmenu/${id}/content`, {
                    body: c.body(),
                    contentType: c.contentType,
                });
                assert.equal(res.status, c.status);
                assert.deepEqual(res.body, c.expected);
                assert.equal((await line.call("GET", `/v2/bot/richmenu/${id}/content`)).status, 404);
            });
        }

        it("refuses an image over 1 MB even when its dimensions are right", async () => {
            const size = { width: 800, height: 500 };
            const big = makeJpeg(size.width, size.height, { noise: true, quality: 100 });
            assert.ok(big.length > 1024 * 1024, `the fixture is only ${big.length} bytes`);
            const id = await createRichMenu(line, { size });
            const res = await line.call("POST", `/v2/bot/richmenu/${id}/content`, {
                body: big,
                contentType: "image/jpeg",
            });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, sizeNotAllowed);
        });

        it("refuses a second upload: images are once-only", async () => {
            const id = await createUsableRichMenu(line);
            const res = await line.call("POST", `/v2/bot/richmenu/${id}/content`, {
                body: pngOf(),
                contentType: "image/png",
            });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, {
                message: "An image has already been uploaded to the richmenu",
                details: [],
            });
        });

        it("answers 404 for uploading to an unknown menu", async () => {
            const res = await line.call("POST", `/v2/bot/richmenu/richmenu-${"0".repeat(32)}/content`, {
                body: pngOf(),
                contentType: "image/png",
            });
            assert.equal(res.status, 404);
            assert.deepEqual(res.body, { message: "Not found" });
        });

        it("answers 404 Not found for downloading a menu that has no image", async () => {
            const id = await createRichMenu(line);
            const res = await line.call("GET", `/v2/bot/richmenu/${id}/content`);
            assert.equal(res.status, 404);
            assert.deepEqual(res.body, { message: "Not found" });
        });

        it("needs the image before a menu can be the default, an alias target, linked, bulk-linked or a batch target", async () => {
            const bare = await createRichMenu(line);
            const usable = await createUsableRichMenu(line);
            const [friend] = await line.control.addFriends(1);
            const imageRequired = {
                message: "must upload richmenu image before applying it to user",
                details: [],
            };
            const attempts = [
                { call: () => line.call("POST", `/v2/bot/user/all/richmenu/${bare}`), body: imageRequired },
                {
                    call: () =>
                        line.call("POST", "/v2/bot/richmenu/alias", {
                            json: { richMenuAliasId: "a", richMenuId: bare },
                        }),
                    body: { message: "richmenu not found", details: [] },
                },
                {
                    call: () => line.call("POST", `/v2/bot/user/${friend}/richmenu/${bare}`),
                    body: imageRequired,
                },
                {
                    call: () =>
                        line.call("POST", "/v2/bot/richmenu/bulk/link", {
                            json: { richMenuId: bare, userIds: [friend] },
                        }),
                    body: imageRequired,
                },
                {
                    call: () =>
                        line.call("POST", "/v2/bot/richmenu/batch", {
                            json: { operations: [{ type: "link", from: usable, to: bare }] },
                        }),
                    body: {
                        message: "must upload richmenu image before applying it to user",
                        details: [
                            { message: `Richmenu (${bare}) has no image`, property: "operations[0].to" },
                        ],
                    },
                },
            ];
            for (const attempt of attempts) {
                const res = await attempt.call();
                assert.equal(res.status, 400, res.text);
                assert.deepEqual(res.body, attempt.body);
            }
            await uploadImage(line, bare);
            assert.equal((await line.call("POST", `/v2/bot/user/all/richmenu/${bare}`)).status, 200);
        });
    });
});
