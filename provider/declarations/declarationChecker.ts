import type { RichMenuArea, RichMenuRequest } from "../client";
import type { AudienceInputs } from "../resources/audienceModel";
import { shapeFailures } from "../resources/audienceShapes";
import { SCHEMA_IDS } from "../validation/ajv";
import { failuresAgainstSchema } from "../validation/failures";
import { inspectRichMenuImage, MAX_RICH_MENU_IMAGE_BYTES } from "../validation/image";
import { validateRichMenuObject } from "../validation/richMenu";
import { collectLocations, loadMessagesFile } from "./messagesFile";
import type {
    AudienceDeclaration,
    ChannelDeclaration,
    MessageTemplateDeclaration,
    RichMenuAliasDeclaration,
    RichMenuDeclaration,
    UserLinksDeclaration,
    WebhookDeclaration,
} from "./model";
import {
    entriesOf,
    isRecord,
    type RawAlias,
    type RawEntry,
    type RawAudience,
    type RawMessageTemplate,
    type RawRichMenu,
    type RawUserLinks,
} from "./rawDeclaration";
import { DeclarationScope } from "./declarationScope";
import { reviewRichMenu } from "./review";
import { formatPath, isUnder, parsePath, type JsonPath } from "./source";

const ALIAS_ID = /^[a-z0-9_-]{1,32}$/;

/**
 * The checks a JSON Schema cannot express, over a resolved declaration: references between entries,
 * the files entries name, and LINE's rules that span fields.
 */
export class DeclarationChecker extends DeclarationScope {
    check(): Omit<ChannelDeclaration, "file" | "warnings"> {
        const raw = this.raw;
        const menuEntries = this.present<RawRichMenu>("richMenus");
        const menusHere = new Set(menuEntries.map(([k]) => k));
        const menusAll = entriesOf(raw.richMenus).map(([k]) => k);

        const aliases = this.checkAliases(menusHere, menusAll);
        const aliasIdOf = ([k, a]: [string, RawAlias]) =>
            isRecord(a) && typeof a.richMenuAliasId === "string" ? a.richMenuAliasId : k;
        // Switch targets are checked against every alias declared for the stack, even one with an error
        // of its own: that error is reported where it is.
        const aliasIdsHere = new Set(
            entriesOf<RawAlias>(raw.aliases)
                .filter(([, a]) => this.inStack(a))
                .map(aliasIdOf),
        );
        const aliasIdsAll = entriesOf<RawAlias>(raw.aliases).map(aliasIdOf);

        const richMenus: Record<string, RichMenuDeclaration> = {};
        for (const [key, menu] of menuEntries) {
            const declared = this.checkRichMenu(key, menu, aliasIdsHere, aliasIdsAll);
            if (declared !== undefined) richMenus[key] = declared;
        }

        let defaultRichMenu: string | undefined;
        if (typeof raw.defaultRichMenu === "string" && !this.flawed(["defaultRichMenu"])) {
            if (menusHere.has(raw.defaultRichMenu)) defaultRichMenu = raw.defaultRichMenu;
            else
                this.sink.error(
                    ["defaultRichMenu"],
                    this.missingReference("rich menu", raw.defaultRichMenu, menusHere, menusAll),
                );
        }
        if (raw.adoptDefaultRichMenu === true && raw.defaultRichMenu === undefined) {
            this.sink.error(["adoptDefaultRichMenu"], "adopts the default menu, so give defaultRichMenu too");
        }

        const userLinks = this.checkUserLinks(menusHere, menusAll);
        const audiences = this.checkAudiences();
        const messages = this.checkMessages();
        const webhook = this.checkWebhook();
        this.warnUnseenMenus(richMenus);

        const expectedBot =
            typeof raw.expectedBot === "string" && !this.flawed(["expectedBot"])
                ? raw.expectedBot
                : undefined;
        return {
            path: this.context.absolute,
            stack: this.context.config.stack,
            ...(typeof raw.channel === "string" && !this.flawed(["channel"]) ? { channel: raw.channel } : {}),
            ...(expectedBot !== undefined
                ? { expectedBot, expectedBotLocation: this.sink.location(["expectedBot"]) }
                : {}),
            richMenus,
            aliases,
            ...(defaultRichMenu !== undefined ? { defaultRichMenu } : {}),
            ...(defaultRichMenu !== undefined && raw.adoptDefaultRichMenu === true
                ? { adoptDefaultRichMenu: true }
                : {}),
            userLinks,
            ...(webhook !== undefined ? { webhook } : {}),
            audiences,
            messages,
            skipped: this.skipped,
            secretPaths: this.sites.filter(s => s.secret).map(s => formatPath(s.path)),
        };
    }

