import assert from "node:assert/strict";
import type { RichMenuAction, RichMenuRequest } from "../../../emulator";
import { USER_A, createUsableRichMenu, pngOf } from "../fixtures";
import { usePlatformChannel } from "../platformChannel";

interface TapAnswer {
    readonly action: Record<string, unknown>;
    readonly effect: Record<string, unknown>;
    readonly deliveries: { status: string; events: Record<string, unknown>[] }[];
    readonly screen: { menuOpen: boolean; richMenu: null | { richMenuId: string; source: string } };
}

const area = (index: number, action: RichMenuAction) => ({
    bounds: { x: index * 100, y: 0, width: 100, height: 200 },
    action,
});

/** One menu with every action type LINE allows in a rich menu, one 100-pixel column each. */
const TAP_MENU: Partial<RichMenuRequest> = {
    selected: false,
    name: "Every action",
    chatBarText: "Actions",
    areas: [
        area(0, { type: "postback", data: "p=close", displayText: "Close it", inputOption: "closeRichMenu" }),
        area(1, { type: "postback", data: "p=open", inputOption: "openRichMenu" }),
        area(2, { type: "message", text: "Hello" }),
        area(3, { type: "uri", uri: "https://example.com/shop" }),
        area(4, { type: "clipboard", clipboardText: "COUPON" }),
        area(5, { type: "datetimepicker", data: "d=1", mode: "date", min: "2017-01-01", max: "2017-12-31" }),
        area(6, { type: "richmenuswitch", richMenuAliasId: "other", data: "tab=other" }),
        area(7, { type: "richmenuswitch", richMenuAliasId: "missing", data: "tab=missing" }),
    ],
};

