import assert from "node:assert/strict";
import { LineClient } from "../../provider/client";
import { findOrphanRichMenus, RICH_MENU_TYPE, type StackDeployment } from "../../provider/orphans";
import { useEmulator } from "../support/emulator";
import { createUsableRichMenu, menuRequest } from "../support/menus";

/**
 * The orphan report decides from the stack's own state (a pending "creating" operation is the only
 * evidence LINE leaves of a create the stack started) and from what the channel shows (default,
 * aliases, the users the stack links); it only ever reads.
 */
describe("orphans: rich menus an interrupted create of this stack left behind", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });
    const client = () =>
        new LineClient({ channelAccessToken: line.token, apiBaseUrl: line.url, dataBaseUrl: line.url });

    const menu = (name: string) => createUsableRichMenu(line, { name });
    const urn = (name: string) => `urn:pulumi:prod::shop::${RICH_MENU_TYPE}::${name}`;
    const tracked = (name: string, id: string) => ({
        urn: urn(name),
        type: RICH_MENU_TYPE,
        id,
        inputs: menuRequest({ name }),
        outputs: { ...menuRequest({ name }), richMenuId: id },
    });
    const creating = (name: string, inputs: Record<string, unknown> = {}) => ({
        type: "creating",
        resource: {
            urn: urn(name),
            type: RICH_MENU_TYPE,
            inputs: { ...menuRequest({ name }), image: "x.png", ...inputs },
        },
    });
    const state = (resources: unknown[], pending: unknown[]) =>
        ({ deployment: { resources, pending_operations: pending } }) as StackDeployment;

    it("reports an untracked menu whose definition is that of an interrupted create, and nothing else", async () => {
        const home = await menu("Home");
        const orphan = await menu("shop");
        await menu("Hand-made"); // no create of it: someone else's
        await line.control.clearRequests();
        const report = await findOrphanRichMenus(
            client(),
            state([tracked("home", home)], [creating("shop")]),
        );
        assert.deepEqual(report.orphans, [{ richMenuId: orphan, name: "shop", urn: urn("shop") }]);
        assert.equal(report.foreign, 1);
        assert.deepEqual([report.tracked, report.trackedLive, report.pendingCreates], [1, 1, 1]);
        assert.ok((await line.control.requests()).every(r => r.method === "GET"));
    });

    it("never reports a menu the stack only declares: a copy with the same definition is not its creation", async () => {
        const home = await menu("Home");
        await menu("Home"); // the same definition, made by hand (or on another stack's channel)
        const report = await findOrphanRichMenus(client(), state([tracked("home", home)], []));
        assert.deepEqual(report.orphans, []);
        assert.equal(report.foreign, 1);
    });

    const kinds: [string, (id: string) => Promise<unknown>, RegExp][] = [
        ["the default", id => line.call("POST", `/v2/bot/user/all/richmenu/${id}`), /default menu/],
        [
            "an alias target",
            id =>
                line.call("POST", "/v2/bot/richmenu/alias", {
                    json: { richMenuAliasId: "shop", richMenuId: id },
                }),
            /alias "shop" points at it/,
        ],
        [
            "the menu of a user the stack links",
            async id => {
                const [user] = await line.control.addFriends(1);
                await line.call("POST", `/v2/bot/user/${user}/richmenu/${id}`);
                return user;
            },
            /users this stack links/,
        ],
    ];
    for (const [kind, use, reason] of kinds) {
        it(`never reports ${kind}, and says why it is kept`, async () => {
            const id = await menu("shop");
            const user = await use(id);
            const report = await findOrphanRichMenus(client(), state([], [creating("shop")]), {
                linkedUserIds: typeof user === "string" ? [user] : [],
            });
            assert.deepEqual(report.orphans, []);
            assert.equal(report.kept.length, 1);
            assert.match(report.kept[0]!.reason, reason);
        });
    }

    it("offers none when more untracked menus have the definition than the stack has creates of it", async () => {
        await menu("shop");
        await menu("shop");
        const report = await findOrphanRichMenus(client(), state([], [creating("shop")]));
        assert.deepEqual(report.orphans, []);
        assert.equal(report.kept.length, 2);
        assert.match(report.kept[0]!.reason, /cannot tell which/);
    });

    it("does not count an adoption or another channel's create as a creation", async () => {
        const id = await menu("shop");
        const report = await findOrphanRichMenus(
            client(),
            state(
                [],
                [creating("shop", { adoptRichMenuId: id }), creating("shop-prod", { channel: "prod" })],
            ),
        );
        assert.deepEqual(report.orphans, []);
        assert.equal(report.pendingCreates, 0);
    });
});
