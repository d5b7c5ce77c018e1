/**
 * Pictures of a declaration file's rich menus, for review in a pull request:
 *
 *   npm run render -- examples/tabbed-menus-yaml/line.yaml --stack dev --out review/
 *   npm run render -- line.yaml --before-ref origin/main     # before/after of every menu the change replaces
 *   npm run render -- line.yaml --before old/line.yaml
 *
 * Writes `<menu>.svg` and `<menu>.png` for every menu of the stack (its image, numbered tap areas, a
 * legend of the actions, and warnings drawn where they are), `<menu>.compare.svg/.png` with before and
 * after for every menu the change adds, replaces or removes, `tab-graph.svg/.png` (which menu's tap
 * leads where, see provider/declarations/tabGraph.ts), and `index.md`, a summary to paste into the
 * pull request, the tab graph in it as Mermaid. `${config:…}` references are resolved from `Pulumi.<stack>.yaml` next to the
 * project's `Pulumi.yaml` (plain values; give secrets with `--config key=value`).
 *
 * PNGs are drawn by resvg with the machine's fonts; without any installed font the text is left out,
 * and the areas, numbers' badges and warning marks still show.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { parse as parseYaml } from "yaml";
import { formatIssue } from "../provider/declarations/errors";
import { fileSystemFiles, inspectDeclarations, type DeclarationFiles } from "../provider/declarations/load";
import type { ChannelDeclaration, RichMenuDeclaration } from "../provider/declarations/model";
import { staticStackConfig, type StackConfig } from "../provider/declarations/references";
import {
    renderComparisonSvg,
    renderRichMenuSvg,
    richMenuChange,
    type MenuChange,
} from "../provider/declarations/render";
import { reviewRichMenu } from "../provider/declarations/review";
import { renderTabGraphSvg, tabGraphMermaid, tabGraphOf } from "../provider/declarations/tabGraph";

interface RenderArguments {
    readonly file: string;
    readonly out: string;
    readonly stack: string;
    readonly config: Record<string, string>;
    readonly before?: string;
    readonly beforeRef?: string;
    readonly png: boolean;
    readonly pngWidth: number;
}

const USAGE =
    "usage: render <line.yaml> [--out DIR] [--stack NAME] [--config KEY=VALUE]... " +
    "[--before FILE | --before-ref GIT_REF] [--no-png] [--png-width PX]";

export function parseArguments(argv: readonly string[]): RenderArguments {
    let file: string | undefined;
    let out = "line-review";
    let stack = "dev";
    const config: Record<string, string> = {};
    let before: string | undefined;
    let beforeRef: string | undefined;
    let png = true;
    let pngWidth = 1250;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        const value = (): string => {
            const next = argv[++i];
            if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
            return next;
        };
        if (arg === "--out") out = value();
        else if (arg === "--stack") stack = value();
        else if (arg === "--config") {
            const pair = value();
            const eq = pair.indexOf("=");
            if (eq <= 0) throw new Error(`--config takes KEY=VALUE, not ${pair}`);
            config[pair.slice(0, eq)] = pair.slice(eq + 1);
        } else if (arg === "--before") before = value();
        else if (arg === "--before-ref") beforeRef = value();
        else if (arg === "--no-png") png = false;
        else if (arg === "--png-width") pngWidth = Number(value());
        else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${USAGE}`);
        else if (file === undefined) file = arg;
        else throw new Error(`one declaration file at a time\n${USAGE}`);
    }
    if (file === undefined) throw new Error(USAGE);
    if (before !== undefined && beforeRef !== undefined)
        throw new Error("give --before or --before-ref, not both");
    return {
        file,
        out,
        stack,
        config,
        ...(before !== undefined ? { before } : {}),
        ...(beforeRef !== undefined ? { beforeRef } : {}),
        png,
        pngWidth,
    };
}

/**
 * The stack's config as the render command knows it: the project (from the nearest Pulumi.yaml up from
 * the file) and the plain values of its `Pulumi.<stack>.yaml`; `overrides` win.
 */
export function stackConfigFor(
    file: string,
    stack: string,
    overrides: Record<string, string> = {},
): StackConfig {
    let dir = path.dirname(path.resolve(file));
    let project = "project";
    const values: Record<string, string> = {};
    for (;;) {
        const projectFile = path.join(dir, "Pulumi.yaml");
        if (existsSync(projectFile)) {
            const parsed = parseYaml(readFileSync(projectFile, "utf8")) as { name?: unknown } | null;
            if (typeof parsed?.name === "string") project = parsed.name;
            const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
            if (existsSync(stackFile)) {
                const settings = parseYaml(readFileSync(stackFile, "utf8")) as { config?: unknown } | null;
                const config = (settings?.config ?? {}) as Record<string, unknown>;
                for (const [key, value] of Object.entries(config)) {
                    // Secure values cannot be read here; --config gives them.
                    if (typeof value === "object" && value !== null && "secure" in value) continue;
                    values[key] = typeof value === "string" ? value : JSON.stringify(value);
                }
            }
            break;
        }
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
    }
    return staticStackConfig(stack, project, { ...values, ...overrides });
}

/** The files of a git revision, for the "before" side of a comparison. */
function gitFiles(ref: string, near: string): DeclarationFiles {
    const root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
        cwd: near,
        encoding: "utf8",
    }).trim();
    const spec = (file: string) => `${ref}:${path.relative(root, file).split(path.sep).join("/")}`;
    const cache = new Map<string, Buffer | undefined>();
    const read = (file: string): Buffer | undefined => {
        if (!cache.has(file)) {
            try {
                cache.set(
                    file,
                    execFileSync("git", ["show", spec(file)], {
                        cwd: root,
                        maxBuffer: 64 * 1024 * 1024,
                        stdio: ["ignore", "pipe", "ignore"],
                    }),
                );
            } catch {
                cache.set(file, undefined);
            }
        }
        return cache.get(file);
    };
    return { read, size: file => read(file)?.length };
}

