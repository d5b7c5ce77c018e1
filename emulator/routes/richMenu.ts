import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import { MAX_IMAGE_BODY_BYTES, MAX_RICH_MENUS } from "../limits";
import { type Route, channelRoute } from "../router";
import type { DeepReadonly, StoredRichMenu } from "../store";
import { isRichMenuImageContentType, readRichMenuImage } from "../validation/image";
import { readRichMenuRequest } from "../validation/richMenu";
import { lookupRichMenu, pathParam } from "./lookup";

/** The menu with that ID, or LINE's bare 404 (https://developers.line.biz/en/reference/messaging-api/#get-rich-menu). */
function findRichMenuOr404(ctx: ChannelContext, richMenuId: string): DeepReadonly<StoredRichMenu> {
    const stored = lookupRichMenu(ctx, richMenuId);
    if (stored === undefined) throw LineErrorFactory.notFound();
    return stored;
}

/** `POST /v2/bot/richmenu` (https://developers.line.biz/en/reference/messaging-api/#create-rich-menu). */
async function createRichMenu(ctx: ChannelContext): Promise<Reply> {
    const request = readRichMenuRequest(await ctx.readJson());
    const { store, ids, clock } = ctx.services;
    if (store.read(ctx.channel.name).richMenus.size >= MAX_RICH_MENUS)
        throw LineErrorFactory.richMenuCountMaxOver();
    const richMenuId = ids.richMenuId();
    store.write(ctx.channel.name, state => {
        state.richMenus.set(richMenuId, { menu: { richMenuId, ...request }, createdAt: clock.now() });
    });
    return ok({ richMenuId });
}

/** `POST /v2/bot/richmenu/validate` (https://developers.line.biz/en/reference/messaging-api/#validate-rich-menu-object): the create checks only; the 1,000 cap is not one of them. */
async function validateRichMenuObject(ctx: ChannelContext): Promise<Reply> {
    readRichMenuRequest(await ctx.readJson());
    return ok();
}

/** `GET /v2/bot/richmenu/list` (https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-list): every API-made menu, unpaginated, oldest first. */
function getRichMenuList(ctx: ChannelContext): Reply {
    const menus = [...ctx.services.store.read(ctx.channel.name).richMenus.values()].map(s => s.menu);
    return ok({ richmenus: menus });
}

/** `GET /v2/bot/richmenu/{richMenuId}` (https://developers.line.biz/en/reference/messaging-api/#get-rich-menu). */
function getRichMenu(ctx: ChannelContext): Reply {
    return ok(findRichMenuOr404(ctx, pathParam(ctx, "richMenuId")).menu);
}

/**
 * `DELETE /v2/bot/richmenu/{richMenuId}` (https://developers.line.biz/en/reference/messaging-api/#delete-rich-menu). LINE does not document what happens to a default,
 * alias or user link that points at a deleted menu. The emulator clears the default and the user
 * links (a user cannot keep a menu that no longer exists) and keeps aliases, which then dangle: the
 * richmenuswitch postback's RICHMENU_NOTFOUND status exists for exactly that case.
 */
function deleteRichMenu(ctx: ChannelContext): Reply {
    const richMenuId = pathParam(ctx, "richMenuId");
    findRichMenuOr404(ctx, richMenuId);
    ctx.services.store.write(ctx.channel.name, state => {
        state.richMenus.delete(richMenuId);
        if (state.defaultRichMenuId === richMenuId) state.defaultRichMenuId = undefined;
        for (const [userId, linked] of state.userLinks) {
            if (linked === richMenuId) state.userLinks.delete(userId);
        }
    });
    return ok();
}

/** `POST /v2/bot/richmenu/{richMenuId}/content` on api-data.line.me (https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image). Once per menu. */
async function setRichMenuImage(ctx: ChannelContext): Promise<Reply> {
    const mediaType = ctx.mediaType;
    if (!isRichMenuImageContentType(mediaType)) {
        await ctx.discardBody();
        throw LineErrorFactory.unsupportedContentType(ctx.contentTypeHeader);
    }
    const richMenuId = pathParam(ctx, "richMenuId");
    const bytes = await ctx.readBody(MAX_IMAGE_BODY_BYTES);
    const stored = findRichMenuOr404(ctx, richMenuId);
    if (stored.image !== undefined) throw LineErrorFactory.richMenuImageAlreadyUploaded();
    const image = readRichMenuImage(bytes, mediaType, stored.menu.size);
    ctx.services.store.write(ctx.channel.name, state => {
        const menu = state.richMenus.get(richMenuId);
        if (menu !== undefined) menu.image = image;
    });
    return ok();
}

/** `GET /v2/bot/richmenu/{richMenuId}/content` on api-data.line.me (https://developers.line.biz/en/reference/messaging-api/#download-rich-menu-image): 404 also when there is no image. */
function getRichMenuImage(ctx: ChannelContext): Reply {
    const image = findRichMenuOr404(ctx, pathParam(ctx, "richMenuId")).image;
    if (image === undefined) throw LineErrorFactory.notFound();
    return { status: 200, bytes: image.bytes, contentType: image.contentType };
}

export const richMenuRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/richmenu", "createRichMenu", createRichMenu),
    channelRoute("POST", "/v2/bot/richmenu/validate", "validateRichMenuObject", validateRichMenuObject),
    channelRoute("GET", "/v2/bot/richmenu/list", "getRichMenuList", getRichMenuList),
    channelRoute("GET", "/v2/bot/richmenu/{richMenuId}", "getRichMenu", getRichMenu),
    channelRoute("DELETE", "/v2/bot/richmenu/{richMenuId}", "deleteRichMenu", deleteRichMenu),
    channelRoute("POST", "/v2/bot/richmenu/{richMenuId}/content", "setRichMenuImage", setRichMenuImage),
    channelRoute("GET", "/v2/bot/richmenu/{richMenuId}/content", "getRichMenuImage", getRichMenuImage),
];
