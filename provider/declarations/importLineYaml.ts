import { DEFAULT_CHANNEL } from "../resources/credentials";
import type { ImportedChannel } from "./import";
import {
    adoptedAudience,
    comment,
    escapeStrings,
    header,
    imageFileOf,
    indented,
    MEMBERS_NOTE,
    USER_LINKS_NOTE,
    WEBHOOK_NOTE,
    yamlOf,
} from "./importText";

/**
 * `pulumi-line import` as a `line.yaml`, the declaration file the LineChannel component loads: every
 * menu, alias, the default, the webhook and the audiences under their own sections, marked for
 * adoption, with a comment wherever LINE could not tell what is there.
 */

const SCHEMA_COMMENT =
    "# yaml-language-server: $schema=node_modules/pulumi-line/schema/line-declarations.editor.schema.json";

/** `${` starts a reference in a declaration file; LINE's values are literal. */
function literal(value: unknown): unknown {
    return escapeStrings(value, text => text.replaceAll("${", () => "$${"));
}

export function declarationYaml(channel: ImportedChannel, options: { readonly channel?: string }): string {
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
                comment(WEBHOOK_NOTE(channel.webhook.active), "  "),
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
