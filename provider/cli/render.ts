/**
 * `pulumi-line render`: pictures of a declaration file's rich menus, for review in a pull request.
 *
 * Writes `<menu>.svg` and `<menu>.png` for every menu of the stack (its image, numbered tap areas, a
 * legend of the actions, and warnings drawn where they are), `<menu>.compare.svg/.png` with before and
 * after for every menu the change adds, replaces or removes, `tab-graph.svg/.png` (which menu's tap
 * leads where, see provider/declarations/tabGraph.ts), and `index.md`, a summary to paste into the
 * pull request, the tab graph in it as Mermaid.
 *
 * PNGs are drawn by resvg with the machine's fonts; without any installed font the text is left out,
 * and the areas, numbers' badges and warning marks still show.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { formatIssue } from "../declarations/errors";
import { fileSystemFiles, inspectDeclarations, type DeclarationFiles } from "../declarations/load";
import type { ChannelDeclaration, RichMenuDeclaration } from "../declarations/model";
import {
    renderComparisonSvg,
    renderRichMenuSvg,
    richMenuChange,
    type MenuChange,
} from "../declarations/render";
import { reviewRichMenu } from "../declarations/review";
import { svgToPng } from "../declarations/png";
import { renderTabGraphSvg, tabGraphMermaid, tabGraphOf } from "../declarations/tabGraph";
import { integer, stringValue, UsageError } from "./arguments";
import type { Command, CommandArgs } from "./command";
import { configOverrides, STACK_OPTIONS, stackConfigFor } from "./stackConfig";

interface RenderArguments {
    readonly file: string;
    readonly out: string;
    readonly stack: string;
    readonly config: Record<string, string>;
    readonly before?: string;
    readonly beforeRef?: string;
    readonly png: boolean;
    readonly pngWidth: number;
    /** Files are shown relative to it. */
    readonly cwd?: string;
}

const USAGE = `usage: pulumi-line render <line.yaml> [options]

Draws each rich menu of the file as SVG and PNG for review: its image, numbered tap areas, a legend of
their actions, and warnings (overlapping areas, areas outside the menu, areas smaller than a
fingertip); with --before or --before-ref, before/after pictures of every menu the change replaces.
\`\${config:…}\` references are read from Pulumi.<stack>.yaml next to the project's Pulumi.yaml.

Options:
  --out DIR             where to write the pictures and index.md (default: line-review)
  --stack NAME          the stack whose entries and config to use (default: dev)
  --config KEY=VALUE    a config value (a secret, or to override the stack file's); repeatable
  --before FILE         compare with another version of the file
  --before-ref GIT_REF  compare with the file at a git revision (e.g. origin/main)
  --no-png              SVG only
  --png-width PX        width of the PNGs (default: 1250)
  -h, --help            this help

Example:
  npx pulumi-line render line.yaml --stack dev --before-ref origin/main --out review/
`;

/** What the command line asks for; throws a {@link UsageError} naming the flag. */
export function renderArguments(args: CommandArgs, cwd: string): RenderArguments {
    const { values, positionals } = args;
    if (positionals.length !== 1)
        throw new UsageError(
            positionals.length === 0 ? "give the declaration file" : "one declaration file at a time",
        );
    const before = stringValue(values.before);
    const beforeRef = stringValue(values["before-ref"]);
    if (before !== undefined && beforeRef !== undefined)
        throw new UsageError("give --before or --before-ref, not both");
    const width = stringValue(values["png-width"]);
    return {
        file: path.resolve(cwd, positionals[0]!),
        out: path.resolve(cwd, stringValue(values.out) ?? "line-review"),
        stack: stringValue(values.stack) ?? "dev",
        config: configOverrides(values.config),
        ...(before !== undefined ? { before: path.resolve(cwd, before) } : {}),
        ...(beforeRef !== undefined ? { beforeRef } : {}),
        png: values["no-png"] !== true,
        pngWidth: width === undefined ? 1250 : integer("--png-width", width, 1, 10000),
        cwd,
    };
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
    const cwd = args.cwd ?? process.cwd();
    const after = inspectDeclarations(args.file, { config, cwd });
    for (const issue of after.errors) log(`error: ${formatIssue(issue)}`);
    for (const issue of after.declaration.warnings) log(`warning: ${formatIssue(issue)}`);

    let before: ChannelDeclaration | undefined;
    if (args.before !== undefined || args.beforeRef !== undefined) {
        const file = args.before ?? args.file;
        const files =
            args.beforeRef !== undefined
                ? gitFiles(args.beforeRef, path.dirname(path.resolve(file)))
                : fileSystemFiles;
        const inspected = inspectDeclarations(file, { config, files, cwd });
        // An error in the old version is worth knowing, not worth failing the new one for.
        for (const issue of inspected.errors) log(`note: before: ${formatIssue(issue)}`);
        before = inspected.declaration;
    }

    mkdirSync(args.out, { recursive: true });
    const write = (name: string, svg: string): string[] => {
        writeFileSync(path.join(args.out, `${name}.svg`), svg);
        if (!args.png) return [`${name}.svg`];
        writeFileSync(path.join(args.out, `${name}.png`), svgToPng(svg, args.pngWidth));
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
        `wrote ${written.reduce((sum, w) => sum + w.files.length, 0) + graphFiles.length + 1} files to ${path.relative(cwd, args.out) || "."}`,
    );
    return after.errors.length;
}

export const renderCommand: Command = {
    name: "render",
    summary: "draw each rich menu as SVG/PNG for review, with before/after of a change",
    usage: USAGE,
    options: {
        ...STACK_OPTIONS,
        out: { type: "string" },
        before: { type: "string" },
        "before-ref": { type: "string" },
        "no-png": { type: "boolean" },
        "png-width": { type: "string" },
    },
    allowPositionals: true,
    async run(args, io) {
        const errors = render(renderArguments(args, io.cwd), line => io.stderr.write(`${line}\n`));
        return errors > 0 ? 1 : 0;
    },
};
