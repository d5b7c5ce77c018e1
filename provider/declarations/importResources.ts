import { DEFAULT_CHANNEL } from "../resources/credentials";
import type { ResourceKind } from "../resources/providerStub";
import { KeyMaker, type ImportedChannel } from "./import";
import { adoptedAudience, imageFileOf, MEMBERS_NOTE, WEBHOOK_NOTE } from "./importText";

/**
 * An imported channel as Pulumi resources, what the program formats (TypeScript, Pulumi YAML) declare
 * and the bulk import file names: each with its kind, a logical name unique in the program, the ID
 * `pulumi import` takes for it (the native provider's rules, provider/plugin/imports.ts), and the
 * arguments that adopt it. A menu's ID is a {@link MenuReference}, which each format writes its own way.
 */

/** The `richMenuId` of the menu imported under `menuKey`. */
export class MenuReference {
    constructor(readonly menuKey: string) {}
}

export interface ProgramResource {
    readonly kind: ResourceKind;
    /** The logical name: unique in the program (Pulumi YAML names resources in one map). */
    readonly name: string;
    /** What `pulumi import` takes for it. */
    readonly importId: string;
    readonly args: Readonly<Record<string, unknown>>;
    /** What LINE could not tell about it, for a comment beside it. */
    readonly note?: readonly string[];
    /** A rich menu's key in the imported channel. */
    readonly menuKey?: string;
}

/** The native type token of a kind. */
export const typeTokenOf = (kind: ResourceKind) => `line:index:${kind}`;

/** Menus, their aliases, the default, the webhook, the audiences: in the order a reader meets them. */
export function programResources(
    channel: ImportedChannel,
    options: { readonly channel?: string },
): ProgramResource[] {
    const named = options.channel ?? DEFAULT_CHANNEL;
    const onChannel = named !== DEFAULT_CHANNEL ? { channel: named } : {};
    const names = new KeyMaker("resource");
    const resources: ProgramResource[] = channel.richMenus.map(menu => ({
        kind: "RichMenu",
        name: names.make(menu.key),
        importId: menu.richMenuId,
        args: {
            ...menu.definition,
            image: imageFileOf(menu),
            adoptRichMenuId: menu.richMenuId,
            ...onChannel,
        },
        menuKey: menu.key,
    }));
    for (const alias of channel.aliases) {
        resources.push({
            kind: "RichMenuAlias",
            name: names.make(`alias-${alias.key}`),
            importId: alias.richMenuAliasId,
            args: {
                richMenuAliasId: alias.richMenuAliasId,
                richMenuId: new MenuReference(alias.richMenu),
                adopt: true,
                ...onChannel,
            },
        });
    }
    if (channel.defaultRichMenu !== undefined) {
        resources.push({
            kind: "DefaultRichMenu",
            name: names.make("default"),
            importId: `default-rich-menu/${named}`,
            args: { richMenuId: new MenuReference(channel.defaultRichMenu), adopt: true, ...onChannel },
        });
    }
    if (channel.webhook !== undefined) {
        resources.push({
            kind: "WebhookEndpoint",
            name: names.make("webhook"),
            importId: `webhook-endpoint/${named}`,
            args: { endpoint: channel.webhook.endpoint, adopt: true, ...onChannel },
            note: WEBHOOK_NOTE(channel.webhook.active),
        });
    }
    for (const audience of channel.audiences) {
        resources.push({
            kind: "Audience",
            name: names.make(`audience-${audience.key}`),
            importId: String(audience.audienceGroupId),
            args: { ...adoptedAudience(audience), ...onChannel },
            ...(audience.type === "upload" ? { note: MEMBERS_NOTE(audience) } : {}),
        });
    }
    return resources;
}

/** The logical name of the menu imported under `menuKey`. */
export function menuNameOf(resources: readonly ProgramResource[], menuKey: string): string {
    const menu = resources.find(r => r.menuKey === menuKey);
    if (menu === undefined) throw new Error(`no imported rich menu ${JSON.stringify(menuKey)}`);
    return menu.name;
}

/** The arguments with each menu reference written by `write`. */
export function withMenuReferences(
    args: Readonly<Record<string, unknown>>,
    write: (reference: MenuReference) => unknown,
): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(args).map(([key, value]) => [
            key,
            value instanceof MenuReference ? write(value) : value,
        ]),
    );
}

/** Menus and what points at them: a program says after these that user links were not imported. */
export function isMenuPart(resource: ProgramResource): boolean {
    return (
        resource.kind === "RichMenu" ||
        resource.kind === "RichMenuAlias" ||
        resource.kind === "DefaultRichMenu"
    );
}
