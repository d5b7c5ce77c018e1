import type { ImportedChannel } from "./import";
import { isMenuPart, programResources, withMenuReferences, type ProgramResource } from "./importResources";
import { comment, header, USER_LINKS_NOTE } from "./importText";

/**
 * `pulumi-line import --format ts`: the channel as a TypeScript program of the package's resources,
 * every one marked for adoption, each menu a variable whose `richMenuId` its aliases and the default
 * take, with a comment wherever LINE could not tell what is there.
 */

/** A TypeScript line comment. */
function tsComment(lines: readonly string[]): string {
    return comment(lines, "", "//");
}

function identifierOf(key: string, used: Set<string>): string {
    let name = key
        .replace(/[-_]+([A-Za-z0-9])/g, (_m, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, "");
    if (!/^[A-Za-z]/.test(name)) name = `m${name}`;
    let candidate = name;
    for (let n = 2; used.has(candidate) || RESERVED.has(candidate); n++) candidate = `${name}${n}`;
    used.add(candidate);
    return candidate;
}

const RESERVED = new Set([
    "line",
    "pulumi",
    "default",
    "new",
    "class",
    "function",
    "delete",
    "import",
    "export",
]);

/** A marker JSON cannot hold: replaced by a reference to the menu variable's `richMenuId`. */
const MENU_REF = "\u0000menu:";
/** How JSON.stringify writes it. */
const MENU_REF_JSON = /"\\u0000menu:([A-Za-z0-9]+)"/g;

function tsArgs(value: Record<string, unknown>, indent: string): string {
    return JSON.stringify(value, null, 4)
        .replace(MENU_REF_JSON, "$1.richMenuId")
        .replace(/\n/g, `\n${indent}`);
}

export function declarationProgram(channel: ImportedChannel, options: { readonly channel?: string }): string {
    const resources = programResources(channel, options);
    const used = new Set<string>();
    const variableOf = new Map<string, string>();
    const lines: string[] = [
        tsComment(header(channel)),
        tsComment([
            "Credentials: stack config (line:channelAccessToken) or the environment, as for `pulumi up`.",
            `Set \`pulumi config set line:expectedBot ${channel.bot.basicId}\` so a token of another bot is refused.`,
        ]),
        'import * as line from "pulumi-line";',
        "",
    ];
    const userLinksNote = () => {
        const example = variableOf.values().next().value ?? "home";
        lines.push(
            "",
            tsComment(USER_LINKS_NOTE),
            tsComment([
                `new line.UserRichMenuLinks("vip", { richMenuId: ${example}.richMenuId, userIdsFile: "users/vip.txt" });`,
            ]),
        );
    };
    const emit = (resource: ProgramResource) => {
        const args = withMenuReferences(
            resource.args,
            ref => `${MENU_REF}${variableOf.get(ref.menuKey) ?? ""}`,
        );
        if (resource.kind === "WebhookEndpoint" || resource.kind === "Audience") lines.push("");
        if (resource.note !== undefined) lines.push(tsComment(resource.note));
        const statement = `new line.${resource.kind}(${JSON.stringify(resource.name)}, ${tsArgs(args, "")});`;
        if (resource.menuKey === undefined) {
            lines.push(statement);
            return;
        }
        const variable = identifierOf(resource.menuKey, used);
        variableOf.set(resource.menuKey, variable);
        lines.push(`const ${variable} = ${statement}`);
    };
    resources.filter(isMenuPart).forEach(emit);
    userLinksNote();
    resources.filter(r => !isMenuPart(r)).forEach(emit);
    return `${lines.join("\n")}\n`;
}
