import type * as pulumi from "@pulumi/pulumi";
import type { LineClient } from "../client";
import {
    channelKey,
    clientFor,
    DEFAULT_CHANNEL,
    envPrefix,
    hasCredentials,
    resolveChannelSettings,
    type ChannelSettings,
} from "./credentials";
import { warn } from "./diagnostics";
import { containsUnknown } from "./lifecycle";
import { readOrGone } from "./notFound";
import { timing } from "./polling";

/**
 * Own only what is yours, and say so before anything is written.
 *
 * A channel has one default rich menu, one webhook URL and one alias per alias ID, and more than one
 * stack (or a person in the console) may act on the same channel. So before a stack *creates* one of
 * these (it is not in the stack's state yet), `check`, which runs in every preview, asks LINE what is
 * there now (for aliases, from one listing the run's alias checks share, {@link inspectListedRichMenuAlias}):
 *
 * | found                                | `adopt: true` | ownership `warn` (default)              | ownership `strict` |
 * | ------------------------------------ | ------------- | --------------------------------------- | ------------------ |
 * | the default menu set to another menu | taken over    | a warning naming the menu               | check fails        |
 * | the webhook URL set to another URL   | taken over    | a warning naming the URL                | check fails        |
 * | the alias ID already taken           | taken over    | a warning naming its menu; create fails | check fails        |
 *
 * A failed check fails the preview, and `pulumi up` previews first, so nothing is written. Warnings
 * rather than failures are the default because the engine stops at the first resource whose check
 * fails: a warning lets one preview name every takeover. LINE itself refuses a second create of an
 * alias ID, so without `adopt` that create fails, naming the alias's menu (RichMenuAlias's create).
 *
 * The setting is per channel like the others (resources/credentials.ts): `line:ownership` (or
 * `line:channels.<name>.ownership`), or the environment's `LINE_OWNERSHIP` (`LINE_<NAME>_OWNERSHIP`),
 * either `warn` or `strict`.
 *
 * Delete is the other half: it clears or restores only what still holds the value this stack set (a
 * refresh overwrites the stored value with the live one, so {@link refreshedProps} keeps what the stack
 * set beside it while they differ, and {@link ownValue} reads it back).
 */

export type OwnershipMode = "warn" | "strict";

const MODES: readonly OwnershipMode[] = ["warn", "strict"];

/** The setting's name as a person types it, for messages. */
function ownershipSetting(channel: string): string {
    const config = channel === DEFAULT_CHANNEL ? "line:ownership" : `line:channels.${channel}.ownership`;
    return `${config} / ${envPrefix(channel)}OWNERSHIP`;
}

/** The channel's ownership mode; a value other than `warn` or `strict` is an error naming the setting. */
function ownershipMode(settings: ChannelSettings): OwnershipMode {
    const value = settings.ownership ?? "warn";
    if ((MODES as readonly string[]).includes(value)) return value as OwnershipMode;
    throw new Error(
        `${ownershipSetting(settings.name)} must be "warn" or "strict", got ${JSON.stringify(value)}`,
    );
}

/** What is there now, set outside this stack, that creating the resource would take over. */
export interface Takeover {
    /** `the default rich menu`, `the webhook URL`, `rich menu alias "home"`. */
    readonly what: string;
    /** Who holds it now: `richmenu-… ("Home")`, or a URL. */
    readonly holder: string;
    /** LINE refuses the create unless it is taken over (an alias ID exists only once). */
    readonly refusedByLine: boolean;
}

/** A menu as messages name it: its ID and, when LINE still has it, its name. */
async function describeMenu(client: LineClient, richMenuId: string): Promise<string> {
    const menu = await readOrGone(client.getRichMenu(richMenuId));
    return menu === undefined
        ? `${richMenuId} (a menu LINE no longer has)`
        : `${richMenuId} (${JSON.stringify(menu.name)})`;
}

/** The value, or undefined while it is unknown during preview. */
function known(value: unknown): string | undefined {
    return typeof value === "string" && !containsUnknown(value) ? value : undefined;
}

/**
 * The default rich menu, when one is set and it is not `wanted`. A `wanted` still unknown is a menu
 * this run creates, which cannot be the default yet.
 */
