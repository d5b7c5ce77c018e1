#!/usr/bin/env node
/**
 * `pulumi-line`: operations that sit beside `pulumi up`.
 *
 *   pulumi stack export | pulumi-line orphans [--channel NAME] [--delete]
 *
 * Credentials come from the environment, as for the provider (LINE_CHANNEL_ACCESS_TOKEN, or
 * LINE_CHANNEL_ID + LINE_CHANNEL_SECRET; LINE_<NAME>_… for a named channel; LINE_API_BASE_URL).
 */
import { readFileSync } from "node:fs";
import { deleteOrphanRichMenus, findOrphanRichMenus, type StackDeployment } from "./orphans";
import { clientFor } from "./resources/channel";

const USAGE = "usage: pulumi stack export | pulumi-line orphans [--channel NAME] [--state FILE] [--delete]";

async function orphans(args: readonly string[]): Promise<number> {
    const option = (name: string) => {
        const i = args.indexOf(name);
        return i >= 0 ? args[i + 1] : undefined;
    };
    const channel = option("--channel") ?? "default";
    const stateFile = option("--state");
    const state = JSON.parse(readFileSync(stateFile ?? 0, "utf8")) as StackDeployment;
    const client = await clientFor(channel);
    const report = await findOrphanRichMenus(client, state, channel);
    console.log(
        `channel "${channel}": ${report.tracked} rich menu(s) tracked by the stack, ${report.orphans.length} ` +
            `created by it but untracked, ${report.foreign} belonging to someone else (left alone)`,
    );
    for (const orphan of report.orphans)
        console.log(`  ${orphan.richMenuId}  "${orphan.name}"  (${orphan.urn})`);
    if (args.includes("--delete")) {
        const deleted = await deleteOrphanRichMenus(client, report);
        console.log(`deleted ${deleted.length} orphan rich menu(s)`);
    } else if (report.orphans.length > 0) {
        console.log("run again with --delete to delete exactly these");
    }
    return 0;
}

async function main(argv: readonly string[]): Promise<number> {
    const [command, ...rest] = argv;
    if (command === "orphans") return orphans(rest);
    console.error(USAGE);
    return 2;
}

main(process.argv.slice(2)).then(
    code => {
        process.exitCode = code;
    },
    (error: unknown) => {
        console.error(`pulumi-line: ${error instanceof Error ? error.message : String(error)}`);
        process.exitCode = 1;
    },
);
