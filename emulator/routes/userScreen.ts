import { LineErrorFactory } from "../errors";
import { type Reply, type RequestContext, ok } from "../http";
import { type Route, publicRoute } from "../router";
import { displayedRichMenu, screenView } from "../richMenuDisplay";
import { type TapInput, type TapOutcome, applyTap, tappedArea } from "../richMenuTap";
import type { JsonObject } from "../validation/json";
import { deliverWebhook } from "../webhookDelivery";
import { outgoingWebhook } from "../webhookEvents";
import { CONTROL_PREFIX, controlChannel, controlUser, readObject } from "./controlRequest";

/**
 * What a simulated user sees and taps: the rich menu LINE would show them
 * (https://developers.line.biz/en/docs/messaging-api/rich-menus-overview/#rich-menu-display), open or
 * closed, its image, and taps on its areas (https://developers.line.biz/en/reference/messaging-api/#action-objects).
 */

/** `GET .../users/{userId}/screen`. */
function getScreen(ctx: RequestContext): Reply {
    const channel = controlChannel(ctx);
    const user = controlUser(ctx, channel.name);
    return ok(screenView(ctx.services.store.read(channel.name), channel.name, user));
}

/** `PUT .../users/{userId}/screen` `{menuOpen}`: the user opens or closes the menu with its chat bar. */
async function setScreen(ctx: RequestContext): Promise<Reply> {
    const body = await readObject(ctx);
    if (typeof body.menuOpen !== "boolean")
        throw LineErrorFactory.controlBadRequest("menuOpen must be a boolean");
    const menuOpen = body.menuOpen;
    const channel = controlChannel(ctx);
    const { userId } = controlUser(ctx, channel.name);
    if (displayedRichMenu(ctx.services.store.read(channel.name), userId) === undefined)
        throw LineErrorFactory.controlBadRequest("the user sees no rich menu");
    const { store } = ctx.services;
    store.write(channel.name, state => {
        const user = state.users.get(userId);
        if (user !== undefined) user.menuOpen = menuOpen;
    });
    return ok(screenView(store.read(channel.name), channel.name, controlUser(ctx, channel.name)));
}

function readTapInput(body: JsonObject): TapInput {
    const input: Record<string, number | string> = {};
    for (const key of ["area", "x", "y"] as const) {
        const value = body[key];
        if (value === undefined) continue;
        if (typeof value !== "number") throw LineErrorFactory.controlBadRequest(`${key} must be a number`);
        input[key] = value;
    }
    for (const key of ["date", "time", "datetime"] as const) {
        const value = body[key];
        if (value === undefined) continue;
        if (typeof value !== "string") throw LineErrorFactory.controlBadRequest(`${key} must be a string`);
        input[key] = value;
    }
    return input;
}

/**
 * `POST .../users/{userId}/tap` `{area}` or `{x, y}` (plus `date`/`time`/`datetime` for a picker):
 * answers `{action, effect, deliveries, screen}`. A user who blocks the bot cannot tap its menu.
 */
async function tap(ctx: RequestContext): Promise<Reply> {
    const input = readTapInput(await readObject(ctx));
    const channel = controlChannel(ctx);
    const { userId, blocked } = controlUser(ctx, channel.name);
    if (blocked) throw LineErrorFactory.controlBadRequest("a user who blocks the bot cannot tap its menu");
    const { store, ids, clock } = ctx.services;
    const displayed = displayedRichMenu(store.read(channel.name), userId);
    if (displayed === undefined) throw LineErrorFactory.controlBadRequest("the user sees no rich menu");
    const { action } = displayed.stored.menu.areas[tappedArea(displayed.stored.menu, input)] ?? {};
    if (action === undefined) throw LineErrorFactory.controlBadRequest("no such area");
    let outcome: TapOutcome | undefined;
    const outgoing = store.write(channel.name, state => {
        const user = state.users.get(userId);
        if (user === undefined) return undefined;
        const now = clock.now();
        outcome = applyTap({ state, ids, user, now }, action, input);
        return outgoingWebhook(state, ids, outcome.raised, now);
    });
    const deliveries = await deliverWebhook(ctx.services, channel, outgoing);
    const screen = screenView(store.read(channel.name), channel.name, controlUser(ctx, channel.name));
    return ok({ action, effect: outcome?.effect, deliveries, screen });
}

/** `GET /_emulator/channels/{name}/richmenus/{richMenuId}/image`: the uploaded bytes, for the console to draw. */
function getRichMenuImage(ctx: RequestContext): Reply {
    const channel = controlChannel(ctx);
    const image = ctx.services.store.read(channel.name).richMenus.get(ctx.params.richMenuId ?? "")?.image;
    if (image === undefined) throw LineErrorFactory.notFound();
    return { status: 200, bytes: image.bytes, contentType: image.contentType };
}

const USER = `${CONTROL_PREFIX}/channels/{name}/users/{userId}`;

export const userScreenRoutes: readonly Route[] = [
    publicRoute("GET", `${USER}/screen`, "getUserScreen", getScreen),
    publicRoute("PUT", `${USER}/screen`, "setUserScreen", setScreen),
    publicRoute("POST", `${USER}/tap`, "tapRichMenu", tap),
    publicRoute(
        "GET",
        `${CONTROL_PREFIX}/channels/{name}/richmenus/{richMenuId}/image`,
        "getRichMenuImage",
        getRichMenuImage,
    ),
];
