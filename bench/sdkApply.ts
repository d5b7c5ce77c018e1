/**
 * The baseline: the bench channel applied by a plain script on LINE's official Node SDK, with no
 * state, no diff and no engine. Run by bench/run.ts in its own process:
 *
 *   node sdkApply.js <channel.json> sequential|concurrent      (compiled by bench/line.ts)
 *
 * `sequential` is the script most people would write (one call after another); `concurrent` starts
 * every menu's chain at once, which is the fastest any client can be: the critical path. Both read
 * LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL and LINE_DATA_BASE_URL, and print `{applyMs}`.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { messagingApi } from "@line/bot-sdk";
import type { ChannelFile } from "./channel";

function required(name: string): string {
    const value = process.env[name];
    if (value === undefined || value === "") throw new Error(`${name} must be set`);
    return value;
}

async function main(): Promise<void> {
    const [channelFile, mode] = process.argv.slice(2);
    if (channelFile === undefined || (mode !== "sequential" && mode !== "concurrent")) {
        throw new Error("usage: sdkApply.js <channel.json> sequential|concurrent");
    }
    const channel = JSON.parse(readFileSync(channelFile, "utf8")) as ChannelFile;
    const channelAccessToken = required("LINE_CHANNEL_ACCESS_TOKEN");
    const api = new messagingApi.MessagingApiClient({
        channelAccessToken,
        baseURL: required("LINE_API_BASE_URL"),
    });
    const blob = new messagingApi.MessagingApiBlobClient({
        channelAccessToken,
        baseURL: required("LINE_DATA_BASE_URL"),
    });
    const dir = path.dirname(channelFile);

    async function createMenu(menu: ChannelFile["menus"][number]): Promise<string> {
        const { richMenuId } = await api.createRichMenu({
            size: menu.size,
            selected: false,
            name: menu.name,
            chatBarText: menu.chatBarText,
            areas: menu.areas,
        });
        const png = readFileSync(path.resolve(dir, menu.image));
        await blob.setRichMenuImage(richMenuId, new Blob([png], { type: "image/png" }));
        return richMenuId;
    }

    const started = performance.now();
    if (mode === "sequential") {
        const ids: string[] = [];
        for (const menu of channel.menus) ids.push(await createMenu(menu));
        for (const alias of channel.aliases) {
            await api.createRichMenuAlias({
                richMenuAliasId: alias.richMenuAliasId,
                richMenuId: ids[alias.menu]!,
            });
        }
        await api.setDefaultRichMenu(ids[channel.defaultMenu]!);
    } else {
        await Promise.all(
            channel.menus.map(async (menu, i) => {
                const richMenuId = await createMenu(menu);
                const dependents = channel.aliases
                    .filter(a => a.menu === i)
                    .map(a => api.createRichMenuAlias({ richMenuAliasId: a.richMenuAliasId, richMenuId }));
                if (i === channel.defaultMenu) dependents.push(api.setDefaultRichMenu(richMenuId));
                await Promise.all(dependents);
            }),
        );
    }
    const applyMs = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ applyMs })}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
});
