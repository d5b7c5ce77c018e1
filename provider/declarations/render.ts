import type { RichMenuBounds, RichMenuRequest } from "../client";
import { canonicalJson } from "../resources/canonicalJson";
import { RICH_MENU_OBJECT_KEYS } from "../resources/richMenu";
import type { RichMenuDeclaration } from "./model";
import { describeAction, quoted } from "./actionText";
import { reviewRichMenu, type MenuFinding } from "./review";

export { describeAction } from "./actionText";

/**
 * Pictures of rich menus for review: the menu's image with its tap areas numbered on it, a legend of
 * what each area does, and what deserves a second look (overlapping areas, areas outside the menu,
 * areas smaller than a fingertip) drawn where it is. SVG text, deterministic for the same input, so a
 * picture can be committed and compared; `pulumi-line render` (provider/cli/render.ts) writes them and turns them into PNG.
 *
 * Text is drawn with common font names; where no font is installed a rasteriser leaves the text out,
 * and the shapes and colours still show the areas and findings.
 */

export interface RenderableMenu {
    readonly key: string;
    readonly definition: RichMenuRequest;
    readonly image?: { readonly bytes: Buffer; readonly contentType: string };
}

export interface RenderOptions {
    /** Alias ID → menu key, so a switch action's legend names the menu it leads to. */
    readonly aliases?: Readonly<Record<string, string>>;
    /** A heading above the picture (`before`, `after`). */
    readonly caption?: string;
    /** Prefixes every id in the SVG, so several pictures can share one document. */
    readonly idPrefix?: string;
    /** Areas (0-based) that differ from the version before: outlined, and marked in the legend. */
    readonly changedAreas?: readonly number[];
}

/** A picture before it is wrapped in its `<svg>` element. */
export interface MenuPicture {
    readonly width: number;
    readonly height: number;
    readonly body: string;
}

const FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif";

/** Colours by action type, so the kind of an area is visible at a glance. */
const ACTION_COLORS: Readonly<Record<string, string>> = {
    postback: "#1f77b4",
    message: "#2ca02c",
    uri: "#9467bd",
    richmenuswitch: "#ff7f0e",
    datetimepicker: "#17becf",
    clipboard: "#8c564b",
};
const OTHER_COLOR = "#7f7f7f";
const FINDING_COLORS: Readonly<Record<MenuFinding["kind"], string>> = {
    overlap: "#d62728",
    outside: "#d62728",
    small: "#e6a800",
};