function aliasTargets(declaration: ChannelDeclaration): Record<string, string> {
    return Object.fromEntries(Object.values(declaration.aliases).map(a => [a.richMenuAliasId, a.richMenu]));
}

function toPng(svg: string, width: number): Buffer {
    const resvg = new Resvg(svg, {
        fitTo: { mode: "width", value: width },
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    });
    return resvg.render().asPng();
}

interface Written {
    readonly key: string;
    readonly change: MenuChange;
    readonly reasons: readonly string[];
    readonly areas: number;
    readonly warnings: number;
    readonly files: readonly string[];
}

/** Renders the review pictures; answers the number of errors found in the declaration(s). */
export function render(
    args: RenderArguments,
    log: (line: string) => void = line => process.stderr.write(`${line}\n`),
): number {
    const config = stackConfigFor(args.file, args.stack, args.config);
    const after = inspectDeclarations(args.file, { config });
    for (const issue of after.errors) log(`error: ${formatIssue(issue)}`);
    for (const issue of after.declaration.warnings) log(`warning: ${formatIssue(issue)}`);

    let before: ChannelDeclaration | undefined;
    if (args.before !== undefined || args.beforeRef !== undefined) {
        const file = args.before ?? args.file;
        const files =
            args.beforeRef !== undefined
                ? gitFiles(args.beforeRef, path.dirname(path.resolve(file)))
                : fileSystemFiles;
        const inspected = inspectDeclarations(file, { config, files });
        // An error in the old version is worth knowing, not worth failing the new one for.
        for (const issue of inspected.errors) log(`note: before: ${formatIssue(issue)}`);
        before = inspected.declaration;
    }

    mkdirSync(args.out, { recursive: true });
    const write = (name: string, svg: string): string[] => {
        writeFileSync(path.join(args.out, `${name}.svg`), svg);
        if (!args.png) return [`${name}.svg`];
        writeFileSync(path.join(args.out, `${name}.png`), toPng(svg, args.pngWidth));
        return [`${name}.svg`, `${name}.png`];
    };

    const keys = [
        ...new Set([...Object.keys(after.declaration.richMenus), ...Object.keys(before?.richMenus ?? {})]),
    ].sort();
    const written: Written[] = [];
    for (const key of keys) {
        const now: RichMenuDeclaration | undefined = after.declaration.richMenus[key];
        const then = before?.richMenus[key];
        const { change, reasons } =
            before === undefined ? { change: "unchanged" as const, reasons: [] } : richMenuChange(then, now);
        const files: string[] = [];
        const aliases = {
            after: aliasTargets(after.declaration),
            before: before === undefined ? {} : aliasTargets(before),
        };
        if (now !== undefined) files.push(...write(key, renderRichMenuSvg(now, { aliases: aliases.after })));
        if (before !== undefined && change !== "unchanged") {
            files.push(
                ...write(
                    `${key}.compare`,
                    renderComparisonSvg(then, now, {
                        before: { aliases: aliases.before },
                        after: { aliases: aliases.after },
                    }),
                ),
            );
        }
        written.push({
            key,
            change,
            reasons,
            areas: now?.definition.areas.length ?? 0,
            warnings: now === undefined ? 0 : reviewRichMenu(now.definition).length,
            files,
        });
    }

    const graph = tabGraphOf(after.declaration);
    const graphFiles = write("tab-graph", renderTabGraphSvg(graph));

    const title = `# Rich menus of ${path.basename(args.file)} (stack ${args.stack})`;
    const rows = written.map(w => {
        const change = w.change === "replaced" ? `replaced (${w.reasons.join(", ")})` : w.change;
        const links = w.files.filter(f => f.endsWith(args.png ? ".png" : ".svg")).map(f => `[${f}](${f})`);
        return `| ${w.key} | ${change} | ${w.areas} | ${w.warnings} | ${links.join(" ")} |`;
    });
    const issues = [
        ...after.errors.map(i => `- error: ${formatIssue(i)}`),
        ...after.declaration.warnings.map(i => `- warning: ${formatIssue(i)}`),
    ];
    const summary = [
        title,
        "",
        ...(before === undefined
            ? []
            : [
                  "A replaced menu gets a new rich menu ID; its aliases, the default and user links move to it.",
                  "",
              ]),
        "| menu | change | areas | warnings | pictures |",
        "| --- | --- | --- | --- | --- |",
        ...rows,
        ...(issues.length > 0 ? ["", "## Findings", "", ...issues] : []),
        "",
        "## Tab graph",
        "",
        "```mermaid",
        tabGraphMermaid(graph),
        "```",
        "",
        ...graph.findings.map(f => `- warning: ${f.message}`),
        ...(graph.findings.length > 0 ? [""] : []),
        graphFiles.map(f => `[${f}](${f})`).join(" "),
        "",
    ];
    writeFileSync(path.join(args.out, "index.md"), summary.join("\n"));
    log(
        `wrote ${written.reduce((sum, w) => sum + w.files.length, 0) + graphFiles.length + 1} files to ${args.out}`,
    );
    return after.errors.length;
}

if (require.main === module) {
    try {
        const errors = render(parseArguments(process.argv.slice(2)));
        process.exitCode = errors > 0 ? 1 : 0;
    } catch (error) {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
    }
}
