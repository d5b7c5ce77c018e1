import { statSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isAlias, visit } from "yaml";
import type { Message, RichMenuArea, RichMenuRequest } from "../client";
import { SCHEMA_IDS, validatorFor } from "../validation/ajv";
import { toFailures } from "../validation/failures";
import { inspectRichMenuImage, MAX_RICH_MENU_IMAGE_BYTES } from "../validation/image";
import { validateRichMenuObject } from "../validation/richMenu";
import { DeclarationError, type DeclarationIssue } from "./errors";
import type {
    AudienceDeclaration,
    ChannelDeclaration,
    MessageTemplateDeclaration,
    MessageValidationKind,
    RichMenuAliasDeclaration,
    RichMenuDeclaration,
    UserLinksDeclaration,
    WebhookDeclaration,
} from "./model";
import { coerceReference, resolveReferences, type ReferenceSite, type StackConfig } from "./references";
import { reviewRichMenu } from "./review";
import {
    DECLARATIONS_SCHEMA_ID,
    problemsAgainstSchema,
    validateDeclarationSchema,
    type SchemaProblem,
} from "./schema";
import {
    formatPath,
    isUnder,
    MAX_ALIAS_COUNT,
    MAX_DECLARATION_BYTES,
    parsePath,
    parseYaml,
    type JsonPath,
    type PathSegment,
    type Position,
    type YamlSource,
} from "./source";
import { didYouMean } from "./suggest";

/**
 * Loading a declaration file: read it (size-capped), parse it (line numbers kept, duplicate keys and
 * alias bombs refused), resolve `${config:…}` references for the stack, apply the JSON Schema, then
 * check what a schema cannot: cross-references between entries, image files, LINE's rules that span
 * fields. Every problem is collected, so one DeclarationError lists them all, before any API call.
 */

/** How files are read: the file system, or a git revision for before/after pictures. */
export interface DeclarationFiles {
    /** The bytes, or undefined when there is no such file. */
    read(file: string): Buffer | undefined;
    /** The size in bytes, or undefined when there is no such file. */
    size(file: string): number | undefined;
}

export const fileSystemFiles: DeclarationFiles = {
    read(file) {
        try {
            return readFileSync(file);
        } catch {
            return undefined;
        }
    },
    size(file) {
        try {
            const stat = statSync(file);
            return stat.isFile() ? stat.size : undefined;
        } catch {
            return undefined;
        }
    },
};

export interface LoadOptions {
    /** The stack's config, for `${config:…}` references, and the stack's name, for `stacks`. */
    readonly config: StackConfig;
    readonly files?: DeclarationFiles;
    /** The directory relative file names are resolved against and shown from; the working directory by default. */
    readonly cwd?: string;
}

export interface InspectedDeclarations {
    /**
     * What could be understood: menus that can still be drawn are kept despite their errors (for the
     * review pictures); other entries with errors are left out.
     */
    readonly declaration: ChannelDeclaration;
    readonly errors: readonly DeclarationIssue[];
}

// The shapes the schema guarantees for an entry without schema problems.
interface RawEntry {
    readonly stacks?: readonly string[];
}
interface RawRichMenu extends RawEntry, RichMenuRequest {
    readonly image: string;
    readonly adoptRichMenuId?: string;
}
interface RawAlias extends RawEntry {
    readonly richMenu: string;
    readonly richMenuAliasId?: string;
    readonly adopt?: boolean;
}
interface RawUserLinks extends RawEntry {
    readonly richMenu: string;
    readonly userIds?: string[];
    readonly userIdsFile?: string;
    readonly batchTimeoutSeconds?: number;
}
interface RawWebhook extends RawEntry, WebhookDeclaration {}
interface RawAudience extends RawEntry, Omit<AudienceDeclaration, "key"> {}
interface RawMessageTemplate extends RawEntry {
    readonly validateAs?: MessageValidationKind;
    readonly messages?: Message[];
    readonly messagesFile?: string;
}
interface RawDeclaration {
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

const ALIAS_ID = /^[a-z0-9_-]{1,32}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function entriesOf<T>(section: unknown): [string, T][] {
    return isRecord(section) ? (Object.entries(section) as [string, T][]) : [];
}

/** Collects issues for one file and knows how to place them. */
class IssueSink {
    readonly errors: DeclarationIssue[] = [];
    readonly warnings: DeclarationIssue[] = [];

