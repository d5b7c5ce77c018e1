import { stringify } from "yaml";
import type { ImportedAudience, ImportedChannel, ImportedRichMenu } from "./import";

/**
 * What every format `pulumi-line import` writes says the same way: the header naming the bot imported
 * from and what was left out, the notes on what LINE cannot read back (who is linked to a menu, an
 * audience's members), where a menu's image is written, and an audience's adoption arguments.
 */

export const USER_LINKS_NOTE = [
    "LINE cannot list which users are linked to which rich menu: it only answers per user, for",
    "a user ID you already know. So no user links were imported. Users linked now stay linked;",
    "declare the ones this stack should manage (IDs differ per LINE provider, so per stack), e.g.:",
];

export const MEMBERS_NOTE = (audience: ImportedAudience) => [
    `LINE cannot list an audience's members (it reports ${audience.audienceCount} counted); none were imported.`,
    "IDs declared here are added to it (an ID already in it stays in once); none is ever removed.",
];

export const WEBHOOK_NOTE = (active: boolean) => [
    `The console's "Use webhook" switch is ${active ? "on" : "off"}; the API can read it, never set it.`,
];

/** An audience's arguments as LINE describes it, marked for adoption: the same in every format. */
export function adoptedAudience(audience: ImportedAudience): Record<string, unknown> {
    return {
        description: audience.description,
        ...(audience.type !== "upload" ? { type: audience.type } : {}),
        ...(audience.isIfaAudience ? { isIfaAudience: true } : {}),
        ...(audience.requestId !== undefined ? { requestId: audience.requestId } : {}),
        ...(audience.clickUrl !== undefined ? { clickUrl: audience.clickUrl } : {}),
        adoptAudienceGroupId: audience.audienceGroupId,
    };
}

/** Where a menu's downloaded image goes, relative to the written file. */
export function imageFileOf(menu: ImportedRichMenu): string {
    return `menus/${menu.key}.${menu.contentType === "image/png" ? "png" : "jpg"}`;
}

/** Every string in `value`, at any depth, through `escape`: LINE's values are literal text. */
export function escapeStrings(value: unknown, escape: (text: string) => string): unknown {
    if (typeof value === "string") return escape(value);
    if (Array.isArray(value)) return value.map(v => escapeStrings(v, escape));
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype)
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeStrings(v, escape)]));
    return value;
}

export function comment(lines: readonly string[], indent = "", marker = "#"): string {
    return lines.map(l => `${indent}${marker} ${l}`.trimEnd()).join("\n");
}

export function header(channel: ImportedChannel): string[] {
    const { bot } = channel;
    return [
        `Imported by \`pulumi-line import\` from LINE bot ${bot.basicId} ${JSON.stringify(bot.displayName)} (${bot.userId}).`,
        "Every entry is marked for adoption: the first `pulumi up` takes over what is there and, while it",
        "still matches, writes nothing to LINE. Changing a menu afterwards replaces that menu only.",
        "Rich menus made in LINE Official Account Manager are invisible to the API, so never imported.",
        ...(channel.leftOut.length > 0
            ? ["", "Not imported:", ...channel.leftOut.map(l => `- ${l.what}: ${l.why}`)]
            : []),
    ];
}

export function indented(text: string, by: string): string {
    return text
        .trimEnd()
        .split("\n")
        .map(l => (l === "" ? l : by + l))
        .join("\n");
}

export function yamlOf(value: unknown): string {
    return stringify(value, { lineWidth: 0 });
}
