import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { PNG } from "pngjs";
import { inspectDeclarations, loadDeclarations } from "../../../provider/declarations/load";
import type { ChannelDeclaration } from "../../../provider/declarations/model";
import { staticStackConfig } from "../../../provider/declarations/references";
import {
    describeAction,
    renderComparisonSvg,
    renderRichMenuSvg,
    richMenuChange,
} from "../../../provider/declarations/render";
import { fingertipPx, reviewRichMenu } from "../../../provider/declarations/review";
import { CORPUS, CORPUS_CONFIG } from "./corpus";

/**
 * The review pictures. SVG snapshots under test/fixtures/declarations/render are compared exactly;
 * after an intended change to the pictures, rewrite them with UPDATE_SNAPSHOTS=1 and look at them.
 */

const SNAPSHOTS = path.join(CORPUS, "render");
const UPDATE = process.env.UPDATE_SNAPSHOTS === "1";

function matchesSnapshot(name: string, svg: string): void {
    const file = path.join(SNAPSHOTS, name);
    if (UPDATE || !existsSync(file)) {
        mkdirSync(SNAPSHOTS, { recursive: true });
        writeFileSync(file, svg);
        if (!UPDATE) assert.fail(`wrote the missing snapshot ${name}; check it and run again`);
        return;
    }
    assert.ok(
        readFileSync(file, "utf8") === svg,
        `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 rewrites it)`,
    );
}

function load(name: string, values: Record<string, string> = {}): ChannelDeclaration {
    return loadDeclarations(path.join(CORPUS, "valid", name), {
        config: staticStackConfig("dev", "corpus", { ...CORPUS_CONFIG, ...values }),
    });
}

function aliasesOf(declaration: ChannelDeclaration): Record<string, string> {
    return Object.fromEntries(Object.values(declaration.aliases).map(a => [a.richMenuAliasId, a.richMenu]));
}

