import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { readChannel } from "../declarations/import";
import { DEFAULT_FILES, isImportFormat, writeImport, type ImportFormat } from "../declarations/importWriter";
import { PLUGIN_PATH } from "../declarations/importPulumiYaml";
import { checkBulkImportChannel } from "../declarations/importBulkFile";
import { inspectDeclarations } from "../declarations/load";
import { formatIssue } from "../declarations/errors";
import { staticStackConfig } from "../declarations/references";
import { clientForWrite, describeBot } from "../resources/botGuard";
import { DEFAULT_CHANNEL, resolveChannelSettings } from "../resources/credentials";
import type { Command } from "./command";
import { useConfigOfStack } from "../stack/pulumiStack";

const USAGE = `usage: pulumi-line import [--stack NAME] [--channel NAME] [--format FORMAT] [--out FILE] [--force]

Reads a live LINE channel and writes a declaration of what is there, every entry marked for
adoption, so the first \`pulumi up\` takes it over writing nothing to LINE. Rich menu images are
downloaded under menus/ beside the file. Only GET calls are made.

  --stack NAME     take the channel's credentials from this stack's config, then the environment,
                   as \`pulumi up\` does (\`pulumi config --stack NAME\` is read); without it, only
                   the environment (LINE_CHANNEL_ACCESS_TOKEN, or LINE_CHANNEL_ID + LINE_CHANNEL_SECRET)
  --channel NAME   a named channel (line:channels.NAME, LINE_NAME_…); default: default
  --format FORMAT  yaml: line.yaml for the LineChannel component (the default)
                   ts: a TypeScript program (index.ts)
                   pulumi-yaml: a Pulumi YAML program on the native provider (Pulumi.yaml)
                   pulumi-import: the file \`pulumi import --file\` reads (import.json)
  --out FILE       the file to write; default the format's file above
  --force          replace files that exist (otherwise an existing file stops the import)

What LINE cannot read back is written as a comment saying so: which users are linked to which
menu, and an audience's members.

Example:
  npx pulumi-line import --stack prod --out line.yaml
`;

/** What a Pulumi.yaml should say so every preview and up reads the live channel first. */
const REFRESH_OPTION = "options:\n  refresh: always";

/** A Pulumi project name from a directory's: letters, digits, `_`, `.` and `-`. */
function projectNameOf(dir: string): string {
    return path.basename(dir).replace(/[^A-Za-z0-9_.-]/g, "-") || "line-channel";
}

/** What to do next with a program on the native provider: the plugin, then up or import. */
function nativeAdvice(format: ImportFormat, file: string): string {
    const name = path.basename(file);
    const plugin = `The program's provider is pulumi-line's plugin in ${PLUGIN_PATH}: \`npm install pulumi-line\` beside it.`;
    if (format === "pulumi-yaml") return plugin;
    return [
        `In a Pulumi YAML project (runtime: yaml, plugins.providers naming ${PLUGIN_PATH}):`,
        `  pulumi import --file ${name}     # records each object in state and prints its code`,
        "A rich menu's image is known by its bytes only: give each menu `image: menus/<menu>.png` (written here);",
        "the same bytes are no change. User links cannot be imported: LINE cannot list who is linked to a menu.",
    ].join("\n");
}

function pulumiYamlAdvice(dir: string, format: ImportFormat, file: string): string {
    if (format === "pulumi-yaml" || format === "pulumi-import") return nativeAdvice(format, file);
    const project = path.join(dir, "Pulumi.yaml");
    if (!existsSync(project)) {
        const main = format === "ts" ? path.basename(file) : "index.ts";
        return [
            "No Pulumi.yaml here. A project for it:",
            "",
            `  name: ${projectNameOf(dir)}`,
            "  runtime: nodejs",
            `  main: ${main}`,
            "  options:",
            "    refresh: always   # read the live channel before every preview and up, so drift shows",
            ...(format === "yaml"
                ? [
                      "",
                      "with index.ts:",
                      "",
                      '  import { LineChannel } from "pulumi-line";',
                      `  new LineChannel("channel", { file: ${JSON.stringify(path.basename(file))} });`,
                  ]
                : []),
        ].join("\n");
    }
    if (/^\s*refresh:\s*always\s*$/m.test(readFileSync(project, "utf8"))) return "";
    return `Add to Pulumi.yaml, so every preview and up reads the live channel first and shows drift:\n\n  ${REFRESH_OPTION.replace("\n", "\n  ")}`;
}

