import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { audienceHandlers } from "../../../provider/resources/audience";
import { defaultRichMenuHandlers } from "../../../provider/resources/defaultRichMenu";
import { richMenuHandlers } from "../../../provider/resources/richMenu";
import { richMenuAliasHandlers } from "../../../provider/resources/richMenuAlias";
import { userRichMenuLinksHandlers } from "../../../provider/resources/userRichMenuLinks";
import { webhookEndpointHandlers } from "../../../provider/resources/webhookEndpoint";
import { useEmulator } from "../../support/emulator";
import { makeJpeg, makePng } from "../../support/images";
import { useLineEnvironment } from "../../support/lineEnvironment";

/**
 * Bad input, every kind of it: each case fails `check` (so `pulumi preview` fails) with a failure that
 * names the property, and not one write reaches the channel.
 */

type Handlers = Required<pulumi.dynamic.ResourceProvider>;
type Case = readonly [title: string, handlers: Handlers, args: Record<string, unknown>, property: string];

const dir = mkdtempSync(path.join(os.tmpdir(), "malformed-"));
function file(name: string, bytes: Buffer | string): string {
    const target = path.join(dir, name);
    writeFileSync(target, bytes);
    return target;
}
const goodImage = file("good.png", makePng(2500, 843));
const MENU_ID = `richmenu-${"0".repeat(32)}`;
const USER = `U${"a".repeat(32)}`;

const menu = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    size: { width: 2500, height: 843 },
    selected: false,
    name: "Menu",
    chatBarText: "Menu",
    areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: "message", text: "hi" } }],
    image: goodImage,
    ...overrides,
});
const withAction = (action: Record<string, unknown>) =>
    menu({ areas: [{ bounds: { x: 0, y: 0, width: 100, height: 100 }, action }] });
const withBounds = (bounds: Record<string, unknown>) =>
    menu({ areas: [{ bounds, action: { type: "message", text: "hi" } }] });

