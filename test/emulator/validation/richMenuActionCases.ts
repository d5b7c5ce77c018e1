import { bodyErrors } from "../fixtures";
import { FAMILY, type InvalidCase, type ValidCase, length, required, withAction } from "./richMenuBodies";

/**
 * The action of a rich menu area, by type (https://developers.line.biz/en/reference/messaging-api/#action-objects).
 */

export const INVALID_ACTIONS: readonly InvalidCase[] = [
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
];

export const VALID_ACTIONS: readonly ValidCase[] = [
    {
        name: "a label of 20 graphemes",
        body: withAction({ type: "message", text: "t", label: FAMILY.repeat(20) }),
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
];
