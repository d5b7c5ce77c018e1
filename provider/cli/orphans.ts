import { readFileSync } from "node:fs";
import * as path from "node:path";
import { deleteOrphanRichMenus, findOrphanRichMenus, type StackDeployment } from "../orphans";
import { clientFor } from "../resources/channel";
import { stringValue } from "./arguments";
import type { Command, CommandArgs, CommandIO } from "./command";

/**
 * `pulumi-line orphans`: the rich menus a stack created but no longer tracks (a killed `pulumi up`),
 * reported, and deleted with `--delete`. Credentials come from the environment, as for the provider.
 */

const USAGE = `usage: pulumi stack export | pulumi-line orphans [options]

Finds the rich menus this stack created but does not track (left by an interrupted pulumi up), and
with --delete deletes exactly those. Menus the stack did not declare are never touched.

Credentials come from the environment, as for the provider: LINE_CHANNEL_ACCESS_TOKEN, or
LINE_CHANNEL_ID + LINE_CHANNEL_SECRET (LINE_<NAME>_… for a named channel), and LINE_API_BASE_URL.

Options:
  --channel NAME   the channel to look in (default: default)
  --state FILE     the stack export to read instead of stdin
  --delete         delete the reported menus
  -h, --help       this help

Example:
  pulumi stack export | npx pulumi-line orphans --delete
`;

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    let text = "";
    for await (const chunk of stream)
        text += typeof chunk === "string" ? chunk : (chunk as Buffer).toString("utf8");
    return text;
}

async function run(args: CommandArgs, io: CommandIO): Promise<number> {
    const channel = stringValue(args.values.channel) ?? "default";
    const stateFile = stringValue(args.values.state);
    const text =
        stateFile !== undefined
            ? readFileSync(path.resolve(io.cwd, stateFile), "utf8")
            : await readAll(io.stdin);
    const state = JSON.parse(text) as StackDeployment;
    const client = await clientFor(channel);
    const report = await findOrphanRichMenus(client, state, channel);
    const out = (line: string) => io.stdout.write(`${line}\n`);
    out(
        `channel "${channel}": ${report.tracked} rich menu(s) tracked by the stack, ${report.orphans.length} ` +
            `created by it but untracked, ${report.foreign} belonging to someone else (left alone)`,
    );
    for (const orphan of report.orphans) out(`  ${orphan.richMenuId}  "${orphan.name}"  (${orphan.urn})`);
    if (args.values.delete === true) {
        const deleted = await deleteOrphanRichMenus(client, report);
        out(`deleted ${deleted.length} orphan rich menu(s)`);
    } else if (report.orphans.length > 0) {
        out("run again with --delete to delete exactly these");
    }
    return 0;
}

export const orphansCommand: Command = {
    name: "orphans",
    summary: "find (and --delete) rich menus an interrupted pulumi up left untracked",
    usage: USAGE,
    options: {
        channel: { type: "string" },
        state: { type: "string" },
        delete: { type: "boolean" },
    },
    run,
};