    constructor(
        readonly file: string,
        private readonly source: YamlSource | undefined,
    ) {}

    private issue(position: Position, where: JsonPath, message: string): DeclarationIssue {
        return {
            file: this.file,
            line: position.line,
            column: position.column,
            path: formatPath(where),
            message,
        };
    }

    positionOf(at: JsonPath, key = false): Position {
        return this.source?.locate(at, { key }) ?? { line: 1, column: 1 };
    }

    /** The column of `text` inside the value at `at` (a `${config:…}` inside a longer string). */
    positionOfText(at: JsonPath, text: string): Position {
        const range = this.source?.rangeOf(at);
        if (this.source !== undefined && range !== undefined) {
            const index = this.source.text.slice(range[0], range[1]).indexOf(text);
            if (index >= 0) return this.source.positionOf(range[0] + index);
        }
        return this.positionOf(at);
    }

    location(at: JsonPath): string {
        const p = this.positionOf(at);
        return `${this.file}:${p.line}:${p.column}`;
    }

    error(at: JsonPath, message: string, options: { key?: boolean; path?: JsonPath } = {}): void {
        this.errors.push(this.issue(this.positionOf(at, options.key), options.path ?? at, message));
    }

    errorAt(position: Position, where: JsonPath, message: string): void {
        this.errors.push(this.issue(position, where, message));
    }

    warnAt(position: Position, where: JsonPath, message: string): void {
        this.warnings.push(this.issue(position, where, message));
    }

