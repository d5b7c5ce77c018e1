import { LineErrorFactory } from "../errors";
import {
    ACTION_LABEL_MAX_GRAPHEMES,
    CLIPBOARD_TEXT_MAX_LENGTH,
    CLIPBOARD_TEXT_MIN_LENGTH,
    DATETIME_PICKER_MAX_DATE,
    DATETIME_PICKER_MIN_DATE,
    MESSAGE_ACTION_TEXT_MAX_GRAPHEMES,
    POSTBACK_DATA_MAX_LENGTH,
    POSTBACK_TEXT_MAX_GRAPHEMES,
    RICH_MENU_ALIAS_ID_MAX_LENGTH,
    RICH_MENU_CHAT_BAR_TEXT_MAX_GRAPHEMES,
    RICH_MENU_MAX_AREAS,
    RICH_MENU_MAX_WIDTH,
    RICH_MENU_MIN_ASPECT_RATIO,
    RICH_MENU_MIN_HEIGHT,
    RICH_MENU_MIN_WIDTH,
    RICH_MENU_NAME_MAX_GRAPHEMES,
    URI_ACTION_SCHEMES,
    URI_MAX_LENGTH,
} from "../limits";
import type {
    DatetimePickerAction,
    PostbackAction,
    RichMenuAction,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
} from "../model";
import { BodyReader } from "./fields";
import { type JsonDocument, type JsonObject, type JsonValue, isJsonObject } from "./json";

/** Rich-menu-specific wording, next to the generic {@link Messages}. */
const RichMenuMessages = {
    aspectRatio: `width/height ratio must be ${RICH_MENU_MIN_ASPECT_RATIO} or more`,
    invalidUri: "invalid uri",
    notInRichMenu: (type: string) => `${type} action can only be used in quick reply`,
    textAndDisplayText: "displayText and text cannot be specified together",
    invalidDate: "invalid date",
    invalidTime: "invalid time",
    invalidDatetime: "invalid datetime",
    maxNotAfterMin: "must be greater than min",
} as const;

/** Known to LINE's shared action type, but documented as quick-reply-only (https://developers.line.biz/en/reference/messaging-api/#action-objects). */
const QUICK_REPLY_ONLY_ACTIONS: readonly string[] = ["camera", "cameraRoll", "location"];
const INPUT_OPTIONS: readonly NonNullable<PostbackAction["inputOption"]>[] = [
    "closeRichMenu",
    "openRichMenu",
    "openKeyboard",
    "openVoice",
];
const PICKER_MODES: readonly DatetimePickerAction["mode"][] = ["date", "time", "datetime"];

/**
 * Reads and checks a rich menu object (create and validate share it), answering it normalised to
 * LINE's documented fields, or throwing LINE's 400 with every problem found.
 *
 * Emulator choice: LINE does not say whether areas must lie inside the menu or may overlap, and the
 * reference (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object) records that it does not; the emulator accepts both rather than invent a rule.
 */
export function readRichMenuRequest(doc: JsonDocument): RichMenuRequest {
    const reader: BodyReader = new BodyReader(doc);
    const root = reader.root();

    const size = reader.object(root, "size", "", true);
    let width: number | undefined;
    let height: number | undefined;
    if (size !== undefined) {
        width = reader.integer(size, "width", "size", {
            required: true,
            min: RICH_MENU_MIN_WIDTH,
            max: RICH_MENU_MAX_WIDTH,
        });
        height = reader.integer(size, "height", "size", { required: true, min: RICH_MENU_MIN_HEIGHT });
        // The ratio is judged only once both sides are acceptable on their own.
        if (
            width !== undefined &&
            height !== undefined &&
            width >= RICH_MENU_MIN_WIDTH &&
            width <= RICH_MENU_MAX_WIDTH &&
            height >= RICH_MENU_MIN_HEIGHT &&
            width / height < RICH_MENU_MIN_ASPECT_RATIO
        ) {
            reader.problem("size", RichMenuMessages.aspectRatio);
        }
    }
    const selected = reader.boolean(root, "selected", "", true);
    const name = reader.string(root, "name", "", {
        required: true,
        max: RICH_MENU_NAME_MAX_GRAPHEMES,
        count: "grapheme",
    });
    const chatBarText = reader.string(root, "chatBarText", "", {
        required: true,
        max: RICH_MENU_CHAT_BAR_TEXT_MAX_GRAPHEMES,
        count: "grapheme",
    });
    const rawAreas = reader.array(root, "areas", "", { required: true, max: RICH_MENU_MAX_AREAS });
    const areas = (rawAreas ?? []).map((area, i) => readArea(reader, area, `areas[${i}]`));

    reader.finish();
    if (width === undefined || height === undefined || selected === undefined)
        throw LineErrorFactory.internalError();
    if (name === undefined || chatBarText === undefined || areas.some(a => a === undefined)) {
        throw LineErrorFactory.internalError();
    }
    return {
        size: { width, height },
        selected,
        name,
        chatBarText,
        areas: areas.filter((a): a is RichMenuArea => a !== undefined),
    };
}

