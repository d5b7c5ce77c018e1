/**
 * The channel the benchmarks apply: N resources as rich menus (each with its own image), aliases and
 * the default menu. The same description drives the generated Pulumi program and the imperative
 * @line/bot-sdk script, so both apply exactly the same channel.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PNG } from "pngjs";
import { installPackage } from "../test/support/installedPackage";

export const MENU_SIZE = { width: 2500, height: 843 } as const;
/** The generated programs' Pulumi project name. */
export const PROJECT = "line-bench";

/**
 * How a program reaches LINE: `dynamic`, pulumi-line's dynamic resources (`require("pulumi-line")`),
 * run by the Node.js dynamic provider host; `native`, the same resources through `pulumi-line/native`,
 * served by the native provider plugin `pulumi-resource-line`.
 */
export type ProviderMode = "dynamic" | "native";
export const PROVIDER_MODES: readonly ProviderMode[] = ["dynamic", "native"];

export interface BenchMenu {
    /** The Pulumi resource name and the menu's `name`. */
    readonly name: string;
    /** The image, relative to the directory holding the channel file. */
    readonly image: string;
    readonly chatBarText: string;
}

export interface BenchAlias {
    readonly name: string;
    readonly richMenuAliasId: string;
    /** Index into `menus`. */
    readonly menu: number;
}

export interface BenchChannel {
    readonly resources: number;
    readonly menus: readonly BenchMenu[];
    readonly aliases: readonly BenchAlias[];
    /** Index into `menus` of the channel's default menu. */
    readonly defaultMenu: number;
}

/**
 * Half the resources are menus, one is the default, the rest are aliases. Menus stay at or under 100
 * because LINE allows 100 rich menu creations an hour and the client paces itself to that budget:
 * more menus in one `up` would measure an hour's wait, not the provider.
 */
export function channelOf(resources: number, imagesDir: string, workDir: string): BenchChannel {
    if (resources < 3) throw new Error("a bench channel needs at least 3 resources");
    const menuCount = Math.ceil(resources / 2);
    if (menuCount > 100) throw new Error(`${menuCount} menus exceed LINE's 100 rich menu creations an hour`);
    const menus = Array.from({ length: menuCount }, (_, i) => ({
        name: `menu-${pad(i)}`,
        image: path.relative(workDir, imagePath(imagesDir, i)).split(path.sep).join("/"),
        chatBarText: `Menu ${i}`,
    }));
    const aliases = Array.from({ length: resources - menuCount - 1 }, (_, i) => ({
        name: `alias-${pad(i)}`,
        richMenuAliasId: `bench-${pad(i)}`,
        menu: i,
    }));
    return { resources, menus, aliases, defaultMenu: 0 };
}

function pad(i: number): string {
    return String(i).padStart(3, "0");
}

function imagePath(imagesDir: string, i: number): string {
    return path.join(imagesDir, `menu-${pad(i)}.png`);
}

/**
 * One solid-colour PNG per menu, each a different shade so every image has its own sha-256 (the
 * provider keys replacement on it, and LINE's per-menu upload is what is being counted). Kept between
 * runs: the encoder, not the benchmark, would otherwise dominate a quick run.
 */
export function writeMenuImages(imagesDir: string, count: number): void {
    mkdirSync(imagesDir, { recursive: true });
    for (let i = 0; i < count; i++) {
        const file = imagePath(imagesDir, i);
        if (existsSync(file)) continue;
        const png = new PNG({ width: MENU_SIZE.width, height: MENU_SIZE.height });
        const [r, g, b] = [i % 256, 255 - (i % 256), (i * 7) % 256];
        for (let p = 0; p < png.data.length; p += 4) {
            png.data[p] = r;
            png.data[p + 1] = g;
            png.data[p + 2] = b;
            png.data[p + 3] = 255;
        }
        writeFileSync(file, PNG.sync.write(png, { colorType: 2, filterType: 1 }));
    }
}