    private checkAliases(
        menusHere: Set<string>,
        menusAll: readonly string[],
    ): Record<string, RichMenuAliasDeclaration> {
        const out: Record<string, RichMenuAliasDeclaration> = {};
        const byId = new Map<string, string>();
        for (const [key, alias] of this.present<RawAlias>("aliases")) {
            const at = ["aliases", key];
            if (this.flawed(at)) continue;
            let ok = true;
            if (!menusHere.has(alias.richMenu)) {
                this.sink.error(
                    [...at, "richMenu"],
                    this.missingReference("rich menu", alias.richMenu, menusHere, menusAll),
                );
                ok = false;
            }
            const richMenuAliasId = alias.richMenuAliasId ?? key;
            if (alias.richMenuAliasId === undefined && (!ALIAS_ID.test(key) || key === "list")) {
                this.sink.error(
                    at,
                    "the key is used as the alias ID, which must be 1-32 characters of a-z, 0-9, _ or - (and not `list`); " +
                        "give a richMenuAliasId",
                    { key: true },
                );
                ok = false;
            }
            const first = byId.get(richMenuAliasId);
            if (first !== undefined) {
                const where = alias.richMenuAliasId !== undefined ? [...at, "richMenuAliasId"] : at;
                this.sink.error(
                    where,
                    `alias ID "${richMenuAliasId}" is already used by aliases.${first}; alias IDs must be unique`,
                    {
                        key: alias.richMenuAliasId === undefined,
                    },
                );
                ok = false;
            } else {
                byId.set(richMenuAliasId, key);
            }
            if (ok) {
                out[key] = {
                    key,
                    richMenuAliasId,
                    richMenu: alias.richMenu,
                    ...(alias.adopt !== undefined ? { adopt: alias.adopt } : {}),
                };
            }
        }
        return out;
    }

    /**
     * A menu's checks run part by part, so a typo in one area does not hide a broken switch target in
     * another. The menu is returned whenever its size and areas can be drawn, even with errors: the
     * render command draws it for review, and the errors keep it from being deployed.
     */
    private checkRichMenu(
        key: string,
        menu: RawRichMenu,
        aliasIdsHere: Set<string>,
        aliasIdsAll: readonly string[],
    ): RichMenuDeclaration | undefined {
        const at = ["richMenus", key];
        if (!isRecord(menu)) return undefined;
        const drawable =
            !this.flawed([...at, "size"]) && !this.flawed([...at, "areas"]) && Array.isArray(menu.areas);
        const definition: RichMenuRequest = {
            size: menu.size,
            selected: menu.selected,
            name: menu.name,
            chatBarText: menu.chatBarText,
            areas: Array.isArray(menu.areas) ? menu.areas : [],
        };
        // The schema's own findings are already reported; what is left are LINE's rules across fields.
        const base = formatPath(at);
        const schemaOnly = failuresAgainstSchema(SCHEMA_IDS.richMenu, definition, base);
        for (const failure of validateRichMenuObject(definition, base)) {
            if (schemaOnly.some(f => f.property === failure.property && f.reason === failure.reason))
                continue;
            const where = parsePath(failure.property);
            if (!this.flawed(where) && !this.flawed([...at, "size"])) this.sink.error(where, failure.reason);
        }
        definition.areas.forEach((area: RichMenuArea, i) => {
            const actionAt = [...at, "areas", i, "action"];
            const action = area.action;
            if (
                this.flawed(actionAt) ||
                action.type !== "richmenuswitch" ||
                typeof action.richMenuAliasId !== "string"
            )
                return;
            if (!aliasIdsHere.has(action.richMenuAliasId)) {
                this.sink.error(
                    [...actionAt, "richMenuAliasId"],
                    this.missingReference("alias", action.richMenuAliasId, aliasIdsHere, aliasIdsAll),
                );
            }
        });
        if (drawable) {
            for (const finding of reviewRichMenu(definition)) {
                // An area outside the menu is already an error (validateRichMenuObject).
                if (finding.kind === "outside") continue;
                this.sink.warn([...at, "areas", finding.areas[finding.areas.length - 1]!], finding.message);
            }
        }
        let imageFile = "";
        let image: RichMenuDeclaration["image"];
        if (!this.flawed([...at, "image"]) && typeof menu.image === "string") {
            imageFile = this.resolveFile(menu.image);
            image = this.readImage(imageFile, menu, [...at, "image"], !this.flawed([...at, "size"]));
        }
        if (!drawable) return undefined;
        return {
            key,
            definition,
            imageFile,
            ...(image !== undefined ? { image } : {}),
            ...(typeof menu.adoptRichMenuId === "string" ? { adoptRichMenuId: menu.adoptRichMenuId } : {}),
        };
    }