function readArea(reader: BodyReader, value: JsonValue, path: string): RichMenuArea | undefined {
    if (!isJsonObject(value)) reader.typeError(path);
    const boundsObject = reader.object(value, "bounds", path, true);
    const bounds = boundsObject && readBounds(reader, boundsObject, `${path}.bounds`);
    const actionObject = reader.object(value, "action", path, true);
    const action = actionObject && readAction(reader, actionObject, `${path}.action`);
    return bounds && action && { bounds, action };
}

function readBounds(reader: BodyReader, bounds: JsonObject, path: string): RichMenuBounds | undefined {
    const x = reader.integer(bounds, "x", path, { required: true, min: 0 });
    const y = reader.integer(bounds, "y", path, { required: true, min: 0 });
    const width = reader.integer(bounds, "width", path, { required: true, min: 1 });
    const height = reader.integer(bounds, "height", path, { required: true, min: 1 });
    if (x === undefined || y === undefined || width === undefined || height === undefined) return undefined;
    return { x, y, width, height };
}

/** Copies only the fields that are set, so answers carry no `undefined` keys. */
function defined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function readAction(reader: BodyReader, action: JsonObject, path: string): RichMenuAction | undefined {
    const type = reader.string(action, "type", path, { required: true });
    if (type === undefined) return undefined;
    const label = reader.string(action, "label", path, {
        max: ACTION_LABEL_MAX_GRAPHEMES,
        count: "grapheme",
    });
    switch (type) {
        case "postback":
            return readPostback(reader, action, path, label);
        case "message": {
            const text = reader.string(action, "text", path, {
                required: true,
                max: MESSAGE_ACTION_TEXT_MAX_GRAPHEMES,
                count: "grapheme",
            });
            return text === undefined ? undefined : defined({ type, label, text });
        }
        case "uri":
            return readUri(reader, action, path, label);
        case "datetimepicker":
            return readDatetimePicker(reader, action, path, label);
        case "richmenuswitch": {
            const richMenuAliasId = reader.string(action, "richMenuAliasId", path, {
                required: true,
                max: RICH_MENU_ALIAS_ID_MAX_LENGTH,
            });
            const data = reader.string(action, "data", path, {
                required: true,
                max: POSTBACK_DATA_MAX_LENGTH,
            });
            // The alias is resolved when the user taps, so it need not exist yet (https://developers.line.biz/en/reference/messaging-api/#action-objects).
            return richMenuAliasId === undefined || data === undefined
                ? undefined
                : defined({ type, label, richMenuAliasId, data });
        }
        case "clipboard": {
            const clipboardText = reader.string(action, "clipboardText", path, {
                required: true,
                min: CLIPBOARD_TEXT_MIN_LENGTH,
                max: CLIPBOARD_TEXT_MAX_LENGTH,
            });
            return clipboardText === undefined ? undefined : defined({ type, label, clipboardText });
        }
        default:
            if (QUICK_REPLY_ONLY_ACTIONS.includes(type)) {
                reader.problem(`${path}.type`, RichMenuMessages.notInRichMenu(type));
                return undefined;
            }
            // An unknown `type` leaves LINE's deserializer no class to build: the body is rejected whole.
            return reader.typeError(path);
    }
}

