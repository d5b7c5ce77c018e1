import type { Action } from "../client";

/**
 * What a rich menu area's action does, in one line for the pictures and the review
 * (https://developers.line.biz/en/reference/messaging-api/#action-objects).
 */

export function quoted(value: unknown): string {
    return JSON.stringify(typeof value === "string" ? value : String(value));
}

function hostOf(uri: string): string {
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri);
    return match?.[1] ?? uri;
}

/** One line saying what an area does: the URI's host, the postback data, the switch target, the text sent. */
export function describeAction(action: Action, aliases: Readonly<Record<string, string>> = {}): string {
    const label = typeof action.label === "string" ? ` [label ${quoted(action.label)}]` : "";
    switch (action.type) {
        case "uri": {
            const uri = String(action.uri ?? "");
            if (/^tel:/i.test(uri)) return `uri: calls ${uri.slice(4)}${label}`;
            return `uri: ${hostOf(uri)}  (${uri})${label}`;
        }
        case "postback": {
            const shows =
                typeof action.displayText === "string" ? `, shows ${quoted(action.displayText)}` : "";
            const input = typeof action.inputOption === "string" ? `, ${action.inputOption}` : "";
            return `postback: data ${quoted(action.data)}${shows}${input}${label}`;
        }
        case "message":
            return `message: sends ${quoted(action.text)}${label}`;
        case "richmenuswitch": {
            const alias = String(action.richMenuAliasId ?? "");
            const menu = aliases[alias];
            const target = menu === undefined ? "not declared" : `menu ${menu}`;
            return `switch: to alias ${quoted(alias)} (${target}), data ${quoted(action.data)}${label}`;
        }
        case "datetimepicker":
            return `datetimepicker (${String(action.mode)}): data ${quoted(action.data)}${label}`;
        case "clipboard":
            return `clipboard: copies ${quoted(action.clipboardText)}${label}`;
        default:
            return `${action.type}${label}`;
    }
}
