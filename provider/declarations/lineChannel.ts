import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Message } from "../client";
import { Audience } from "../resources/audience";
import { DefaultRichMenu } from "../resources/defaultRichMenu";
import { RichMenu } from "../resources/richMenu";
import { RichMenuAlias } from "../resources/richMenuAlias";
import { UserRichMenuLinks } from "../resources/userRichMenuLinks";
import { WebhookEndpoint } from "../resources/webhookEndpoint";
import { formatIssue } from "./errors";
import { loadDeclarations } from "./load";
import type { ChannelDeclaration } from "./model";
import { ChannelPreflight, type MessageTemplateInput } from "./preflight";
import type { StackConfig } from "./references";

export interface LineChannelArgs {
    /** The declaration file (`line.yaml`): absolute, or relative to the program's working directory. */
    readonly file: string;
    /** Which credentials to use (see the provider's channel settings); the file's `channel`, else `default`. */
    readonly channel?: string;
    /** The values of `${config:…}` and the stack's name; the running stack's by default. */
    readonly stackConfig?: StackConfig;
}

/**
 * The SDK's own test for secret config keys. It is marked internal, so it is looked up rather than
 * imported; an SDK without it makes every value count as plain.
 */
const runtimeWithSecrets = pulumi.runtime as typeof pulumi.runtime & {
    readonly isConfigSecret?: (key: string) => boolean;
};

/** The running stack's config, read as the Pulumi program sees it. */
export function pulumiStackConfig(): StackConfig {
    return {
        stack: pulumi.getStack(),
        project: pulumi.getProject(),
        // The raw reader: `Config.get` warns about secrets, which the component keeps secret itself.
        get: key => pulumi.runtime.getConfig(key),
        isSecret: key => runtimeWithSecrets.isConfigSecret?.(key) ?? false,
    };
}

/**
 * A whole LINE channel from one declaration file: rich menus with their images, aliases, the default
 * menu, per-user links, the webhook endpoint, audiences, and message templates checked with LINE.
 *
 * The file is loaded and checked in the constructor, before anything is registered: a file with
 * problems throws a {@link DeclarationError} listing them all, so `pulumi preview` fails with it and
 * nothing is written. Children are named `<name>-<key>` after the declaration's keys (the default
 * menu `<name>-default`, the webhook `<name>-webhook`), so renaming a key replaces that resource only.
 *
 * ```ts
 * const channel = new LineChannel("channel", { file: "line.yaml" });
 * export const richMenuIds = channel.richMenuIds;
 * ```
 */
export class LineChannel extends pulumi.ComponentResource {
    /** The file as loaded for this stack. */
    readonly declaration: ChannelDeclaration;
    readonly richMenus: Readonly<Record<string, RichMenu>>;
    readonly aliases: Readonly<Record<string, RichMenuAlias>>;
    readonly defaultRichMenu?: DefaultRichMenu;
    readonly userLinks: Readonly<Record<string, UserRichMenuLinks>>;
    readonly webhook?: WebhookEndpoint;
    readonly audiences: Readonly<Record<string, Audience>>;
    /** Present when the file declares message templates or an expected bot. */
    readonly preflight?: ChannelPreflight;
    /** LINE's rich menu ID of each declared menu, by key. */
    readonly richMenuIds: pulumi.Output<Record<string, string>>;
    /** LINE's audience group ID of each declared audience, by key (what narrowcasts name). */
    readonly audienceGroupIds: pulumi.Output<Record<string, number>>;
    /** The message templates, checked by LINE, by key: for the bot server to send. */
    readonly messageTemplates: pulumi.Output<Record<string, Message[]>>;