export async function inspectDefaultRichMenu(
    client: LineClient,
    wanted: string | undefined,
): Promise<Takeover | undefined> {
    const live = await readOrGone(client.getDefaultRichMenuId());
    if (live === undefined || live.richMenuId === wanted) return undefined;
    return {
        what: "the default rich menu",
        holder: await describeMenu(client, live.richMenuId),
        refusedByLine: false,
    };
}

/** The alias, when the alias ID is taken (whatever it points at: LINE refuses a second create). */
export async function inspectRichMenuAlias(
    client: LineClient,
    richMenuAliasId: string,
): Promise<Takeover | undefined> {
    const live = await readOrGone(client.getRichMenuAlias(richMenuAliasId));
    return live === undefined ? undefined : aliasTakeover(client, richMenuAliasId, live.richMenuId);
}

/** An alias ID found taken, pointing at `richMenuId` (LINE refuses a second create of it). */
async function aliasTakeover(
    client: LineClient,
    richMenuAliasId: string,
    richMenuId: string,
): Promise<Takeover> {
    return {
        what: `rich menu alias ${JSON.stringify(richMenuAliasId)}`,
        holder: await describeMenu(client, richMenuId),
        refusedByLine: true,
    };
}

/**
 * The engine asks `check` of one resource at a time (the step generator is serial; Pulumi CLI v3.259.0,
 * `pkg/resource/deploy/step_generator.go`), so a LINE round trip in every alias's check adds up: 100
 * aliases at 50 ms a call are 5 s before the last of them can be created. The alias checks of a run
 * therefore share one listing of the channel's aliases (one call: LINE keeps at most 1,000 per channel,
 * https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-list), taken at the first
 * check that needs it and kept {@link ALIAS_LISTING_MS} on the handlers' clock. The listing only decides
 * what a preview says: a create still meets a taken ID itself (LINE refuses it) and names its holder
 * from a live read ({@link inspectRichMenuAlias}).
 */
const ALIAS_LISTING_MS = 10_000;

const aliasListings = new Map<
    string,
    { readonly takenAt: number; readonly aliases: Promise<ReadonlyMap<string, string>> }
>();

function aliasListing(client: LineClient, settings: ChannelSettings): Promise<ReadonlyMap<string, string>> {
    const key = channelKey(settings);
    const kept = aliasListings.get(key);
    if (kept !== undefined && timing().now() - kept.takenAt < ALIAS_LISTING_MS) return kept.aliases;
    const aliases = client
        .getRichMenuAliasList()
        .then(list => new Map(list.aliases.map(a => [a.richMenuAliasId, a.richMenuId] as const)));
    const listing = { takenAt: timing().now(), aliases };
    aliasListings.set(key, listing);
    // A failed listing is not kept, so the next check asks again.
    aliases.catch(() => {
        if (aliasListings.get(key) === listing) aliasListings.delete(key);
    });
    return aliases;
}

/** Forgets the alias listings, as a new provider process would. For tests. */
export function forgetAliasListings(): void {
    aliasListings.clear();
}

/** {@link inspectRichMenuAlias} for `check`: from the run's shared listing of the channel's aliases. */
export async function inspectListedRichMenuAlias(
    client: LineClient,
    settings: ChannelSettings,
    richMenuAliasId: string,
): Promise<Takeover | undefined> {
    const richMenuId = (await aliasListing(client, settings)).get(richMenuAliasId);
    return richMenuId === undefined ? undefined : aliasTakeover(client, richMenuAliasId, richMenuId);
}

/** The webhook URL, when one is set and it is not `wanted` (unknown during preview: any URL). */
export async function inspectWebhookEndpoint(
    client: LineClient,
    wanted: string | undefined,
): Promise<Takeover | undefined> {
    const live = await readOrGone(client.getWebhookEndpoint());
    if (live === undefined || live.endpoint === wanted) return undefined;
    return { what: "the webhook URL", holder: live.endpoint, refusedByLine: false };
}

export type OwnedKind = "DefaultRichMenu" | "RichMenuAlias" | "WebhookEndpoint";

