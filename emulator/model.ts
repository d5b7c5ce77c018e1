/**
 * LINE's wire objects as the emulator stores and returns them. Names follow LINE's SDK
 * (`RichMenuRequest`, `RichMenuResponse`, ...); only fields LINE documents are kept.
 */

export interface RichMenuSize {
    readonly width: number;
    readonly height: number;
}

export interface RichMenuBounds {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
}

export interface PostbackAction {
    readonly type: "postback";
    readonly label?: string;
    readonly data: string;
    readonly displayText?: string;
    readonly text?: string;
    readonly inputOption?: "closeRichMenu" | "openRichMenu" | "openKeyboard" | "openVoice";
    readonly fillInText?: string;
}

export interface MessageAction {
    readonly type: "message";
    readonly label?: string;
    readonly text: string;
}

export interface UriAction {
    readonly type: "uri";
    readonly label?: string;
    readonly uri: string;
    readonly altUri?: { readonly desktop: string };
}

export interface DatetimePickerAction {
    readonly type: "datetimepicker";
    readonly label?: string;
    readonly data: string;
    readonly mode: "date" | "time" | "datetime";
    readonly initial?: string;
    readonly max?: string;
    readonly min?: string;
}

export interface RichMenuSwitchAction {
    readonly type: "richmenuswitch";
    readonly label?: string;
    readonly richMenuAliasId: string;
    readonly data: string;
}

export interface ClipboardAction {
    readonly type: "clipboard";
    readonly label?: string;
    readonly clipboardText: string;
}

/** The actions LINE accepts in a rich menu area (https://developers.line.biz/en/reference/messaging-api/#action-objects). */
export type RichMenuAction =
    | PostbackAction
    | MessageAction
    | UriAction
    | DatetimePickerAction
    | RichMenuSwitchAction
    | ClipboardAction;

export interface RichMenuArea {
    readonly bounds: RichMenuBounds;
    readonly action: RichMenuAction;
}

/** The rich menu object of create/validate (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object). */
export interface RichMenuRequest {
    readonly size: RichMenuSize;
    readonly selected: boolean;
    readonly name: string;
    readonly chatBarText: string;
    readonly areas: readonly RichMenuArea[];
}

export interface RichMenuResponse extends RichMenuRequest {
    readonly richMenuId: string;
}

/** A rich menu's image, as uploaded. */
export interface RichMenuImage {
    readonly contentType: string;
    readonly bytes: Buffer;
    readonly sha256: string;
}

export type AudienceGroupType = "UPLOAD" | "CLICK" | "IMP";
export type AudienceGroupStatus = "IN_PROGRESS" | "READY" | "FAILED" | "EXPIRED" | "INACTIVE" | "ACTIVATING";
export type AudienceGroupJobStatus = "QUEUED" | "WORKING" | "FINISHED" | "FAILED";
export type AudienceAuthorityLevel = "PUBLIC" | "PRIVATE";

/** The `audienceGroup` object of Get audience data and list (https://developers.line.biz/en/reference/messaging-api/#get-audience-group). */
export interface AudienceGroup {
    readonly audienceGroupId: number;
    readonly type: AudienceGroupType;
    readonly description: string;
    readonly status: AudienceGroupStatus;
    readonly audienceCount: number;
    readonly created: number;
    readonly permission: "READ" | "READ_WRITE";
    readonly createRoute: "MESSAGING_API";
    readonly isIfaAudience: boolean;
    readonly expireTimestamp: number;
    readonly requestId?: string;
    readonly clickUrl?: string;
}

/** One entry of `jobs[]` (https://developers.line.biz/en/reference/messaging-api/#get-audience-group). */
export interface AudienceGroupJob {
    readonly audienceGroupJobId: number;
    readonly audienceGroupId: number;
    readonly description?: string;
    readonly type: "DIFF_ADD";
    readonly jobStatus: AudienceGroupJobStatus;
    readonly audienceCount: number;
    readonly created: number;
}

export type RichMenuBatchOperation =
    | { readonly type: "link"; readonly from: string; readonly to: string }
    | { readonly type: "unlink"; readonly from: string }
    | { readonly type: "unlinkAll" };

export type RichMenuBatchProgressPhase = "ongoing" | "succeeded" | "failed";
