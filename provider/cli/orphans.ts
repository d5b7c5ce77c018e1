import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
    deleteOrphanRichMenus,
    expectedBotsOf,
    findOrphanRichMenus,
    stackOfDeployment,
    userLinksOf,
    type StackDeployment,
} from "../orphans";
import { clientForWrite, describeBot, isExpectedBot } from "../resources/botGuard";
import { DEFAULT_CHANNEL, resolveChannelSettings } from "../resources/credentials";
import type { Command, CommandIO } from "./command";
import { exportStack, useConfigOfStack } from "../stack/pulumiStack";

const USAGE = `usage: pulumi-line orphans --stack NAME [--channel NAME] [--delete]
       pulumi stack export --show-secrets | pulumi-line orphans [--channel NAME] [--delete]

Finds the rich menus an interrupted \`pulumi up\` of this stack created but never recorded, and with
--delete deletes exactly those. Run it before \`pulumi refresh --clear-pending-creates\`, which
removes the record of those creates.

The channel's credentials come from where \`pulumi up\` takes them: the stack's config, then the
environment. It prints the bot it acts on and refuses when the stack's expectedBot (line:expectedBot, or its
declaration file's expectedBot) is another bot, or when the channel holds none of the menus the
stack tracks (another channel's credentials).

A menu is reported only when its definition is that of a create this stack started and never
finished (a pending "creating" operation in its state), and it is not the channel's default, not an
alias's target, and not the menu of a user this stack links.

  --stack NAME    the stack (its state is exported and its config read with the pulumi CLI)
  --state FILE    read the exported state from FILE (- for stdin) instead; its stack's config is read
  --channel NAME  the channel among the stack's (line:channels.NAME); default: default
  --delete        delete the reported menus

Example (after an interrupted \`pulumi up\`, before \`pulumi refresh --clear-pending-creates\`):
  npx pulumi-line orphans --stack prod --delete
`;

/** User IDs from the stack's user link files, read relative to the project (where the program runs). */
function idsFromFiles(files: readonly string[], cwd: string): { ids: string[]; unreadable: string[] } {
    const ids: string[] = [];
    const unreadable: string[] = [];
    for (const file of files) {
        try {
            const text = readFileSync(path.resolve(cwd, file), "utf8");
            ids.push(
                ...text
                    .split(/\r?\n/)
                    .map(l => l.trim())
                    .filter(l => l !== "" && !l.startsWith("#")),
            );
        } catch {
            unreadable.push(file);
        }
    }
    return { ids, unreadable };
}

async function readState(file: string, io: CommandIO): Promise<StackDeployment> {
    let text: string;
    if (file === "-") {
        const chunks: Buffer[] = [];
        for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
        text = Buffer.concat(chunks).toString("utf8");
    } else {
        text = readFileSync(path.resolve(io.cwd, file), "utf8");
    }
    try {
        return JSON.parse(text) as StackDeployment;
    } catch {
        throw new Error(`${file === "-" ? "stdin" : file} is not the JSON of \`pulumi stack export\``);
    }
}

export const orphansCommand: Command = {
    name: "orphans",
    summary:
        "find (and --delete) rich menus an interrupted `pulumi up` of this stack created but never recorded",
    usage: USAGE,
    options: {
        stack: { type: "string" },
        state: { type: "string" },
        channel: { type: "string" },
        delete: { type: "boolean" },
    },
    async run(args, io) {
        const print = (text: string) => io.stdout.write(`${text}\n`);
        const channel = typeof args.values.channel === "string" ? args.values.channel : DEFAULT_CHANNEL;
        const given = typeof args.values.stack === "string" ? args.values.stack : undefined;
        const stateFile =
            typeof args.values.state === "string" ? args.values.state : given === undefined ? "-" : undefined;

        const state = (
            stateFile !== undefined ? await readState(stateFile, io) : await exportStack(given ?? "", io)
        ) as StackDeployment;
        const stack = stackOfDeployment(state) ?? given;
        if (stack === undefined)
            throw new Error("the state names no stack (it has no resources): give --stack");
        if (given !== undefined && stack !== given)
            throw new Error(`the state is stack "${stack}"'s, not "${given}"'s; nothing was read from LINE`);
        // Credentials as `pulumi up` takes them: this stack's config first, then the environment.
        await useConfigOfStack(stack, io);
        const settings = resolveChannelSettings(channel);
        const client = await clientForWrite(channel); // refuses another bot than expectedBot, before anything else
        const bot = await client.getBotInfo();
        const declared = expectedBotsOf(state, channel);
        for (const expected of declared) {
            if (!isExpectedBot(expected, bot)) {
                throw new Error(
                    `Wrong LINE bot for channel "${channel}": stack "${stack}"'s declarations expect bot ${expected} ` +
                        `(expectedBot), but the channel's credentials belong to bot ${describeBot(bot)}. Nothing was changed in LINE.`,
                );
            }
        }
        print(`stack "${stack}", channel "${channel}": LINE bot ${describeBot(bot)}`);
        const expected = [...(settings.expectedBot !== undefined ? [settings.expectedBot] : []), ...declared];
        print(
            expected.length > 0
                ? `  the stack's expected bot ${expected.join(", ")}: matches`
                : `  the stack sets no expectedBot, so which bot it means cannot be confirmed; set line:expectedBot ${bot.basicId}`,
        );

        const links = userLinksOf(state, channel);
        const fromFiles = idsFromFiles(links.files, io.cwd);
        const report = await findOrphanRichMenus(client, state, {
            channel,
            linkedUserIds: [...links.userIds, ...fromFiles.ids],
        });
        if (report.tracked > 0 && report.trackedLive === 0) {
            throw new Error(
                `the channel of bot ${bot.basicId} holds none of the ${report.tracked} rich menus stack "${stack}" tracks ` +
                    `on channel "${channel}": these credentials are another channel's. Nothing was changed.`,
            );
        }
        print(
            `  state: ${report.tracked} rich menu(s) tracked (${report.trackedLive} in the channel), ` +
                `${report.pendingCreates} interrupted create(s)`,
        );
        print(
            `${report.orphans.length} orphan(s): made by an interrupted create of this stack, used by nobody seen`,
        );
        for (const orphan of report.orphans)
            print(`  ${orphan.richMenuId}  ${JSON.stringify(orphan.name)}  (${orphan.urn})`);
        if (report.kept.length > 0) {
            print(`${report.kept.length} kept although an interrupted create has their definition:`);
            for (const kept of report.kept)
                print(`  ${kept.richMenuId}  ${JSON.stringify(kept.name)}: ${kept.reason}`);
        }
        print(`${report.foreign} other untracked menu(s): not made by this stack, left alone`);
        const unknown = links.unreadable + fromFiles.unreadable.length;
        print(
            `LINE cannot list the users linked to a menu: only the ${report.usersChecked} user(s) this stack links were checked` +
                (unknown > 0
                    ? ` (${unknown} user link set(s) could not be read: export with --show-secrets, run in the project)`
                    : "") +
                "; anyone else linked to a reported menu is not known, and deleting it shows them the default menu.",
        );
        if (args.values.delete === true) {
            const deleted = await deleteOrphanRichMenus(client, report);
            print(`deleted ${deleted.length} orphan rich menu(s)`);
        } else if (report.orphans.length > 0) {
            print("run again with --delete to delete exactly these");
        }
        return 0;
    },
};
