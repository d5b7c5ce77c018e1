import {
    detectImageContentType,
    type AudienceGroup,
    type BotInfoResponse,
    type LineClient,
    type RichMenuImageContentType,
    type RichMenuRequest,
} from "../client";
import { declarationOf } from "../resources/audienceModel";
import { readOrGone } from "../resources/notFound";

/**
 * Reading a live channel into what a declaration of it needs: every rich menu with its image, the
 * aliases, the default, the webhook URL and the audiences LINE can describe, each with the ID that
 * adopts it. Only GET calls are made.
 *
 * What LINE cannot read back is recorded as such, so the written file can say why it is missing:
 * - which users are linked to which menu: LINE only answers per user ("which menu does U… see?",
 *   https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-id-of-user), never per menu;
 * - an audience's members: LINE reports a count, never the IDs
 *   (https://developers.line.biz/en/reference/messaging-api/#get-audience-group);
 * - message templates: LINE keeps none;
 * - rich menus made in LINE Official Account Manager: the API lists only menus made through it
 *   (https://developers.line.biz/en/docs/messaging-api/using-rich-menus/).
 */

export interface ImportedRichMenu {
    /** The declaration key, unique, made from the menu's name. */
    readonly key: string;
    readonly richMenuId: string;
    readonly definition: RichMenuRequest;
    readonly image: Buffer;
    readonly contentType: RichMenuImageContentType;
}

export interface ImportedAlias {
    readonly key: string;
    readonly richMenuAliasId: string;
    /** The key of the menu it points at. */
    readonly richMenu: string;
}

export interface ImportedAudience {
    readonly key: string;
    readonly audienceGroupId: number;
    readonly description: string;
    readonly type: "upload" | "click" | "imp";
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly clickUrl?: string;
    /** LINE's count of members, for the comment saying they cannot be listed. */
    readonly audienceCount: number;
}

/** Something in the channel that is not declared, and why. */
export interface LeftOut {
    readonly what: string;
    readonly why: string;
}

export interface ImportedChannel {
    readonly bot: BotInfoResponse;
    readonly richMenus: readonly ImportedRichMenu[];
    readonly aliases: readonly ImportedAlias[];
    /** The key of the default menu. */
    readonly defaultRichMenu?: string;
    readonly webhook?: { readonly endpoint: string; readonly active: boolean };
    readonly audiences: readonly ImportedAudience[];
    readonly leftOut: readonly LeftOut[];
}

/** Declaration keys: a letter or digit, then letters, digits, `_` and `-`, at most 63 (the schema's `key`). */
const KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Keys made from names, each unique among its kind. */
export class KeyMaker {
    private readonly used = new Set<string>();

    constructor(private readonly fallback: string) {}

    /** `preferred` itself when it is a free key; else a slug of it, numbered on a clash. */
    make(preferred: string): string {
        let base = KEY.test(preferred)
            ? preferred
            : preferred
                  .normalize("NFKD")
                  .toLowerCase()
                  .replace(/[^a-z0-9]+/g, "-")
                  .replace(/^-+|-+$/g, "")
                  .slice(0, 56);
        if (!KEY.test(base)) base = this.fallback;
        let key = base;
        for (let n = 2; this.used.has(key); n++) key = `${base}-${n}`;
        this.used.add(key);
        return key;
    }
}

/** Reads the channel the client's credentials belong to. Makes GET calls only. */
export async function readChannel(client: LineClient): Promise<ImportedChannel> {
    const bot = await client.getBotInfo();
    const leftOut: LeftOut[] = [];

    const menuKeys = new KeyMaker("menu");
    const richMenus: ImportedRichMenu[] = [];
    const keyOfMenu = new Map<string, string>();
    const { richmenus } = await client.getRichMenuList();
    for (const menu of richmenus) {
        const { richMenuId, ...definition } = menu;
        const image = await readOrGone(client.getRichMenuImage(richMenuId));
        const contentType = image === undefined ? undefined : detectImageContentType(image);
        if (image === undefined || contentType === undefined) {
            leftOut.push({
                what: `rich menu ${richMenuId} ${JSON.stringify(menu.name)}`,
                why:
                    image === undefined
                        ? "it has no image, so LINE cannot show it (a declared menu needs its image file)"
                        : "its image is neither PNG nor JPEG",
            });
            continue;
        }
        const key = menuKeys.make(menu.name);
        keyOfMenu.set(richMenuId, key);
        richMenus.push({ key, richMenuId, definition, image, contentType });
    }

    const aliasKeys = new KeyMaker("alias");
    const aliases: ImportedAlias[] = [];
    const { aliases: liveAliases } = await client.getRichMenuAliasList();
    for (const alias of liveAliases) {
        const richMenu = keyOfMenu.get(alias.richMenuId);
        if (richMenu === undefined) {
            leftOut.push({
                what: `alias ${JSON.stringify(alias.richMenuAliasId)}`,
                why: `it points at ${alias.richMenuId}, which is not imported`,
            });
            continue;
        }
        // The key doubles as the alias ID when it can (the file is shorter and reads like the switch actions).
        const usable =
            /^[a-z0-9][a-z0-9_-]{0,31}$/.test(alias.richMenuAliasId) && alias.richMenuAliasId !== "list";
        const key = aliasKeys.make(usable ? alias.richMenuAliasId : `alias-${alias.richMenuAliasId}`);
        aliases.push({ key, richMenuAliasId: alias.richMenuAliasId, richMenu });
    }

    let defaultRichMenu: string | undefined;
    const liveDefault = await readOrGone(client.getDefaultRichMenuId());
    if (liveDefault !== undefined) {
        defaultRichMenu = keyOfMenu.get(liveDefault.richMenuId);
        if (defaultRichMenu === undefined) {
            leftOut.push({
                what: "the default rich menu",
                why: `it is ${liveDefault.richMenuId}, which is not imported`,
            });
        }
    }

    const webhook = await readOrGone(client.getWebhookEndpoint());

    const audienceKeys = new KeyMaker("audience");
    const audiences: ImportedAudience[] = [];
    // Public audiences of the bot's other channels are listed too unless asked not to: not this channel's.
    for await (const group of client.iterateAudienceGroups({ includesExternalPublicGroups: false })) {
        const imported = importAudience(group, audienceKeys);
        if (typeof imported === "string") {
            leftOut.push({
                what: `audience ${group.audienceGroupId} ${JSON.stringify(group.description)}`,
                why: imported,
            });
        } else {
            audiences.push(imported);
        }
    }

    return {
        bot,
        richMenus,
        aliases,
        ...(defaultRichMenu !== undefined ? { defaultRichMenu } : {}),
        ...(webhook !== undefined && webhook.endpoint
            ? { webhook: { endpoint: webhook.endpoint, active: webhook.active } }
            : {}),
        audiences,
        leftOut,
    };
}

/** The audience as declared, or why it cannot be. */
function importAudience(group: AudienceGroup, keys: KeyMaker): ImportedAudience | string {
    const declared = declarationOf(group);
    if (typeof declared === "string") return declared;
    return {
        key: keys.make(group.description),
        audienceGroupId: group.audienceGroupId,
        ...declared,
        audienceCount: group.audienceCount,
    };
}