    warn(at: JsonPath, message: string, options: { key?: boolean } = {}): void {
        this.warnings.push(this.issue(this.positionOf(at, options.key), at, message));
    }
}

function emptyDeclaration(file: string, absolute: string, stack: string): ChannelDeclaration {
    return {
        file,
        path: absolute,
        stack,
        richMenus: {},
        aliases: {},
        userLinks: {},
        audiences: {},
        messages: {},
        skipped: [],
        secretPaths: [],
        warnings: [],
    };
}

/** The first alias node, where an alias bomb or a dangling alias is reported. */
function firstAliasOffset(source: YamlSource, name?: string): number {
    let offset = 0;
    visit(source.doc, {
        Alias(_, node) {
            if (!isAlias(node) || (name !== undefined && node.source !== name)) return undefined;
            offset = node.range?.[0] ?? 0;
            return visit.BREAK;
        },
    });
    return offset;
}

function displayName(file: string, cwd: string): string {
    if (!path.isAbsolute(file)) return file;
    const relative = path.relative(cwd, file);
    return relative === "" ? file : relative;
}

/**
 * Reads and checks a declaration file for one stack. Never throws for a problem in the file: the
 * problems come back as `errors`, with what could be understood. {@link loadDeclarations} throws them.
 */
export function inspectDeclarations(file: string, options: LoadOptions): InspectedDeclarations {
    const cwd = options.cwd ?? process.cwd();
    const files = options.files ?? fileSystemFiles;
    const config = options.config;
    const absolute = path.resolve(cwd, file);
    const shown = displayName(file, cwd);
    const empty = emptyDeclaration(shown, absolute, config.stack);
    const fail = (message: string, position: Position = { line: 1, column: 1 }): InspectedDeclarations => ({
        declaration: empty,
        errors: [{ file: shown, line: position.line, column: position.column, path: "", message }],
    });

    const size = files.size(absolute);
    if (size === undefined) return fail("file not found");
    if (size > MAX_DECLARATION_BYTES) {
        return fail(
            `is ${size} bytes; a declaration file may have at most ${MAX_DECLARATION_BYTES} bytes (1 MB)`,
        );
    }
    const text = (files.read(absolute) ?? Buffer.alloc(0)).toString("utf8");
    const source = parseYaml(text);
    const sink = new IssueSink(shown, source);
    for (const problem of source.problems) {
        if (problem.recoverable) sink.warnAt(problem, problem.path ?? [], problem.message);
        else sink.errorAt(problem, problem.path ?? [], problem.message);
    }
    if (sink.errors.length > 0)
        return { declaration: { ...empty, warnings: sink.warnings }, errors: sink.errors };

    let parsed: unknown;
    try {
        parsed = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const dangling = /Unresolved alias[^:]*: (.+)$/.exec(message)?.[1];
        const position = source.positionOf(firstAliasOffset(source, dangling));
        const reason = /Excessive alias count/.test(message)
            ? `anchors and aliases expand to too much data (more than ${MAX_ALIAS_COUNT} aliases resolved); ` +
              "this looks like an alias bomb"
            : message;
        sink.errorAt(position, [], reason);
        return { declaration: empty, errors: sink.errors };
    }
    if (!isRecord(parsed)) {
        sink.errorAt({ line: 1, column: 1 }, [], "must be a mapping that starts with `version: 1`");
        return { declaration: empty, errors: sink.errors };
    }

    const references = resolveReferences(parsed, config);
    // An entry another stack owns needs no config in this one.
    const otherStacks = entriesForOtherStacks(references.value, config.stack);
    for (const problem of references.problems) {
        if (otherStacks.some(entry => isUnder(problem.path, entry))) continue;
        sink.errorAt(sink.positionOfText(problem.path, problem.text), problem.path, problem.message);
    }
    let value = references.value;
    let problems = validateDeclarationSchema(value);

    // A `${config:…}` that is the whole value takes the type the schema wants there.
    const wholeSites = new Map(
        references.sites.filter(s => s.whole !== undefined).map(s => [formatPath(s.path), s]),
    );
    let coerced = false;
    for (const problem of problems) {
        const site =
            problem.expectedType === undefined ? undefined : wholeSites.get(formatPath(problem.path));
        if (site === undefined || problem.expectedType === undefined) continue;
        const result = coerceReference(site, problem.expectedType, config);
        if ("value" in result) {
            value = replaceAt(value, site.path, result.value);
            coerced = true;
        }
    }
    if (coerced) problems = validateDeclarationSchema(value);

    const siteAt = new Map(references.sites.map(s => [formatPath(s.path), s]));
    const reported: SchemaProblem[] = [];
    for (const problem of problems) {
        if (references.unresolved.some(u => isUnder(problem.path, u) || isUnder(problem.at, u))) continue;
        const site = siteAt.get(formatPath(problem.path));
        let message = problem.message;
        if (site?.whole !== undefined && problem.expectedType !== undefined) {
            const typed = coerceReference(site, problem.expectedType, config);
            if ("message" in typed) message = typed.message;
        } else if (site !== undefined) {
            message += ` (the value comes from ${site.text})`;
        }
        sink.error(problem.at, message, { key: problem.key, path: problem.path });
        reported.push(problem);
    }

    const checker = new DeclarationChecker(
        value as RawDeclaration,
        sink,
        references.sites,
        reported,
        references.unresolved,
        { absolute, cwd, files, config },
    );
    const declaration = checker.check();
    return { declaration: { ...declaration, file: shown, warnings: sink.warnings }, errors: sink.errors };
}

/** Loads a declaration file for one stack, or throws a {@link DeclarationError} with every problem. */
export function loadDeclarations(file: string, options: LoadOptions): ChannelDeclaration {
    const { declaration, errors } = inspectDeclarations(file, options);
    if (errors.length > 0) throw new DeclarationError(errors);
    return declaration;
}

const KEYED_SECTIONS = ["richMenus", "aliases", "userLinks", "audiences", "messages"] as const;

/** The paths of the entries whose `stacks` leave `stack` out. */
function entriesForOtherStacks(value: unknown, stack: string): JsonPath[] {
    if (!isRecord(value)) return [];
    const leftOut = (entry: unknown) =>
        isRecord(entry) &&
        Array.isArray(entry.stacks) &&
        entry.stacks.length > 0 &&
        !entry.stacks.includes(stack);
    const out: JsonPath[] = [];
    for (const section of KEYED_SECTIONS) {
        for (const [key, entry] of entriesOf(value[section])) if (leftOut(entry)) out.push([section, key]);
    }
    if (leftOut(value.webhook)) out.push(["webhook"]);
    return out;
}

function replaceAt(value: unknown, at: JsonPath, replacement: unknown): unknown {
    if (at.length === 0) return replacement;
    const [head, ...rest] = at as PathSegment[];
    if (Array.isArray(value))
        return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
    if (isRecord(value))
        return { ...value, [String(head)]: replaceAt(value[String(head)], rest, replacement) };
    return value;
}

interface CheckContext {
    readonly absolute: string;
    readonly cwd: string;
    readonly files: DeclarationFiles;
    readonly config: StackConfig;
}

/** The checks a JSON Schema cannot express, over a resolved declaration. */
class DeclarationChecker {
    private readonly dir: string;
    private readonly skipped: string[] = [];

