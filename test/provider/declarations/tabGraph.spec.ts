import assert from "node:assert/strict";
import * as path from "node:path";
import { PNG } from "pngjs";
import { loadDeclarations } from "../../../provider/declarations/load";
import { svgToPng } from "../../../provider/declarations/png";
import { staticStackConfig } from "../../../provider/declarations/references";
import {
    buildTabGraph,
    renderTabGraphSvg,
    tabGraphMermaid,
    tabGraphOf,
    type TabGraphInput,
} from "../../../provider/declarations/tabGraph";

/** The tab graph: which menu's tap leads where, and what no tap or link ever reaches. */

const tab = (alias: string) => ({ action: { type: "richmenuswitch", richMenuAliasId: alias, data: alias } });
const link = { action: { type: "uri", uri: "https://example.com" } };

describe("the tab graph", () => {
    const cases: {
        readonly name: string;
        readonly input: TabGraphInput;
        readonly edges: readonly string[];
        readonly findings: readonly string[];
    }[] = [
        {
            name: "two tabs switching to each other, one the default: nothing to flag",
            input: {
                menus: [
                    { key: "home", areas: [link, tab("shop")] },
                    { key: "shop", areas: [tab("home"), link] },
                ],
                aliases: { home: "home", shop: "shop" },
                defaultMenu: "home",
            },
            edges: ["home#2 → shop (shop)", "shop#1 → home (home)"],
            findings: [],
        },
        {
            name: "a switch to an alias nobody declares",
            input: {
                menus: [{ key: "home", areas: [tab("sale")] }],
                aliases: {},
                defaultMenu: "home",
            },
            edges: ["home#1 → ? (sale)"],
            findings: [
                'undeclared-alias: menu "home" area 1 switches to alias "sale", which is not declared: the tab ' +
                    "does nothing for users unless the alias exists in the channel",
            ],
        },
        {
            name: "a menu no tab reaches, not the default, linked to nobody",
            input: {
                menus: [
                    { key: "home", areas: [link] },
                    { key: "promo", areas: [tab("home")] },
                ],
                aliases: { home: "home", promo: "promo" },
                defaultMenu: "home",
            },
            edges: ["promo#1 → home (home)"],
            findings: [
                'unreached-menu: menu "promo" is reached by no tab, is not the default and is linked to no ' +
                    "user: nobody can see it",
            ],
        },
        {
            name: "a menu that only switches to itself is still unreached; one linked to users is not",
            input: {
                menus: [
                    { key: "loop", areas: [tab("loop")] },
                    { key: "beta", areas: [link] },
                ],
                aliases: { loop: "loop" },
                linkedMenus: ["beta"],
            },
            edges: ["loop#1 → loop (loop)"],
            findings: [
                'unreached-menu: menu "loop" is reached by no tab, is not the default and is linked to no ' +
                    "user: nobody can see it",
            ],
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const graph = buildTabGraph(c.input);
            assert.deepEqual(
                graph.edges.map(e => `${e.from}#${e.area + 1} → ${e.to ?? "?"} (${e.alias})`),
                c.edges,
            );
            assert.deepEqual(
                graph.findings.map(f => `${f.kind}: ${f.message}`),
                c.findings,
            );
        });
    }

    it("Mermaid text names nodes by position, marks the default and flags what it found", () => {
        const graph = buildTabGraph({
            menus: [
                { key: 'home "v2"', areas: [tab("shop"), tab("sale")] },
                { key: "shop", areas: [tab("home")] },
            ],
            aliases: { home: 'home "v2"', shop: "shop" },
            defaultMenu: 'home "v2"',
        });
        assert.equal(
            tabGraphMermaid(graph),
            [
                "flowchart LR",
                '  m0["home #quot;v2#quot; (default)"]',
                '  m1["shop"]',
                '  a0["alias sale: not declared"]',
                '  m0 -- "area 1: shop" --> m1',
                '  m0 -. "area 2: sale" .-> a0',
                '  m1 -- "area 1: home" --> m0',
                "  classDef warning fill:#fde0e0,stroke:#d62728,stroke-width:2px,stroke-dasharray:5 3",
                "  class a0 warning",
            ].join("\n"),
        );
    });

    it("a declaration file's graph: the tabbed example's two menus lead to each other", () => {
        const file = path.join(__dirname, "..", "..", "..", "examples", "tabbed-menus-yaml", "line.yaml");
        const declaration = loadDeclarations(file, { config: staticStackConfig("dev", "tabbed", {}) });
        const graph = tabGraphOf(declaration);
        assert.deepEqual(graph.findings, []);
        assert.ok(graph.edges.length >= 2);
        for (const edge of graph.edges) assert.ok(graph.menus.includes(edge.to!), edge.alias);
    });

    it("the picture is an SVG that renders to a PNG, the same text for the same graph", () => {
        const input: TabGraphInput = {
            menus: [
                { key: "home", areas: [tab("shop"), tab("gone")] },
                { key: "shop", areas: [tab("home")] },
                { key: "promo", areas: [link] },
            ],
            aliases: { home: "home", shop: "shop" },
            defaultMenu: "home",
        };
        const svg = renderTabGraphSvg(buildTabGraph(input));
        assert.equal(renderTabGraphSvg(buildTabGraph(input)), svg);
        assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        assert.match(svg, />alias gone: not declared</);
        assert.equal((svg.match(/marker-end=/g) ?? []).length, 3);
        const png = PNG.sync.read(svgToPng(svg, 800));
        assert.equal(png.width, 800);
    });
});
