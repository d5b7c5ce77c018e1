import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { bodyErrors, menuRequest } from "../fixtures";

type Json = Record<string, unknown>;

/** The fixture menu as plain JSON, with one area whose action (or bounds) a case replaces. */
function menu(patch: Json = {}): Json {
    return { ...(menuRequest() as unknown as Json), ...patch };
}

function withArea(area: Json): Json {
    return menu({ areas: [area] });
}

const BOUNDS = { x: 0, y: 0, width: 400, height: 250 };

function withAction(action: Json): Json {
    return withArea({ bounds: BOUNDS, action });
}

function without(key: string, value: Json = menu()): Json {
    const copy = { ...value };
    delete copy[key];
    return copy;
}

const FAMILY = "👨‍👩‍👧"; // one grapheme cluster, eight UTF-16 code units

const required = "must be specified";

/**
 * LINE's answer for a value of the wrong JSON type: the property and where its value starts in the
 * request text. Bodies go out as compact JSON, so everything is on line 1.
 */
function invalidProperty(body: Json, property: string): unknown {
    const key = property.replace(/\[\d+\]$/, "").replace(/^.*\./, "");
    const text = JSON.stringify(body);
    const valueStart = text.indexOf(`"${key}":`) + key.length + 3;
    return {
        message: `The property, '${property}', in the request body is invalid (line: 1, column: ${valueStart + 1})`,
    };
}
const length = (min: number, max: number): string => `Length must be between ${min} and ${max}`;

interface InvalidCase {
    readonly name: string;
    readonly body: Json;
    /** The answer, for rule violations. */
    readonly expected?: unknown;
    /** The property whose value has the wrong JSON type: LINE names it with its position instead. */
    readonly invalid?: string;
}

