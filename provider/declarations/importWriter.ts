import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { DEFAULT_CHANNEL } from "../resources/credentials";
import type { ImportedAudience, ImportedChannel, ImportedRichMenu } from "./import";

/**
 * Writing what `readChannel` read as a declaration: a `line.yaml` (or a TypeScript program) with each
 * menu's image beside it, every entry marked for adoption, and a comment wherever LINE could not tell
 * what is there (linked users, audience members), so the reader knows the gap is LINE's, not an
 * oversight.
 */

export type ImportFormat = "yaml" | "ts";

export interface WriteImportOptions {
    /** The file to write (`line.yaml`, `index.ts`), absolute; images go under `menus/` beside it. */
    readonly file: string;
    readonly format: ImportFormat;
    /** The channel name the declaration uses (`line:channels.<name>`); `default` when omitted. */
    readonly channel?: string;
    /** Replace files that exist; without it, an existing file is an error and nothing is written. */
    readonly overwrite?: boolean;
}

export interface WrittenImport {
    /** Every file written, absolute. */
    readonly files: readonly string[];
}

const SCHEMA_COMMENT =
    "# yaml-language-server: $schema=node_modules/pulumi-line/schema/line-declarations.editor.schema.json";

const USER_LINKS_NOTE = [
    "LINE cannot list which users are linked to which rich menu: it only answers per user, for",
    "a user ID you already know. So no user links were imported. Users linked now stay linked;",
    "declare the ones this stack should manage (IDs differ per LINE provider, so per stack), e.g.:",
];

const MEMBERS_NOTE = (audience: ImportedAudience) => [
    `LINE cannot list an audience's members (it reports ${audience.audienceCount} counted); none were imported.`,
    "IDs declared here are added to it (an ID already in it stays in once); none is ever removed.",
];

/** An audience's arguments as LINE describes it, marked for adoption: the same in line.yaml and a program. */
function adoptedAudience(audience: ImportedAudience): Record<string, unknown> {
    return {
        description: audience.description,
        ...(audience.type !== "upload" ? { type: audience.type } : {}),
        ...(audience.isIfaAudience ? { isIfaAudience: true } : {}),
        ...(audience.requestId !== undefined ? { requestId: audience.requestId } : {}),
        ...(audience.clickUrl !== undefined ? { clickUrl: audience.clickUrl } : {}),
        adoptAudienceGroupId: audience.audienceGroupId,
    };
}

function imageFileOf(menu: ImportedRichMenu): string {
    return `menus/${menu.key}.${menu.contentType === "image/png" ? "png" : "jpg"}`;
}

/** `${` starts a reference in a declaration file; LINE's values are literal. */
function literal(value: unknown): unknown {
    if (typeof value === "string") return value.replaceAll("${", () => "$${");
    if (Array.isArray(value)) return value.map(literal);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
    return value;
}

function comment(lines: readonly string[], indent = "", marker = "#"): string {
    return lines.map(l => `${indent}${marker} ${l}`.trimEnd()).join("\n");
}

/** A TypeScript line comment. */
function tsComment(lines: readonly string[]): string {
    return comment(lines, "", "//");
}

function indented(text: string, by: string): string {
    return text
        .trimEnd()
        .split("\n")
        .map(l => (l === "" ? l : by + l))
        .join("\n");
}

function yamlOf(value: unknown): string {
    return stringify(value, { lineWidth: 0 });
}

