import { buildTabGraph, type TabGraph } from "../declarations/tabGraph";
import type { Action } from "../client";
import { budgetOf, quotaOf, type BudgetLine, type QuotaLine } from "./budget";
import type { LiveChannel } from "./liveChannel";
import type { ChangeOp, PlannedChange, PlannedPreview } from "./preview";

/**
 * The review of one stack, from its preview and its live channel: what changes and why, what it
 * spends of LINE's limits, what deserves a warning, and the tab graph the change leaves. Everything
 * here is stable between runs of the same plan (no rich menu IDs, no times), so a pull request comment
 * made from it changes only when the plan does.
 */

export interface ChannelReview {
    readonly live: LiveChannel;
    readonly budget: readonly BudgetLine[];
    readonly quota: readonly QuotaLine[];
}

export interface StackReview {
    readonly stack: string;
    /** Changes other than `same`, in a fixed order (kind, then name). */
    readonly changes: readonly PlannedChange[];
    readonly unchanged: number;
    readonly counts: Readonly<Record<Exclude<ChangeOp, "same">, number>>;
    readonly channels: readonly ChannelReview[];
    readonly warnings: readonly string[];
    /** The preview's errors: the stack cannot be updated as it is. */
    readonly errors: readonly string[];
    readonly tabGraph: TabGraph;
    /** One line: "replaces home, re-points alias featured and moves the default". */
    readonly summary: string;
}

const KIND_ORDER = [
    "RichMenu",
    "RichMenuAlias",
    "DefaultRichMenu",
    "UserRichMenuLinks",
    "WebhookEndpoint",
    "Audience",
    "ChannelPreflight",
];

function kindRank(kind: string): number {
    const i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.length : i;
}