/** Each row: a broken rich menu object and exactly what LINE answers for it. */
const INVALID: readonly InvalidCase[] = [
    // size
    { name: "no size", body: without("size"), expected: bodyErrors({ property: "size", message: required }) },
    {
        name: "no width",
        body: menu({ size: { height: 250 } }),
        expected: bodyErrors({ property: "size.width", message: required }),
    },
    {
        name: "no height",
        body: menu({ size: { width: 800 } }),
        expected: bodyErrors({ property: "size.height", message: required }),
    },
    {
        name: "width under 800",
        body: menu({ size: { width: 799, height: 250 } }),
        expected: bodyErrors({ property: "size.width", message: "must be greater than or equal to 800" }),
    },
    {
        name: "width over 2500",
        body: menu({ size: { width: 2501, height: 843 } }),
        expected: bodyErrors({ property: "size.width", message: "must be less than or equal to 2500" }),
    },
    {
        name: "height under 250",
        body: menu({ size: { width: 800, height: 249 } }),
        expected: bodyErrors({ property: "size.height", message: "must be greater than or equal to 250" }),
    },
    {
        name: "a width/height ratio under 1.45",
        body: menu({ size: { width: 1440, height: 1000 } }),
        expected: bodyErrors({ property: "size", message: "width/height ratio must be 1.45 or more" }),
    },
    {
        name: "a width given as a string",
        body: menu({ size: { width: "800", height: 250 } }),
        invalid: "size.width",
    },
    {
        name: "a fractional height",
        body: menu({ size: { width: 800, height: 250.5 } }),
        invalid: "size.height",
    },
    // selected, name, chatBarText
    {
        name: "no selected",
        body: without("selected"),
        expected: bodyErrors({ property: "selected", message: required }),
    },
    {
        name: "selected as a string",
        body: menu({ selected: "false" }),
        invalid: "selected",
    },
    { name: "no name", body: without("name"), expected: bodyErrors({ property: "name", message: required }) },
    {
        name: "a null name",
        body: menu({ name: null }),
        expected: bodyErrors({ property: "name", message: required }),
    },
    {
        name: "a name of 301 characters",
        body: menu({ name: "n".repeat(301) }),
        expected: bodyErrors({ property: "name", message: length(0, 300) }),
    },
    {
        name: "no chatBarText",
        body: without("chatBarText"),
        expected: bodyErrors({ property: "chatBarText", message: required }),
    },
    {
        name: "a chatBarText of 15 characters",
        body: menu({ chatBarText: "c".repeat(15) }),
        expected: bodyErrors({ property: "chatBarText", message: length(0, 14) }),
    },
    {
        name: "a chatBarText of 15 graphemes",
        body: menu({ chatBarText: FAMILY.repeat(15) }),
        expected: bodyErrors({ property: "chatBarText", message: length(0, 14) }),
    },
    // areas and bounds
    {
        name: "no areas",
        body: without("areas"),
        expected: bodyErrors({ property: "areas", message: required }),
    },
    {
        name: "21 areas",
        body: menu({
            areas: Array.from({ length: 21 }, () => ({
                bounds: BOUNDS,
                action: { type: "postback", data: "d" },
            })),
        }),
        expected: bodyErrors({ property: "areas", message: "Size must be between 0 and 20" }),
    },
    {
        name: "areas given as an object",
        body: menu({ areas: {} }),
        invalid: "areas",
    },
    {
        name: "an area without bounds",
        body: withArea({ action: { type: "postback", data: "d" } }),
        expected: bodyErrors({ property: "areas[0].bounds", message: required }),
    },
    {
        name: "a negative x",
        body: withArea({ bounds: { ...BOUNDS, x: -1 }, action: { type: "postback", data: "d" } }),
        expected: bodyErrors({
            property: "areas[0].bounds.x",
            message: "must be greater than or equal to 0",
        }),
    },
    {
        name: "no y",
        body: withArea({ bounds: { x: 0, width: 1, height: 1 }, action: { type: "postback", data: "d" } }),
        expected: bodyErrors({ property: "areas[0].bounds.y", message: required }),
    },
    {
        name: "a zero width",
        body: withArea({ bounds: { ...BOUNDS, width: 0 }, action: { type: "postback", data: "d" } }),
        expected: bodyErrors({
            property: "areas[0].bounds.width",
            message: "must be greater than or equal to 1",
        }),
    },
    {
        name: "a zero height",
        body: withArea({ bounds: { ...BOUNDS, height: 0 }, action: { type: "postback", data: "d" } }),
        expected: bodyErrors({
            property: "areas[0].bounds.height",
            message: "must be greater than or equal to 1",
        }),
    },
    {
        name: "an area without action",
        body: withArea({ bounds: BOUNDS }),
        expected: bodyErrors({ property: "areas[0].action", message: required }),
    },
    // actions in general
    {
        name: "an action without type",
        body: withAction({ data: "d" }),
        expected: bodyErrors({ property: "areas[0].action.type", message: required }),
    },
    {
        name: "an unknown action type",
        body: withAction({ type: "teleport" }),
        invalid: "areas[0].action",
    },
    ...(["camera", "cameraRoll", "location"] as const).map(type => ({
        name: `a ${type} action (quick reply only)`,
        body: withAction({ type, label: "x" }),
        expected: bodyErrors({
            property: "areas[0].action.type",
            message: `${type} action can only be used in quick reply`,
        }),
    })),
    {
        name: "a label of 21 characters",
        body: withAction({ type: "postback", data: "d", label: "l".repeat(21) }),
        expected: bodyErrors({ property: "areas[0].action.label", message: length(0, 20) }),
    },
    // postback
    {
        name: "a postback without data",
        body: withAction({ type: "postback" }),
        expected: bodyErrors({ property: "areas[0].action.data", message: required }),
    },
    {
        name: "postback data of 301 characters",
        body: withAction({ type: "postback", data: "d".repeat(301) }),
        expected: bodyErrors({ property: "areas[0].action.data", message: length(0, 300) }),
    },
    {
        name: "a displayText of 301 graphemes",
        body: withAction({ type: "postback", data: "d", displayText: FAMILY.repeat(301) }),
        expected: bodyErrors({ property: "areas[0].action.displayText", message: length(0, 300) }),
    },
    {
        name: "both displayText and text",
        body: withAction({ type: "postback", data: "d", displayText: "a", text: "b" }),
        expected: bodyErrors({
            property: "areas[0].action",
            message: "displayText and text cannot be specified together",
        }),
    },
    {
        name: "an unknown inputOption",
        body: withAction({ type: "postback", data: "d", inputOption: "openCamera" }),
        expected: bodyErrors({ property: "areas[0].action.inputOption", message: "invalid value" }),
    },
    {
        name: "a fillInText of 301 characters",
        body: withAction({
            type: "postback",
            data: "d",
            inputOption: "openKeyboard",
            fillInText: "f".repeat(301),
        }),
        expected: bodyErrors({ property: "areas[0].action.fillInText", message: length(0, 300) }),
    },
    // message
    {
        name: "a message action without text",
        body: withAction({ type: "message" }),
        expected: bodyErrors({ property: "areas[0].action.text", message: required }),
    },
    {
        name: "message text of 301 characters",
        body: withAction({ type: "message", text: "t".repeat(301) }),
        expected: bodyErrors({ property: "areas[0].action.text", message: length(0, 300) }),
    },
    // uri
    {
        name: "a uri action without uri",
        body: withAction({ type: "uri" }),
        expected: bodyErrors({ property: "areas[0].action.uri", message: required }),
    },
    ...[
        "ftp://example.com/file",
        "javascript:alert(1)",
        "https://example.com/a b",
        "https://例え.jp/",
        "example.com",
    ].map(uri => ({
        name: `the uri ${uri}`,
        body: withAction({ type: "uri", uri }),
        expected: bodyErrors({ property: "areas[0].action.uri", message: "invalid uri" }),
    })),
    {
        name: "a uri of 1001 characters",
        body: withAction({ type: "uri", uri: `https://example.com/${"a".repeat(981)}` }),
        expected: bodyErrors({ property: "areas[0].action.uri", message: length(0, 1000) }),
    },
    {
        name: "an invalid altUri.desktop",
        body: withAction({
            type: "uri",
            uri: "https://example.com",
            altUri: { desktop: "file:///etc/passwd" },
        }),
        expected: bodyErrors({ property: "areas[0].action.altUri.desktop", message: "invalid uri" }),
    },
    // datetimepicker
    {
        name: "a picker without data",
        body: withAction({ type: "datetimepicker", mode: "date" }),
        expected: bodyErrors({ property: "areas[0].action.data", message: required }),
    },
    {
        name: "a picker without mode",
        body: withAction({ type: "datetimepicker", data: "d" }),
        expected: bodyErrors({ property: "areas[0].action.mode", message: required }),
    },
    {
        name: "a picker mode of week",
        body: withAction({ type: "datetimepicker", data: "d", mode: "week" }),
        expected: bodyErrors({ property: "areas[0].action.mode", message: "invalid value" }),
    },
    {
        name: "a month 13 date",
        body: withAction({ type: "datetimepicker", data: "d", mode: "date", initial: "2024-13-01" }),
        expected: bodyErrors({ property: "areas[0].action.initial", message: "invalid date" }),
    },
    {
        name: "a date before 1900-01-01",
        body: withAction({ type: "datetimepicker", data: "d", mode: "date", min: "1899-12-31" }),
        expected: bodyErrors({ property: "areas[0].action.min", message: "invalid date" }),
    },
    {
        name: "a date after 2100-12-31",
        body: withAction({ type: "datetimepicker", data: "d", mode: "date", max: "2101-01-01" }),
        expected: bodyErrors({ property: "areas[0].action.max", message: "invalid date" }),
    },
    {
        name: "a time of 24:00",
        body: withAction({ type: "datetimepicker", data: "d", mode: "time", max: "24:00" }),
        expected: bodyErrors({ property: "areas[0].action.max", message: "invalid time" }),
    },
    {
        name: "a datetime with a space",
        body: withAction({
            type: "datetimepicker",
            data: "d",
            mode: "datetime",
            initial: "2024-01-01 10:00",
        }),
        expected: bodyErrors({ property: "areas[0].action.initial", message: "invalid datetime" }),
    },
    {
        name: "a datetime with a time zone",
        body: withAction({
            type: "datetimepicker",
            data: "d",
            mode: "datetime",
            initial: "2024-01-01T10:00+09:00",
        }),
        expected: bodyErrors({ property: "areas[0].action.initial", message: "invalid datetime" }),
    },
    {
        name: "max not after min",
        body: withAction({ type: "datetimepicker", data: "d", mode: "time", min: "10:00", max: "10:00" }),
        expected: bodyErrors({ property: "areas[0].action.max", message: "must be greater than min" }),
    },
    // richmenuswitch
    {
        name: "a switch without richMenuAliasId",
        body: withAction({ type: "richmenuswitch", data: "d" }),
        expected: bodyErrors({ property: "areas[0].action.richMenuAliasId", message: required }),
    },
    {
        name: "a richMenuAliasId of 33 characters",
        body: withAction({ type: "richmenuswitch", data: "d", richMenuAliasId: "a".repeat(33) }),
        expected: bodyErrors({ property: "areas[0].action.richMenuAliasId", message: length(0, 32) }),
    },
    {
        name: "a switch without data",
        body: withAction({ type: "richmenuswitch", richMenuAliasId: "next" }),
        expected: bodyErrors({ property: "areas[0].action.data", message: required }),
    },
    // clipboard
    {
        name: "a clipboard action without clipboardText",
        body: withAction({ type: "clipboard" }),
        expected: bodyErrors({ property: "areas[0].action.clipboardText", message: required }),
    },
    {
        name: "an empty clipboardText",
        body: withAction({ type: "clipboard", clipboardText: "" }),
        expected: bodyErrors({ property: "areas[0].action.clipboardText", message: length(1, 1000) }),
    },
    {
        name: "a clipboardText of 1001 characters",
        body: withAction({ type: "clipboard", clipboardText: "c".repeat(1001) }),
        expected: bodyErrors({ property: "areas[0].action.clipboardText", message: length(1, 1000) }),
    },
    // several at once, and later areas
    {
        name: "three problems at once, reported together in document order",
        body: menu({
            size: { width: 700, height: 250 },
            name: "n".repeat(301),
            areas: [{ bounds: BOUNDS, action: { type: "uri", uri: "ftp://x" } }],
        }),
        expected: bodyErrors(
            { property: "size.width", message: "must be greater than or equal to 800" },
            { property: "name", message: length(0, 300) },
            { property: "areas[0].action.uri", message: "invalid uri" },
        ),
    },
    {
        name: "a problem in the third area",
        body: menu({
            areas: [
                { bounds: BOUNDS, action: { type: "postback", data: "a" } },
                { bounds: BOUNDS, action: { type: "message", text: "b" } },
                { bounds: BOUNDS, action: { type: "uri", uri: "mailto:a@example.com" } },
            ],
        }),
        expected: bodyErrors({ property: "areas[2].action.uri", message: "invalid uri" }),
    },
    {
        name: "a body that is an array",
        body: [] as unknown as Json,
        expected: { message: "The request body could not be parsed as JSON (line: 1, column: 1)" },
    },
];