/** The rich menu object a bench menu declares: two areas, neither switching (no alias dependency). */
export function areasOf(menu: BenchMenu): {
    bounds: { x: number; y: number; width: number; height: number };
    action: { type: "postback"; data: string } | { type: "uri"; uri: string };
}[] {
    const half = MENU_SIZE.width / 2;
    return [
        {
            bounds: { x: 0, y: 0, width: half, height: MENU_SIZE.height },
            action: { type: "postback", data: `menu=${menu.name}` },
        },
        {
            bounds: { x: half, y: 0, width: half, height: MENU_SIZE.height },
            action: { type: "uri", uri: `https://example.com/${menu.name}` },
        },
    ];
}

/**
 * The Pulumi program: plain CommonJS, so the engine runs it without compiling anything. Both modes
 * declare the same resources from the same channel.json with the same arguments; only the module
 * differs. The native resources use the default `line` provider, which reads the LINE_* settings from
 * the environment, as the dynamic resources do.
 */
function programOf(mode: ProviderMode): string {
    const module = mode === "dynamic" ? "pulumi-line" : "pulumi-line/native";
    return `"use strict";
// Generated by bench/run.ts: the channel in channel.json as ${module} resources.
const line = require("${module}");
const channel = require("./channel.json");

const menus = channel.menus.map(
    m =>
        new line.RichMenu(m.name, {
            size: m.size,
            selected: false,
            name: m.name,
            chatBarText: m.chatBarText,
            areas: m.areas,
            image: m.image,
        }),
);
for (const a of channel.aliases) {
    new line.RichMenuAlias(a.name, { richMenuAliasId: a.richMenuAliasId, richMenuId: menus[a.menu].richMenuId });
}
new line.DefaultRichMenu("default", { richMenuId: menus[channel.defaultMenu].richMenuId });
`;
}

/**
 * A Pulumi project for the channel in `workDir`, with this checkout's build installed in its
 * `node_modules/pulumi-line` the way npm leaves it (test/support/installedPackage.ts), so both programs
 * load the package as a team's program does: the dynamic resources' provider in state is then the
 * installed one (about 380 bytes, not the 2.3 KB stand-alone stub of a program that reaches the
 * package by self-reference), and the native project names `node_modules/pulumi-line/bin` in
 * `plugins.providers`, as README.md tells a user to. `install` puts another build there, or none.
 */
export function writeProgram(
    workDir: string,
    channel: BenchChannel,
    mode: ProviderMode,
    install: (workDir: string) => void = installCopy,
): void {
    mkdirSync(workDir, { recursive: true });
    install(workDir);
    const plugins =
        mode === "native"
            ? "plugins:\n  providers:\n    - name: line\n      path: node_modules/pulumi-line/bin\n"
            : "";
    writeProject(workDir, programOf(mode), plugins);
    writeChannelFile(workDir, channel);
}

function installCopy(workDir: string): void {
    installPackage(workDir, "copied");
}

/**
 * A plain-JavaScript Pulumi project in `workDir`: `Pulumi.yaml` (with `extra` lines, such as the
 * native plugin's `plugins:` entry) and `index.js` holding `program`, which the engine runs as it is.
 */
export function writeProject(workDir: string, program: string, extra = ""): void {
    writeFileSync(
        path.join(workDir, "Pulumi.yaml"),
        `name: ${PROJECT}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n${extra}`,
    );
    writeFileSync(path.join(workDir, "index.js"), program);
}

/** `channel.json`: the channel with each menu's full rich menu object, read by both appliers. */
function writeChannelFile(workDir: string, channel: BenchChannel): string {
    const file = path.join(workDir, "channel.json");
    const menus = channel.menus.map(m => ({ ...m, size: MENU_SIZE, areas: areasOf(m) }));
    writeFileSync(file, `${JSON.stringify({ ...channel, menus }, null, 2)}\n`);
    return file;
}

/** What `channel.json` holds. */
export interface ChannelFile extends Omit<BenchChannel, "menus"> {
    readonly menus: readonly (BenchMenu & {
        readonly size: typeof MENU_SIZE;
        readonly areas: ReturnType<typeof areasOf>;
    })[];
}

/** The API calls LINE needs at least to apply the channel from nothing. */
export function minimumApplyCalls(channel: BenchChannel): number {
    return channel.menus.length * 2 + channel.aliases.length + 1;
}