const rich = richMenuHandlers as Handlers;
const CASES: readonly Case[] = [
    // The rich menu object.
    ...(
        [
            ["no size", { size: undefined }, "size"],
            ["a string size", { size: "2500x843" }, "size"],
            ["width 0", { size: { width: 0, height: 843 } }, "size.width"],
            ["width 799", { size: { width: 799, height: 300 } }, "size.width"],
            ["width 2501", { size: { width: 2501, height: 843 } }, "size.width"],
            ["height 249", { size: { width: 2500, height: 249 } }, "size.height"],
            ["a square menu", { size: { width: 1200, height: 1200 } }, "size"],
            ["a fractional height", { size: { width: 2500, height: 843.5 } }, "size.height"],
            ["an extra size key", { size: { width: 2500, height: 843, depth: 1 } }, "size.depth"],
            ["no selected", { selected: undefined }, "selected"],
            ["selected as 1", { selected: 1 }, "selected"],
            ["no name", { name: undefined }, "name"],
            ["an empty name", { name: "" }, "name"],
            ["a 301-character name", { name: "n".repeat(301) }, "name"],
            ["a numeric name", { name: 42 }, "name"],
            ["no chatBarText", { chatBarText: undefined }, "chatBarText"],
            ["an empty chatBarText", { chatBarText: "" }, "chatBarText"],
            ["a 15-character chatBarText", { chatBarText: "c".repeat(15) }, "chatBarText"],
            ["no areas", { areas: undefined }, "areas"],
            ["areas as an object", { areas: {} }, "areas"],
            [
                "21 areas",
                {
                    areas: Array(21).fill({
                        bounds: { x: 0, y: 0, width: 1, height: 1 },
                        action: { type: "message", text: "x" },
                    }),
                },
                "areas",
            ],
            ["an unknown key", { richMenuName: "x" }, "richMenuName"],
        ] as const
    ).map(([t, o, p]): Case => [`a rich menu with ${t}`, rich, menu(o), p]),
    // Areas and bounds.
    ...(
        [
            ["x -1", { x: -1, y: 0, width: 1, height: 1 }, "areas[0].bounds.x"],
            ["y -1", { x: 0, y: -1, width: 1, height: 1 }, "areas[0].bounds.y"],
            ["width 0", { x: 0, y: 0, width: 0, height: 1 }, "areas[0].bounds.width"],
            ["height 0", { x: 0, y: 0, width: 1, height: 0 }, "areas[0].bounds.height"],
            ["no x", { y: 0, width: 1, height: 1 }, "areas[0].bounds.x"],
            ["a string x", { x: "0", y: 0, width: 1, height: 1 }, "areas[0].bounds.x"],
            ["a fractional width", { x: 0, y: 0, width: 1.5, height: 1 }, "areas[0].bounds.width"],
            ["an area past the right edge", { x: 2400, y: 0, width: 200, height: 1 }, "areas[0].bounds"],
            ["an area past the bottom", { x: 0, y: 800, width: 10, height: 44 }, "areas[0].bounds"],
            ["an extra bounds key", { x: 0, y: 0, width: 1, height: 1, z: 1 }, "areas[0].bounds.z"],
        ] as const
    ).map(([t, b, p]): Case => [`bounds with ${t}`, rich, withBounds(b), p]),
    [
        `an area without bounds`,
        rich,
        menu({ areas: [{ action: { type: "message", text: "x" } }] }),
        "areas[0].bounds",
    ],
    [
        `an area without action`,
        rich,
        menu({ areas: [{ bounds: { x: 0, y: 0, width: 1, height: 1 } }] }),
        "areas[0].action",
    ],
    // Actions.
    ...(
        [
            ["no type", { text: "x" }, "areas[0].action.type"],
            ["a camera action", { type: "camera", label: "Camera" }, "areas[0].action.type"],
            ["a cameraRoll action", { type: "cameraRoll", label: "Roll" }, "areas[0].action.type"],
            ["a location action", { type: "location", label: "Here" }, "areas[0].action.type"],
            ["an unknown action type", { type: "share" }, "areas[0].action.type"],
            [
                "a 21-character label",
                { type: "message", text: "x", label: "l".repeat(21) },
                "areas[0].action.label",
            ],
            ["a postback without data", { type: "postback" }, "areas[0].action.data"],
            ["empty postback data", { type: "postback", data: "" }, "areas[0].action.data"],
            [
                "301 characters of postback data",
                { type: "postback", data: "d".repeat(301) },
                "areas[0].action.data",
            ],
            [
                "a 301-character displayText",
                { type: "postback", data: "d", displayText: "t".repeat(301) },
                "areas[0].action.displayText",
            ],
            [
                "displayText with text",
                { type: "postback", data: "d", displayText: "a", text: "b" },
                "areas[0].action",
            ],
            [
                "an unknown inputOption",
                { type: "postback", data: "d", inputOption: "openMenu" },
                "areas[0].action.inputOption",
            ],
            [
                "a 301-character fillInText",
                { type: "postback", data: "d", fillInText: "f".repeat(301) },
                "areas[0].action.fillInText",
            ],
            ["a message without text", { type: "message" }, "areas[0].action.text"],
            ["an empty message", { type: "message", text: "" }, "areas[0].action.text"],
            ["a 301-character message", { type: "message", text: "m".repeat(301) }, "areas[0].action.text"],
            ["a uri action without uri", { type: "uri" }, "areas[0].action.uri"],
            ["a mailto uri", { type: "uri", uri: "mailto:a@example.com" }, "areas[0].action.uri"],
            ["a javascript uri", { type: "uri", uri: "javascript:alert(1)" }, "areas[0].action.uri"],
            ["a relative uri", { type: "uri", uri: "/shop" }, "areas[0].action.uri"],
            ["a uri with spaces", { type: "uri", uri: "https://example.com/a b" }, "areas[0].action.uri"],
            [
                "a 1001-character uri",
                { type: "uri", uri: `https://e.com/${"a".repeat(990)}` },
                "areas[0].action.uri",
            ],
            [
                "a bad desktop altUri",
                { type: "uri", uri: "https://e.com", altUri: { desktop: "ftp://e.com" } },
                "areas[0].action.altUri.desktop",
            ],
            [
                "an altUri without desktop",
                { type: "uri", uri: "https://e.com", altUri: {} },
                "areas[0].action.altUri.desktop",
            ],
            ["a picker without data", { type: "datetimepicker", mode: "date" }, "areas[0].action.data"],
            ["a picker without mode", { type: "datetimepicker", data: "d" }, "areas[0].action.mode"],
            [
                "a picker mode of month",
                { type: "datetimepicker", data: "d", mode: "month" },
                "areas[0].action.mode",
            ],
            [
                "a time in date mode",
                { type: "datetimepicker", data: "d", mode: "date", initial: "10:00" },
                "areas[0].action.initial",
            ],
            [
                "a date in time mode",
                { type: "datetimepicker", data: "d", mode: "time", max: "2026-01-01" },
                "areas[0].action.max",
            ],
            [
                "24:00",
                { type: "datetimepicker", data: "d", mode: "time", initial: "24:00" },
                "areas[0].action.initial",
            ],
            [
                "the year 2101",
                { type: "datetimepicker", data: "d", mode: "date", max: "2101-01-01" },
                "areas[0].action.max",
            ],
            [
                "month 13",
                { type: "datetimepicker", data: "d", mode: "date", min: "2026-13-01" },
                "areas[0].action.min",
            ],
            [
                "a datetime with seconds",
                { type: "datetimepicker", data: "d", mode: "datetime", initial: "2026-01-01T10:00:00" },
                "areas[0].action.initial",
            ],
            [
                "min after max",
                { type: "datetimepicker", data: "d", mode: "time", min: "12:00", max: "11:00" },
                "areas[0].action.max",
            ],
            [
                "a switch without alias",
                { type: "richmenuswitch", data: "d" },
                "areas[0].action.richMenuAliasId",
            ],
            [
                "a switch without data",
                { type: "richmenuswitch", richMenuAliasId: "tab" },
                "areas[0].action.data",
            ],
            [
                "a switch to an uppercase alias",
                { type: "richmenuswitch", data: "d", richMenuAliasId: "Tab" },
                "areas[0].action.richMenuAliasId",
            ],
            [
                "a switch to a 33-character alias",
                { type: "richmenuswitch", data: "d", richMenuAliasId: "a".repeat(33) },
                "areas[0].action.richMenuAliasId",
            ],
            [
                "a switch to an alias with a dot",
                { type: "richmenuswitch", data: "d", richMenuAliasId: "tab.a" },
                "areas[0].action.richMenuAliasId",
            ],
            ["a clipboard without text", { type: "clipboard" }, "areas[0].action.clipboardText"],
            [
                "an empty clipboard text",
                { type: "clipboard", clipboardText: "" },
                "areas[0].action.clipboardText",
            ],
            [
                "a 1001-character clipboard text",
                { type: "clipboard", clipboardText: "c".repeat(1001) },
                "areas[0].action.clipboardText",
            ],
            ["an unknown action key", { type: "message", text: "x", emoji: true }, "areas[0].action.emoji"],
        ] as const
    ).map(([t, a, p]): Case => [`an action with ${t}`, rich, withAction(a), p]),
    // Images.
    ...(
        [
            ["a missing file", path.join(dir, "missing.png")],
            ["a directory", dir],
            ["a text file", file("notes.png", "not an image")],
            ["a GIF", file("anim.gif", Buffer.concat([Buffer.from("GIF89a"), Buffer.alloc(100)]))],
            [
                "a WebP",
                file(
                    "photo.webp",
                    Buffer.concat([
                        Buffer.from("RIFF"),
                        Buffer.alloc(4),
                        Buffer.from("WEBPVP8 "),
                        Buffer.alloc(100),
                    ]),
                ),
            ],
            ["an empty file", file("empty.png", Buffer.alloc(0))],
            ["a truncated PNG", file("cut.png", makePng(2500, 843).subarray(0, 100))],
            ["a PNG cut before its end", file("cut2.png", makePng(2500, 843).subarray(0, -12))],
            ["a truncated JPEG", file("cut.jpg", makeJpeg(2500, 843).subarray(0, 300))],
            ["a PNG of the wrong width", file("w.png", makePng(2400, 843))],
            ["a PNG of the wrong height", file("h.png", makePng(2500, 842))],
            ["a JPEG of half the size", file("half.jpg", makeJpeg(1250, 422))],
            ["an image over 1 MB", file("big.jpg", makeJpeg(2500, 843, { noise: true, quality: 100 }))],
        ] as const
    ).map(([t, image]): Case => [`an image that is ${t}`, rich, menu({ image }), "image"]),
    [`an image given as a number`, rich, menu({ image: 7 }), "image"],
    // Aliases, default, links.
    ...(
        [
            ["an uppercase alias ID", { richMenuAliasId: "Home", richMenuId: MENU_ID }, "richMenuAliasId"],
            ["an empty alias ID", { richMenuAliasId: "", richMenuId: MENU_ID }, "richMenuAliasId"],
            [
                "a 33-character alias ID",
                { richMenuAliasId: "a".repeat(33), richMenuId: MENU_ID },
                "richMenuAliasId",
            ],
            ["the alias ID list", { richMenuAliasId: "list", richMenuId: MENU_ID }, "richMenuAliasId"],
            [
                "an alias ID with a space",
                { richMenuAliasId: "home tab", richMenuId: MENU_ID },
                "richMenuAliasId",
            ],
            ["an alias without a menu", { richMenuAliasId: "home" }, "richMenuId"],
        ] as const
    ).map(([t, a, p]): Case => [t, richMenuAliasHandlers as Handlers, a, p]),
    ["a default without a menu", defaultRichMenuHandlers as Handlers, {}, "richMenuId"],
    [
        "a default with an empty menu ID",
        defaultRichMenuHandlers as Handlers,
        { richMenuId: "" },
        "richMenuId",
    ],
    ...(
        [
            ["neither userIds nor a file", { richMenuId: MENU_ID }, "userIds"],
            [
                "an email as a user ID",
                { richMenuId: MENU_ID, userIds: [USER, "a@example.com"] },
                "userIds[1]",
            ],
            ["an uppercase user ID", { richMenuId: MENU_ID, userIds: [`U${"A".repeat(32)}`] }, "userIds[0]"],
            ["a short user ID", { richMenuId: MENU_ID, userIds: ["U1234"] }, "userIds[0]"],
            [
                "a missing user ID file",
                { richMenuId: MENU_ID, userIdsFile: path.join(dir, "nobody.txt") },
                "userIdsFile",
            ],
        ] as const
    ).map(([t, a, p]): Case => [`links with ${t}`, userRichMenuLinksHandlers as Handlers, a, p]),
    // Webhook endpoint.
    ...(
        [
            ["http", "http://example.com/webhook"],
            ["no scheme", "example.com/webhook"],
            ["a space", "https://example.com/web hook"],
            ["501 characters", `https://example.com/${"a".repeat(481)}`],
            ["an empty URL", ""],
        ] as const
    ).map(([t, endpoint]): Case => [
        `a webhook URL with ${t}`,
        webhookEndpointHandlers as Handlers,
        { endpoint },
        "endpoint",
    ]),
    // Audiences.
    ...(
        [
            ["an empty description", { description: "", userIds: [USER] }, "description"],
            ["a blank description", { description: "   ", userIds: [USER] }, "description"],
            ["a 121-character description", { description: "d".repeat(121), userIds: [USER] }, "description"],
            [
                "a line break in the description",
                { description: "VIP\ncustomers", userIds: [USER] },
                "description",
            ],
            ["a malformed user ID", { description: "VIP", userIds: ["not-a-user"] }, "userIds"],
            [
                "a missing ID file",
                { description: "VIP", userIdsFile: path.join(dir, "none.txt") },
                "userIdsFile",
            ],
        ] as const
    ).map(([t, a, p]): Case => [`an audience with ${t}`, audienceHandlers as Handlers, a, p]),
];

describe("malformed input", () => {
    const line = useEmulator({ rateLimits: false });
    useLineEnvironment(line);

    it("covers at least 100 cases", () => {
        assert.ok(CASES.length >= 100, `${CASES.length} cases`);
    });

    for (const [title, handlers, args, property] of CASES) {
        it(`rejects ${title} at ${property}, writing nothing`, async () => {
            await line.control.clearRequests();
            const result = await handlers.check({}, args);
            const failures = result.failures ?? [];
            assert.ok(
                failures.some(
                    f =>
                        f.property === property ||
                        f.property.startsWith(`${property}[`) ||
                        f.property.startsWith(`${property}:`),
                ),
                `expected a failure at ${property}, got ${JSON.stringify(failures)}`,
            );
            assert.ok(failures.every(f => f.reason.length > 0));
            assert.deepEqual(
                (await line.control.requests()).filter(r => r.method !== "GET"),
                [],
            );
        });
    }
});
