import type { ImportedChannel } from "./import";
import {
    isMenuPart,
    menuNameOf,
    programResources,
    typeTokenOf,
    withMenuReferences,
    type ProgramResource,
} from "./importResources";
import { comment, escapeStrings, header, indented, USER_LINKS_NOTE, yamlOf } from "./importText";

/**
 * `pulumi-line import --format pulumi-yaml`: the channel as a Pulumi YAML program (`runtime: yaml`) on
 * the package's native provider plugin, `line:index:*` resources marked for adoption, aliases and the
 * default taking their menu's `${<menu>.richMenuId}`. The first `pulumi up` adopts everything, writing
 * nothing to LINE while it matches. https://www.pulumi.com/docs/iac/languages-sdks/yaml/yaml-language-reference/
 */

/** Where `npm install pulumi-line` puts the plugin's launcher, relative to the project. */
export const PLUGIN_PATH = "node_modules/pulumi-line/bin";

/** Every `$` of LINE's text doubled: Pulumi YAML reads `${…}` as an interpolation and `$$` as `$`. */
function literal(value: unknown): unknown {
    return escapeStrings(value, text => text.replaceAll("$", "$$$$"));
}

function resourceYaml(resource: ProgramResource, resources: readonly ProgramResource[]): string {
    const properties = withMenuReferences(
        literal(resource.args) as Record<string, unknown>,
        ref => `\${${menuNameOf(resources, ref.menuKey)}.richMenuId}`,
    );
    const body = indented(
        yamlOf({ [resource.name]: { type: typeTokenOf(resource.kind), properties } }),
        "  ",
    );
    return resource.note === undefined ? body : `${comment(resource.note, "  ")}\n${body}`;
}

function userLinksExample(resources: readonly ProgramResource[]): string {
    const menu = resources.find(r => r.kind === "RichMenu")?.name ?? "home";
    return [
        comment(USER_LINKS_NOTE, "  "),
        "  # vip:",
        "  #   type: line:index:UserRichMenuLinks",
        "  #   properties:",
        `  #     richMenuId: \${${menu}.richMenuId}`,
        "  #     userIdsFile: users/vip.txt",
    ].join("\n");
}

export function pulumiYamlProgram(
    channel: ImportedChannel,
    options: { readonly channel?: string; readonly project?: string },
): string {
    const resources = programResources(channel, options);
    const project = {
        name: options.project ?? "line-channel",
        description: `LINE bot ${channel.bot.basicId}, imported by pulumi-line import`,
        runtime: "yaml",
        plugins: { providers: [{ name: "line", path: PLUGIN_PATH }] },
        options: { refresh: "always" },
    };
    return (
        [
            comment(header(channel)),
            comment([
                "Credentials: `pulumi config set --secret line:channelAccessToken <token>` (or the LINE_* environment),",
                `and \`pulumi config set line:expectedBot ${channel.bot.basicId}\` so a token of another bot is refused.`,
                "refresh: always reads the live channel before every preview and up, so drift shows.",
            ]),
            yamlOf(project).trimEnd(),
            [
                "resources:",
                ...resources.filter(isMenuPart).map(r => resourceYaml(r, resources)),
                userLinksExample(resources),
                ...resources.filter(r => !isMenuPart(r)).map(r => resourceYaml(r, resources)),
            ].join("\n"),
        ].join("\n\n") + "\n"
    );
}
