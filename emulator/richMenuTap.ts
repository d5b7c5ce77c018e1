import { appendChatMessage } from "./chatLog";
import { LineErrorFactory } from "./errors";
import type { IdGenerator } from "./ids";
import type {
    DatetimePickerAction,
    PostbackAction,
    RichMenuAction,
    RichMenuResponse,
    RichMenuSwitchAction,
} from "./model";
import type { ChannelState, DeepReadonly, StoredUser } from "./store";
import { pickerValue } from "./validation/richMenu";
import { type RaisedEvent, textMessageContent } from "./webhookEvents";

/**
 * What a tap on a rich menu area does, per action type
 * (https://developers.line.biz/en/reference/messaging-api/#action-objects): `postback`,
 * `datetimepicker` and `richmenuswitch` raise a postback event
 * (https://developers.line.biz/en/reference/messaging-api/#postback-event), `message` a text message
 * event as if typed; `uri` and `clipboard` stay on the phone and reach the bot not at all.
 */

/** Which area was tapped (`area`, or a point of the menu image), and what a date/time picker chose. */
export interface TapInput {
    readonly area?: number;
    readonly x?: number;
    readonly y?: number;
    readonly date?: string;
    readonly time?: string;
    readonly datetime?: string;
}

/** What the tap did, for the control surface's answer. */
export interface TapEffect {
    /** The webhook event the tap raises, or null when it reaches the bot not at all. */
    readonly event: "postback" | "message" | null;
    /** Text shown in the chat as the user's message. */
    readonly chatText?: string;
    /** The menu's open state after the tap, when the tap changed it. */
    readonly menuOpen?: boolean;
    /** A richmenuswitch's result, as its postback reports it. */
    readonly switch?: {
        readonly status: RichMenuSwitchStatus;
        readonly richMenuAliasId: string;
        readonly richMenuId?: string;
    };
    /** What happens on the phone only (a browser opens, text is copied, the keyboard opens). */
    readonly recorded?: string;
}

export type RichMenuSwitchStatus = "SUCCESS" | "RICHMENU_ALIAS_ID_NOTFOUND" | "RICHMENU_NOTFOUND";

export interface TapOutcome {
    readonly effect: TapEffect;
    readonly raised: readonly RaisedEvent[];
}

/** Where the tap happens: the state, the user who taps, and the moment. */
export interface TapContext {
    readonly state: ChannelState;
    readonly ids: IdGenerator;
    readonly user: StoredUser;
    readonly now: number;
}

/** The tapped area's index: the given one, or the first area whose bounds hold the point. */
export function tappedArea(menu: DeepReadonly<RichMenuResponse>, input: TapInput): number {
    if (input.area !== undefined) {
        if (!Number.isInteger(input.area) || input.area < 0 || input.area >= menu.areas.length)
            throw LineErrorFactory.controlBadRequest(`area must be an index below ${menu.areas.length}`);
        return input.area;
    }
    const { x, y } = input;
    if (x === undefined || y === undefined) throw LineErrorFactory.controlBadRequest("give {area} or {x, y}");
    const index = menu.areas.findIndex(
        ({ bounds: b }) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height,
    );
    if (index < 0) throw LineErrorFactory.controlBadRequest(`no area of the menu holds (${x}, ${y})`);
    return index;
}

/** Puts what the user "said" into the chat as their message. */
function userSays(tap: TapContext, message: Record<string, unknown>, id: string): void {
    appendChatMessage(tap.state, {
        id,
        chatId: tap.user.userId,
        from: "user",
        via: "user",
        message,
        sentAt: tap.now,
    });
}

function postbackEvent(tap: TapContext, data: string, params?: Record<string, string>): RaisedEvent {
    return {
        type: "postback",
        userId: tap.user.userId,
        fields: { postback: { data, ...(params && { params }) } },
    };
}

