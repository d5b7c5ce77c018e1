import type * as pulumi from "@pulumi/pulumi";
import type { LineClient } from "../client";
import { detectImageContentType } from "../client/image";
import { describeBot, isExpectedBot } from "../resources/botGuard";
import { clientFor, resolveChannelSettings, useStackConfig } from "../resources/credentials";

/**
 * What the live channel says before a change: whose bot the stack's credentials belong to, how many
 * rich menus and aliases it holds (LINE's caps are per channel, whoever made them), and the images of
 * the menus a change replaces or removes (state keeps their digest, LINE keeps the bytes). Only reads:
 * bot info, the rich menu list, the alias list, image downloads.
 */

export interface LiveChannel {
    readonly channel: string;
    /** `@dev1234 "Dev" (U…)`; undefined when it could not be asked. */
    readonly bot?: string;
    readonly expectedBot?: string;
    /** The credentials belong to another bot than `expectedBot`. */
    readonly wrongBot: boolean;
    readonly richMenus?: number;
    readonly aliases?: number;
    /** Why the channel could not be read (no credentials, LINE refused). */
    readonly problem?: string;
    /** The image of a menu in the channel, or undefined when it has none or cannot be read. */
    image(richMenuId: string): Promise<{ readonly bytes: Buffer; readonly contentType: string } | undefined>;
}

function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}

/**
 * Reads `channel` with the credentials `config` (the stack's config) or the environment give it, as
 * the provider would. `expectedBot` is the declaration's (`line.yaml`), when the stack config has none.
 */
export async function readLiveChannel(
    channel: string,
    config: pulumi.dynamic.Config | undefined,
    expectedBot?: string,
): Promise<LiveChannel> {
    useStackConfig(config);
    const settings = resolveChannelSettings(channel);
    const expected = settings.expectedBot ?? expectedBot;
    let client: LineClient | undefined;
    const base = {
        channel: settings.name,
        ...(expected !== undefined ? { expectedBot: expected } : {}),
        image: async (richMenuId: string) => {
            if (client === undefined) return undefined;
            try {
                const bytes = await client.getRichMenuImage(richMenuId);
                const contentType = detectImageContentType(bytes);
                return contentType === undefined ? undefined : { bytes, contentType };
            } catch {
                return undefined;
            }
        },
    };
    try {
        client = await clientFor(channel);
        const bot = await client.getBotInfo();
        const [menus, aliases] = await Promise.all([client.getRichMenuList(), client.getRichMenuAliasList()]);
        return {
            ...base,
            bot: describeBot(bot),
            wrongBot: expected !== undefined && !isExpectedBot(expected, bot),
            richMenus: menus.richmenus.length,
            aliases: aliases.aliases.length,
        };
    } catch (error) {
        return { ...base, wrongBot: false, problem: messageOf(error) };
    } finally {
        useStackConfig(undefined);
    }
}