    constructor(name: string, args: LineChannelArgs, opts: pulumi.ComponentResourceOptions = {}) {
        // Before `super`: a file with problems must stop the program before the component is registered.
        const declaration = loadDeclarations(args.file, { config: args.stackConfig ?? pulumiStackConfig() });
        super("line:index:Channel", name, {}, opts);
        this.declaration = declaration;
        for (const warning of declaration.warnings) void pulumi.log.warn(formatIssue(warning), this);

        const channel = args.channel ?? declaration.channel;
        const templates = templatesOf(declaration);
        const preflight = preflightOf(name, declaration, channel, templates, this);
        if (preflight !== undefined) this.preflight = preflight;
        const children: Children = {
            name,
            declaration,
            onChannel: channel === undefined ? {} : { channel },
            // Nothing is written before LINE has accepted the templates and the bot.
            options: { parent: this, ...(preflight !== undefined ? { dependsOn: [preflight] } : {}) },
        };
        this.richMenus = richMenusOf(children);
        const menuId = (key: string) => this.richMenus[key]!.richMenuId;
        this.aliases = aliasesOf(children, menuId);
        const defaultRichMenu = defaultRichMenuOf(children, menuId);
        if (defaultRichMenu !== undefined) this.defaultRichMenu = defaultRichMenu;
        this.userLinks = userLinksOf(children, menuId);
        const webhook = webhookOf(children);
        if (webhook !== undefined) this.webhook = webhook;
        this.audiences = audiencesOf(children);

        this.richMenuIds = outputsBy(this.richMenus, m => m.richMenuId);
        this.audienceGroupIds = outputsBy(this.audiences, a => a.audienceGroupId);
        this.messageTemplates = pulumi
            .output(
                keep(
                    declaration,
                    Object.fromEntries(Object.entries(templates).map(([k, t]) => [k, t.messages])),
                    "messages",
                ),
            )
            .apply(messages => messages as Record<string, Message[]>);
        this.registerOutputs({
            richMenuIds: this.richMenuIds,
            audienceGroupIds: this.audienceGroupIds,
            messageTemplates: this.messageTemplates,
        });
    }
}

/** What every child resource of a {@link LineChannel} is made with. */
interface Children {
    /** The component's name: children are `<name>-<key>`. */
    readonly name: string;
    readonly declaration: ChannelDeclaration;
    readonly onChannel: { readonly channel?: string };
    readonly options: pulumi.CustomResourceOptions;
}

/** `value`, kept secret in state when it (or anything under it) comes from secret config. */
function keep<T>(declaration: ChannelDeclaration, value: T, at: string): pulumi.Input<T> {
    const secret = declaration.secretPaths.some(
        p => p === at || p.startsWith(`${at}.`) || p.startsWith(`${at}[`),
    );
    return secret ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}

/**
 * A file path relative to the working directory, where the provider resolves it: state then holds the
 * same path on every machine.
 */
function fromProgram(file: string): string {
    return path.relative(process.cwd(), file);
}

/** One output of each resource, by key. */
function outputsBy<R, T>(
    resources: Readonly<Record<string, R>>,
    output: (resource: R) => pulumi.Output<T>,
): pulumi.Output<Record<string, T>> {
    return pulumi
        .all(Object.fromEntries(Object.entries(resources).map(([k, r]) => [k, output(r)])))
        .apply(values => values as Record<string, T>);
}

function templatesOf(declaration: ChannelDeclaration): Record<string, MessageTemplateInput> {
    const templates: Record<string, MessageTemplateInput> = {};
    for (const [key, template] of Object.entries(declaration.messages)) {
        templates[key] = {
            validateAs: template.validateAs,
            messages: [...template.messages],
            locations: { ...template.locations },
        };
    }
    return templates;
}

/** The checks with LINE before any write, when the file has message templates or an expected bot. */
function preflightOf(
    name: string,
    declaration: ChannelDeclaration,
    channel: string | undefined,
    templates: Record<string, MessageTemplateInput>,
    parent: pulumi.Resource,
): ChannelPreflight | undefined {
    if (declaration.expectedBot === undefined && Object.keys(templates).length === 0) return undefined;
    return new ChannelPreflight(
        `${name}-preflight`,
        {
            ...(channel === undefined ? {} : { channel }),
            ...(declaration.expectedBot !== undefined
                ? { expectedBot: keep(declaration, declaration.expectedBot, "expectedBot") }
                : {}),
            ...(declaration.expectedBotLocation !== undefined
                ? { expectedBotLocation: declaration.expectedBotLocation }
                : {}),
            templates: keep(declaration, templates, "messages"),
        },
        { parent },
    );
}