describe("rich menu pictures", () => {
    describe("SVG snapshots", () => {
        const tabbed = load("tabbed.yaml");

        it("draws tabbed menus with numbered areas and a legend naming where each switch leads", () => {
            const home = renderRichMenuSvg(tabbed.richMenus.home!, { aliases: aliasesOf(tabbed) });
            assert.match(home, /data:image\/png;base64,/);
            assert.match(home, /switch: to alias &quot;shop&quot; \(menu shop\)/);
            assert.match(home, /uri: example\.com {2}\(https:\/\/example\.com\/news\)/);
            matchesSnapshot("tabbed-home.svg", home);
            matchesSnapshot(
                "tabbed-shop.svg",
                renderRichMenuSvg(tabbed.richMenus.shop!, { aliases: aliasesOf(tabbed) }),
            );
        });

        it("draws overlapping and too-small areas with their warnings", () => {
            const warnings = load("warnings.yaml");
            const svg = renderRichMenuSvg(warnings.richMenus.home!, { aliases: aliasesOf(warnings) });
            assert.match(svg, /warning: areas 1 and 2 overlap at 1000,0 250x843/);
            assert.match(svg, /warning: area 3 is 60x60 px, smaller than a fingertip/);
            assert.match(svg, /url\(#hatch\)/);
            matchesSnapshot("warnings-home.svg", svg);
        });

        it("describes every kind of action", () => {
            const full = load("full.yaml");
            matchesSnapshot(
                "full-home.svg",
                renderRichMenuSvg(full.richMenus.home!, { aliases: aliasesOf(full) }),
            );
        });

        it("draws an area outside the menu, beyond the image, for a file that is still in error", () => {
            const inspected = inspectDeclarations(path.join(CORPUS, "invalid", "area-outside-menu.yaml"), {
                config: staticStackConfig("dev", "corpus", CORPUS_CONFIG),
            });
            assert.equal(inspected.errors.length, 1);
            const svg = renderRichMenuSvg(inspected.declaration.richMenus.home!);
            assert.match(svg, /width="2600"/);
            assert.match(svg, /reaches outside the 2500x843 menu/);
            matchesSnapshot("outside-home.svg", svg);
        });

        it("puts before and after side by side for a menu a change replaces", () => {
            const before = load("tabbed.yaml");
            const after = load("tabbed.yaml", { siteUrl: "https://shop.example.com" });
            assert.deepEqual(richMenuChange(before.richMenus.home, after.richMenus.home), {
                change: "replaced",
                reasons: ["areas"],
            });
            const svg = renderComparisonSvg(before.richMenus.home, after.richMenus.home, {
                before: { aliases: aliasesOf(before) },
                after: { aliases: aliasesOf(after) },
            });
            assert.match(svg, />before</);
            assert.match(svg, />after</);
            assert.match(svg, /url\(#before-hatch\)|id="before-hatch"/);
            matchesSnapshot("tabbed-home.compare.svg", svg);
        });

        it("is the same text on every run", () => {
            const again = load("tabbed.yaml");
            assert.equal(
                renderRichMenuSvg(again.richMenus.home!, { aliases: aliasesOf(again) }),
                renderRichMenuSvg(tabbed.richMenus.home!, { aliases: aliasesOf(tabbed) }),
            );
        });
    });

    describe("PNG", () => {
        const tabbed = load("tabbed.yaml");
        const svg = renderRichMenuSvg(tabbed.richMenus.home!, { aliases: aliasesOf(tabbed) });

        it("renders through resvg at the asked width", () => {
            const png = new Resvg(svg, {
                fitTo: { mode: "width", value: 1250 },
                font: { loadSystemFonts: true },
            })
                .render()
                .asPng();
            const decoded = PNG.sync.read(png);
            assert.equal(decoded.width, 1250);
            assert.ok(decoded.height > 421, "the legend is below the menu");
        });

        it("still shows the areas and their numbered badges on a machine without fonts", () => {
            const png = new Resvg(svg, {
                fitTo: { mode: "width", value: 1250 },
                font: { loadSystemFonts: false },
            })
                .render()
                .asPng();
            const decoded = PNG.sync.read(png);
            // Area 1 is a postback: its badge is blue, drawn at its top-left corner (y offset: the header).
            const at = (x: number, y: number) => {
                const i = (y * decoded.width + x) * 4;
                return [decoded.data[i]!, decoded.data[i + 1]!, decoded.data[i + 2]!];
            };
            assert.deepEqual(at(25, 74), [0x1f, 0x77, 0xb4]);
        });
    });

    describe("findings", () => {
        it("scales the fingertip with the menu's width", () => {
            assert.equal(fingertipPx({ width: 2500, height: 843 }), 100);
            assert.equal(fingertipPx({ width: 800, height: 540 }), 32);
        });

        it("finds overlaps, areas outside and small areas, numbering areas from 1", () => {
            const findings = reviewRichMenu({
                size: { width: 2500, height: 843 },
                areas: [
                    { bounds: { x: 0, y: 0, width: 1300, height: 843 } },
                    { bounds: { x: 1250, y: 0, width: 1300, height: 843 } },
                    { bounds: { x: 10, y: 10, width: 99, height: 200 } },
                ],
            });
            assert.deepEqual(
                findings.map(f => [f.kind, f.areas]),
                [
                    ["overlap", [0, 1]],
                    ["overlap", [0, 2]],
                    ["outside", [1]],
                    ["small", [2]],
                ],
            );
            assert.match(findings[2]!.message, /^area 2 \(1250,0 1300x843\) reaches outside/);
        });

        it("tells what each action does: the URI's host, the postback data, the switch target, the text", () => {
            assert.equal(
                describeAction({ type: "uri", uri: "https://shop.example.com/a?b=c" }),
                "uri: shop.example.com  (https://shop.example.com/a?b=c)",
            );
            assert.equal(describeAction({ type: "uri", uri: "tel:0312345678" }), "uri: calls 0312345678");
            assert.equal(
                describeAction({ type: "postback", data: "a=1", displayText: "One", label: "First" }),
                'postback: data "a=1", shows "One" [label "First"]',
            );
            assert.equal(
                describeAction(
                    { type: "richmenuswitch", richMenuAliasId: "shop", data: "tab=shop" },
                    { shop: "shopMenu" },
                ),
                'switch: to alias "shop" (menu shopMenu), data "tab=shop"',
            );
            assert.equal(
                describeAction({ type: "richmenuswitch", richMenuAliasId: "gone", data: "x" }),
                'switch: to alias "gone" (not declared), data "x"',
            );
            assert.equal(describeAction({ type: "message", text: "Hours" }), 'message: sends "Hours"');
        });

        it("calls a change to the image alone a replacement", () => {
            const tabbed = load("tabbed.yaml");
            const home = tabbed.richMenus.home!;
            const repainted = { ...home, image: { ...home.image!, sha256: "0".repeat(64) } };
            assert.deepEqual(richMenuChange(home, repainted), { change: "replaced", reasons: ["image"] });
            assert.deepEqual(richMenuChange(home, home), { change: "unchanged", reasons: [] });
            assert.equal(richMenuChange(undefined, home).change, "added");
            assert.equal(richMenuChange(home, undefined).change, "removed");
        });
    });
});