function header(channel: ImportedChannel): string[] {
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

export function declarationYaml(
    channel: ImportedChannel,
    options: Pick<WriteImportOptions, "channel">,
): string {
    const parts: string[] = [SCHEMA_COMMENT, comment(header(channel))];
    const top: Record<string, unknown> = { version: 1 };
    if (options.channel !== undefined && options.channel !== DEFAULT_CHANNEL) top.channel = options.channel;
    top.expectedBot = channel.bot.basicId;
    parts.push(
        yamlOf(top).trimEnd() +
            "\n" +
            comment([
                "expectedBot is the bot imported from; with more stacks on this file, use ${config:expectedBot}",
            ]),
    );

    if (channel.richMenus.length > 0) {
        const menus = channel.richMenus.map(menu =>
            indented(
                yamlOf({
                    [menu.key]: literal({
                        image: imageFileOf(menu),
                        adoptRichMenuId: menu.richMenuId,
                        ...menu.definition,
                    }),
                }),
                "  ",
            ),
        );
        parts.push(`richMenus:\n${menus.join("\n")}`);
    }
    if (channel.aliases.length > 0) {
        const aliases = Object.fromEntries(
            channel.aliases.map(a => [
                a.key,
                {
                    richMenu: a.richMenu,
                    ...(a.key !== a.richMenuAliasId ? { richMenuAliasId: a.richMenuAliasId } : {}),
                    adopt: true,
                },
            ]),
        );
        parts.push(yamlOf({ aliases }).trimEnd());
    }
    if (channel.defaultRichMenu !== undefined) {
        parts.push(
            yamlOf({ defaultRichMenu: channel.defaultRichMenu, adoptDefaultRichMenu: true }).trimEnd(),
        );
    }
    const example = channel.richMenus[0]?.key ?? "home";
    parts.push(
        [
            comment(USER_LINKS_NOTE),
            "# userLinks:",
            `#   vip: { richMenu: ${example}, userIdsFile: "users/vip-\${stack}.txt" }`,
        ].join("\n"),
    );
    if (channel.webhook !== undefined) {
        parts.push(
            yamlOf({ webhook: literal({ endpoint: channel.webhook.endpoint, adopt: true }) }).trimEnd() +
                "\n" +
                comment(
                    [
                        `The console's "Use webhook" switch is ${channel.webhook.active ? "on" : "off"}; the API can read it, never set it.`,
                    ],
                    "  ",
                ),
        );
    }
    if (channel.audiences.length > 0) {
        const audiences = channel.audiences.map(audience => {
            const declared = adoptedAudience(audience);
            const body = indented(yamlOf({ [audience.key]: literal(declared) }), "  ");
            if (audience.type !== "upload") return body;
            return `${comment(MEMBERS_NOTE(audience), "  ")}\n${body}\n${comment(["userIdsFile: users/<file>.txt"], "    ")}`;
        });
        parts.push(`audiences:\n${audiences.join("\n")}`);
    }
    return `${parts.join("\n\n")}\n`;
}

function identifierOf(key: string, used: Set<string>): string {
    let name = key
        .replace(/[-_]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, "");
    if (!/^[A-Za-z]/.test(name)) name = `m${name}`;
    let candidate = name;
    for (let n = 2; used.has(candidate) || RESERVED.has(candidate); n++) candidate = `${name}${n}`;
    used.add(candidate);
    return candidate;
}

const RESERVED = new Set([
    "line",
    "pulumi",
    "default",
    "new",
    "class",
    "function",
    "delete",
    "import",
    "export",
]);

/** A marker JSON cannot hold: replaced by a reference to the menu variable's `richMenuId`. */
const MENU_REF = "\u0000menu:";
/** How JSON.stringify writes it. */
const MENU_REF_JSON = /"\\u0000menu:([A-Za-z0-9]+)"/g;

function tsArgs(value: Record<string, unknown>, indent: string): string {
    return JSON.stringify(value, null, 4)
        .replace(MENU_REF_JSON, "$1.richMenuId")
        .replace(/\n/g, `\n${indent}`);
}

export function declarationProgram(
    channel: ImportedChannel,
    options: Pick<WriteImportOptions, "channel">,
): string {
    const onChannel =
        options.channel !== undefined && options.channel !== DEFAULT_CHANNEL
            ? { channel: options.channel }
            : {};
    const used = new Set<string>();
    const variableOf = new Map<string, string>();
    const ref = (menuKey: string) => `${MENU_REF}${variableOf.get(menuKey) ?? ""}`;
    const lines: string[] = [
        tsComment(header(channel)),
        tsComment([
            "Credentials: stack config (line:channelAccessToken) or the environment, as for `pulumi up`.",
            `Set \`pulumi config set line:expectedBot ${channel.bot.basicId}\` so a token of another bot is refused.`,
        ]),
        'import * as line from "pulumi-line";',
        "",
    ];
    for (const menu of channel.richMenus) {
        const variable = identifierOf(menu.key, used);
        variableOf.set(menu.key, variable);
        const args = {
            ...menu.definition,
            image: imageFileOf(menu),
            adoptRichMenuId: menu.richMenuId,
            ...onChannel,
        };
        lines.push(
            `const ${variable} = new line.RichMenu(${JSON.stringify(menu.key)}, ${tsArgs(args, "")});`,
        );
    }
    for (const alias of channel.aliases) {
        const args = {
            richMenuAliasId: alias.richMenuAliasId,
            richMenuId: ref(alias.richMenu),
            adopt: true,
            ...onChannel,
        };
        lines.push(`new line.RichMenuAlias(${JSON.stringify(`alias-${alias.key}`)}, ${tsArgs(args, "")});`);
    }
    if (channel.defaultRichMenu !== undefined) {
        const args = { richMenuId: ref(channel.defaultRichMenu), adopt: true, ...onChannel };
        lines.push(`new line.DefaultRichMenu("default", ${tsArgs(args, "")});`);
    }
    const example = channel.richMenus[0] !== undefined ? variableOf.get(channel.richMenus[0].key) : "home";
    lines.push(
        "",
        tsComment(USER_LINKS_NOTE),
        tsComment([
            `new line.UserRichMenuLinks("vip", { richMenuId: ${example}.richMenuId, userIdsFile: "users/vip.txt" });`,
        ]),
    );
    if (channel.webhook !== undefined) {
        const args = { endpoint: channel.webhook.endpoint, adopt: true, ...onChannel };
        lines.push(
            "",
            tsComment([
                `The console's "Use webhook" switch is ${channel.webhook.active ? "on" : "off"}; the API can read it, never set it.`,
            ]),
            `new line.WebhookEndpoint("webhook", ${tsArgs(args, "")});`,
        );
    }
    for (const audience of channel.audiences) {
        const args = { ...adoptedAudience(audience), ...onChannel };
        lines.push("");
        if (audience.type === "upload") lines.push(tsComment(MEMBERS_NOTE(audience)));
        lines.push(`new line.Audience(${JSON.stringify(`audience-${audience.key}`)}, ${tsArgs(args, "")});`);
    }
    return `${lines.join("\n")}\n`;
}

/**
 * Writes the declaration and the images. Refuses, writing nothing, when any of the files exists and
 * `overwrite` is not set: an import must never clobber a file someone edited.
 */
export function writeImport(channel: ImportedChannel, options: WriteImportOptions): WrittenImport {
    const dir = path.dirname(options.file);
    const images = channel.richMenus.map(menu => ({
        file: path.join(dir, imageFileOf(menu)),
        bytes: menu.image,
    }));
    const text =
        options.format === "ts" ? declarationProgram(channel, options) : declarationYaml(channel, options);
    const all = [options.file, ...images.map(i => i.file)];
    if (!options.overwrite) {
        const existing = all.filter(f => existsSync(f));
        if (existing.length > 0) {
            throw new Error(
                `${existing.map(f => path.relative(process.cwd(), f) || f).join(", ")} exist${existing.length === 1 ? "s" : ""} already; ` +
                    "nothing was written (give --force to replace)",
            );
        }
    }
    for (const image of images) {
        mkdirSync(path.dirname(image.file), { recursive: true });
        writeFileSync(image.file, image.bytes);
    }
    writeFileSync(options.file, text);
    return { files: all };
}