export const importCommand: Command = {
    name: "import",
    summary: "write a declaration (line.yaml or a program) of a live channel, marked for zero-write adoption",
    usage: USAGE,
    options: {
        stack: { type: "string" },
        channel: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        force: { type: "boolean" },
    },
    async run(args, io) {
        const print = (text: string) => io.stdout.write(`${text}\n`);
        const format = (args.values.format ?? "yaml") as string;
        if (!isImportFormat(format)) {
            throw new Error(
                `--format must be ${Object.keys(DEFAULT_FILES).join(", ")}, not ${JSON.stringify(format)}`,
            );
        }
        const channel = typeof args.values.channel === "string" ? args.values.channel : DEFAULT_CHANNEL;
        const stack = typeof args.values.stack === "string" ? args.values.stack : undefined;
        const out = path.resolve(io.cwd, (args.values.out as string | undefined) ?? DEFAULT_FILES[format]);

        if (format === "pulumi-import") checkBulkImportChannel(channel);
        if (stack !== undefined) await useConfigOfStack(stack, io);
        const settings = resolveChannelSettings(channel);
        // The wrong-bot guard of writes, though this only reads: a file of another bot's channel is no use.
        const client = await clientForWrite(channel);
        const imported = await readChannel(client);
        print(
            `channel "${channel}" is LINE bot ${describeBot(imported.bot)} (credentials from ` +
                `${stack !== undefined ? `stack "${stack}"'s config, then ` : ""}the environment)` +
                (settings.expectedBot === undefined ? "" : `, the expected bot ${settings.expectedBot}`),
        );
        const written = writeImport(imported, {
            file: out,
            format,
            ...(channel !== DEFAULT_CHANNEL ? { channel } : {}),
            project: projectNameOf(path.dirname(out)),
            overwrite: args.values.force === true,
        });
        print(
            `imported ${imported.richMenus.length} rich menu(s), ${imported.aliases.length} alias(es), ` +
                `${imported.defaultRichMenu !== undefined ? "the default menu" : "no default menu"}, ` +
                `${imported.webhook !== undefined ? "the webhook" : "no webhook"}, ${imported.audiences.length} audience(s)`,
        );
        for (const left of imported.leftOut) print(`  not imported: ${left.what}: ${left.why}`);
        print(
            "not readable from LINE (written as comments): which users are linked to which menu, audience members",
        );
        for (const file of written.files) print(`  wrote ${path.relative(io.cwd, file) || file}`);

        if (format === "yaml") {
            // The file is checked as `pulumi up` will load it, so a problem shows now, not at the first preview.
            const { errors } = inspectDeclarations(out, {
                config: staticStackConfig(stack ?? "import", "import", {}),
                cwd: io.cwd,
            });
            for (const issue of errors) print(`  problem: ${formatIssue(issue)}`);
        }
        const advice = pulumiYamlAdvice(path.dirname(out), format, out);
        if (advice !== "") print(`\n${advice}`);
        print(
            (format === "pulumi-import"
                ? `\nNext: \`pulumi import --file ${path.basename(out)}\` (it only reads LINE), then the program it prints, each menu with its image, previews no changes.`
                : `\nNext: \`pulumi up\` adopts everything (no writes to LINE while it matches), then \`pulumi preview\` shows no changes.`) +
                (settings.expectedBot === undefined
                    ? `\nSet \`pulumi config set line:expectedBot ${imported.bot.basicId}\` so this stack refuses another bot's token.`
                    : ""),
        );
        return 0;
    },
};
