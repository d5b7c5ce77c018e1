import type { Message, RichMenuRequest } from "../client";
import type { RichMenuImageType } from "../validation/image";
import type { DeclarationIssue } from "./errors";

/**
 * A declaration file after loading: references resolved for one stack, entries for other stacks left
 * out, every path absolute, everything checked. What the LineChannel component turns into resources
 * and what the render command draws.
 */

export type MessageValidationKind = "reply" | "push" | "multicast" | "narrowcast" | "broadcast";

export interface RichMenuImage {
    readonly bytes: Buffer;
    readonly contentType: RichMenuImageType;
    readonly sha256: string;
}

export interface RichMenuDeclaration {
    readonly key: string;
    /** The rich menu object sent to LINE. */
    readonly definition: RichMenuRequest;
    /** The image file, absolute. */
    readonly imageFile: string;
    /** The image as read; absent when it could not be read (an error says why). */
    readonly image?: RichMenuImage;
    readonly adoptRichMenuId?: string;
}

export interface RichMenuAliasDeclaration {
    readonly key: string;
    readonly richMenuAliasId: string;
    /** The key of the menu it points at. */
    readonly richMenu: string;
    readonly adopt?: boolean;
}

export interface UserLinksDeclaration {
    readonly key: string;
    readonly richMenu: string;
    readonly userIds?: readonly string[];
    /** Absolute. */
    readonly userIdsFile?: string;
    readonly batchTimeoutSeconds?: number;
}

export interface WebhookDeclaration {
    readonly endpoint: string;
    readonly verify?: boolean;
    readonly restoreOnDelete?: boolean;
    readonly adopt?: boolean;
}

export interface AudienceDeclaration {
    readonly key: string;
    readonly description: string;
    readonly type?: "upload" | "click" | "imp";
    readonly isIfaAudience?: boolean;
    readonly userIds?: readonly string[];
    /** Absolute. */
    readonly userIdsFile?: string;
    readonly requestId?: string;
    readonly clickUrl?: string;
    readonly waitUntilReady?: boolean;
    readonly readyTimeoutSeconds?: number;
    readonly adoptAudienceGroupId?: number;
}

export interface MessageTemplateDeclaration {
    readonly key: string;
    readonly validateAs: MessageValidationKind;
    readonly messages: readonly Message[];
    /**
     * Where each part of the messages is written, by LINE's property path (`messages[0].text` →
     * `line.yaml:14:15`), so LINE's validation answer can name the line to fix.
     */
    readonly locations: Readonly<Record<string, string>>;
}

export interface ChannelDeclaration {
    /** The file as given (relative to the working directory when given relative). */
    readonly file: string;
    /** The file, absolute. */
    readonly path: string;
    readonly stack: string;
    readonly channel?: string;
    readonly expectedBot?: string;
    /** Where `expectedBot` is written, `line.yaml:3:14`. */
    readonly expectedBotLocation?: string;
    readonly richMenus: Readonly<Record<string, RichMenuDeclaration>>;
    readonly aliases: Readonly<Record<string, RichMenuAliasDeclaration>>;
    /** The key of the default menu. */
    readonly defaultRichMenu?: string;
    /** Take over the default that is set already (no write when it is this menu already). */
    readonly adoptDefaultRichMenu?: boolean;
    readonly userLinks: Readonly<Record<string, UserLinksDeclaration>>;
    readonly webhook?: WebhookDeclaration;
    readonly audiences: Readonly<Record<string, AudienceDeclaration>>;
    readonly messages: Readonly<Record<string, MessageTemplateDeclaration>>;
    /** Entries whose `stacks` leave this stack out (`audiences.vip`). */
    readonly skipped: readonly string[];
    /** Paths whose value came from secret config; the component keeps them secret in state. */
    readonly secretPaths: readonly string[];
    /** Things worth a look that do not stop a deployment: shown by preview, drawn by render. */
    readonly warnings: readonly DeclarationIssue[];
}
