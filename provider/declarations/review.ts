import type { RichMenuBounds, RichMenuSize } from "../client";

/**
 * What a reviewer should see in a rich menu's tap areas, beyond what LINE refuses: areas that overlap
 * (which action wins is up to the LINE app), areas reaching outside the menu (the part outside can
 * never be tapped), and areas too small for a fingertip.
 *
 * LINE shows every menu at the full width of the chat screen, whatever its pixel width, so a fingertip
 * covers the same share of any menu: about 100 pixels of a 2500-pixel-wide one.
 */

const FINGERTIP_PX_AT_FULL_WIDTH = 100;
const FULL_WIDTH_PX = 2500;

export type FindingKind = "overlap" | "outside" | "small";

export interface MenuFinding {
    readonly kind: FindingKind;
    /** 0-based indexes into `areas`. */
    readonly areas: readonly number[];
    /** The rectangle to draw attention to (the overlap, the part outside, the small area). */
    readonly rect: RichMenuBounds;
    readonly message: string;
}

export interface ReviewableMenu {
    readonly size: RichMenuSize;
    readonly areas: readonly { readonly bounds: RichMenuBounds }[];
}

/** The smallest comfortable tap target, in this menu's pixels. */
export function fingertipPx(size: RichMenuSize): number {
    return Math.round((FINGERTIP_PX_AT_FULL_WIDTH * size.width) / FULL_WIDTH_PX);
}

function intersection(a: RichMenuBounds, b: RichMenuBounds): RichMenuBounds | undefined {
    const x = Math.max(a.x, b.x);
    const y = Math.max(a.y, b.y);
    const right = Math.min(a.x + a.width, b.x + b.width);
    const bottom = Math.min(a.y + a.height, b.y + b.height);
    return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : undefined;
}

const describe = (b: RichMenuBounds) => `${b.x},${b.y} ${b.width}x${b.height}`;

/** Every finding, in area order; areas are numbered from 1 in messages, as in the pictures. */
export function reviewRichMenu(menu: ReviewableMenu): MenuFinding[] {
    const findings: MenuFinding[] = [];
    const { size, areas } = menu;
    const minimum = fingertipPx(size);
    areas.forEach((area, i) => {
        const b = area.bounds;
        const inside = intersection(b, { x: 0, y: 0, width: size.width, height: size.height });
        if (inside === undefined || inside.width !== b.width || inside.height !== b.height) {
            findings.push({
                kind: "outside",
                areas: [i],
                rect: b,
                message:
                    `area ${i + 1} (${describe(b)}) reaches outside the ${size.width}x${size.height} menu; ` +
                    "the part outside can never be tapped",
            });
        }
        if (b.width < minimum || b.height < minimum) {
            findings.push({
                kind: "small",
                areas: [i],
                rect: b,
                message:
                    `area ${i + 1} is ${b.width}x${b.height} px, smaller than a fingertip ` +
                    `(${minimum}x${minimum} px on a ${size.width}-px-wide menu)`,
            });
        }
        for (let j = i + 1; j < areas.length; j++) {
            const overlap = intersection(b, areas[j]!.bounds);
            if (overlap === undefined) continue;
            findings.push({
                kind: "overlap",
                areas: [i, j],
                rect: overlap,
                message:
                    `areas ${i + 1} and ${j + 1} overlap at ${describe(overlap)}; which action a tap there ` +
                    "runs is up to the LINE app",
            });
        }
    });
    return findings;
}