    private readImage(
        file: string,
        menu: RawRichMenu,
        at: JsonPath,
        sizeKnown: boolean,
    ): RichMenuDeclaration["image"] {
        const size = this.context.files.size(file);
        if (size === undefined) {
            this.sink.error(at, `file not found: ${menu.image}`);
            return undefined;
        }
        if (size > MAX_RICH_MENU_IMAGE_BYTES) {
            this.sink.error(at, `${menu.image} is ${size} bytes; LINE allows at most 1 MB (1048576 bytes)`);
            return undefined;
        }
        const bytes = this.context.files.read(file) ?? Buffer.alloc(0);
        const inspected = inspectRichMenuImage(bytes, sizeKnown ? menu.size : undefined, formatPath(at));
        for (const failure of inspected.failures) this.sink.error(at, `${menu.image} ${failure.reason}`);
        if (inspected.info === undefined) return undefined;
        return { bytes, contentType: inspected.info.contentType, sha256: inspected.info.sha256 };
    }

    private checkFile(at: JsonPath, relative: string): string | undefined {
        const file = this.resolveFile(relative);
        if (this.context.files.size(file) === undefined) {
            this.sink.error(at, `file not found: ${relative}`);
            return undefined;
        }
        return file;
    }

    /** Whether user IDs differ per stack: taken from config, or from a file named after the stack. */
    private idsPerStack(at: JsonPath): boolean {
        return this.sites.some(s => s.perStack && isUnder(s.path, at));
    }

    /**
     * User IDs belong to a LINE provider: the same person has another ID in a channel under another
     * provider. IDs written into the file and used by every stack are almost always a mistake once a
     * second stack points at another provider's channel.
     */
    private warnUnpromotableIds(
        at: JsonPath,
        entry: RawEntry & { userIds?: unknown; userIdsFile?: unknown },
    ): void {
        if (entry.userIds === undefined && entry.userIdsFile === undefined) return;
        if (entry.stacks !== undefined) return;
        const idsAt = entry.userIds !== undefined ? [...at, "userIds"] : [...at, "userIdsFile"];
        if (this.idsPerStack(idsAt)) return;
        this.sink.warn(
            idsAt,
            "LINE user IDs differ between LINE providers, and every stack would use these; limit the entry to " +
                `the stack they were collected from (stacks: [${this.context.config.stack}]), or take them from ` +
                "stack config (${config:…}) or a per-stack file (users-${stack}.txt)",
            { key: true },
        );
    }

    private checkUserLinks(
        menusHere: Set<string>,
        menusAll: readonly string[],
    ): Record<string, UserLinksDeclaration> {
        const out: Record<string, UserLinksDeclaration> = {};
        for (const [key, links] of this.present<RawUserLinks>("userLinks")) {
            const at = ["userLinks", key];
            if (this.flawed(at)) continue;
            let ok = true;
            if (!menusHere.has(links.richMenu)) {
                this.sink.error(
                    [...at, "richMenu"],
                    this.missingReference("rich menu", links.richMenu, menusHere, menusAll),
                );
                ok = false;
            }
            if (links.userIds === undefined && links.userIdsFile === undefined) {
                this.sink.error(at, "give userIds or userIdsFile");
                ok = false;
            }
            const file =
                links.userIdsFile === undefined
                    ? undefined
                    : this.checkFile([...at, "userIdsFile"], links.userIdsFile);
            if (links.userIdsFile !== undefined && file === undefined) ok = false;
            this.warnUnpromotableIds(at, links);
            if (!ok) continue;
            out[key] = {
                key,
                richMenu: links.richMenu,
                ...(links.userIds !== undefined ? { userIds: links.userIds } : {}),
                ...(file !== undefined ? { userIdsFile: file } : {}),
                ...(links.batchTimeoutSeconds !== undefined
                    ? { batchTimeoutSeconds: links.batchTimeoutSeconds }
                    : {}),
            };
        }
        return out;
    }