    constructor(
        private readonly raw: RawDeclaration,
        private readonly sink: IssueSink,
        private readonly sites: readonly ReferenceSite[],
        private readonly schemaProblems: readonly SchemaProblem[],
        private readonly unresolved: readonly JsonPath[],
        private readonly context: CheckContext,
    ) {
        this.dir = path.dirname(context.absolute);
    }

    /** Whether the schema (or an unresolved reference) already found something at or under `at`. */
    private flawed(at: JsonPath): boolean {
        return (
            this.schemaProblems.some(p => isUnder(p.path, at) || isUnder(p.at, at)) ||
            this.unresolved.some(u => isUnder(u, at))
        );
    }

    /** Whether an entry exists in this stack (its `stacks` name it, or it has none). */
    private inStack(entry: unknown): boolean {
        const stacks = isRecord(entry) ? entry.stacks : undefined;
        // An empty list is an error of its own; counting the entry as absent would add more.
        return !Array.isArray(stacks) || stacks.length === 0 || stacks.includes(this.context.config.stack);
    }

    /** The keys of a section that exist in this stack, recording the others as skipped. */
    private present<T>(section: string): [string, T][] {
        const out: [string, T][] = [];
        for (const [key, entry] of entriesOf<T>(this.raw[section as keyof RawDeclaration])) {
            // An invalid key is reported as such; its entry is not looked into.
            if (
                this.schemaProblems.some(p => p.key && isUnder(p.path, [section, key]) && p.path.length === 2)
            )
                continue;
            if (this.inStack(entry)) out.push([key, entry]);
            else this.skipped.push(formatPath([section, key]));
        }
        return out;
    }

    private resolveFile(relative: string): string {
        return path.resolve(this.dir, relative);
    }

    private shown(file: string): string {
        return displayName(file, this.context.cwd);
    }

