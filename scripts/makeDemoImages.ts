/**
 * Draws the demo's rich menu images (flat colours, no text) into examples/assets/. They are committed;
 * run this only to change them: `npx tsx scripts/makeDemoImages.ts`.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { PNG } from "pngjs";

type Rgb = readonly [number, number, number];
interface Rect {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly color: Rgb;
}

function draw(width: number, height: number, background: Rgb, rects: readonly Rect[]): Buffer {
    const png = new PNG({ width, height });
    const fill = (r: Rect) => {
        for (let y = r.y; y < r.y + r.height; y++) {
            for (let x = r.x; x < r.x + r.width; x++) {
                const i = (y * width + x) * 4;
                png.data[i] = r.color[0];
                png.data[i + 1] = r.color[1];
                png.data[i + 2] = r.color[2];
                png.data[i + 3] = 0xff;
            }
        }
    };
    fill({ x: 0, y: 0, width, height, color: background });
    rects.forEach(fill);
    return PNG.sync.write(png, { deflateLevel: 9 });
}

const GREEN: Rgb = [0x06, 0xc7, 0x55];
const DARK: Rgb = [0x1e, 0x29, 0x3b];
const LIGHT: Rgb = [0xf1, 0xf5, 0xf9];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/** A 2500x1686 tabbed menu: a tab bar (one tab active) over a grid of buttons. */
function tabbedMenu(activeTab: 0 | 1, rows: number): Buffer {
    const width = 2500;
    const height = 1686;
    const tabHeight = 250;
    const rects: Rect[] = [
        { x: 0, y: 0, width: 1250, height: tabHeight, color: activeTab === 0 ? GREEN : DARK },
        { x: 1250, y: 0, width: 1250, height: tabHeight, color: activeTab === 1 ? GREEN : DARK },
    ];
    const cellHeight = Math.floor((height - tabHeight) / rows);
    for (let r = 0; r < rows; r++) {
        for (let c = 0; c < 3; c++) {
            rects.push({
                x: c * 833 + 20,
                y: tabHeight + r * cellHeight + 20,
                width: 793,
                height: cellHeight - 40,
                color: WHITE,
            });
        }
    }
    return draw(width, height, LIGHT, rects);
}

const out = path.join(__dirname, "..", "examples", "assets");
writeFileSync(path.join(out, "menu-home.png"), tabbedMenu(0, 2));
writeFileSync(path.join(out, "menu-shop.png"), tabbedMenu(1, 1));
writeFileSync(
    path.join(out, "menu-home-v2.png"),
    draw(2500, 1686, LIGHT, [
        { x: 0, y: 0, width: 1250, height: 250, color: [0x00, 0x96, 0x88] },
        { x: 1250, y: 0, width: 1250, height: 250, color: DARK },
    ]),
);