/** Each row: an edge that LINE accepts. */
const VALID: readonly { name: string; body: Json }[] = [
    { name: "the smallest size, 800x250", body: menu({ size: { width: 800, height: 250 } }) },
    { name: "the largest, 2500x1686", body: menu({ size: { width: 2500, height: 1686 } }) },
    { name: "a ratio of exactly 1.45", body: menu({ size: { width: 1450, height: 1000 } }) },
    { name: "no areas at all", body: menu({ areas: [] }) },
    {
        name: "20 areas",
        body: menu({
            areas: Array.from({ length: 20 }, () => ({
                bounds: BOUNDS,
                action: { type: "postback", data: "d" },
            })),
        }),
    },
    {
        name: "a chatBarText of 14 family emoji (grapheme count)",
        body: menu({ chatBarText: FAMILY.repeat(14) }),
    },
    {
        name: "a label of 20 graphemes",
        body: withAction({ type: "message", text: "t", label: FAMILY.repeat(20) }),
    },
    { name: "an empty name", body: menu({ name: "" }) },
    // LINE documents no rule for areas outside the menu or overlapping; the emulator follows the reference and accepts them.
    {
        name: "an area reaching outside the menu",
        body: withArea({
            bounds: { x: 700, y: 200, width: 500, height: 500 },
            action: { type: "postback", data: "d" },
        }),
    },
    {
        name: "overlapping areas",
        body: menu({
            areas: [0, 1].map(() => ({ bounds: BOUNDS, action: { type: "postback", data: "d" } })),
        }),
    },
    {
        name: "a postback with every option",
        body: withAction({
            type: "postback",
            data: "d",
            displayText: "shown",
            inputOption: "openKeyboard",
            fillInText: "a\nb",
            label: "L",
        }),
    },
    ...[
        "https://example.com/a?b=%E3%81%82",
        "http://example.com",
        "line://nv/location",
        "tel:0312345678",
    ].map(uri => ({
        name: `the uri ${uri}`,
        body: withAction({ type: "uri", uri, altUri: { desktop: "https://example.com/pc" } }),
    })),
    {
        name: "a datetime with a lower-case t",
        body: withAction({
            type: "datetimepicker",
            data: "d",
            mode: "datetime",
            initial: "2024-01-01t10:00",
            min: "2024-01-01T00:00",
            max: "2100-12-31t23:59",
        }),
    },
    {
        name: "a leap day",
        body: withAction({ type: "datetimepicker", data: "d", mode: "date", initial: "2024-02-29" }),
    },
    {
        name: "a switch to an alias that does not exist yet",
        body: withAction({ type: "richmenuswitch", richMenuAliasId: "later", data: "d" }),
    },
    {
        name: "1000 clipboard characters",
        body: withAction({ type: "clipboard", clipboardText: "c".repeat(1000) }),
    },
    { name: "unknown extra properties (ignored)", body: menu({ colour: "green" }) },
];

