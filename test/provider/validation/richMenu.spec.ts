import assert from "node:assert/strict";
import { validateRichMenuObject } from "../../../provider/validation/richMenu";

type Menu = Record<string, unknown>;

const valid = (): Menu => ({
    size: { width: 2500, height: 1686 },
    selected: false,
    name: "Home",
    chatBarText: "Menu",
    areas: [
        {
            bounds: { x: 0, y: 0, width: 1250, height: 843 },
            action: { type: "postback", data: "a=1", label: "A" },
        },
        {
            bounds: { x: 1250, y: 0, width: 1250, height: 843 },
            action: { type: "uri", uri: "https://example.com/x" },
        },
    ],
});

function withArea(action: Record<string, unknown>): Menu {
    return { ...valid(), areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action }] };
}

describe("validateRichMenuObject", () => {
    it("accepts a menu that follows LINE's rules", () => {
        assert.deepEqual(validateRichMenuObject(valid()), []);
    });

    it("accepts every action type LINE allows in rich menus", () => {
        const actions = [
            {
                type: "postback",
                data: "d",
                displayText: "shown",
                inputOption: "openKeyboard",
                fillInText: "hi\nthere",
            },
            { type: "message", text: "hello" },
            { type: "uri", uri: "line://nv/location", altUri: { desktop: "https://example.com" } },
            { type: "uri", uri: "tel:0312345678" },
            {
                type: "datetimepicker",
                data: "d",
                mode: "date",
                initial: "2026-01-01",
                min: "2025-01-01",
                max: "2027-01-01",
            },
            { type: "datetimepicker", data: "d", mode: "time", initial: "09:30" },
            { type: "datetimepicker", data: "d", mode: "datetime", initial: "2026-01-01t09:30" },
            { type: "richmenuswitch", richMenuAliasId: "tab-b_2", data: "switch" },
            { type: "clipboard", clipboardText: "COUPON-1" },
        ];
        for (const action of actions)
            assert.deepEqual(validateRichMenuObject(withArea(action)), [], JSON.stringify(action));
    });

    it("counts name, chatBarText and labels in grapheme clusters, as LINE does", () => {
        const family = "👨‍👩‍👧‍👦"; // one grapheme, seven code points
        assert.deepEqual(validateRichMenuObject({ ...valid(), chatBarText: family.repeat(14) }), []);
        assert.equal(validateRichMenuObject({ ...valid(), chatBarText: family.repeat(15) }).length, 1);
    });

    const invalid: readonly [string, Menu, string, RegExp][] = [
        ["a missing size", { ...valid(), size: undefined }, "size", /must be specified/],
        ["a narrow width", { ...valid(), size: { width: 799, height: 250 } }, "size.width", />= 800/],
        ["a wide width", { ...valid(), size: { width: 2501, height: 843 } }, "size.width", /<= 2500/],
        ["a short height", { ...valid(), size: { width: 800, height: 249 } }, "size.height", />= 250/],
        ["a ratio under 1.45", { ...valid(), size: { width: 800, height: 600 } }, "size", /at least 1.45/],
        [
            "a fractional width",
            { ...valid(), size: { width: 2500.5, height: 1686 } },
            "size.width",
            /integer/,
        ],
        ["selected as a string", { ...valid(), selected: "yes" }, "selected", /boolean/],
        ["an empty name", { ...valid(), name: "" }, "name", /fewer than 1/],
        ["a long name", { ...valid(), name: "n".repeat(301) }, "name", /more than 300/],
        ["a long chatBarText", { ...valid(), chatBarText: "c".repeat(15) }, "chatBarText", /more than 14/],
        [
            "21 areas",
            {
                ...valid(),
                areas: Array(21).fill(valid().areas instanceof Array ? (valid().areas as unknown[])[0] : {}),
            },
            "areas",
            /more than 20/,
        ],
        ["an unknown top-level key", { ...valid(), colour: "red" }, "colour", /not a known property/],
        [
            "an area outside the menu",
            {
                ...valid(),
                areas: [
                    {
                        bounds: { x: 2000, y: 0, width: 600, height: 100 },
                        action: { type: "message", text: "x" },
                    },
                ],
            },
            "areas[0].bounds",
            /outside/,
        ],
        [
            "a negative x",
            {
                ...valid(),
                areas: [
                    {
                        bounds: { x: -1, y: 0, width: 10, height: 10 },
                        action: { type: "message", text: "x" },
                    },
                ],
            },
            "areas[0].bounds.x",
            />= 0/,
        ],
        [
            "a zero-width area",
            {
                ...valid(),
                areas: [
                    { bounds: { x: 0, y: 0, width: 0, height: 10 }, action: { type: "message", text: "x" } },
                ],
            },
            "areas[0].bounds.width",
            />= 1/,
        ],
        [
            "an area without action",
            { ...valid(), areas: [{ bounds: { x: 0, y: 0, width: 10, height: 10 } }] },
            "areas[0].action",
            /must be specified/,
        ],
        [
            "a camera action",
            withArea({ type: "camera", label: "Camera" }),
            "areas[0].action.type",
            /quick-reply/,
        ],
        [
            "a location action",
            withArea({ type: "location", label: "Where" }),
            "areas[0].action.type",
            /quick-reply/,
        ],
        [
            "a postback without data",
            withArea({ type: "postback" }),
            "areas[0].action.data",
            /must be specified/,
        ],
        [
            "postback data over 300",
            withArea({ type: "postback", data: "d".repeat(301) }),
            "areas[0].action.data",
            /more than 300/,
        ],
        [
            "postback with displayText and text",
            withArea({ type: "postback", data: "d", displayText: "a", text: "b" }),
            "areas[0].action",
            /cannot both/,
        ],
        [
            "an unknown inputOption",
            withArea({ type: "postback", data: "d", inputOption: "openCamera" }),
            "areas[0].action.inputOption",
            /one of/,
        ],
        [
            "a label over 20",
            withArea({ type: "message", text: "t", label: "l".repeat(21) }),
            "areas[0].action.label",
            /more than 20/,
        ],
        [
            "a message without text",
            withArea({ type: "message" }),
            "areas[0].action.text",
            /must be specified/,
        ],
        [
            "message text over 300",
            withArea({ type: "message", text: "t".repeat(301) }),
            "areas[0].action.text",
            /more than 300/,
        ],
        [
            "an ftp uri",
            withArea({ type: "uri", uri: "ftp://example.com" }),
            "areas[0].action.uri",
            /http, https, line or tel/,
        ],
        [
            "a uri with a space",
            withArea({ type: "uri", uri: "https://example.com/a b" }),
            "areas[0].action.uri",
            /without spaces/,
        ],
        [
            "a uri over 1000",
            withArea({ type: "uri", uri: `https://example.com/${"a".repeat(1000)}` }),
            "areas[0].action.uri",
            /more than 1000/,
        ],
        [
            "a bad altUri",
            withArea({ type: "uri", uri: "https://e.com", altUri: { desktop: "mailto:x" } }),
            "areas[0].action.altUri.desktop",
            /http, https/,
        ],
        [
            "a picker without mode",
            withArea({ type: "datetimepicker", data: "d" }),
            "areas[0].action.mode",
            /must be specified/,
        ],
        [
            "a picker with a bad mode",
            withArea({ type: "datetimepicker", data: "d", mode: "week" }),
            "areas[0].action.mode",
            /one of/,
        ],
        [
            "a date in time mode",
            withArea({ type: "datetimepicker", data: "d", mode: "time", initial: "2026-01-01" }),
            "areas[0].action.initial",
            /format/,
        ],
        [
            "a date before 1900",
            withArea({ type: "datetimepicker", data: "d", mode: "date", min: "1899-12-31" }),
            "areas[0].action.min",
            /format/,
        ],
        [
            "a time zone in datetime",
            withArea({
                type: "datetimepicker",
                data: "d",
                mode: "datetime",
                initial: "2026-01-01T09:30+09:00",
            }),
            "areas[0].action.initial",
            /format/,
        ],
        [
            "max before min",
            withArea({
                type: "datetimepicker",
                data: "d",
                mode: "date",
                min: "2026-02-01",
                max: "2026-01-01",
            }),
            "areas[0].action.max",
            /later than min/,
        ],
        [
            "a switch without alias",
            withArea({ type: "richmenuswitch", data: "d" }),
            "areas[0].action.richMenuAliasId",
            /must be specified/,
        ],
        [
            "an uppercase alias",
            withArea({ type: "richmenuswitch", data: "d", richMenuAliasId: "TabA" }),
            "areas[0].action.richMenuAliasId",
            /a-z/,
        ],
        [
            "a 33-character alias",
            withArea({ type: "richmenuswitch", data: "d", richMenuAliasId: "a".repeat(33) }),
            "areas[0].action.richMenuAliasId",
            /a-z/,
        ],
        [
            "a switch without data",
            withArea({ type: "richmenuswitch", richMenuAliasId: "tab" }),
            "areas[0].action.data",
            /must be specified/,
        ],
        [
            "empty clipboard text",
            withArea({ type: "clipboard", clipboardText: "" }),
            "areas[0].action.clipboardText",
            /fewer than 1/,
        ],
        [
            "an unknown action key",
            withArea({ type: "message", text: "t", color: "red" }),
            "areas[0].action.color",
            /not a known property/,
        ],
    ];

    for (const [title, menu, property, reason] of invalid) {
        it(`rejects ${title} at ${property}`, () => {
            const failures = validateRichMenuObject(menu);
            const match = failures.find(f => f.property === property && reason.test(f.reason));
            assert.ok(match, `expected ${property} ~ ${reason}, got ${JSON.stringify(failures)}`);
        });
    }

    it("prefixes property paths with the given base", () => {
        const failures = validateRichMenuObject({ ...valid(), name: "" }, "richMenus.home");
        assert.equal(failures[0]?.property, "richMenus.home.name");
    });
});
