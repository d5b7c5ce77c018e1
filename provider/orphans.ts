import { isLineNotFound, type LineClient, type RichMenuResponse } from "./client";
import { canonicalJson } from "./resources/lifecycle";

/**
 * Finding rich menus a stack created but no longer tracks.
 *
 * A `pulumi up` killed between LINE's answer to "create rich menu" and the engine's checkpoint leaves a
 * menu in the channel that no state knows about: it counts toward LINE's 1,000-menu cap and is never
 * deleted. LINE's menus carry no tags, so ownership is decided from the stack's own state: a menu is
 * this stack's orphan only if it is untracked AND its definition is exactly one the stack declares (a
 * RichMenu resource in state, or one whose create was pending when the run died). Menus made by hand,
 * by another tool or by another stack with other definitions are never reported, so never deleted.
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

interface DeploymentResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

export const RICH_MENU_TYPE = "pulumi-nodejs:dynamic/line:RichMenu";

export interface OrphanRichMenu {
    readonly richMenuId: string;
    readonly name: string;
    /** The stack resource whose definition it has. */
    readonly urn: string;
}

export interface OrphanReport {
    /** Untracked menus with a definition this stack declares: safe to delete. */
    readonly orphans: readonly OrphanRichMenu[];
    /** Menus this stack tracks. */
    readonly tracked: number;
    /** Untracked menus with other definitions: not this stack's, never touched. */
    readonly foreign: number;
}

function definitionOf(values: Record<string, unknown> | undefined): string | undefined {
    if (values === undefined) return undefined;
    const { size, selected, name, chatBarText, areas } = values;
    if (size === undefined || name === undefined) return undefined;
    return canonicalJson({ size, selected, name, chatBarText, areas });
}

/**
 * Compares the channel's menus with a stack's state. `channel` limits the stack's resources to those
 * of one channel (`default` when they name none), since one stack can manage several.
 */
export async function findOrphanRichMenus(
    client: LineClient,
    state: StackDeployment,
    channel = "default",
): Promise<OrphanReport> {
    const deployment = state.deployment ?? {};
    const ofChannel = (r: DeploymentResource) =>
        r.type === RICH_MENU_TYPE && ((r.inputs?.channel as string | undefined) ?? "default") === channel;
    const resources = (deployment.resources ?? []).filter(ofChannel);
    const pending = (deployment.pending_operations ?? []).map(op => op.resource).filter(ofChannel);

    const tracked = new Set(resources.map(r => (r.outputs?.richMenuId as string | undefined) ?? r.id));
    const owned = new Map<string, string>();
    for (const r of [...resources, ...pending]) {
        const definition = definitionOf(r.outputs) ?? definitionOf(r.inputs);
        if (definition !== undefined) owned.set(definition, r.urn);
    }

    const { richmenus } = await client.getRichMenuList();
    const orphans: OrphanRichMenu[] = [];
    let foreign = 0;
    for (const menu of richmenus as RichMenuResponse[]) {
        if (tracked.has(menu.richMenuId)) continue;
        const { richMenuId, ...definition } = menu;
        const urn = owned.get(canonicalJson(definition));
        if (urn === undefined) foreign++;
        else orphans.push({ richMenuId, name: menu.name, urn });
    }
    return { orphans, tracked: tracked.size, foreign };
}

/** Deletes the reported orphans (and nothing else); "already gone" counts as deleted. */
export async function deleteOrphanRichMenus(client: LineClient, report: OrphanReport): Promise<string[]> {
    const deleted: string[] = [];
    for (const orphan of report.orphans) {
        try {
            await client.deleteRichMenu(orphan.richMenuId);
        } catch (error) {
            if (!isLineNotFound(error)) throw error;
        }
        deleted.push(orphan.richMenuId);
    }
    return deleted;
}
