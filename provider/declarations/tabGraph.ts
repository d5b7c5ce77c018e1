import type { Action } from "../client";
import type { ChannelDeclaration } from "./model";

/**
 * The tab graph: which menu's tap leads where. A `richmenuswitch` action names an alias, the alias
 * names a menu, so every switch area is an edge from its menu to another. Two things deserve a
 * reviewer's eye: a switch to an alias that is not declared (LINE answers the tap with
 * RICHMENU_ALIAS_ID_NOTFOUND, so the tab does nothing for users), and a menu nothing leads to (no tab,
 * not the default, linked to no user: nobody can ever see it).
 *
 * See https://developers.line.biz/en/docs/messaging-api/switch-rich-menus/
 *
 * The graph is drawn two ways: as Mermaid text, which GitHub renders in Markdown (pull request
 * comments, READMEs), and as an SVG picture for the render command.
 */

export interface TabGraphMenu {
    readonly key: string;
    readonly areas: readonly { readonly action: Action }[];
}

export interface TabGraphInput {
    /** The menus, in the order they are drawn. */
    readonly menus: readonly TabGraphMenu[];
    /** Alias ID → the key of the menu it points at. */
    readonly aliases: Readonly<Record<string, string>>;
    readonly defaultMenu?: string;
    /** Menus linked to users, which users see without any tab. */
    readonly linkedMenus?: readonly string[];
}

/** One switch area: `from`'s area `area` (0-based) switches to `alias`, which points at `to`. */
export interface TabEdge {
    readonly from: string;
    readonly area: number;
    readonly alias: string;
    /** Absent when no declared alias has this ID. */
    readonly to?: string;
}

export type TabGraphFindingKind = "undeclared-alias" | "unreached-menu";

export interface TabGraphFinding {
    readonly kind: TabGraphFindingKind;
    readonly menu: string;
    /** 0-based; for `undeclared-alias`. */
    readonly area?: number;
    readonly alias?: string;
    readonly message: string;
}

export interface TabGraph {
    readonly menus: readonly string[];
    readonly defaultMenu?: string;
    readonly linkedMenus: readonly string[];
    readonly edges: readonly TabEdge[];
    readonly findings: readonly TabGraphFinding[];
}

export function buildTabGraph(input: TabGraphInput): TabGraph {
    const edges: TabEdge[] = [];
    for (const menu of input.menus) {
        menu.areas.forEach((area, i) => {
            if (area.action.type !== "richmenuswitch") return;
            const alias = String(area.action.richMenuAliasId ?? "");
            const to = input.aliases[alias];
            edges.push({ from: menu.key, area: i, alias, ...(to !== undefined ? { to } : {}) });
        });
    }
    const linked = [...new Set(input.linkedMenus ?? [])].sort();
    const findings: TabGraphFinding[] = [];
    for (const edge of edges) {
        if (edge.to !== undefined) continue;
        findings.push({
            kind: "undeclared-alias",
            menu: edge.from,
            area: edge.area,
            alias: edge.alias,
            message:
                `menu "${edge.from}" area ${edge.area + 1} switches to alias "${edge.alias}", which is not ` +
                "declared: the tab does nothing for users unless the alias exists in the channel",
        });
    }
    for (const menu of input.menus) {
        const reachedByTab = edges.some(e => e.to === menu.key && e.from !== menu.key);
        if (reachedByTab || menu.key === input.defaultMenu || linked.includes(menu.key)) continue;
        findings.push({
            kind: "unreached-menu",
            menu: menu.key,
            message:
                `menu "${menu.key}" is reached by no tab, is not the default and is linked to no user: ` +
                "nobody can see it",
        });
    }
    return {
        menus: input.menus.map(m => m.key),
        ...(input.defaultMenu !== undefined ? { defaultMenu: input.defaultMenu } : {}),
        linkedMenus: linked,
        edges,
        findings,
    };
}

