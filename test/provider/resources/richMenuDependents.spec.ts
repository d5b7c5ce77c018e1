import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ManualClock } from "../../../emulator";
import { defaultRichMenuHandlers } from "../../../provider/resources/defaultRichMenu";
import { useTiming } from "../../../provider/resources/polling";
import { richMenuHandlers, type RichMenuInputs } from "../../../provider/resources/richMenu";
import { richMenuAliasHandlers } from "../../../provider/resources/richMenuAlias";
import {
    userRichMenuLinksHandlers,
    type UserRichMenuLinksInputs,
    type UserRichMenuLinksOutputs,
} from "../../../provider/resources/userRichMenuLinks";
import { useEmulator } from "../../support/emulator";
import { makePng } from "../../support/images";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";

/**
 * The resources that point at a rich menu (alias, default, user links): their own lifecycles, and the
 * replacement of a menu they all point at, step by step in the order the engine runs them.
 */

interface ChannelView {
    readonly richMenus: readonly { richMenuId: string; hasImage: boolean }[];
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Readonly<Record<string, string>>;
}

describe("resources that point at a rich menu", () => {
    // One clock for the emulator and the provider's waits: a rich menu batch is polled to completion
    // on emulated time, without sleeping.
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock });
    useLineEnvironment(line);
    before(() => useTiming({ now: () => clock.now(), sleep: async ms => clock.advance(ms) }));
    after(() => useTiming(undefined));
    const dir = mkdtempSync(path.join(os.tmpdir(), "dependents-"));
    const png = (name: string, rgb: [number, number, number]) => {
        const file = path.join(dir, name);
        writeFileSync(file, makePng(2500, 843, rgb));
        return file;
    };
    const images = { a: png("a.png", [0, 200, 80]), b: png("b.png", [0, 80, 200]) };
    const state = () => line.control.state<ChannelView>();

    async function menu(image: string, name = "Menu"): Promise<string> {
        const inputs: RichMenuInputs = {
            size: { width: 2500, height: 843 },
            selected: false,
            name,
            chatBarText: "Menu",
            areas: [
                {
                    bounds: { x: 0, y: 0, width: 2500, height: 843 },
                    action: { type: "postback", data: name },
                },
            ],
            image,
        };
        const checked = (await richMenuHandlers.check(inputs, inputs)).inputs!;
        return (await richMenuHandlers.create(checked)).id;
    }

    beforeEach(async () => {
        await line.control.reset();
    });

    describe("RichMenuAlias", () => {
        it("creates, re-points in place, reads drift and deletes", async () => {
            const [a, b] = [await menu(images.a, "A"), await menu(images.b, "B")];
            await line.control.clearRequests();
            const created = await richMenuAliasHandlers.create({ richMenuAliasId: "tab", richMenuId: a });
            assert.equal(created.id, "tab");
            const diff = await richMenuAliasHandlers.diff("tab", created.outs!, {
                richMenuAliasId: "tab",
                richMenuId: b,
            });
            assert.deepEqual(diff.replaces, [], "re-pointing is not a replacement");
            await richMenuAliasHandlers.update("tab", created.outs!, {
                richMenuAliasId: "tab",
                richMenuId: b,
            });
            assert.deepEqual(calls(await line.control.requests()), [
                "POST /v2/bot/richmenu/alias",
                "POST /v2/bot/richmenu/alias/tab",
            ]);
            assert.deepEqual((await state()).aliases, [{ richMenuAliasId: "tab", richMenuId: b }]);

            await line.call("POST", "/v2/bot/richmenu/alias/tab", { json: { richMenuId: a } });
            const read = await richMenuAliasHandlers.read("tab", { richMenuAliasId: "tab", richMenuId: b });
            assert.equal(read.props?.richMenuId, a, "refresh shows the alias re-pointed outside Pulumi");

            await richMenuAliasHandlers.delete("tab", { richMenuAliasId: "tab", richMenuId: a });
            assert.deepEqual((await state()).aliases, []);
            assert.deepEqual(
                await richMenuAliasHandlers.read("tab", { richMenuAliasId: "tab", richMenuId: a }),
                {},
            );
            await richMenuAliasHandlers.delete("tab", { richMenuAliasId: "tab", richMenuId: a });
        });

        it("replaces on a new alias ID", async () => {
            const diff = await richMenuAliasHandlers.diff(
                "tab",
                { richMenuAliasId: "tab", richMenuId: "richmenu-1" },
                { richMenuAliasId: "tab-2", richMenuId: "richmenu-1" },
            );
            assert.deepEqual(diff.replaces, ["richMenuAliasId"]);
        });

        it("fails on an existing alias unless told to adopt it, which re-points it", async () => {
            const [a, b] = [await menu(images.a, "A"), await menu(images.b, "B")];
            await line.call("POST", "/v2/bot/richmenu/alias", {
                json: { richMenuAliasId: "tab", richMenuId: a },
            });
            await assert.rejects(
                richMenuAliasHandlers.create({ richMenuAliasId: "tab", richMenuId: b }),
                new RegExp(
                    `^Error: rich menu alias "tab" of channel "default" already exists, pointing at ${a} \\("A"\\), ` +
                        "and was not created by this stack; LINE refuses to create it again. Set `adopt: true` on this " +
                        "RichMenuAlias to take it over\\.$",
                ),
            );
            assert.deepEqual((await state()).aliases, [{ richMenuAliasId: "tab", richMenuId: a }]);
            await richMenuAliasHandlers.create({ richMenuAliasId: "tab", richMenuId: b, adopt: true });
            assert.deepEqual((await state()).aliases, [{ richMenuAliasId: "tab", richMenuId: b }]);
        });

        const invalid: readonly [string, RegExp][] = [
            ["Tab", /a-z/],
            ["a".repeat(33), /a-z/],
            ["list", /list/],
        ];
        for (const [aliasId, reason] of invalid) {
            it(`rejects the alias ID ${JSON.stringify(aliasId)} in check`, async () => {
                const result = await richMenuAliasHandlers.check(
                    { richMenuAliasId: "x", richMenuId: "r" },
                    { richMenuAliasId: aliasId, richMenuId: "richmenu-1" },
                );
                assert.ok(
                    result.failures?.some(f => f.property === "richMenuAliasId" && reason.test(f.reason)),
                );
            });
        }
    });

    describe("DefaultRichMenu", () => {
        it("sets, moves, sees drift, and clears only its own default", async () => {
            const [a, b] = [await menu(images.a, "A"), await menu(images.b, "B")];
            const { id, outs } = await defaultRichMenuHandlers.create({ richMenuId: a });
            assert.equal((await state()).defaultRichMenuId, a);
            await defaultRichMenuHandlers.update(id, outs!, { richMenuId: b });
            assert.equal((await state()).defaultRichMenuId, b);

            await line.call("POST", `/v2/bot/user/all/richmenu/${a}`);
            assert.equal((await defaultRichMenuHandlers.read(id, { richMenuId: b })).props?.richMenuId, a);

            // Someone else's default since: deleting our resource leaves it alone.
            await defaultRichMenuHandlers.delete(id, { richMenuId: b });
            assert.equal((await state()).defaultRichMenuId, a);
            await defaultRichMenuHandlers.delete(id, { richMenuId: a });
            assert.equal((await state()).defaultRichMenuId, null);
            assert.deepEqual(await defaultRichMenuHandlers.read(id, { richMenuId: a }), {});
        });
    });

    describe("UserRichMenuLinks", () => {
        it("links in chunks of 500, appends new members, and keeps user IDs only under the secret userIds key", async () => {
            const a = await menu(images.a, "A");
            const users = await line.control.addFriends(1200);
            await line.control.clearRequests();
            const inputs: UserRichMenuLinksInputs = { richMenuId: a, userIds: users.slice(0, 1100) };
            const { outs } = await userRichMenuLinksHandlers.create(inputs);
            assert.deepEqual(
                calls(await line.control.requests()),
                Array(3).fill("POST /v2/bot/richmenu/bulk/link"),
            );
            assert.equal(outs?.userCount, 1100);
            // The engine encrypts `userIds` like the secret input of that key; nothing else may hold an ID.
            const { userIds: secret, ...clear } = outs!;
            assert.deepEqual(secret, users.slice(0, 1100).sort());
            assert.ok(!JSON.stringify(clear).includes(users[0]!), "no user ID in any other output");

            await line.control.clearRequests();
            const grown = (await userRichMenuLinksHandlers.check(inputs, { richMenuId: a, userIds: users }))
                .inputs!;
            const diff = await userRichMenuLinksHandlers.diff("id", outs!, grown);
            assert.equal(diff.changes, true);
            await userRichMenuLinksHandlers.update("id", outs!, grown);
            assert.deepEqual(
                calls(await line.control.requests()),
                ["POST /v2/bot/richmenu/bulk/link"],
                "only the 100 new users",
            );
            // The emulator applies bulk links at once (LINE "usually in seconds").
            assert.equal(Object.keys((await state()).userLinks).length, 1200);
        });

        it("rejects malformed user IDs by position, never echoing the value", async () => {
            const result = await userRichMenuLinksHandlers.check(
                { richMenuId: "r", userIds: [] },
                { richMenuId: "r", userIds: [`U${"a".repeat(32)}`, "alice@example.com"] },
            );
            assert.deepEqual(result.failures, [
                { property: "userIds[1]", reason: "must be a LINE user ID: U followed by 32 hex digits" },
            ]);
        });
    });

    describe("replacing a menu that is aliased, default and linked", () => {
        it("creates and uploads the new menu, re-points alias, default and users, then deletes the old one", async () => {
            const old = await menu(images.a, "Home");
            const users = await line.control.addFriends(3);
            const alias = await richMenuAliasHandlers.create({ richMenuAliasId: "home", richMenuId: old });
            const def = await defaultRichMenuHandlers.create({ richMenuId: old });
            const links = await userRichMenuLinksHandlers.create({ richMenuId: old, userIds: users });
            assert.equal(Object.values((await state()).userLinks).filter(m => m === old).length, 3);
            await line.control.clearRequests();

            // The engine's order for a create-before-delete replacement of the menu.
            const replacement = await menu(images.b, "Home");
            await richMenuAliasHandlers.update("home", alias.outs!, {
                richMenuAliasId: "home",
                richMenuId: replacement,
            });
            await defaultRichMenuHandlers.update(def.id, def.outs!, { richMenuId: replacement });
            const moved = (
                await userRichMenuLinksHandlers.check(links.outs as UserRichMenuLinksInputs, {
                    richMenuId: replacement,
                    userIds: users,
                })
            ).inputs!;
            await userRichMenuLinksHandlers.update(links.id, links.outs as UserRichMenuLinksOutputs, moved);
            await richMenuHandlers.delete(old, { channel: undefined } as never);

            const log = calls(await line.control.requests()).filter(c => !c.startsWith("GET "));
            assert.deepEqual(log, [
                "POST /v2/bot/richmenu",
                `POST /v2/bot/richmenu/${replacement}/content`,
                "POST /v2/bot/richmenu/alias/home",
                `POST /v2/bot/user/all/richmenu/${replacement}`,
                "POST /v2/bot/richmenu/validate/batch",
                "POST /v2/bot/richmenu/batch",
                `DELETE /v2/bot/richmenu/${old}`,
            ]);
            const after = await state();
            assert.deepEqual(
                after.richMenus.map(m => m.richMenuId),
                [replacement],
                "no orphan menu",
            );
            assert.deepEqual(after.aliases, [{ richMenuAliasId: "home", richMenuId: replacement }]);
            assert.equal(after.defaultRichMenuId, replacement);
            assert.deepEqual(Object.values(after.userLinks), [replacement, replacement, replacement]);
        });

        it("keeps the old menu (and the channel working) when re-pointing the alias fails; a rerun converges", async () => {
            const old = await menu(images.a, "Home");
            const alias = await richMenuAliasHandlers.create({ richMenuAliasId: "home", richMenuId: old });
            const replacement = await menu(images.b, "Home");
            await line.control.addFault({
                method: "POST",
                path: "/v2/bot/richmenu/alias/home",
                status: 500,
                times: 10,
            });
            await assert.rejects(
                richMenuAliasHandlers.update("home", alias.outs!, {
                    richMenuAliasId: "home",
                    richMenuId: replacement,
                }),
                /500/,
            );
            // The engine stops before deleting the old menu: the alias still works.
            assert.deepEqual((await state()).aliases, [{ richMenuAliasId: "home", richMenuId: old }]);
            await line.control.clearFaults();
            await richMenuAliasHandlers.update("home", alias.outs!, {
                richMenuAliasId: "home",
                richMenuId: replacement,
            });
            await richMenuHandlers.delete(old, {} as never);
            const after = await state();
            assert.deepEqual(after.aliases, [{ richMenuAliasId: "home", richMenuId: replacement }]);
            assert.deepEqual(
                after.richMenus.map(m => m.richMenuId),
                [replacement],
            );
        });

        it("rides out a 429 storm on reads and idempotent writes", async () => {
            const a = await menu(images.a, "A");
            await line.control.addFault({ path: "/v2/bot/richmenu/alias*", status: 429, times: 2 });
            await richMenuAliasHandlers
                .create({ richMenuAliasId: "storm", richMenuId: a })
                .catch(() => undefined);
            // Creates are never repeated blindly; the engine's rerun (here: a second create with adopt) converges.
            await line.control.clearFaults();
            await line.control.addFault({
                method: "GET",
                path: "/v2/bot/richmenu/alias/{richMenuAliasId}",
                status: 429,
                times: 2,
            });
            await richMenuAliasHandlers.create({ richMenuAliasId: "storm", richMenuId: a, adopt: true });
            const read = await richMenuAliasHandlers.read("storm", {
                richMenuAliasId: "storm",
                richMenuId: a,
            });
            assert.equal(read.props?.richMenuId, a, "the GET was retried through two 429s");
        });
    });
});