function richMenusOf({ name, declaration, onChannel, options }: Children): Record<string, RichMenu> {
    const richMenus: Record<string, RichMenu> = {};
    for (const [key, menu] of Object.entries(declaration.richMenus)) {
        const at = `richMenus.${key}`;
        const { definition } = menu;
        richMenus[key] = new RichMenu(
            `${name}-${key}`,
            {
                size: definition.size,
                selected: definition.selected,
                name: keep(declaration, definition.name, `${at}.name`),
                chatBarText: keep(declaration, definition.chatBarText, `${at}.chatBarText`),
                areas: keep(declaration, [...definition.areas], `${at}.areas`),
                image: fromProgram(menu.imageFile),
                ...onChannel,
                ...(menu.adoptRichMenuId !== undefined ? { adoptRichMenuId: menu.adoptRichMenuId } : {}),
            },
            options,
        );
    }
    return richMenus;
}

type MenuId = (key: string) => pulumi.Output<string>;

function aliasesOf(
    { name, declaration, onChannel, options }: Children,
    menuId: MenuId,
): Record<string, RichMenuAlias> {
    const aliases: Record<string, RichMenuAlias> = {};
    for (const [key, alias] of Object.entries(declaration.aliases)) {
        aliases[key] = new RichMenuAlias(
            `${name}-${key}`,
            {
                richMenuAliasId: alias.richMenuAliasId,
                richMenuId: menuId(alias.richMenu),
                ...onChannel,
                ...(alias.adopt !== undefined ? { adopt: alias.adopt } : {}),
            },
            options,
        );
    }
    return aliases;
}

function defaultRichMenuOf(
    { name, declaration, onChannel, options }: Children,
    menuId: MenuId,
): DefaultRichMenu | undefined {
    if (declaration.defaultRichMenu === undefined) return undefined;
    return new DefaultRichMenu(
        `${name}-default`,
        {
            richMenuId: menuId(declaration.defaultRichMenu),
            ...onChannel,
            ...(declaration.adoptDefaultRichMenu === true ? { adopt: true } : {}),
        },
        options,
    );
}

function userLinksOf(
    { name, declaration, onChannel, options }: Children,
    menuId: MenuId,
): Record<string, UserRichMenuLinks> {
    const userLinks: Record<string, UserRichMenuLinks> = {};
    for (const [key, links] of Object.entries(declaration.userLinks)) {
        userLinks[key] = new UserRichMenuLinks(
            `${name}-${key}`,
            {
                richMenuId: menuId(links.richMenu),
                ...(links.userIds !== undefined ? { userIds: [...links.userIds] } : {}),
                ...(links.userIdsFile !== undefined ? { userIdsFile: fromProgram(links.userIdsFile) } : {}),
                ...(links.batchTimeoutSeconds !== undefined
                    ? { batchTimeoutSeconds: links.batchTimeoutSeconds }
                    : {}),
                ...onChannel,
            },
            options,
        );
    }
    return userLinks;
}

function webhookOf({ name, declaration, onChannel, options }: Children): WebhookEndpoint | undefined {
    const webhook = declaration.webhook;
    if (webhook === undefined) return undefined;
    return new WebhookEndpoint(
        `${name}-webhook`,
        {
            endpoint: keep(declaration, webhook.endpoint, "webhook.endpoint"),
            ...(webhook.verify !== undefined ? { verify: webhook.verify } : {}),
            ...(webhook.restoreOnDelete !== undefined ? { restoreOnDelete: webhook.restoreOnDelete } : {}),
            ...(webhook.adopt !== undefined ? { adopt: webhook.adopt } : {}),
            ...onChannel,
        },
        options,
    );
}

function audiencesOf({ name, declaration, onChannel, options }: Children): Record<string, Audience> {
    const audiences: Record<string, Audience> = {};
    for (const [key, audience] of Object.entries(declaration.audiences)) {
        const { key: _key, userIds, userIdsFile, ...rest } = audience;
        audiences[key] = new Audience(
            `${name}-${key}`,
            {
                ...rest,
                description: keep(declaration, audience.description, `audiences.${key}.description`),
                ...(userIds !== undefined ? { userIds: [...userIds] } : {}),
                ...(userIdsFile !== undefined ? { userIdsFile: fromProgram(userIdsFile) } : {}),
                ...onChannel,
            },
            options,
        );
    }
    return audiences;
}