/** `inputOption` only changes the phone's screen; closeRichMenu and openRichMenu are what the emulator shows. */
function postbackAction(tap: TapContext, action: PostbackAction): TapOutcome {
    // The deprecated `text` is shown as the user's message too (https://developers.line.biz/en/reference/messaging-api/#postback-action).
    const chatText = action.displayText ?? action.text;
    if (chatText !== undefined) userSays(tap, { type: "text", text: chatText }, tap.ids.messageId());
    let menuOpen: boolean | undefined;
    if (action.inputOption === "closeRichMenu" || action.inputOption === "openRichMenu") {
        menuOpen = action.inputOption === "openRichMenu";
        tap.user.menuOpen = menuOpen;
    }
    const phoneOnly = action.inputOption === "openKeyboard" || action.inputOption === "openVoice";
    const effect: TapEffect = {
        event: "postback",
        ...(chatText !== undefined && { chatText }),
        ...(menuOpen !== undefined && { menuOpen }),
        ...(phoneOnly && { recorded: `inputOption ${action.inputOption} opens it on the phone` }),
    };
    return { effect, raised: [postbackEvent(tap, action.data)] };
}

function messageAction(tap: TapContext, text: string): TapOutcome {
    const content = textMessageContent(tap.ids, text);
    userSays(tap, content, String(content.id));
    return {
        effect: { event: "message", chatText: text },
        raised: [{ type: "message", userId: tap.user.userId, fields: { message: content } }],
    };
}

/** The picker's choice: given in the tap, else the action's `initial`; in the mode's format and within min/max. */
function datetimepicker(tap: TapContext, action: DatetimePickerAction, input: TapInput): TapOutcome {
    const given = input[action.mode] ?? action.initial;
    if (given === undefined) throw LineErrorFactory.controlBadRequest(`give {${action.mode}} for the picker`);
    const value = pickerValue(action.mode, given);
    const bound = (limit: string | undefined): string | undefined =>
        limit === undefined ? undefined : pickerValue(action.mode, limit);
    const [min, max] = [bound(action.min), bound(action.max)];
    if (value === undefined || (min !== undefined && value < min) || (max !== undefined && value > max))
        throw LineErrorFactory.controlBadRequest(
            `${action.mode} must be a ${action.mode} within the picker's min and max`,
        );
    return {
        effect: { event: "postback" },
        raised: [postbackEvent(tap, action.data, { [action.mode]: value })],
    };
}

/**
 * The alias is resolved at tap time and the user is linked to its menu, as a per-user link outranking
 * the default (https://developers.line.biz/en/docs/messaging-api/switch-rich-menus/). A failure is
 * still a postback, with the status and without the alias ID. Linking, like LINE's link API, only
 * takes for users who follow the bot.
 */
function richmenuswitch(tap: TapContext, action: RichMenuSwitchAction): TapOutcome {
    const aliasId = action.richMenuAliasId;
    const richMenuId = tap.state.aliases.get(aliasId);
    const target = richMenuId === undefined ? undefined : tap.state.richMenus.get(richMenuId);
    let status: RichMenuSwitchStatus = "SUCCESS";
    if (richMenuId === undefined) status = "RICHMENU_ALIAS_ID_NOTFOUND";
    else if (target?.image === undefined) status = "RICHMENU_NOTFOUND";
    if (status === "SUCCESS" && richMenuId !== undefined && tap.state.friends.has(tap.user.userId)) {
        tap.state.userLinks.set(tap.user.userId, richMenuId);
        tap.user.menuOpen = true;
    }
    const params: Record<string, string> =
        status === "SUCCESS" ? { newRichMenuAliasId: aliasId, status } : { status };
    return {
        effect: {
            event: "postback",
            switch: { status, richMenuAliasId: aliasId, ...(status === "SUCCESS" && { richMenuId }) },
        },
        raised: [postbackEvent(tap, action.data, params)],
    };
}

/** Applies the tap of `action` to the state; answers its effect and the events to deliver. */
export function applyTap(tap: TapContext, action: DeepReadonly<RichMenuAction>, input: TapInput): TapOutcome {
    switch (action.type) {
        case "postback":
            return postbackAction(tap, action);
        case "message":
            return messageAction(tap, action.text);
        case "datetimepicker":
            return datetimepicker(tap, action, input);
        case "richmenuswitch":
            return richmenuswitch(tap, action);
        case "uri":
            return { effect: { event: null, recorded: `opens ${action.uri} on the phone` }, raised: [] };
        case "clipboard":
            return { effect: { event: null, recorded: "copies clipboardText on the phone" }, raised: [] };
    }
}