function byKindAndName(a: PlannedChange, b: PlannedChange): number {
    return kindRank(a.kind) - kindRank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The channel a resource acts on (its `channel` input), `default` without one. */
export function channelOf(change: PlannedChange): string {
    const channel = change.newInputs?.channel ?? change.oldInputs?.channel;
    return typeof channel === "string" && channel !== "" ? channel : "default";
}

/** The declaration's expected bot, which the ChannelPreflight resource carries. */
export function declaredExpectedBots(preview: PlannedPreview): Map<string, string> {
    const bots = new Map<string, string>();
    for (const change of preview.changes) {
        const expected = change.newInputs?.expectedBot;
        if (change.kind === "ChannelPreflight" && typeof expected === "string")
            bots.set(channelOf(change), expected);
    }
    return bots;
}

/** The channels the stack's resources act on, sorted. */
export function channelsOf(preview: PlannedPreview): string[] {
    return [...new Set(preview.changes.map(channelOf))].sort();
}

const VERBS: Readonly<Record<string, Partial<Record<ChangeOp, (name: string) => string>>>> = {
    RichMenu: {
        create: n => `adds menu ${n}`,
        replace: n => `replaces ${n}`,
        update: n => `updates ${n}`,
        delete: n => `removes menu ${n}`,
    },
    RichMenuAlias: {
        create: n => `adds alias ${n}`,
        update: n => `re-points alias ${n}`,
        replace: n => `replaces alias ${n}`,
        delete: n => `removes alias ${n}`,
    },
    DefaultRichMenu: {
        create: () => "sets the default",
        update: () => "moves the default",
        replace: () => "moves the default",
        delete: () => "clears the default",
    },
    UserRichMenuLinks: {
        create: n => `links users (${n})`,
        update: n => `updates user links ${n}`,
        replace: n => `relinks users (${n})`,
        delete: n => `unlinks users (${n})`,
    },
    WebhookEndpoint: {
        create: () => "sets the webhook",
        update: () => "changes the webhook",
        replace: () => "changes the webhook",
        delete: () => "removes the webhook",
    },
    Audience: {
        create: n => `adds audience ${n}`,
        update: n => `updates audience ${n}`,
        replace: n => `replaces audience ${n}`,
        delete: n => `removes audience ${n}`,
    },
};

function listed(items: readonly string[]): string {
    if (items.length <= 1) return items[0] ?? "";
    return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** What a stack gets from the plan, in one line. */
export function summarize(changes: readonly PlannedChange[]): string {
    const phrases = changes
        .filter(c => c.op !== "same")
        .map(c => VERBS[c.kind]?.[c.op]?.(c.name))
        .filter((p): p is string => p !== undefined);
    return phrases.length === 0 ? "no change" : listed([...new Set(phrases)]);
}

/** A value the engine does not know yet at preview (an output of a resource still to be created). */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Which menu an alias, the default or user links point at, by name. They name their menu by rich menu
 * ID, which is unknown at preview for a menu being replaced; then the engine's record of where the
 * input comes from names the menu.
 */
class MenuNames {
    private readonly byUrn = new Map<string, string>();
    private readonly byOldId = new Map<string, string>();
    private readonly replaced = new Set<string>();

    constructor(changes: readonly PlannedChange[]) {
        for (const menu of changes.filter(c => c.kind === "RichMenu")) {
            this.byUrn.set(menu.urn, menu.name);
            const id = menu.oldOutputs?.richMenuId;
            if (typeof id === "string") this.byOldId.set(id, menu.name);
            if (menu.op === "replace" || menu.op === "delete") this.replaced.add(menu.name);
        }
    }

    /** The menu the change points at after the plan. */
    after(change: PlannedChange): string | undefined {
        const id = change.newInputs?.richMenuId;
        if (typeof id === "string" && id !== UNKNOWN) {
            const name = this.byOldId.get(id);
            if (name !== undefined && !this.replaced.has(name)) return name;
        }
        for (const urn of change.inputSources.richMenuId ?? []) {
            const name = this.byUrn.get(urn);
            if (name !== undefined) return name;
        }
        return undefined;
    }

    /** The menu it points at now. */
    before(change: PlannedChange): string | undefined {
        const id = change.oldInputs?.richMenuId;
        return typeof id === "string" ? this.byOldId.get(id) : undefined;
    }

    /** `menu shop → home`, `menu home is replaced`: why a pointer to a menu changes. */
    reason(change: PlannedChange): string {
        const before = this.before(change);
        const after = this.after(change);
        if (before !== undefined && before === after) return `menu ${after} is replaced`;
        return `menu ${before ?? "?"} → ${after ?? "?"}`;
    }
}

/** The tab graph after the change. */
function plannedTabGraph(preview: PlannedPreview): TabGraph {
    const kept = preview.changes.filter(c => c.op !== "delete" && c.newInputs !== undefined);
    const menus = kept.filter(c => c.kind === "RichMenu").sort(byKindAndName);
    const names = new MenuNames(preview.changes);
    const aliases: Record<string, string> = {};
    for (const alias of kept.filter(c => c.kind === "RichMenuAlias")) {
        const id = alias.newInputs?.richMenuAliasId;
        const menu = names.after(alias);
        if (typeof id === "string" && menu !== undefined) aliases[id] = menu;
    }
    const defaultMenu = kept
        .filter(c => c.kind === "DefaultRichMenu")
        .map(c => names.after(c))
        .find((m): m is string => m !== undefined);
    return buildTabGraph({
        menus: menus.map(m => ({
            key: m.name,
            areas: Array.isArray(m.newInputs?.areas)
                ? (m.newInputs.areas as { action: Action }[]).filter(a => typeof a?.action?.type === "string")
                : [],
        })),
        aliases,
        ...(defaultMenu !== undefined ? { defaultMenu } : {}),
        linkedMenus: kept
            .filter(c => c.kind === "UserRichMenuLinks")
            .map(c => names.after(c))
            .filter((m): m is string => m !== undefined),
    });
}

/** Reasons as a reader wants them: a pointer to a menu names the menus, not the rich menu IDs. */
function readableReasons(change: PlannedChange, names: MenuNames): PlannedChange {
    if (!change.reasons.includes("richMenuId")) return change;
    return { ...change, reasons: change.reasons.map(r => (r === "richMenuId" ? names.reason(change) : r)) };
}

/** The review of one stack. `live` has one entry per channel the stack acts on. */
export function reviewStack(
    stack: string,
    preview: PlannedPreview,
    live: readonly LiveChannel[],
): StackReview {
    const names = new MenuNames(preview.changes);
    const changes = preview.changes
        .filter(c => c.op !== "same" && c.kind !== "ChannelPreflight")
        .map(c => readableReasons(c, names))
        .sort(byKindAndName);
    const counts = { create: 0, update: 0, replace: 0, delete: 0 };
    for (const change of changes) counts[change.op as keyof typeof counts]++;
    const channels = live.map(l => {
        const mine = changes.filter(c => channelOf(c) === l.channel);
        return {
            live: l,
            budget: budgetOf(mine),
            quota: quotaOf(mine, {
                ...(l.richMenus !== undefined ? { richMenus: l.richMenus } : {}),
                ...(l.aliases !== undefined ? { aliases: l.aliases } : {}),
            }),
        };
    });
    const tabGraph = plannedTabGraph(preview);
    const warnings: string[] = [];
    for (const l of live) {
        if (l.wrongBot) {
            warnings.push(
                `channel "${l.channel}": the stack's credentials belong to bot ${l.bot ?? "?"}, not the expected ` +
                    `bot ${l.expectedBot ?? "?"}: every change to it will be refused`,
            );
        }
        if (l.problem !== undefined) warnings.push(`channel "${l.channel}": could not be read: ${l.problem}`);
    }
    for (const channel of channels) {
        for (const b of channel.budget) {
            if (b.calls + b.possibly > b.limit)
                warnings.push(
                    `channel "${channel.live.channel}": ${b.calls + b.possibly} calls of ${b.group} exceed LINE's ` +
                        `${b.limit} per hour: the update will wait for LINE's budget to refill`,
                );
        }
        for (const q of channel.quota) {
            if (q.now !== undefined && q.now + q.created > q.limit)
                warnings.push(
                    `channel "${channel.live.channel}": ${q.what} would reach ${q.now + q.created} of LINE's ` +
                        `${q.limit} during the update: LINE refuses to create more`,
                );
        }
    }
    const seen = new Set<string>();
    for (const d of preview.diagnostics.filter(w => w.severity === "warning")) {
        const text = d.resource === undefined ? d.message : `${d.resource}: ${d.message}`;
        if (!seen.has(text)) warnings.push(text);
        seen.add(text);
    }
    for (const finding of tabGraph.findings) warnings.push(`tab graph: ${finding.message}`);
    return {
        stack,
        changes,
        unchanged: preview.changes.filter(c => c.op === "same" && c.kind !== "ChannelPreflight").length,
        counts,
        channels,
        warnings,
        errors: preview.diagnostics
            .filter(d => d.severity === "error")
            .map(d => (d.resource === undefined ? d.message : `${d.resource}: ${d.message}`)),
        tabGraph,
        summary: summarize(changes),
    };
}
