import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import { MAX_RICH_MENU_ALIASES, RICH_MENU_ALIAS_ID_PATTERN } from "../limits";
import { type Route, channelRoute } from "../router";
import { BodyReader } from "../validation/fields";
import { isRichMenuIdFormat, lookupRichMenu, pathParam } from "./lookup";

const AliasMessages = {
    invalidAliasId: "invalid richMenuAliasId",
    invalidRichMenuId: "invalid richMenuId",
} as const;

/** The alias ID from the path, or 400 when it breaks `^[a-z0-9_-]{1,32}$` (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias). */
function aliasIdParam(ctx: ChannelContext): string {
    const aliasId = pathParam(ctx, "richMenuAliasId");
    if (!RICH_MENU_ALIAS_ID_PATTERN.test(aliasId))
        throw LineErrorFactory.invalidPathParameter("richMenuAliasId");
    return aliasId;
}

/** Reads `richMenuId` (and `richMenuAliasId` when creating) from the body, reporting bad formats. */
async function readAliasBody(
    ctx: ChannelContext,
    withAliasId: boolean,
): Promise<{ aliasId?: string; richMenuId: string }> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    let aliasId: string | undefined;
    if (withAliasId) {
        aliasId = reader.string(root, "richMenuAliasId", "", { required: true });
        if (aliasId !== undefined && !RICH_MENU_ALIAS_ID_PATTERN.test(aliasId)) {
            reader.problem("richMenuAliasId", AliasMessages.invalidAliasId);
        }
    }
    const richMenuId = reader.string(root, "richMenuId", "", { required: true });
    if (richMenuId !== undefined && !isRichMenuIdFormat(richMenuId)) {
        reader.problem("richMenuId", AliasMessages.invalidRichMenuId);
    }
    reader.finish();
    return { aliasId, richMenuId: richMenuId ?? "" };
}

/** An alias may only point at a menu of the same channel that has its image (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias). */
function requireAliasTarget(ctx: ChannelContext, richMenuId: string): void {
    if (lookupRichMenu(ctx, richMenuId)?.image === undefined) throw LineErrorFactory.aliasTargetNotFound();
}

/** `POST /v2/bot/richmenu/alias` (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias): a taken ID is 400 "conflict richmenu alias id", not 409. */
async function createRichMenuAlias(ctx: ChannelContext): Promise<Reply> {
    const { aliasId = "", richMenuId } = await readAliasBody(ctx, true);
    const aliases = ctx.services.store.read(ctx.channel.name).aliases;
    if (aliases.has(aliasId)) throw LineErrorFactory.richMenuAliasConflict();
    if (aliases.size >= MAX_RICH_MENU_ALIASES) throw LineErrorFactory.richMenuAliasCountMaxOver();
    requireAliasTarget(ctx, richMenuId);
    ctx.services.store.write(ctx.channel.name, state => state.aliases.set(aliasId, richMenuId));
    return ok();
}

/** `POST /v2/bot/richmenu/alias/{richMenuAliasId}` (https://developers.line.biz/en/reference/messaging-api/#update-rich-menu-alias): update is a POST. */
async function updateRichMenuAlias(ctx: ChannelContext): Promise<Reply> {
    const aliasId = aliasIdParam(ctx);
    const { richMenuId } = await readAliasBody(ctx, false);
    if (!ctx.services.store.read(ctx.channel.name).aliases.has(aliasId))
        throw LineErrorFactory.richMenuAliasNotFound();
    requireAliasTarget(ctx, richMenuId);
    ctx.services.store.write(ctx.channel.name, state => state.aliases.set(aliasId, richMenuId));
    return ok();
}

/** `DELETE /v2/bot/richmenu/alias/{richMenuAliasId}` (https://developers.line.biz/en/reference/messaging-api/#delete-rich-menu-alias). */
function deleteRichMenuAlias(ctx: ChannelContext): Reply {
    const aliasId = aliasIdParam(ctx);
    if (!ctx.services.store.read(ctx.channel.name).aliases.has(aliasId))
        throw LineErrorFactory.richMenuAliasNotFound();
    ctx.services.store.write(ctx.channel.name, state => state.aliases.delete(aliasId));
    return ok();
}

/** `GET /v2/bot/richmenu/alias/{richMenuAliasId}` (https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-by-id). */
function getRichMenuAlias(ctx: ChannelContext): Reply {
    const aliasId = aliasIdParam(ctx);
    const richMenuId = ctx.services.store.read(ctx.channel.name).aliases.get(aliasId);
    if (richMenuId === undefined) throw LineErrorFactory.richMenuAliasNotFound();
    return ok({ richMenuAliasId: aliasId, richMenuId });
}

/** `GET /v2/bot/richmenu/alias/list` (https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-list): unpaginated, in creation order. */
function getRichMenuAliasList(ctx: ChannelContext): Reply {
    const aliases = [...ctx.services.store.read(ctx.channel.name).aliases].map(
        ([richMenuAliasId, richMenuId]) => ({
            richMenuAliasId,
            richMenuId,
        }),
    );
    return ok({ aliases });
}

export const richMenuAliasRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/richmenu/alias", "createRichMenuAlias", createRichMenuAlias),
    channelRoute("GET", "/v2/bot/richmenu/alias/list", "getRichMenuAliasList", getRichMenuAliasList),
    channelRoute(
        "POST",
        "/v2/bot/richmenu/alias/{richMenuAliasId}",
        "updateRichMenuAlias",
        updateRichMenuAlias,
    ),
    channelRoute(
        "DELETE",
        "/v2/bot/richmenu/alias/{richMenuAliasId}",
        "deleteRichMenuAlias",
        deleteRichMenuAlias,
    ),
    channelRoute("GET", "/v2/bot/richmenu/alias/{richMenuAliasId}", "getRichMenuAlias", getRichMenuAlias),
];