/** The tab graph of a declaration file, as loaded for one stack. */
export function tabGraphOf(declaration: ChannelDeclaration): TabGraph {
    const menus = Object.values(declaration.richMenus)
        .map(m => ({ key: m.key, areas: m.definition.areas }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return buildTabGraph({
        menus,
        aliases: Object.fromEntries(
            Object.values(declaration.aliases).map(a => [a.richMenuAliasId, a.richMenu]),
        ),
        ...(declaration.defaultRichMenu !== undefined ? { defaultMenu: declaration.defaultRichMenu } : {}),
        linkedMenus: Object.values(declaration.userLinks).map(l => l.richMenu),
    });
}

function menuLabel(graph: TabGraph, key: string): string {
    const notes = [
        ...(key === graph.defaultMenu ? ["default"] : []),
        ...(graph.linkedMenus.includes(key) ? ["linked to users"] : []),
    ];
    return notes.length === 0 ? key : `${key} (${notes.join(", ")})`;
}

/** Mermaid's quoted labels take no `"`; it has its own entity for one. */
function mermaidText(text: string): string {
    return text.replace(/"/g, "#quot;");
}

/**
 * The graph as a Mermaid flowchart (GitHub draws ```` ```mermaid ```` blocks). Node names are
 * positional (`m0`, `m1`), so any menu key is safe; the same graph gives the same text.
 */
export function tabGraphMermaid(graph: TabGraph): string {
    const id = new Map(graph.menus.map((key, i) => [key, `m${i}`]));
    const missing = [...new Set(graph.edges.filter(e => e.to === undefined).map(e => e.alias))].sort();
    const missingId = new Map(missing.map((alias, i) => [alias, `a${i}`]));
    const unreached = new Set(graph.findings.filter(f => f.kind === "unreached-menu").map(f => f.menu));
    const lines = ["flowchart LR"];
    for (const key of graph.menus) lines.push(`  ${id.get(key)}["${mermaidText(menuLabel(graph, key))}"]`);
    for (const alias of missing)
        lines.push(`  ${missingId.get(alias)}["${mermaidText(`alias ${alias}: not declared`)}"]`);
    for (const edge of graph.edges) {
        const label = mermaidText(`area ${edge.area + 1}: ${edge.alias}`);
        if (edge.to !== undefined) lines.push(`  ${id.get(edge.from)} -- "${label}" --> ${id.get(edge.to)}`);
        else lines.push(`  ${id.get(edge.from)} -. "${label}" .-> ${missingId.get(edge.alias)}`);
    }
    const flagged = [
        ...graph.menus.filter(key => unreached.has(key)).map(key => id.get(key)!),
        ...missing.map(alias => missingId.get(alias)!),
    ];
    if (flagged.length > 0) {
        lines.push("  classDef warning fill:#fde0e0,stroke:#d62728,stroke-width:2px,stroke-dasharray:5 3");
        lines.push(`  class ${flagged.join(",")} warning`);
    }
    return lines.join("\n");
}

const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

function escapeXml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The graph as a picture: menus in a row (flagged ones outlined red and dashed), each switch an arc
 * from its menu to the target, above the row when it leads right and below when it leads left, labelled
 * with its area number and alias; undeclared aliases as dashed red boxes at the end of the row.
 */
export function renderTabGraphSvg(graph: TabGraph): string {
    const missing = [...new Set(graph.edges.filter(e => e.to === undefined).map(e => e.alias))].sort();
    const nodes = [
        ...graph.menus.map(key => ({ key: `menu:${key}`, label: menuLabel(graph, key) })),
        ...missing.map(alias => ({ key: `alias:${alias}`, label: `alias ${alias}: not declared` })),
    ];
    const unreached = new Set(graph.findings.filter(f => f.kind === "unreached-menu").map(f => f.menu));
    const font = 16;
    const boxWidth = Math.max(160, ...nodes.map(n => [...n.label].length * font * 0.6 + 24));
    const boxHeight = 44;
    const gap = 80;
    const margin = 20;
    const edges = graph.edges.map((e, i) => ({
        ...e,
        i,
        fromIndex: nodes.findIndex(n => n.key === `menu:${e.from}`),
        toIndex: nodes.findIndex(n => n.key === (e.to !== undefined ? `menu:${e.to}` : `alias:${e.alias}`)),
    }));
    const levels = (above: boolean) =>
        edges.filter(e => e.toIndex > e.fromIndex === above || (above && e.toIndex === e.fromIndex)).length;
    const arcStep = 34;
    const top = margin + Math.max(1, levels(true)) * arcStep + font;
    const width = Math.max(1, nodes.length) * (boxWidth + gap) - gap + 2 * margin;
    const height = top + boxHeight + Math.max(1, levels(false)) * arcStep + font + margin;
    const centre = (index: number) => margin + index * (boxWidth + gap) + boxWidth / 2;
    const out: string[] = [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.round(width)}" height="${Math.round(height)}" ` +
            `viewBox="0 0 ${Math.round(width)} ${Math.round(height)}">`,
        `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" ` +
            `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#ff7f0e"/></marker>` +
            `<marker id="arrow-missing" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" ` +
            `orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#d62728"/></marker></defs>`,
        `<rect x="0" y="0" width="${Math.round(width)}" height="${Math.round(height)}" fill="#ffffff"/>`,
    ];
    nodes.forEach((node, i) => {
        const x = margin + i * (boxWidth + gap);
        const flagged = node.key.startsWith("alias:") || unreached.has(node.key.slice("menu:".length));
        out.push(
            `<rect x="${Math.round(x)}" y="${Math.round(top)}" width="${Math.round(boxWidth)}" height="${boxHeight}" ` +
                `rx="8" fill="${flagged ? "#fde0e0" : "#eef4fb"}" stroke="${flagged ? "#d62728" : "#1f77b4"}" ` +
                `stroke-width="2"${flagged ? ' stroke-dasharray="6 3"' : ""}/>`,
            `<text x="${Math.round(x + boxWidth / 2)}" y="${Math.round(top + boxHeight / 2)}" dy="0.35em" ` +
                `text-anchor="middle" font-family="${FONT}" font-size="${font}" fill="#000000">${escapeXml(node.label)}</text>`,
        );
    });
    let above = 0;
    let below = 0;
    for (const edge of edges) {
        const upward = edge.toIndex >= edge.fromIndex;
        const level = upward ? ++above : ++below;
        const x1 = centre(edge.fromIndex) + (upward ? -10 : 10);
        const x2 = centre(edge.toIndex) + (upward ? 10 : -10);
        const y = upward ? top : top + boxHeight;
        const bend = upward ? y - level * arcStep : y + level * arcStep;
        const self = edge.toIndex === edge.fromIndex;
        const xa = self ? x1 - boxWidth / 4 : x1;
        const xb = self ? x2 + boxWidth / 4 : x2;
        const color = edge.to === undefined ? "#d62728" : "#ff7f0e";
        out.push(
            `<path d="M ${Math.round(xa)} ${y} C ${Math.round(xa)} ${bend} ${Math.round(xb)} ${bend} ${Math.round(xb)} ${y}" ` +
                `fill="none" stroke="${color}" stroke-width="2"${edge.to === undefined ? ' stroke-dasharray="6 3"' : ""} ` +
                `marker-end="url(#${edge.to === undefined ? "arrow-missing" : "arrow"})"/>`,
            `<text x="${Math.round((xa + xb) / 2)}" y="${Math.round(upward ? bend + arcStep * 0.25 : bend - arcStep * 0.25)}" ` +
                `dy="0.35em" text-anchor="middle" font-family="${FONT}" font-size="${font * 0.8}" fill="${color}">` +
                `${escapeXml(`area ${edge.area + 1}: ${edge.alias}`)}</text>`,
        );
    }
    out.push("</svg>");
    return `${out.join("\n")}\n`;
}
