import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { RichMenuRequest } from "../client";
import { detectImageContentType } from "../client/image";
import { svgToPng } from "../declarations/png";
import { renderComparisonSvg, type RenderableMenu } from "../declarations/render";
import type { TabGraph } from "../declarations/tabGraph";
import type { LiveChannel } from "./liveChannel";
import type { PlannedChange } from "./preview";

/**
 * Before/after pictures of every menu a plan adds, replaces or removes, with the areas that differ
 * marked on the after side. The before side is the menu as it is in state, with its image downloaded
 * from the live channel; the after side the menu as the program declares it, with its image file.
 */

export interface MenuPictureFile {
    readonly menu: string;
    readonly change: PlannedChange["op"];
    readonly reasons: readonly string[];
    /** Relative to the report's directory, with `/`. */
    readonly file: string;
}

const PICTURE_WIDTH_PX = 1200;

function definitionOf(values: Readonly<Record<string, unknown>> | undefined): RichMenuRequest | undefined {
    if (values === undefined) return undefined;
    const { size, selected, name, chatBarText, areas } = values;
    if (typeof size !== "object" || size === null || !Array.isArray(areas)) return undefined;
    return {
        size: size as RichMenuRequest["size"],
        selected: selected === true,
        name: typeof name === "string" ? name : "",
        chatBarText: typeof chatBarText === "string" ? chatBarText : "",
        areas: areas as RichMenuRequest["areas"],
    };
}

function imageFileOf(inputs: Readonly<Record<string, unknown>> | undefined): string | undefined {
    const image = inputs?.image;
    if (typeof image === "string") return image;
    if (typeof image === "object" && image !== null && typeof (image as { path?: unknown }).path === "string")
        return (image as { path: string }).path;
    return undefined;
}

/** One side of a comparison: the menu as defined, with its image when there is one; none without a definition. */
function sideOf(
    key: string,
    definition: RichMenuRequest | undefined,
    image: RenderableMenu["image"],
): RenderableMenu | undefined {
    return definition === undefined ? undefined : { key, definition, ...(image ? { image } : {}) };
}

function readImage(file: string | undefined, projectDir: string): RenderableMenu["image"] {
    if (file === undefined) return undefined;
    try {
        const bytes = readFileSync(path.resolve(projectDir, file));
        const contentType = detectImageContentType(bytes);
        return contentType === undefined ? undefined : { bytes, contentType };
    } catch {
        return undefined;
    }
}

/** A file name safe on every platform for a menu's name. */
export function pictureName(menu: string): string {
    return menu.replace(/[^A-Za-z0-9._-]/g, "_");
}

/**
 * Writes `<dir>/<menu>.png` for every menu the plan adds, replaces or removes; answers them in the
 * plan's order. `projectDir` is where the program runs (relative image paths start there).
 */
export async function writeMenuPictures(
    changes: readonly PlannedChange[],
    options: {
        readonly live: ReadonlyMap<string, LiveChannel>;
        readonly channelOf: (change: PlannedChange) => string;
        readonly tabGraph: TabGraph;
        readonly projectDir: string;
        /** Where the report is; `dir` is inside it. */
        readonly reportDir: string;
        readonly dir: string;
        readonly write: (file: string, bytes: Buffer) => void;
    },
): Promise<MenuPictureFile[]> {
    const aliases = Object.fromEntries(
        options.tabGraph.edges.filter(e => e.to !== undefined).map(e => [e.alias, e.to!]),
    );
    const pictures: MenuPictureFile[] = [];
    for (const change of changes) {
        if (change.kind !== "RichMenu" || !["create", "replace", "delete"].includes(change.op)) continue;
        const beforeDefinition = change.op === "create" ? undefined : definitionOf(change.oldOutputs);
        const afterDefinition = change.op === "delete" ? undefined : definitionOf(change.newInputs);
        if (beforeDefinition === undefined && afterDefinition === undefined) continue;
        const richMenuId = change.oldOutputs?.richMenuId;
        const beforeImage =
            beforeDefinition !== undefined && typeof richMenuId === "string"
                ? await options.live.get(options.channelOf(change))?.image(richMenuId)
                : undefined;
        const before = sideOf(change.name, beforeDefinition, beforeImage);
        const afterImage = readImage(imageFileOf(change.newInputs), options.projectDir);
        const after = sideOf(change.name, afterDefinition, afterImage);
        const svg = renderComparisonSvg(before, after, {
            before: { aliases },
            after: { aliases },
        });
        const file = path.join(options.dir, `${pictureName(change.name)}.png`);
        options.write(file, svgToPng(svg, PICTURE_WIDTH_PX));
        pictures.push({
            menu: change.name,
            change: change.op,
            reasons: change.reasons,
            file: path.relative(options.reportDir, file).split(path.sep).join("/"),
        });
    }
    return pictures;
}