/** What is there and who holds it: the start of every report of a takeover. */
function describeTakeover(kind: OwnedKind, channel: string, takeover: Takeover): string {
    const where = `${takeover.what} of channel "${channel}"`;
    return kind === "RichMenuAlias"
        ? `${where} already exists, pointing at ${takeover.holder}, and was not created by this stack`
        : `${where} is ${takeover.holder}, not set by this stack`;
}

/** The error when LINE would refuse the create: what holds the ID, and how to take it over. */
export function refusedMessage(kind: OwnedKind, channel: string, takeover: Takeover): string {
    return (
        `${describeTakeover(kind, channel, takeover)}; LINE refuses to create it again. Set \`adopt: true\` ` +
        `on this ${kind} to take it over.`
    );
}

/**
 * The check failures (or, in `warn` mode, the warnings) for creating a `kind` on `channel`. Says nothing
 * when the resource is already in the stack's state (`olds` not empty and `identity` unchanged), when
 * it is adopted, when the channel is unknown during preview or has no credentials here.
 */
export async function claim(
    kind: OwnedKind,
    oldInputs: object,
    newInputs: object,
    identity: readonly string[],
    inspect: (client: LineClient, settings: ChannelSettings) => Promise<Takeover | undefined>,
): Promise<pulumi.dynamic.CheckFailure[]> {
    const olds = oldInputs as Readonly<Record<string, unknown>>;
    const news = newInputs as Readonly<Record<string, unknown>>;
    const creating = Object.keys(olds).length === 0 || identity.some(key => olds[key] !== news[key]);
    if (!creating || news.adopt === true || containsUnknown(news.adopt)) return [];
    if (news.channel !== undefined && known(news.channel) === undefined) return [];
    const settings = resolveChannelSettings(known(news.channel));
    if (!hasCredentials(settings)) return [];
    const channel = settings.name;
    let mode: OwnershipMode;
    try {
        mode = ownershipMode(settings);
    } catch (error) {
        return [{ property: "", reason: (error as Error).message }];
    }
    let takeover: Takeover | undefined;
    try {
        takeover = await inspect(await clientFor(channel), settings);
    } catch (error) {
        const reason = `could not ask LINE what this ${kind} would take over: ${(error as Error).message}`;
        if (mode === "strict") return [{ property: "", reason }];
        await warn(`${kind} on channel "${channel}": ${reason}`);
        return [];
    }
    if (takeover === undefined) return [];
    const held = describeTakeover(kind, channel, takeover);
    if (mode === "strict") {
        return [
            {
                property: "",
                reason:
                    `${held}, and ownership is strict (${ownershipSetting(channel)}): nothing was changed. ` +
                    `Set \`adopt: true\` on this ${kind} to take it over.`,
            },
        ];
    }
    const outcome = takeover.refusedByLine
        ? "; LINE refuses to create it again, so `pulumi up` stops there"
        : "; `pulumi up` takes it over";
    await warn(
        `${kind}: ${held}${outcome}. Set \`adopt: true\` on this ${kind} to take it over knowingly, or ` +
            `ownership strict (${ownershipSetting(channel)}) to refuse at preview.`,
    );
    return [];
}

/** Where a refreshed resource keeps the value this stack set, while the live one differs: `ownRichMenuId`. */
function ownKey(key: string): string {
    return `own${key[0]!.toUpperCase()}${key.slice(1)}`;
}

/** The value this stack set for `key`, whether or not a refresh has since seen another. */
export function ownValue(props: object, key: string): unknown {
    const record = props as Record<string, unknown>;
    const own = ownKey(key);
    return own in record ? record[own] : record[key];
}

/**
 * The outputs a `read` returns: `key` is the live value, so drift shows and the next `up` sets it back;
 * while it differs from what this stack set, that is kept under {@link ownKey}, so a delete never takes
 * for its own what another stack or a person set since.
 */
export function refreshedProps<T extends object>(props: T, key: keyof T & string, live: unknown): T {
    const own = ownValue(props, key);
    const out: Record<string, unknown> = { ...props, [key]: live };
    if (live === own) delete out[ownKey(key)];
    else out[ownKey(key)] = own;
    return out as T;
}