describe("emulator: what a user sees and taps (/_emulator/channels/{name}/users/{userId}/screen, /tap)", () => {
    const { line, bot, api, state, events } = usePlatformChannel("screen-secret");
    const tap = (body: Record<string, unknown>) =>
        line.controlCall<TapAnswer>("POST", `/users/${USER_A}/tap`, body);

    let menu = "";
    let other = "";
    beforeEach(async () => {
        menu = await createUsableRichMenu(line, TAP_MENU);
        other = await createUsableRichMenu(line, { name: "Other", selected: true });
        await api().createRichMenuAlias({ richMenuAliasId: "other", richMenuId: other });
        await api().setDefaultRichMenu(menu);
        await line.control.addFriendIds([USER_A]);
        await api().setWebhookEndpoint({ endpoint: bot.url });
        bot.received.length = 0;
    });

    describe("GET and PUT .../screen", () => {
        it("shows the default menu, closed as its `selected` says, with its image on the control surface", async () => {
            const screen = await line.controlCall("GET", `/users/${USER_A}/screen`);
            const stored = state().richMenus.get(menu)!.menu;
            assert.deepEqual(screen.body, {
                userId: USER_A,
                menuOpen: false,
                richMenu: {
                    richMenuId: menu,
                    source: "default",
                    name: "Every action",
                    chatBarText: "Actions",
                    selected: false,
                    size: stored.size,
                    areas: stored.areas,
                    imageUrl: `/_emulator/channels/shop/richmenus/${menu}/image`,
                },
            });
            const image = await line.call("GET", `/_emulator/channels/shop/richmenus/${menu}/image`, {
                token: null,
            });
            assert.equal(image.headers.get("content-type"), "image/png");
            assert.ok(image.bytes.equals(pngOf()));
            const opened = await line.controlCall("PUT", `/users/${USER_A}/screen`, { menuOpen: true });
            assert.equal(opened.body.menuOpen, true);
            assert.equal(state().users.get(USER_A)?.menuOpen, true);
        });

        it("shows a menu linked to the user before the default", async () => {
            await api().linkRichMenuIdToUser(USER_A, other);
            const screen = await line.controlCall<TapAnswer["screen"]>("GET", `/users/${USER_A}/screen`);
            assert.deepEqual(
                [screen.body.richMenu?.richMenuId, screen.body.richMenu?.source],
                [other, "user"],
            );
            assert.equal(screen.body.menuOpen, true, "the linked menu is `selected`");
        });

        it("shows a user who blocks the bot only the default, though a link remains", async () => {
            await api().linkRichMenuIdToUser(USER_A, other);
            await line.controlCall("POST", `/users/${USER_A}/block`);
            const screen = await line.controlCall<TapAnswer["screen"]>("GET", `/users/${USER_A}/screen`);
            assert.deepEqual(
                [screen.body.richMenu?.richMenuId, screen.body.richMenu?.source],
                [menu, "default"],
            );
            assert.equal(state().userLinks.get(USER_A), other);
        });

        it("shows no menu when there is neither a link nor a default, and answers 404 for an unknown image", async () => {
            await api().cancelDefaultRichMenu();
            const screen = await line.controlCall("GET", `/users/${USER_A}/screen`);
            assert.deepEqual(screen.body, { userId: USER_A, menuOpen: false, richMenu: null });
            const none = await line.call(
                "GET",
                `/_emulator/channels/shop/richmenus/richmenu-${"0".repeat(32)}/image`,
                {
                    token: null,
                },
            );
            assert.equal(none.status, 404);
        });
    });

    describe("POST .../tap", () => {
        const cases: {
            readonly what: string;
            readonly body: Record<string, unknown>;
            readonly event?: Record<string, unknown>;
            readonly effect: Record<string, unknown>;
            readonly chat: readonly string[];
            readonly menuOpen: boolean;
        }[] = [
            {
                what: "postback with displayText and closeRichMenu",
                body: { area: 0 },
                event: { type: "postback", postback: { data: "p=close" } },
                effect: { event: "postback", chatText: "Close it", menuOpen: false },
                chat: ["Close it"],
                menuOpen: false,
            },
            {
                what: "postback with openRichMenu",
                body: { area: 1 },
                event: { type: "postback", postback: { data: "p=open" } },
                effect: { event: "postback", menuOpen: true },
                chat: [],
                menuOpen: true,
            },
            {
                what: "message, tapped by its point",
                body: { x: 250, y: 100 },
                event: { type: "message" },
                effect: { event: "message", chatText: "Hello" },
                chat: ["Hello"],
                menuOpen: false,
            },
            {
                what: "uri",
                body: { area: 3 },
                effect: { event: null, recorded: "opens https://example.com/shop on the phone" },
                chat: [],
                menuOpen: false,
            },
            {
                what: "clipboard",
                body: { area: 4 },
                effect: { event: null, recorded: "copies clipboardText on the phone" },
                chat: [],
                menuOpen: false,
            },
            {
                what: "datetimepicker in date mode",
                body: { area: 5, date: "2017-12-25" },
                event: { type: "postback", postback: { data: "d=1", params: { date: "2017-12-25" } } },
                effect: { event: "postback" },
                chat: [],
                menuOpen: false,
            },
        ];
        for (const c of cases) {
            it(`${c.what}: ${c.event === undefined ? "nothing delivered" : `a ${String(c.event.type)} event`}`, async () => {
                const res = await tap(c.body);
                assert.equal(res.status, 200, res.text);
                assert.deepEqual(res.body.effect, c.effect);
                assert.equal(res.body.screen.menuOpen, c.menuOpen);
                const delivered = events();
                if (c.event === undefined) {
                    assert.deepEqual(res.body.deliveries, []);
                    assert.equal(delivered.length, 0);
                } else {
                    assert.equal(delivered.length, 1);
                    const [event] = delivered;
                    for (const [key, value] of Object.entries(c.event))
                        assert.deepEqual(event?.[key], value, key);
                    assert.ok(state().replyTokens.has(String(event?.replyToken)), "a reply token is issued");
                    assert.deepEqual(res.body.deliveries[0]?.events, delivered);
                }
                const chat = state().chatLog.map(m => (m.message as { text: string }).text);
                assert.deepEqual(chat, c.chat);
                assert.ok(state().chatLog.every(m => m.chatId === USER_A && m.from === "user"));
            });
        }

        it("message: the event's message is a text message with an ID and a quote token, as in the chat log", async () => {
            await tap({ area: 2 });
            const [event] = events();
            const message = event?.message as Record<string, unknown>;
            assert.deepEqual(Object.keys(message), ["type", "id", "quoteToken", "text"]);
            assert.deepEqual(state().chatLog[0]?.message, message);
        });

        it("richmenuswitch links the alias's menu to the user: the postback says SUCCESS and LINE's API reports the link", async () => {
            const res = await tap({ area: 6 });
            assert.deepEqual(res.body.effect, {
                event: "postback",
                switch: { status: "SUCCESS", richMenuAliasId: "other", richMenuId: other },
            });
            const [event] = events();
            assert.deepEqual(event?.postback, {
                data: "tab=other",
                params: { newRichMenuAliasId: "other", status: "SUCCESS" },
            });
            assert.deepEqual(await api().getRichMenuIdOfUser(USER_A), { richMenuId: other });
            assert.deepEqual(
                [
                    res.body.screen.richMenu?.richMenuId,
                    res.body.screen.richMenu?.source,
                    res.body.screen.menuOpen,
                ],
                [other, "user", true],
            );
        });

        it("richmenuswitch to an unknown alias: RICHMENU_ALIAS_ID_NOTFOUND without the alias ID, nothing linked", async () => {
            await tap({ area: 7 });
            const [event] = events();
            assert.deepEqual(event?.postback, {
                data: "tab=missing",
                params: { status: "RICHMENU_ALIAS_ID_NOTFOUND" },
            });
            assert.equal(state().userLinks.has(USER_A), false);
        });

        it("richmenuswitch to an alias whose menu was deleted: RICHMENU_NOTFOUND, nothing linked", async () => {
            await api().deleteRichMenu(other);
            const res = await tap({ area: 6 });
            assert.equal((res.body.effect.switch as { status: string }).status, "RICHMENU_NOTFOUND");
            const [event] = events();
            assert.deepEqual(event?.postback, { data: "tab=other", params: { status: "RICHMENU_NOTFOUND" } });
            assert.equal(state().userLinks.has(USER_A), false);
        });

        for (const [what, body] of [
            ["a point outside every area", { x: 50, y: 220 }],
            ["an area index past the last", { area: 8 }],
            ["a picker date outside min and max", { area: 5, date: "2018-01-01" }],
            ["a picker date in the wrong format", { area: 5, date: "25/12/2017" }],
            ["neither area nor point", {}],
        ] as const) {
            it(`refuses ${what} with 400, delivering nothing`, async () => {
                const res = await tap(body);
                assert.equal(res.status, 400, res.text);
                assert.equal(bot.received.length, 0);
                assert.deepEqual(state().chatLog, []);
            });
        }

        it("refuses a tap by a user who blocks the bot", async () => {
            await line.controlCall("POST", `/users/${USER_A}/block`);
            bot.received.length = 0;
            assert.equal((await tap({ area: 0 })).status, 400);
            assert.equal(bot.received.length, 0);
        });
    });
});