function readPostback(
    reader: BodyReader,
    action: JsonObject,
    path: string,
    label: string | undefined,
): PostbackAction | undefined {
    const data = reader.string(action, "data", path, { required: true, max: POSTBACK_DATA_MAX_LENGTH });
    const textRule = { max: POSTBACK_TEXT_MAX_GRAPHEMES, count: "grapheme" } as const;
    const displayText = reader.string(action, "displayText", path, textRule);
    const text = reader.string(action, "text", path, textRule);
    if (displayText !== undefined && text !== undefined)
        reader.problem(path, RichMenuMessages.textAndDisplayText);
    const inputOption = reader.enumeration(action, "inputOption", path, INPUT_OPTIONS);
    const fillInText = reader.string(action, "fillInText", path, textRule);
    if (data === undefined) return undefined;
    return defined({ type: "postback" as const, label, data, displayText, text, inputOption, fillInText });
}

/** http, https, line and tel only; printable ASCII only, since LINE wants URLs percent-encoded. */
function isValidActionUri(uri: string): boolean {
    if (!/^[\x21-\x7e]+$/.test(uri)) return false;
    let parsed: URL;
    try {
        parsed = new URL(uri);
    } catch {
        return false;
    }
    const scheme = parsed.protocol.slice(0, -1);
    if (!URI_ACTION_SCHEMES.includes(scheme)) return false;
    return scheme === "http" || scheme === "https"
        ? parsed.hostname !== ""
        : parsed.href.length > scheme.length + 1;
}

function readUri(
    reader: BodyReader,
    action: JsonObject,
    path: string,
    label: string | undefined,
): RichMenuAction | undefined {
    const uri = reader.string(action, "uri", path, { required: true, max: URI_MAX_LENGTH });
    if (uri !== undefined && uri.length <= URI_MAX_LENGTH && !isValidActionUri(uri)) {
        reader.problem(`${path}.uri`, RichMenuMessages.invalidUri);
    }
    const altUri = reader.object(action, "altUri", path);
    let desktop: string | undefined;
    if (altUri !== undefined) {
        desktop = reader.string(altUri, "desktop", `${path}.altUri`, { required: true, max: URI_MAX_LENGTH });
        if (desktop !== undefined && desktop.length <= URI_MAX_LENGTH && !isValidActionUri(desktop)) {
            reader.problem(`${path}.altUri.desktop`, RichMenuMessages.invalidUri);
        }
    }
    if (uri === undefined) return undefined;
    return defined({
        type: "uri" as const,
        label,
        uri,
        altUri: desktop === undefined ? undefined : { desktop },
    });
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function isValidDate(text: string): boolean {
    const match = DATE.exec(text);
    if (!match) return false;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    const real =
        date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
    return real && text >= DATETIME_PICKER_MIN_DATE && text <= DATETIME_PICKER_MAX_DATE;
}

/** Checks a picker value for its mode; answers it in a comparable form (`T` upper-cased), or undefined. */
export function pickerValue(mode: DatetimePickerAction["mode"], text: string): string | undefined {
    if (mode === "date") return isValidDate(text) ? text : undefined;
    if (mode === "time") return TIME.test(text) ? text : undefined;
    const [date, time, extra] = text.split(/[tT]/);
    if (extra !== undefined || date === undefined || time === undefined) return undefined;
    return isValidDate(date) && TIME.test(time) ? `${date}T${time}` : undefined;
}

function readDatetimePicker(
    reader: BodyReader,
    action: JsonObject,
    path: string,
    label: string | undefined,
): DatetimePickerAction | undefined {
    const data = reader.string(action, "data", path, { required: true, max: POSTBACK_DATA_MAX_LENGTH });
    const mode = reader.enumeration(action, "mode", path, PICKER_MODES, true);
    const values: Partial<Record<"initial" | "max" | "min", string>> = {};
    const comparable: Partial<Record<"initial" | "max" | "min", string>> = {};
    for (const key of ["initial", "max", "min"] as const) {
        const value = reader.string(action, key, path);
        if (value === undefined) continue;
        values[key] = value;
        if (mode === undefined) continue;
        const normalised = pickerValue(mode, value);
        if (normalised === undefined) {
            const message = {
                date: RichMenuMessages.invalidDate,
                time: RichMenuMessages.invalidTime,
                datetime: RichMenuMessages.invalidDatetime,
            }[mode];
            reader.problem(`${path}.${key}`, message);
        } else {
            comparable[key] = normalised;
        }
    }
    if (comparable.max !== undefined && comparable.min !== undefined && comparable.max <= comparable.min) {
        reader.problem(`${path}.max`, RichMenuMessages.maxNotAfterMin);
    }
    if (data === undefined || mode === undefined) return undefined;
    return defined({ type: "datetimepicker" as const, label, data, mode, ...values });
}
