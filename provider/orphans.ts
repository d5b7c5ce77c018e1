import type { LineClient, RichMenuResponse } from "./client";
import { DEFAULT_CHANNEL } from "./resources/credentials";
import { canonicalJson } from "./resources/canonicalJson";
import { RICH_MENU_OBJECT_KEYS } from "./resources/richMenu";
import { deleteIgnoringNotFound, readOrGone } from "./resources/notFound";

/**
 * Finding rich menus a stack created but no longer tracks.
 *
 * A `pulumi up` killed between LINE's answer to "create rich menu" and the engine's checkpoint leaves a
 * menu in the channel that no state knows about: it counts toward LINE's 1,000-menu cap and is never
 * deleted. LINE gives a menu no creation time, owner or tag, so "created by this stack" cannot be read
 * from LINE. It can be read from the stack's own state: before the engine asks a provider to create a
 * resource it records a pending operation of type `creating` with the resource's URN and inputs, and
 * removes it when the create returns. A `creating` RichMenu operation left in state is exact evidence
 * that this stack asked LINE for a menu with that definition and never learnt its ID.
 *
 * So a live menu is this stack's orphan only when all of these hold:
 * - the stack does not track it;
 * - its definition is that of a `creating` operation of this stack on this channel (a definition the
 *   stack merely declares is not enough: a copy made by hand, or another stack's menu in the same
 *   channel, has it too), and there are no more such menus than such operations (else it cannot be
 *   told which ones the stack made, and none is offered for deletion);
 * - it is not the channel's default, not an alias's target, and not the menu of any user the stack
 *   links. LINE cannot list who is linked to a menu, so users linked by anyone else cannot be checked.
 *
 * `pulumi refresh --clear-pending-creates` removes the evidence, so run this before it.
 */

/** The parts of `pulumi stack export` this reads. */
export interface StackDeployment {
    readonly deployment?: {
        readonly resources?: readonly DeploymentResource[];
        readonly pending_operations?: readonly {
            readonly resource: DeploymentResource;
            readonly type: string;
        }[];
    };
}

export interface DeploymentResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

export const RICH_MENU_TYPE = "pulumi-nodejs:dynamic/line:RichMenu";
const USER_LINKS_TYPE = "pulumi-nodejs:dynamic/line:UserRichMenuLinks";

export interface OrphanRichMenu {
    readonly richMenuId: string;
    readonly name: string;
    /** The resource whose interrupted create made it. */
    readonly urn: string;
}

export interface KeptRichMenu {
    readonly richMenuId: string;
    readonly name: string;
    /** Why it is not offered for deletion although its definition is that of an interrupted create. */
    readonly reason: string;
}

export interface OrphanReport {
    /** Made by an interrupted create of this stack and used by nobody that can be seen: safe to delete. */
    readonly orphans: readonly OrphanRichMenu[];
    /** Matching an interrupted create, but the default, an alias target, linked, or ambiguous. */
    readonly kept: readonly KeptRichMenu[];
    /** RichMenu resources of this channel in state. */
    readonly tracked: number;
    /** How many of those the channel holds: none of many means these are another channel's credentials. */
    readonly trackedLive: number;
    /** Interrupted RichMenu creates of this channel in state. */
    readonly pendingCreates: number;
    /** Untracked menus no interrupted create explains: not this stack's, never touched. */
    readonly foreign: number;
    /** Users the stack links whose menu was checked. */
    readonly usersChecked: number;
}

export interface OrphanOptions {
    /** The channel whose resources count (one stack can manage several); `default` when omitted. */
    readonly channel?: string;
    /** User IDs the stack links (from its user link sets), whose current menu is asked of LINE. */
    readonly linkedUserIds?: readonly string[];
}

function channelOf(resource: DeploymentResource): string {
    const channel = resource.inputs?.channel ?? resource.outputs?.channel;
    return typeof channel === "string" && channel !== "" ? channel : DEFAULT_CHANNEL;
}

/** The rich menu object a resource's values describe, or undefined when they cannot be compared (secret, partial). */
function definitionOf(values: Record<string, unknown> | undefined): string | undefined {
    if (values === undefined) return undefined;
    const { size, selected, name, chatBarText, areas } = values;
    if (typeof name !== "string" || typeof chatBarText !== "string" || !Array.isArray(areas))
        return undefined;
    if (typeof size !== "object" || size === null || typeof selected !== "boolean") return undefined;
    return canonicalJson(Object.fromEntries(RICH_MENU_OBJECT_KEYS.map(key => [key, values[key]])));
}

const PREFLIGHT_TYPE = "pulumi-nodejs:dynamic/line:ChannelPreflight";

/**
 * The bots the stack's declarations expect on `channel` (a `line.yaml`'s `expectedBot`, kept by its
 * preflight resource): as binding as the stack's `line:expectedBot` config.
 */
export function expectedBotsOf(state: StackDeployment, channel = DEFAULT_CHANNEL): string[] {
    const bots = new Set<string>();
    for (const r of state.deployment?.resources ?? []) {
        if (r.type !== PREFLIGHT_TYPE || channelOf(r) !== channel) continue;
        const expected = r.inputs?.expectedBot;
        if (typeof expected === "string" && expected !== "") bots.add(expected);
    }
    return [...bots];
}