    /** `no rich menu "shp" is declared; did you mean "shop"?`, or why it is not there in this stack. */
    private missingReference(
        kind: string,
        name: string,
        here: Iterable<string>,
        everywhere: Iterable<string>,
    ): string {
        const all = new Set(everywhere);
        if (all.has(name)) {
            return `${kind} "${name}" is declared, but not for stack "${this.context.config.stack}" (see its stacks)`;
        }
        return `no ${kind} "${name}" is declared${didYouMean(name, here)}`;
    }

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
        const validate = validatorFor(SCHEMA_IDS.richMenu);
        const schemaOnly = validate(definition) ? [] : toFailures(validate.errors, base);
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
            const misplaced = (field: string, reason: string) =>
                this.sink.error([...at, field], reason, { key: true });
            if (type === "upload") {
                if (audience.userIds !== undefined && audience.userIdsFile !== undefined)
                    misplaced("userIdsFile", "give userIds or userIdsFile, not both");
                if (audience.requestId !== undefined)
                    misplaced("requestId", "is only for click and imp audiences");
                if (audience.clickUrl !== undefined) misplaced("clickUrl", "is only for click audiences");
            } else {
                if (audience.requestId === undefined)
                    this.sink.error(
                        at,
                        `a ${type} audience needs the requestId of a broadcast or narrowcast`,
                        {
                            path: [...at, "requestId"],
                        },
                    );
                for (const field of ["userIds", "userIdsFile", "isIfaAudience"] as const) {
                    if (audience[field] !== undefined) misplaced(field, "is only for upload audiences");
                }
                if (type === "imp" && audience.clickUrl !== undefined)
                    misplaced("clickUrl", "is only for click audiences");
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
            const loaded = this.loadMessagesFile([...at, "messagesFile"], template.messagesFile!);
            if (loaded !== undefined) out[key] = { key, validateAs, ...loaded };
        }
        return out;
    }

    /**
     * A JSON file of messages: an array, or a request body with `messages` (what a broadcast sends).
     * Its problems name the JSON file's own lines.
     */
    private loadMessagesFile(
        at: JsonPath,
        relative: string,
    ): Pick<MessageTemplateDeclaration, "messages" | "locations"> | undefined {
        const file = this.resolveFile(relative);
        const size = this.context.files.size(file);
        if (size === undefined) {
            this.sink.error(at, `file not found: ${relative}`);
            return undefined;
        }
        if (size > MAX_DECLARATION_BYTES) {
            this.sink.error(at, `${relative} is ${size} bytes; a messages file may have at most 1 MB`);
            return undefined;
        }
        const source = parseYaml((this.context.files.read(file) ?? Buffer.alloc(0)).toString("utf8"));
        const sink = new IssueSink(this.shown(file), source);
        /** Moves the file's problems to the declaration's; whether there were any. */
        const reported = (): boolean => {
            this.sink.errors.push(...sink.errors);
            return sink.errors.length > 0;
        };
        for (const problem of source.problems) sink.errorAt(problem, problem.path ?? [], problem.message);
        if (reported()) return undefined;
        let value: unknown;
        try {
            value = source.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
        } catch (error) {
            sink.errorAt({ line: 1, column: 1 }, [], error instanceof Error ? error.message : String(error));
            reported();
            return undefined;
        }
        const base: PathSegment[] = isRecord(value) ? ["messages"] : [];
        const messages = isRecord(value) ? value.messages : value;
        if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
            sink.error(
                base,
                "must be an array of 1 to 5 message objects, or an object with such a `messages` array",
                {
                    path: ["messages"],
                },
            );
            reported();
            return undefined;
        }
        messages.forEach((message: unknown, i) => {
            for (const problem of problemsAgainstSchema(
                `${DECLARATIONS_SCHEMA_ID}#/definitions/message`,
                message,
            )) {
                sink.error([...base, i, ...problem.at], problem.message, {
                    key: problem.key,
                    path: ["messages", i, ...problem.path],
                });
            }
        });
        if (reported()) return undefined;
        const locations: Record<string, string> = {};
        collectLocations(messages, ["messages"], p => sink.location([...base, ...p.slice(1)]), locations);
        return { messages: messages as Message[], locations };
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

/** Records where every value under `value` is written, by its LINE property path. */
function collectLocations(
    value: unknown,
    at: PathSegment[],
    locate: (path: JsonPath) => string,
    out: Record<string, string>,
): void {
    out[formatPath(at)] = locate(at);
    if (Array.isArray(value)) value.forEach((item, i) => collectLocations(item, [...at, i], locate, out));
    else if (isRecord(value))
        for (const [k, v] of Object.entries(value)) collectLocations(v, [...at, k], locate, out);
}
