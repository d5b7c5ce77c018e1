import { bodyErrors } from "../fixtures";
import {
    BOUNDS,
    FAMILY,
    type InvalidCase,
    type Json,
    type ValidCase,
    length,
    menu,
    required,
    withArea,
    without,
} from "./richMenuBodies";

/** The rich menu object itself: its size, `selected`, name, chat bar text, areas and their bounds. */

export const INVALID_OBJECTS: readonly InvalidCase[] = [
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

export const VALID_OBJECTS: readonly ValidCase[] = [
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
    { name: "unknown extra properties (ignored)", body: menu({ colour: "green" }) },
];