/** The stack's name, from its resources' URNs (`urn:pulumi:<stack>::<project>::…`). */
export function stackOfDeployment(state: StackDeployment): string | undefined {
    const deployment = state.deployment ?? {};
    const urns = [
        ...(deployment.resources ?? []).map(r => r.urn),
        ...(deployment.pending_operations ?? []).map(op => op.resource.urn),
    ];
    for (const urn of urns) {
        const match = /^urn:pulumi:([^:]+)::/.exec(urn ?? "");
        if (match?.[1] !== undefined) return match[1];
    }
    return undefined;
}

/**
 * User IDs the stack's user link sets of `channel` declare in plain values (inline `userIds` when the
 * export shows secrets), and the `userIdsFile` paths it names, for the caller to read.
 */
export function userLinksOf(
    state: StackDeployment,
    channel = DEFAULT_CHANNEL,
): { readonly userIds: string[]; readonly files: string[]; readonly unreadable: number } {
    const userIds: string[] = [];
    const files: string[] = [];
    let unreadable = 0;
    for (const r of state.deployment?.resources ?? []) {
        if (r.type !== USER_LINKS_TYPE || channelOf(r) !== channel) continue;
        const ids = r.inputs?.userIds;
        const file = r.inputs?.userIdsFile;
        if (Array.isArray(ids) && ids.every(id => typeof id === "string")) userIds.push(...(ids as string[]));
        else if (typeof file === "string") files.push(file);
        else unreadable++;
    }
    return { userIds, files, unreadable };
}

/** Compares the channel's menus with the stack's state; makes GET calls only. */
export async function findOrphanRichMenus(
    client: LineClient,
    state: StackDeployment,
    options: OrphanOptions | string = {},
): Promise<OrphanReport> {
    if (typeof options === "string") options = { channel: options };
    const channel = options.channel ?? DEFAULT_CHANNEL;
    const deployment = state.deployment ?? {};
    const menusHere = (r: DeploymentResource) => r.type === RICH_MENU_TYPE && channelOf(r) === channel;
    const resources = (deployment.resources ?? []).filter(menusHere);
    const creates = (deployment.pending_operations ?? [])
        .filter(op => op.type === "creating" && menusHere(op.resource))
        // Adopting takes over an existing menu: it creates nothing.
        .filter(op => !op.resource.inputs?.adoptRichMenuId)
        .map(op => op.resource);

    const tracked = new Set<string>();
    for (const r of resources) {
        const id = (r.outputs?.richMenuId as string | undefined) ?? r.id;
        if (id) tracked.add(id);
    }
    const createdAs = new Map<string, string[]>();
    for (const r of creates) {
        const definition = definitionOf(r.inputs);
        if (definition !== undefined)
            createdAs.set(definition, [...(createdAs.get(definition) ?? []), r.urn]);
    }

    const { richmenus } = await client.getRichMenuList();
    const live = richmenus as RichMenuResponse[];
    const trackedLive = live.filter(m => tracked.has(m.richMenuId)).length;
    const candidates = new Map<string, RichMenuResponse[]>();
    let foreign = 0;
    for (const menu of live) {
        if (tracked.has(menu.richMenuId)) continue;
        const { richMenuId: _id, ...definition } = menu;
        const key = canonicalJson(definition);
        if (!createdAs.has(key)) {
            foreign++;
            continue;
        }
        candidates.set(key, [...(candidates.get(key) ?? []), menu]);
    }

    const kept: KeptRichMenu[] = [];
    const orphans: OrphanRichMenu[] = [];
    let usersChecked = 0;
    if (candidates.size > 0) {
        const protectedBy = new Map<string, string>();
        const defaultId = (await readOrGone(client.getDefaultRichMenuId()))?.richMenuId;
        if (defaultId !== undefined) protectedBy.set(defaultId, "it is the channel's default menu");
        for (const alias of (await client.getRichMenuAliasList()).aliases) {
            if (!protectedBy.has(alias.richMenuId))
                protectedBy.set(alias.richMenuId, `alias "${alias.richMenuAliasId}" points at it`);
        }
        for (const userId of new Set(options.linkedUserIds ?? [])) {
            usersChecked++;
            const linked = (await readOrGone(client.getRichMenuIdOfUser(userId)))?.richMenuId;
            if (linked !== undefined && !protectedBy.has(linked))
                protectedBy.set(linked, "users this stack links are linked to it");
        }
        for (const [key, menus] of candidates) {
            const urns = createdAs.get(key) ?? [];
            const free = menus.filter(m => {
                const reason = protectedBy.get(m.richMenuId);
                if (reason !== undefined) kept.push({ richMenuId: m.richMenuId, name: m.name, reason });
                return reason === undefined;
            });
            if (free.length > urns.length) {
                for (const m of free) {
                    kept.push({
                        richMenuId: m.richMenuId,
                        name: m.name,
                        reason:
                            `${free.length} untracked menus have this definition and the stack has ${urns.length} ` +
                            "interrupted create(s) of it: LINE cannot tell which the stack made",
                    });
                }
                continue;
            }
            free.forEach((m, i) =>
                orphans.push({ richMenuId: m.richMenuId, name: m.name, urn: urns[i] ?? "" }),
            );
        }
    }
    return {
        orphans,
        kept,
        tracked: tracked.size,
        trackedLive,
        pendingCreates: creates.length,
        foreign,
        usersChecked,
    };
}

/** Deletes the reported orphans (and nothing else); "already gone" counts as deleted. */
export async function deleteOrphanRichMenus(client: LineClient, report: OrphanReport): Promise<string[]> {
    const deleted: string[] = [];
    for (const orphan of report.orphans) {
        await deleteIgnoringNotFound(client.deleteRichMenu(orphan.richMenuId));
        deleted.push(orphan.richMenuId);
    }
    return deleted;
}
