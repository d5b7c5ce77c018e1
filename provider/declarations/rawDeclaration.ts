import type { Message, RichMenuRequest } from "../client";
import type { AudienceDeclaration, MessageValidationKind, WebhookDeclaration } from "./model";

/**
 * A declaration file as written, after the JSON Schema passed it and before the checks a schema cannot
 * express: the shapes the schema guarantees for an entry without schema problems.
 */

export interface RawEntry {
    readonly stacks?: readonly string[];
}
export interface RawRichMenu extends RawEntry, RichMenuRequest {
    readonly image: string;
    readonly adoptRichMenuId?: string;
}
export interface RawAlias extends RawEntry {
    readonly richMenu: string;
    readonly richMenuAliasId?: string;
    readonly adopt?: boolean;
}
export interface RawUserLinks extends RawEntry {
    readonly richMenu: string;
    readonly userIds?: string[];
    readonly userIdsFile?: string;
    readonly batchTimeoutSeconds?: number;
}
export interface RawWebhook extends RawEntry, WebhookDeclaration {}
export interface RawAudience extends RawEntry, Omit<AudienceDeclaration, "key"> {}
export interface RawMessageTemplate extends RawEntry {
    readonly validateAs?: MessageValidationKind;
    readonly messages?: Message[];
    readonly messagesFile?: string;
}
export interface RawDeclaration {
    readonly channel?: string;
    readonly expectedBot?: string;
    readonly richMenus?: Record<string, RawRichMenu>;
    readonly aliases?: Record<string, RawAlias>;
    readonly defaultRichMenu?: string;
    readonly adoptDefaultRichMenu?: boolean;
    readonly userLinks?: Record<string, RawUserLinks>;
    readonly webhook?: RawWebhook;
    readonly audiences?: Record<string, RawAudience>;
    readonly messages?: Record<string, RawMessageTemplate>;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function entriesOf<T>(section: unknown): [string, T][] {
    return isRecord(section) ? (Object.entries(section) as [string, T][]) : [];
}