function escapeXml(text: string): string {
    return text
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(/"/g, "&quot;")
        .replace(/'/g, "&apos;");
}

/** Numbers as SVG attributes: at most two decimals, no trailing zeros, same text on every platform. */
function n(value: number): string {
    return String(Math.round(value * 100) / 100);
}

function truncate(text: string, max: number): string {
    const chars = [...text];
    return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}

/** A legend entry over at most `maxLines` lines of `max` characters, broken between words. */
function wrapText(text: string, max: number, maxLines = 3): string[] {
    const lines: string[] = [];
    let current = "";
    for (const word of text.split(" ")) {
        const next = current === "" ? word : `${current} ${word}`;
        if ([...next].length <= max || current === "") current = next;
        else {
            lines.push(current);
            current = word;
        }
    }
    lines.push(current);
    if (lines.length <= maxLines) return lines.map(line => truncate(line, max));
    return [...lines.slice(0, maxLines - 1), truncate(lines.slice(maxLines - 1).join(" "), max)];
}

/** The picture of one menu, to be placed in an `<svg>` (see {@link renderRichMenuSvg}). */
function drawRichMenu(menu: RenderableMenu, options: RenderOptions = {}): MenuPicture {
    const layout = layoutOf(menu, options);
    const out: string[] = [];
    out.push(...drawFrame(layout, menu, options));
    out.push(`<g transform="translate(0 ${n(layout.top)})">`);
    out.push(...drawImage(layout, menu));
    out.push(...drawAreas(layout, menu));
    out.push("</g>");
    out.push(...drawLegend(layout, menu));
    return { width: layout.width, height: layout.height, body: out.join("\n") };
}

/** Sizes and texts of one menu's picture, all scaled to the menu's width. */
interface Layout {
    readonly id: (name: string) => string;
    readonly font: number;
    readonly pad: number;
    readonly stroke: number;
    readonly findings: readonly ReturnType<typeof reviewRichMenu>[number][];
    /** The drawing's right and bottom: wider than the menu when areas reach outside it. */
    readonly right: number;
    readonly bottom: number;
    readonly width: number;
    readonly height: number;
    readonly captionHeight: number;
    readonly headerHeight: number;
    /** Where the menu starts, under the caption and the header. */
    readonly top: number;
    readonly lineHeight: number;
    readonly maxChars: number;
    readonly changed: ReadonlySet<number>;
    readonly areaLines: readonly string[][];
    readonly findingLines: readonly string[][];
    readonly legendTop: number;
}

function layoutOf(menu: RenderableMenu, options: RenderOptions): Layout {
    const { size, areas } = menu.definition;
    const scale = size.width / 2500;
    const font = Math.max(14, Math.round(44 * scale));
    const pad = Math.round(font * 0.6);
    const findings = reviewRichMenu(menu.definition);
    // Areas reaching outside the menu widen the drawing, so the part outside shows.
    const right = Math.max(size.width, ...areas.map(a => a.bounds.x + a.bounds.width));
    const bottom = Math.max(size.height, ...areas.map(a => a.bounds.y + a.bounds.height));
    const width = right;
    const captionHeight = options.caption === undefined ? 0 : Math.round(font * 2);
    const headerHeight = Math.round(font * 2.2);
    const top = captionHeight + headerHeight;
    const lineHeight = Math.round(font * 1.5);
    const maxChars = Math.floor((width - 3 * pad - font * 1.2) / (font * 0.56));
    const changed = new Set(options.changedAreas ?? []);
    const areaLines = areas.map((area, i) =>
        wrapText(
            `${describeAction(area.action, options.aliases)}${changed.has(i) ? "  (changed)" : ""}`,
            maxChars,
        ),
    );
    const findingLines = findings.map(finding => wrapText(`warning: ${finding.message}`, maxChars));
    const legendLines = [...areaLines, ...findingLines].reduce((sum, lines) => sum + lines.length, 0);
    const legendTop = top + bottom + pad;
    const height = legendTop + pad + legendLines * lineHeight + pad;
    return {
        id: name => `${options.idPrefix ?? ""}${name}`,
        font,
        pad,
        stroke: Math.max(2, Math.round(5 * scale)),
        findings,
        right,
        bottom,
        width,
        height,
        captionHeight,
        headerHeight,
        top,
        lineHeight,
        maxChars,
        changed,
        areaLines,
        findingLines,
        legendTop,
    };
}

/** The hatch pattern, the white page, the caption and the header line. */
function drawFrame(layout: Layout, menu: RenderableMenu, options: RenderOptions): string[] {
    const { id, font, pad, width, height, captionHeight, headerHeight, maxChars } = layout;
    const out: string[] = [];
    out.push(
        `<defs><pattern id="${id("hatch")}" patternUnits="userSpaceOnUse" width="${n(font)}" height="${n(font)}" ` +
            `patternTransform="rotate(45)"><rect width="${n(font / 3)}" height="${n(font)}" fill="#d62728" ` +
            `fill-opacity="0.55"/></pattern></defs>`,
    );
    out.push(`<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`);
    if (options.caption !== undefined) {
        out.push(
            `<text x="${n(pad)}" y="${n(captionHeight * 0.7)}" font-family="${FONT}" font-size="${n(font * 1.2)}" ` +
                `font-weight="bold" fill="#000000">${escapeXml(options.caption)}</text>`,
        );
    }
    const def = menu.definition;
    const { size } = def;
    const header =
        `${menu.key}: ${quoted(def.name)}  |  chat bar ${quoted(def.chatBarText)}  |  ${size.width}x${size.height}` +
        `${def.selected ? "  |  opens expanded" : ""}`;
    out.push(
        `<text x="${n(pad)}" y="${n(captionHeight + headerHeight * 0.68)}" font-family="${FONT}" font-size="${n(font)}" ` +
            `fill="#000000">${escapeXml(truncate(header, maxChars + 2))}</text>`,
    );
    return out;
}

/** The menu's image (or a grey stand-in) and its border, over a grey ground where areas reach outside. */
function drawImage(layout: Layout, menu: RenderableMenu): string[] {
    const { font, stroke, right, bottom } = layout;
    const { size } = menu.definition;
    const out: string[] = [];
    if (right > size.width || bottom > size.height) {
        out.push(`<rect x="0" y="0" width="${n(right)}" height="${n(bottom)}" fill="#f2f2f2"/>`);
    }
    if (menu.image !== undefined) {
        const uri = `data:${menu.image.contentType};base64,${menu.image.bytes.toString("base64")}`;
        out.push(
            `<image x="0" y="0" width="${n(size.width)}" height="${n(size.height)}" preserveAspectRatio="none" ` +
                `href="${uri}"/>`,
        );
    } else {
        out.push(`<rect x="0" y="0" width="${n(size.width)}" height="${n(size.height)}" fill="#cccccc"/>`);
        out.push(
            `<text x="${n(size.width / 2)}" y="${n(size.height / 2)}" text-anchor="middle" font-family="${FONT}" ` +
                `font-size="${n(font * 1.5)}" fill="#555555">image not available</text>`,
        );
    }
    out.push(
        `<rect x="0" y="0" width="${n(size.width)}" height="${n(size.height)}" fill="none" stroke="#000000" ` +
            `stroke-width="${n(stroke)}"/>`,
    );
    return out;
}

/** Each area tinted by its action, the review's findings over them, changed areas outlined, and the numbered badges. */
function drawAreas(layout: Layout, menu: RenderableMenu): string[] {
    const { font, pad, stroke, changed } = layout;
    const { areas } = menu.definition;
    const out: string[] = [];
    const badge = (b: RichMenuBounds, i: number, color: string): string => {
        const r = font * 0.85;
        const cx = b.x + Math.min(b.width / 2, r + pad / 2);
        const cy = b.y + Math.min(b.height / 2, r + pad / 2);
        return (
            `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${color}" stroke="#ffffff" stroke-width="${n(stroke / 2)}"/>` +
            `<text x="${n(cx)}" y="${n(cy)}" dy="0.35em" text-anchor="middle" font-family="${FONT}" ` +
            `font-size="${n(font)}" font-weight="bold" fill="#ffffff">${i + 1}</text>`
        );
    };
    for (const area of areas) {
        const b = area.bounds;
        const color = ACTION_COLORS[area.action.type] ?? OTHER_COLOR;
        out.push(
            `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" fill="${color}" ` +
                `fill-opacity="0.15" stroke="${color}" stroke-width="${n(stroke)}"/>`,
        );
    }
    out.push(...drawFindings(layout));
    for (const i of [...changed].sort((a, b) => a - b)) {
        const b = areas[i]?.bounds;
        if (b === undefined) continue;
        out.push(
            `<rect x="${n(b.x + stroke)}" y="${n(b.y + stroke)}" width="${n(Math.max(1, b.width - 2 * stroke))}" ` +
                `height="${n(Math.max(1, b.height - 2 * stroke))}" fill="none" stroke="#000000" ` +
                `stroke-width="${n(stroke * 2)}" stroke-dasharray="${n(stroke * 6)} ${n(stroke * 3)}"/>`,
        );
    }
    areas.forEach((area, i) =>
        out.push(badge(area.bounds, i, ACTION_COLORS[area.action.type] ?? OTHER_COLOR)),
    );
    return out;
}

/** The review's findings: a dashed, hatched rectangle each, and a warning sign beside an area too small. */
function drawFindings(layout: Layout): string[] {
    const { id, font, pad, stroke, width, findings } = layout;
    const out: string[] = [];
    for (const finding of findings) {
        const r = finding.rect;
        const color = FINDING_COLORS[finding.kind];
        const fill = finding.kind === "small" ? "none" : `url(#${id("hatch")})`;
        out.push(
            `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.width)}" height="${n(r.height)}" fill="${fill}" ` +
                `stroke="${color}" stroke-width="${n(stroke * 1.5)}" stroke-dasharray="${n(stroke * 4)} ${n(stroke * 2)}"/>`,
        );
        if (finding.kind === "small") {
            // A warning sign beside an area too small to hold one: to its right, or to its left at the
            // menu's right edge, so it stays in the picture.
            const s = font * 1.2;
            const x =
                r.x + r.width + pad / 2 + s <= width
                    ? r.x + r.width + pad / 2
                    : Math.max(0, r.x - pad / 2 - s);
            const y = r.y;
            out.push(
                `<path d="M ${n(x + s / 2)} ${n(y)} L ${n(x + s)} ${n(y + s)} L ${n(x)} ${n(y + s)} Z" fill="${color}"/>` +
                    `<text x="${n(x + s / 2)}" y="${n(y + s * 0.62)}" dy="0.35em" text-anchor="middle" font-family="${FONT}" ` +
                    `font-size="${n(font * 0.8)}" font-weight="bold" fill="#000000">!</text>`,
            );
        }
    }
    return out;
}

/** The legend: a marker (the area's numbered badge, or a warning sign), then its text. */
function drawLegend(layout: Layout, menu: RenderableMenu): string[] {
    const { font, pad, lineHeight, legendTop, findings, areaLines, findingLines } = layout;
    const out: string[] = [];
    let y = legendTop + pad;
    const textX = pad + font * 1.2 + pad;
    const legend = (lines: readonly string[], fill: string, marker: (cy: number) => string) => {
        out.push(marker(y + lineHeight / 2));
        for (const line of lines) {
            out.push(
                `<text x="${n(textX)}" y="${n(y + lineHeight / 2)}" dy="0.35em" font-family="${FONT}" ` +
                    `font-size="${n(font)}" fill="${fill}">${escapeXml(line)}</text>`,
            );
            y += lineHeight;
        }
    };
    menu.definition.areas.forEach((area, i) => {
        const color = ACTION_COLORS[area.action.type] ?? OTHER_COLOR;
        const r = font * 0.6;
        legend(
            areaLines[i]!,
            "#000000",
            cy =>
                `<circle cx="${n(pad + r)}" cy="${n(cy)}" r="${n(r)}" fill="${color}"/>` +
                `<text x="${n(pad + r)}" y="${n(cy)}" dy="0.35em" text-anchor="middle" font-family="${FONT}" ` +
                `font-size="${n(font * 0.7)}" font-weight="bold" fill="#ffffff">${i + 1}</text>`,
        );
    });
    findings.forEach((finding, i) => {
        const color = FINDING_COLORS[finding.kind];
        const s = font * 1.1;
        legend(
            findingLines[i]!,
            finding.kind === "small" ? "#8a6500" : color,
            cy =>
                `<path d="M ${n(pad + s / 2)} ${n(cy - s / 2)} L ${n(pad + s)} ${n(cy + s / 2)} ` +
                `L ${n(pad)} ${n(cy + s / 2)} Z" fill="${color}"/>`,
        );
    });
    return out;
}

function wrap(picture: MenuPicture): string {
    return (
        `<svg xmlns="http://www.w3.org/2000/svg" width="${n(picture.width)}" height="${n(picture.height)}" ` +
        `viewBox="0 0 ${n(picture.width)} ${n(picture.height)}">\n${picture.body}\n</svg>\n`
    );
}

/** A menu as a standalone SVG document. */
export function renderRichMenuSvg(menu: RenderableMenu, options: RenderOptions = {}): string {
    return wrap(drawRichMenu(menu, options));
}

/** Two pictures side by side (before on the left), for a menu a change replaces. */
export function renderComparisonSvg(
    before: RenderableMenu | undefined,
    after: RenderableMenu | undefined,
    options: { readonly before?: RenderOptions; readonly after?: RenderOptions } = {},
): string {
    // Areas that differ from the same position before are marked on the after side.
    const changedAreas =
        before === undefined || after === undefined
            ? []
            : after.definition.areas
                  .map((area, i) =>
                      canonicalJson(area) === canonicalJson(before.definition.areas[i]) ? -1 : i,
                  )
                  .filter(i => i >= 0);
    const pictures = [
        before === undefined
            ? undefined
            : drawRichMenu(before, { caption: "before", ...options.before, idPrefix: "before-" }),
        after === undefined
            ? undefined
            : drawRichMenu(after, { caption: "after", ...options.after, idPrefix: "after-", changedAreas }),
    ];
    const gap = 60;
    const width = pictures.reduce((sum, p) => sum + (p?.width ?? 0), 0) + gap;
    const height = Math.max(...pictures.map(p => p?.height ?? 0));
    let x = 0;
    const body: string[] = [`<rect x="0" y="0" width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`];
    for (const picture of pictures) {
        if (picture === undefined) continue;
        body.push(`<g transform="translate(${n(x)} 0)">\n${picture.body}\n</g>`);
        x += picture.width + gap;
    }
    return wrap({ width, height, body: body.join("\n") });
}

export type MenuChange = "added" | "removed" | "replaced" | "unchanged";

/**
 * What a change does to a menu, by the rules of the RichMenu resource: any change to the definition or
 * to the image bytes replaces it (LINE cannot edit menus). `reasons` names what changed.
 */
export function richMenuChange(
    before: RichMenuDeclaration | undefined,
    after: RichMenuDeclaration | undefined,
): { readonly change: MenuChange; readonly reasons: readonly string[] } {
    if (before === undefined) return { change: after === undefined ? "unchanged" : "added", reasons: [] };
    if (after === undefined) return { change: "removed", reasons: [] };
    const reasons: string[] = RICH_MENU_OBJECT_KEYS.filter(
        k => canonicalJson(before.definition[k]) !== canonicalJson(after.definition[k]),
    );
    if (before.image?.sha256 !== after.image?.sha256) reasons.push("image");
    return { change: reasons.length > 0 ? "replaced" : "unchanged", reasons };
}
