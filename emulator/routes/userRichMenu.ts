import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, accepted, ok } from "../http";
import { BULK_MAX_USER_IDS, USER_ID_PATTERN } from "../limits";
import { type Route, channelRoute } from "../router";
import { BodyReader } from "../validation/fields";
import { isRichMenuIdFormat, lookupRichMenu, pathParam } from "./lookup";

const UserRichMenuMessages = {
    invalidUserId: "invalid userId",
    invalidRichMenuId: "invalid richMenuId",
} as const;

/** The menu a default or link may use: it must exist (404) and have its image (400) (https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu, https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user). */
function requireUsableRichMenu(ctx: ChannelContext, richMenuId: string): void {
    const stored = lookupRichMenu(ctx, richMenuId);
    if (stored === undefined) throw LineErrorFactory.richMenuNotFound();
    if (stored.image === undefined) throw LineErrorFactory.richMenuImageRequired();
}

function userIdParam(ctx: ChannelContext): string {
    const userId = pathParam(ctx, "userId");
    if (!USER_ID_PATTERN.test(userId)) throw LineErrorFactory.invalidPathParameter("userId");
    return userId;
}

/** `POST /v2/bot/user/all/richmenu/{richMenuId}` (https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu): replaces any API default. */
async function setDefaultRichMenu(ctx: ChannelContext): Promise<Reply> {
    await ctx.discardBody();
    const richMenuId = pathParam(ctx, "richMenuId");
    requireUsableRichMenu(ctx, richMenuId);
    ctx.services.store.write(ctx.channel.name, state => {
        state.defaultRichMenuId = richMenuId;
    });
    return ok();
}

/** `GET /v2/bot/user/all/richmenu` (https://developers.line.biz/en/reference/messaging-api/#get-default-rich-menu-id). */
function getDefaultRichMenuId(ctx: ChannelContext): Reply {
    const richMenuId = ctx.services.store.read(ctx.channel.name).defaultRichMenuId;
    if (richMenuId === undefined) throw LineErrorFactory.noDefaultRichMenu();
    return ok({ richMenuId });
}

/** `DELETE /v2/bot/user/all/richmenu` (https://developers.line.biz/en/reference/messaging-api/#cancel-default-rich-menu): fine when there is no default. */
function cancelDefaultRichMenu(ctx: ChannelContext): Reply {
    ctx.services.store.write(ctx.channel.name, state => {
        state.defaultRichMenuId = undefined;
    });
    return ok();
}

/**
 * `POST /v2/bot/user/{userId}/richmenu/{richMenuId}` (https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user). A well-formed ID of someone who is not
 * a friend is a silent no-op (200, nothing linked), as LINE does: add friends through the control
 * surface first.
 */
async function linkRichMenuIdToUser(ctx: ChannelContext): Promise<Reply> {
    await ctx.discardBody();
    const userId = userIdParam(ctx);
    const richMenuId = pathParam(ctx, "richMenuId");
    requireUsableRichMenu(ctx, richMenuId);
    ctx.services.store.write(ctx.channel.name, state => {
        if (state.friends.has(userId)) state.userLinks.set(userId, richMenuId);
    });
    return ok();
}

/** `GET /v2/bot/user/{userId}/richmenu` (https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-id-of-user): 404 also for unknown users and non-friends. */
function getRichMenuIdOfUser(ctx: ChannelContext): Reply {
    const userId = userIdParam(ctx);
    const richMenuId = ctx.services.store.read(ctx.channel.name).userLinks.get(userId);
    if (richMenuId === undefined) throw LineErrorFactory.userHasNoRichMenu();
    return ok({ richMenuId });
}

/** `DELETE /v2/bot/user/{userId}/richmenu` (https://developers.line.biz/en/reference/messaging-api/#unlink-rich-menu-from-user). */
function unlinkRichMenuIdFromUser(ctx: ChannelContext): Reply {
    const userId = userIdParam(ctx);
    ctx.services.store.write(ctx.channel.name, state => state.userLinks.delete(userId));
    return ok();
}

/** Reads `userIds` (1–500 well-formed IDs) and optionally `richMenuId`; any problem fails the whole call. */
async function readBulkBody(
    ctx: ChannelContext,
    withRichMenu: boolean,
): Promise<{ richMenuId: string; userIds: string[] }> {
    const reader: BodyReader = new BodyReader(await ctx.readJson());
    const root = reader.root();
    let richMenuId: string | undefined;
    if (withRichMenu) {
        richMenuId = reader.string(root, "richMenuId", "", { required: true });
        if (richMenuId !== undefined && !isRichMenuIdFormat(richMenuId)) {
            reader.problem("richMenuId", UserRichMenuMessages.invalidRichMenuId);
        }
    }
    const raw = reader.array(root, "userIds", "", { required: true, min: 1, max: BULK_MAX_USER_IDS }) ?? [];
    const userIds = raw.map((value, i) => {
        if (typeof value !== "string") reader.typeError(`userIds[${i}]`);
        if (!USER_ID_PATTERN.test(value)) reader.problem(`userIds[${i}]`, UserRichMenuMessages.invalidUserId);
        return value;
    });
    reader.finish();
    return { richMenuId: richMenuId ?? "", userIds };
}

/** `POST /v2/bot/richmenu/bulk/link` (https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users): 202; on any error nobody is linked. */
async function linkRichMenuIdToUsers(ctx: ChannelContext): Promise<Reply> {
    const { richMenuId, userIds } = await readBulkBody(ctx, true);
    requireUsableRichMenu(ctx, richMenuId);
    // LINE applies bulk calls asynchronously, "usually in seconds"; the emulator applies them at once.
    ctx.services.store.write(ctx.channel.name, state => {
        for (const userId of userIds) if (state.friends.has(userId)) state.userLinks.set(userId, richMenuId);
    });
    return accepted();
}

/** `POST /v2/bot/richmenu/bulk/unlink` (https://developers.line.biz/en/reference/messaging-api/#unlink-rich-menus-from-users): 202. */
async function unlinkRichMenuIdFromUsers(ctx: ChannelContext): Promise<Reply> {
    const { userIds } = await readBulkBody(ctx, false);
    ctx.services.store.write(ctx.channel.name, state => {
        for (const userId of userIds) state.userLinks.delete(userId);
    });
    return accepted();
}

export const userRichMenuRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/user/all/richmenu/{richMenuId}", "setDefaultRichMenu", setDefaultRichMenu),
    channelRoute("GET", "/v2/bot/user/all/richmenu", "getDefaultRichMenuId", getDefaultRichMenuId),
    channelRoute("DELETE", "/v2/bot/user/all/richmenu", "cancelDefaultRichMenu", cancelDefaultRichMenu),
    channelRoute(
        "POST",
        "/v2/bot/user/{userId}/richmenu/{richMenuId}",
        "linkRichMenuIdToUser",
        linkRichMenuIdToUser,
    ),
    channelRoute("GET", "/v2/bot/user/{userId}/richmenu", "getRichMenuIdOfUser", getRichMenuIdOfUser),
    channelRoute(
        "DELETE",
        "/v2/bot/user/{userId}/richmenu",
        "unlinkRichMenuIdFromUser",
        unlinkRichMenuIdFromUser,
    ),
    channelRoute("POST", "/v2/bot/richmenu/bulk/link", "linkRichMenuIdToUsers", linkRichMenuIdToUsers),
    channelRoute(
        "POST",
        "/v2/bot/richmenu/bulk/unlink",
        "unlinkRichMenuIdFromUsers",
        unlinkRichMenuIdFromUsers,
    ),
];