describe("emulator: rich menu object validation (create and validate)", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });

    it("covers at least 40 invalid objects", () => {
        assert.ok(INVALID.length >= 40, `only ${INVALID.length} cases`);
    });

    for (const c of INVALID) {
        it(`rejects ${c.name}`, async () => {
            for (const path of ["/v2/bot/richmenu/validate", "/v2/bot/richmenu"]) {
                const res = await line.call("POST", path, { json: c.body });
                assert.equal(res.status, 400, `${path}: ${res.text}`);
                const expected = c.invalid === undefined ? c.expected : invalidProperty(c.body, c.invalid);
                assert.deepEqual(res.body, expected, path);
            }
            assert.deepEqual((await line.control.state<{ richMenus: unknown[] }>()).richMenus, []);
        });
    }

    for (const c of VALID) {
        it(`accepts ${c.name}`, async () => {
            const res = await line.call("POST", "/v2/bot/richmenu/validate", { json: c.body });
            assert.equal(res.status, 200, res.text);
            assert.deepEqual(res.body, {});
        });
    }

    it("answers LINE's parse error with the line and column of malformed JSON", async () => {
        const res = await line.call("POST", "/v2/bot/richmenu", {
            body: '{\n  "size": {,\n}',
            contentType: "application/json",
        });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, {
            message: "The request body could not be parsed as JSON (line: 2, column: 12)",
        });
    });

    it("answers 415 for a body that is not application/json", async () => {
        const res = await line.call("POST", "/v2/bot/richmenu", {
            body: JSON.stringify(menu()),
            contentType: "text/plain",
        });
        assert.equal(res.status, 415);
        assert.deepEqual(res.body, { message: "The content type, 'text/plain', is not supported" });
    });
});
