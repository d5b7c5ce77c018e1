import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    richMenuHandlers,
    type RichMenuInputs,
    type RichMenuOutputs,
} from "../../../provider/resources/richMenu";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { useEmulator } from "../../support/emulator";
import { makeJpeg, makePng } from "../../support/images";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { stderrOf } from "../../support/stderr";

interface MenuView {
    readonly richMenuId: string;
    readonly name: string;
    readonly hasImage: boolean;
    readonly imageSha256?: string;
}

describe("RichMenu", () => {
    const line = useEmulator({ rateLimits: false });
    useLineEnvironment(line);
    const dir = mkdtempSync(path.join(os.tmpdir(), "rich-menu-"));
    const image = (name: string, bytes: Buffer) => {
        const file = path.join(dir, name);
        writeFileSync(file, bytes);
        return file;
    };
    const green = image("green.png", makePng(2500, 843));
    const blue = image("blue.png", makePng(2500, 843, [0, 0, 255]));
    const tall = image("tall.png", makePng(2500, 1686));

    const inputs = (overrides: Partial<RichMenuInputs> = {}): RichMenuInputs => ({
        size: { width: 2500, height: 843 },
        selected: false,
        name: "Home",
        chatBarText: "Menu",
        areas: [
            { bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: "message", text: "hi" } },
        ],
        image: green,
        ...overrides,
    });

    async function checked(news: RichMenuInputs, olds: RichMenuInputs = news): Promise<RichMenuInputs> {
        const result = await richMenuHandlers.check(olds, news);
        assert.deepEqual(result.failures, []);
        return result.inputs!;
    }
    const menus = async () => (await line.control.state<{ richMenus: MenuView[] }>()).richMenus;

    beforeEach(async () => {
        await line.control.reset();
    });

    describe("check", () => {
        it("records the image's sha-256 so the diff sees new bytes under the same path", async () => {
            const result = await checked(inputs());
            assert.match(result.imageSha256 ?? "", /^[0-9a-f]{64}$/);
        });

        const bad: readonly [string, () => Partial<RichMenuInputs>, string, RegExp][] = [
            [
                "a missing image file",
                () => ({ image: path.join(dir, "nope.png") }),
                "image",
                /file not found/,
            ],
            [
                "an image of the wrong size",
                () => ({ image: image("small.png", makePng(1200, 405)) }),
                "image",
                /1200x405 pixels but the menu size is 2500x843/,
            ],
            ["a GIF", () => ({ image: image("x.gif", Buffer.from("GIF89a....")) }), "image", /PNG or JPEG/],
            [
                "a truncated PNG",
                () => ({ image: image("cut.png", makePng(2500, 843).subarray(0, 200)) }),
                "image",
                /truncated/,
            ],
            [
                "an image over 1 MB",
                () => ({ image: image("big.jpg", makeJpeg(2500, 843, { noise: true, quality: 100 })) }),
                "image",
                /1 MB/,
            ],
            [
                "a chat bar text over 14",
                () => ({ chatBarText: "much too long text" }),
                "chatBarText",
                /more than 14/,
            ],
        ];
        for (const [title, override, property, reason] of bad) {
            it(`fails on ${title}, naming ${property}, and writes nothing to LINE`, async () => {
                await line.control.clearRequests();
                const result = await richMenuHandlers.check(inputs(), inputs(override()));
                assert.ok(
                    result.failures?.some(f => f.property === property && reason.test(f.reason)),
                    JSON.stringify(result.failures),
                );
                // check may look up which bot it acts on (GET /v2/bot/info), but never writes.
                assert.deepEqual(
                    (await line.control.requests()).filter(r => r.method !== "GET"),
                    [],
                );
            });
        }

        it("tolerates values unknown during preview", async () => {
            const result = await richMenuHandlers.check(inputs(), inputs({ name: UNKNOWN, image: UNKNOWN }));
            assert.deepEqual(result.failures, []);
        });
    });

    describe("diff", () => {
        it("finds no change when only key order differs", async () => {
            const a = await checked(inputs());
            // The same values, keys inserted in reverse order (as a re-ordered YAML mapping gives).
            const reordered = Object.fromEntries(Object.entries(a).reverse()) as unknown as RichMenuInputs;
            const diff = await richMenuHandlers.diff(
                "id",
                { ...a, richMenuId: "id" } as RichMenuOutputs,
                reordered,
            );
            assert.equal(diff.changes, false);
        });

        const replacing: readonly [string, Partial<RichMenuInputs>, string[]][] = [
            ["new image bytes", { image: blue }, ["imageSha256"]],
            ["a new name", { name: "Home v2" }, ["name"]],
            [
                "moved areas",
                {
                    areas: [
                        {
                            bounds: { x: 0, y: 0, width: 100, height: 100 },
                            action: { type: "message", text: "hi" },
                        },
                    ],
                },
                ["areas"],
            ],
            [
                "another size (and so another image)",
                { size: { width: 2500, height: 1686 }, image: tall },
                ["size", "imageSha256"],
            ],
            ["another channel", { channel: "prod" }, ["channel"]],
        ];
        for (const [title, override, keys] of replacing) {
            it(`replaces the menu for ${title}`, async () => {
                const olds = { ...(await checked(inputs())), richMenuId: "id" } as RichMenuOutputs;
                const news = await checked(inputs(override), olds);
                const diff = await richMenuHandlers.diff("id", olds, news);
                assert.deepEqual(diff.replaces, keys);
                assert.equal(diff.deleteBeforeReplace, false, "create the new menu before deleting the old");
            });
        }
    });

    describe("lifecycle", () => {
        it("creates the menu, then uploads its image, and nothing else", async () => {
            const { id, outs } = await richMenuHandlers.create(await checked(inputs()));
            assert.deepEqual(calls(await line.control.requests()), [
                "POST /v2/bot/richmenu",
                `POST /v2/bot/richmenu/${id}/content`,
            ]);
            const [menu] = await menus();
            assert.equal(menu?.richMenuId, id);
            assert.equal(menu?.hasImage, true);
            assert.equal(menu?.imageSha256, outs?.imageSha256);
        });

        it("deletes the new menu when the image upload fails, leaving no orphan", async () => {
            await line.control.addFault({
                method: "POST",
                path: "/v2/bot/richmenu/{richMenuId}/content",
                status: 500,
                times: 10,
            });
            await assert.rejects(richMenuHandlers.create(await checked(inputs())), /500/);
            assert.deepEqual(await menus(), []);
            const log = calls(await line.control.requests());
            assert.equal(log[0], "POST /v2/bot/richmenu");
            assert.match(log[log.length - 1] ?? "", /^DELETE \/v2\/bot\/richmenu\/richmenu-/);
            await line.control.clearFaults();
            // A rerun converges: one menu, with its image.
            await richMenuHandlers.create(await checked(inputs()));
            assert.equal((await menus()).filter(m => m.hasImage).length, 1);
        });

        it("does not repeat a create that failed with 5xx (a retry could make a duplicate)", async () => {
            await line.control.addFault({ method: "POST", path: "/v2/bot/richmenu", status: 503, times: 1 });
            await assert.rejects(richMenuHandlers.create(await checked(inputs())), /503/);
            assert.deepEqual(calls(await line.control.requests()), ["POST /v2/bot/richmenu"]);
        });

        it("reads back what LINE holds, and reports a menu deleted outside Pulumi as gone", async () => {
            const { id, outs } = await richMenuHandlers.create(await checked(inputs()));
            const read = await richMenuHandlers.read(id, outs);
            assert.equal(read.id, id);
            assert.equal(read.props?.name, "Home");
            await line.call("DELETE", `/v2/bot/richmenu/${id}`);
            assert.deepEqual(await richMenuHandlers.read(id, outs), {});
        });

        it("treats deleting a menu that is already gone as success", async () => {
            const { id, outs } = await richMenuHandlers.create(await checked(inputs()));
            await richMenuHandlers.delete(id, outs!);
            assert.deepEqual(await menus(), []);
            await richMenuHandlers.delete(id, outs!);
        });

        it("adopts an existing menu by ID, uploading the image it lacks", async () => {
            const created = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
                json: {
                    size: { width: 2500, height: 843 },
                    selected: false,
                    name: "Home",
                    chatBarText: "Menu",
                    areas: inputs().areas,
                },
            });
            const existing = created.body.richMenuId;
            await line.control.clearRequests();
            const { id } = await richMenuHandlers.create(
                await checked(inputs({ adoptRichMenuId: existing }), {} as RichMenuInputs),
            );
            assert.equal(id, existing);
            assert.deepEqual(calls(await line.control.requests()), [
                `GET /v2/bot/richmenu/${existing}`,
                `GET /v2/bot/richmenu/${existing}/content`,
                `POST /v2/bot/richmenu/${existing}/content`,
            ]);
            assert.equal((await menus())[0]?.hasImage, true);
        });

        it("adopts a menu that has its image already with no write at all", async () => {
            const { id: existing } = await richMenuHandlers.create(await checked(inputs()));
            await line.control.clearRequests();
            const { id } = await richMenuHandlers.create(
                await checked(inputs({ adoptRichMenuId: existing }), {} as RichMenuInputs),
            );
            assert.equal(id, existing);
            assert.deepEqual(calls(await line.control.requests()), [
                `GET /v2/bot/richmenu/${existing}`,
                `GET /v2/bot/richmenu/${existing}/content`,
            ]);
            assert.equal((await menus()).length, 1);
        });

        it("keeps the adoption marker of a menu in state, and drops it when a change replaces the menu", async () => {
            const outs = (await richMenuHandlers.create(await checked(inputs()))).outs!;
            const adopted = { ...outs, adoptRichMenuId: outs.richMenuId } as RichMenuInputs;
            const same = await checked(inputs({ adoptRichMenuId: outs.richMenuId }), adopted);
            assert.equal(same.adoptRichMenuId, outs.richMenuId);
            const renamed = await checked(
                inputs({ adoptRichMenuId: outs.richMenuId, name: "Home 2" }),
                adopted,
            );
            assert.equal(renamed.adoptRichMenuId, undefined);
            const diff = await richMenuHandlers.diff(outs.richMenuId, { ...outs, ...adopted }, renamed);
            assert.deepEqual(diff.replaces, ["name"]);
            await line.control.clearRequests();
            const { id } = await richMenuHandlers.create(renamed);
            assert.notEqual(id, outs.richMenuId);
            assert.deepEqual(calls(await line.control.requests()), [
                "POST /v2/bot/richmenu",
                `POST /v2/bot/richmenu/${id}/content`,
            ]);
        });

        it("creates a new menu instead when the one to adopt has another definition, leaving it alone", async () => {
            const created = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
                json: {
                    size: { width: 2500, height: 843 },
                    selected: true,
                    name: "Other",
                    chatBarText: "Menu",
                    areas: inputs().areas,
                },
            });
            await line.control.clearRequests();
            const { result, printed } = await stderrOf(async () =>
                richMenuHandlers.create(
                    await checked(inputs({ adoptRichMenuId: created.body.richMenuId }), {} as RichMenuInputs),
                ),
            );
            assert.notEqual(result.id, created.body.richMenuId);
            assert.match(printed, /is not adopted: its definition differs/);
            assert.deepEqual(calls(await line.control.requests()), [
                `GET /v2/bot/richmenu/${created.body.richMenuId}`,
                "POST /v2/bot/richmenu",
                `POST /v2/bot/richmenu/${result.id}/content`,
            ]);
            assert.equal((await menus()).length, 2);
        });

        it("creates a new menu when only the image changed, so a replacement never re-adopts the menu it replaces", async () => {
            const outs = (await richMenuHandlers.create(await checked(inputs()))).outs!;
            // What the engine's second check of a replacement hands create: the program's inputs, marker included.
            const replacement = await checked(
                inputs({ adoptRichMenuId: outs.richMenuId, image: blue }),
                {} as RichMenuInputs,
            );
            const { result, printed } = await stderrOf(() => richMenuHandlers.create(replacement));
            assert.notEqual(result.id, outs.richMenuId);
            assert.match(printed, /its image differs/);
        });
    });
});
