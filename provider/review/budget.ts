import { LINE_RATE_LIMITS, type RateLimitGroup } from "../client/rateLimiter";
import type { PlannedChange } from "./preview";

/**
 * What a plan spends of LINE's tight limits. Creating and deleting rich menus, deleting aliases and
 * running batch moves are rate-limited per channel per hour, and a channel holds at most 1,000 rich
 * menus and 1,000 aliases made through the API; a change that replaces many menus can run out of
 * either halfway. See https://developers.line.biz/en/reference/messaging-api/#rate-limits and
 * https://developers.line.biz/en/reference/messaging-api/#create-rich-menu (the 1,000-menu cap).
 */

/** Rich menus a LINE Official Account can hold (made through the API). */
const MAX_RICH_MENUS = 1_000;
/** Rich menu aliases a LINE Official Account can hold. */
const MAX_RICH_MENU_ALIASES = 1_000;

export interface BudgetLine {
    readonly group: RateLimitGroup;
    /** What the plan will certainly call. */
    readonly calls: number;
    /** What it may call on top, depending on what only the run can tell (who was removed from links). */
    readonly possibly: number;
    readonly limit: number;
    readonly periodMs: number;
}

export interface QuotaLine {
    readonly what: "rich menus" | "aliases";
    /** In the live channel now; undefined when the channel could not be read. */
    readonly now?: number;
    readonly created: number;
    readonly deleted: number;
    readonly limit: number;
}

const isKind = (kind: string) => (c: PlannedChange) => c.kind === kind;
const count = (changes: readonly PlannedChange[], ...ops: PlannedChange["op"][]) =>
    changes.filter(c => ops.includes(c.op)).length;

function userCountOf(change: PlannedChange): number {
    const value = change.oldOutputs?.userCount;
    return typeof value === "number" ? value : 1;
}

/** The rate-limited calls the plan makes, by LINE's endpoint group. */
export function budgetOf(changes: readonly PlannedChange[]): BudgetLine[] {
    const menus = changes.filter(isKind("RichMenu"));
    const aliases = changes.filter(isKind("RichMenuAlias"));
    const links = changes.filter(isKind("UserRichMenuLinks"));
    // A batch moves users when their menu is replaced, and unlinks everyone when members are removed
    // or the links are deleted (see userRichMenuLinks.ts).
    let batches = 0;
    let possibleBatches = 0;
    for (const link of links) {
        const changed = (key: string) => link.oldInputs?.[key] !== link.newInputs?.[key];
        if (link.op === "update" && changed("richMenuId")) batches++;
        if (link.op === "update" && changed("userIdsDigest")) possibleBatches++;
        if ((link.op === "delete" || link.op === "replace") && userCountOf(link) > 0) batches++;
    }
    const line = (group: RateLimitGroup, calls: number, possibly = 0): BudgetLine => ({
        group,
        calls,
        possibly,
        limit: LINE_RATE_LIMITS[group].requests,
        periodMs: LINE_RATE_LIMITS[group].periodMs,
    });
    return [
        line("createRichMenu", count(menus, "create", "replace")),
        line("deleteRichMenu", count(menus, "delete", "replace")),
        line("deleteRichMenuAlias", count(aliases, "delete", "replace")),
        line("richMenuBatch", batches, possibleBatches),
    ];
}

/** The channel's rich menus and aliases before and after the plan. */
export function quotaOf(
    changes: readonly PlannedChange[],
    live: { readonly richMenus?: number; readonly aliases?: number },
): QuotaLine[] {
    const menus = changes.filter(isKind("RichMenu"));
    const aliases = changes.filter(isKind("RichMenuAlias"));
    return [
        {
            what: "rich menus",
            ...(live.richMenus !== undefined ? { now: live.richMenus } : {}),
            created: count(menus, "create", "replace"),
            deleted: count(menus, "delete", "replace"),
            limit: MAX_RICH_MENUS,
        },
        {
            what: "aliases",
            ...(live.aliases !== undefined ? { now: live.aliases } : {}),
            created: count(aliases, "create", "replace"),
            deleted: count(aliases, "delete", "replace"),
            limit: MAX_RICH_MENU_ALIASES,
        },
    ];
}