    private checkAudiences(): Record<string, AudienceDeclaration> {
        const out: Record<string, AudienceDeclaration> = {};
        for (const [key, audience] of this.present<RawAudience>("audiences")) {
            const at = ["audiences", key];
            if (this.flawed(at)) continue;
            const errorsBefore = this.sink.errors.length;
            const type = audience.type ?? "upload";
            // The resource's own rules, so line.yaml and a program are held to the same ones.
            for (const { property, reason } of shapeFailures(audience as AudienceInputs)) {
                const field = property as keyof RawAudience;
                // A field that is there but does not belong is pointed at; a missing one at its entry.
                if (audience[field] !== undefined) this.sink.error([...at, property], reason, { key: true });
                else this.sink.error(at, reason, { path: [...at, property] });
            }
            const file =
                audience.userIdsFile === undefined
                    ? undefined
                    : this.checkFile([...at, "userIdsFile"], audience.userIdsFile);
            // IFAs are advertising IDs of devices, the same under every provider.
            if (type === "upload" && audience.isIfaAudience !== true) this.warnUnpromotableIds(at, audience);
            if (this.sink.errors.length > errorsBefore) continue;
            const { stacks: _stacks, userIdsFile: _file, ...rest } = audience;
            out[key] = { key, ...rest, ...(file !== undefined ? { userIdsFile: file } : {}) };
        }
        return out;
    }

    private checkWebhook(): WebhookDeclaration | undefined {
        const webhook = this.raw.webhook;
        if (webhook === undefined) return undefined;
        if (!this.inStack(webhook)) {
            this.skipped.push("webhook");
            return undefined;
        }
        if (this.flawed(["webhook"])) return undefined;
        const { stacks: _stacks, ...declared } = webhook;
        return declared;
    }

    private checkMessages(): Record<string, MessageTemplateDeclaration> {
        const out: Record<string, MessageTemplateDeclaration> = {};
        for (const [key, template] of this.present<RawMessageTemplate>("messages")) {
            const at = ["messages", key];
            if (this.flawed(at)) continue;
            const validateAs = template.validateAs ?? "push";
            if ((template.messages === undefined) === (template.messagesFile === undefined)) {
                this.sink.error(at, "give either messages or messagesFile");
                continue;
            }
            if (template.messages !== undefined) {
                const locations: Record<string, string> = {};
                collectLocations(
                    template.messages,
                    ["messages"],
                    p => this.sink.location([...at, ...p]),
                    locations,
                );
                out[key] = { key, validateAs, messages: template.messages, locations };
                continue;
            }
            const loaded = loadMessagesFile(
                this.messagesFileContext(),
                [...at, "messagesFile"],
                template.messagesFile!,
            );
            if (loaded !== undefined) out[key] = { key, validateAs, ...loaded };
        }
        return out;
    }

    /** A menu that is not the default, has no alias and no user links is seen by nobody. */
    private warnUnseenMenus(menus: Readonly<Record<string, RichMenuDeclaration>>): void {
        const named = (section: "aliases" | "userLinks") =>
            entriesOf<RawAlias | RawUserLinks>(this.raw[section])
                .filter(([, entry]) => this.inStack(entry))
                .map(([, entry]) => (isRecord(entry) ? entry.richMenu : undefined));
        const seen = new Set<unknown>([this.raw.defaultRichMenu, ...named("aliases"), ...named("userLinks")]);
        for (const key of Object.keys(menus)) {
            if (!seen.has(key)) {
                this.sink.warn(
                    ["richMenus", key],
                    "is not the default menu and has no alias or user links: no user will see it",
                    { key: true },
                );
            }
        }
    }
}
