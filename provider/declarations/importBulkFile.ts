import { DEFAULT_CHANNEL } from "../resources/credentials";
import type { ImportedChannel } from "./import";
import { programResources, typeTokenOf } from "./importResources";

/**
 * `pulumi-line import --format pulumi-import`: the file `pulumi import --file` reads, naming each live
 * object by its type token, the logical name the Pulumi YAML program gives it, and the ID the native
 * provider imports it by (provider/plugin/imports.ts). The engine then reads each through the plugin
 * and writes the program itself. User links are not in it: LINE cannot list who is linked to a menu.
 * https://www.pulumi.com/docs/iac/cli/commands/pulumi_import/
 */

export interface BulkImportFile {
    readonly resources: readonly { readonly type: string; readonly name: string; readonly id: string }[];
}

/**
 * The plugin imports menus, aliases and audiences from the channel of its own configuration, so the
 * file can only name that channel's objects. Checked before LINE is read.
 */
export function checkBulkImportChannel(channel: string | undefined): void {
    if (channel !== undefined && channel !== DEFAULT_CHANNEL) {
        throw new Error(
            "pulumi import reads from the provider's own channel (line:channelAccessToken): import that channel " +
                "(no --channel), or write a program for a named channel with --format pulumi-yaml",
        );
    }
}

function bulkImport(channel: ImportedChannel, options: { readonly channel?: string }): BulkImportFile {
    checkBulkImportChannel(options.channel);
    return {
        resources: programResources(channel, options).map(r => ({
            type: typeTokenOf(r.kind),
            name: r.name,
            id: r.importId,
        })),
    };
}

export function bulkImportFile(channel: ImportedChannel, options: { readonly channel?: string }): string {
    return `${JSON.stringify(bulkImport(channel, options), null, 4)}\n`;
}
