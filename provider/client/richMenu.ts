import { LineProviderError } from "./errors";
import type { LineHttp } from "./http";
import { detectImageContentType } from "./image";
import type {
    CreateRichMenuAliasRequest,
    RichMenuAliasListResponse,
    RichMenuAliasResponse,
    RichMenuBatchProgressResponse,
    RichMenuBatchRequest,
    RichMenuBatchResponse,
    RichMenuBulkLinkRequest,
    RichMenuBulkUnlinkRequest,
    RichMenuIdResponse,
    RichMenuListResponse,
    RichMenuRequest,
    RichMenuResponse,
    UpdateRichMenuAliasRequest,
} from "./types";

/**
 * Rich menus, their images, the default menu, aliases, per-user links, bulk links and the batch.
 * Every export is one LINE operation, bound to a channel by `LineClient`.
 *
 * Retries and pacing are decided centrally (`retry.ts`, `rateLimiter.ts`); the notes below only say what
 * applies to each call.
 */

// ---------------------------------------------------------------------------------------------------
// Rich menu objects

/**
 * Creates a rich menu and returns its ID. The menu shows nowhere until it has an image and is the
 * default or linked to users. Never retried (a repeat after a lost answer makes a second menu); LINE
 * allows 100 an hour.
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu`.
 * @see https://developers.line.biz/en/reference/messaging-api/#create-rich-menu
 */
export async function createRichMenu(http: LineHttp, richMenu: RichMenuRequest): Promise<RichMenuIdResponse> {
    const response = await http.request<RichMenuIdResponse>({
        method: "POST",
        path: "/v2/bot/richmenu",
        body: { kind: "json", value: richMenu },
    });
    return response.data;
}

/**
 * Checks a rich menu object as create would, creating nothing and spending none of create's 100/h.
 * Resolves when valid; rejects with the same 400 and `details[]` create would give.
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/validate`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-rich-menu-object
 */
export async function validateRichMenuObject(http: LineHttp, richMenu: RichMenuRequest): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/validate",
        body: { kind: "json", value: richMenu },
    });
}

/**
 * Gets one rich menu; 404 when it does not exist.
 *
 * Calls `GET https://api.line.me/v2/bot/richmenu/{richMenuId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-rich-menu
 */
export async function getRichMenu(http: LineHttp, richMenuId: string): Promise<RichMenuResponse> {
    const response = await http.request<RichMenuResponse>({
        method: "GET",
        path: "/v2/bot/richmenu/{richMenuId}",
        pathParams: { richMenuId },
    });
    return response.data;
}

/**
 * Lists every rich menu made through the API (unpaginated; menus made in LINE Official Account Manager
 * are never listed). Limited to 10 a second.
 *
 * Calls `GET https://api.line.me/v2/bot/richmenu/list`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-list
 */
export async function getRichMenuList(http: LineHttp): Promise<RichMenuListResponse> {
    const response = await http.request<RichMenuListResponse>({
        method: "GET",
        path: "/v2/bot/richmenu/list",
    });
    return response.data;
}

/**
 * Deletes a rich menu; 404 when it does not exist. LINE allows 100 an hour.
 *
 * Calls `DELETE https://api.line.me/v2/bot/richmenu/{richMenuId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#delete-rich-menu
 */
export async function deleteRichMenu(http: LineHttp, richMenuId: string): Promise<void> {
    await http.request({
        method: "DELETE",
        path: "/v2/bot/richmenu/{richMenuId}",
        pathParams: { richMenuId },
    });
}

// ---------------------------------------------------------------------------------------------------
// Images (api-data host)

/**
 * Uploads a rich menu's image (PNG or JPEG, the type read from the bytes). An image can be set only once
 * per menu: a second upload is answered 400, which is also why this call is never retried. To change
 * the image, create a new menu.
 *
 * @param contentType - optional; when given it must match the bytes, so a mislabelled file fails here
 *   rather than as LINE's 415.
 *
 * Calls `POST https://api-data.line.me/v2/bot/richmenu/{richMenuId}/content`.
 * @see https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image
 */
export async function setRichMenuImage(
    http: LineHttp,
    richMenuId: string,
    image: Uint8Array,
    contentType?: string,
): Promise<void> {
    const detected = detectImageContentType(image);
    if (detected === undefined) {
        throw new LineProviderError(`The image for rich menu ${richMenuId} is neither PNG nor JPEG`);
    }
    if (contentType !== undefined && contentType !== detected) {
        throw new LineProviderError(
            `The image for rich menu ${richMenuId} was labelled ${contentType}, but its bytes are ${detected}`,
        );
    }
    await http.request({
        method: "POST",
        host: "data",
        path: "/v2/bot/richmenu/{richMenuId}/content",
        pathParams: { richMenuId },
        body: { kind: "binary", value: image, contentType: detected },
    });
}

/**
 * Downloads a rich menu's image; 404 when the menu does not exist or has no image (the only way to ask
 * whether it has one).
 *
 * Calls `GET https://api-data.line.me/v2/bot/richmenu/{richMenuId}/content`.
 * @see https://developers.line.biz/en/reference/messaging-api/#download-rich-menu-image
 */
export async function getRichMenuImage(http: LineHttp, richMenuId: string): Promise<Buffer> {
    const response = await http.request<Buffer>({
        method: "GET",
        host: "data",
        path: "/v2/bot/richmenu/{richMenuId}/content",
        pathParams: { richMenuId },
        responseType: "binary",
    });
    return response.data ?? Buffer.alloc(0);
}

// ---------------------------------------------------------------------------------------------------
// Default rich menu

/**
 * Makes a rich menu (which must have an image) the default for every user without a per-user menu,
 * replacing any previous API default.
 *
 * Calls `POST https://api.line.me/v2/bot/user/all/richmenu/{richMenuId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu
 */
export async function setDefaultRichMenu(http: LineHttp, richMenuId: string): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/user/all/richmenu/{richMenuId}",
        pathParams: { richMenuId },
    });
}

/**
 * Gets the default rich menu's ID: 404 when there is none, 403 when the default was set by another
 * channel or in LINE Official Account Manager.
 *
 * Calls `GET https://api.line.me/v2/bot/user/all/richmenu`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-default-rich-menu-id
 */
export async function getDefaultRichMenuId(http: LineHttp): Promise<RichMenuIdResponse> {
    const response = await http.request<RichMenuIdResponse>({
        method: "GET",
        path: "/v2/bot/user/all/richmenu",
    });
    return response.data;
}

/**
 * Clears the API default rich menu.
 *
 * Calls `DELETE https://api.line.me/v2/bot/user/all/richmenu`.
 * @see https://developers.line.biz/en/reference/messaging-api/#cancel-default-rich-menu
 */
export async function cancelDefaultRichMenu(http: LineHttp): Promise<void> {
    await http.request({ method: "DELETE", path: "/v2/bot/user/all/richmenu" });
}

// ---------------------------------------------------------------------------------------------------
// Aliases

/**
 * Creates an alias for a rich menu that has an image. An existing alias ID is answered 400 ("conflict
 * richmenu alias id"), not 409. Never retried: a repeat after a lost answer would fail that way.
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/alias`.
 * @see https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias
 */
export async function createRichMenuAlias(http: LineHttp, alias: CreateRichMenuAliasRequest): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/alias",
        body: { kind: "json", value: alias },
    });
}

/**
 * Points an existing alias at another rich menu (with an image); 404 when the alias does not exist.
 * Changes may take a minute to show (LINE caches aliases).
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/alias/{richMenuAliasId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#update-rich-menu-alias
 */
export async function updateRichMenuAlias(
    http: LineHttp,
    richMenuAliasId: string,
    update: UpdateRichMenuAliasRequest,
): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/alias/{richMenuAliasId}",
        pathParams: { richMenuAliasId },
        body: { kind: "json", value: update },
    });
}

/**
 * Gets an alias; 404 when it does not exist.
 *
 * Calls `GET https://api.line.me/v2/bot/richmenu/alias/{richMenuAliasId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-by-id
 */
export async function getRichMenuAlias(
    http: LineHttp,
    richMenuAliasId: string,
): Promise<RichMenuAliasResponse> {
    const response = await http.request<RichMenuAliasResponse>({
        method: "GET",
        path: "/v2/bot/richmenu/alias/{richMenuAliasId}",
        pathParams: { richMenuAliasId },
    });
    return response.data;
}

/**
 * Lists every alias of the channel (unpaginated).
 *
 * Calls `GET https://api.line.me/v2/bot/richmenu/alias/list`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-alias-list
 */
export async function getRichMenuAliasList(http: LineHttp): Promise<RichMenuAliasListResponse> {
    const response = await http.request<RichMenuAliasListResponse>({
        method: "GET",
        path: "/v2/bot/richmenu/alias/list",
    });
    return response.data;
}

/**
 * Deletes an alias; 404 when it does not exist. LINE allows 100 an hour.
 *
 * Calls `DELETE https://api.line.me/v2/bot/richmenu/alias/{richMenuAliasId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#delete-rich-menu-alias
 */
export async function deleteRichMenuAlias(http: LineHttp, richMenuAliasId: string): Promise<void> {
    await http.request({
        method: "DELETE",
        path: "/v2/bot/richmenu/alias/{richMenuAliasId}",
        pathParams: { richMenuAliasId },
    });
}

// ---------------------------------------------------------------------------------------------------
// Per-user links

/**
 * Links a rich menu (with an image) to one user, replacing the user's current menu.
 *
 * Calls `POST https://api.line.me/v2/bot/user/{userId}/richmenu/{richMenuId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-user
 */
export async function linkRichMenuIdToUser(
    http: LineHttp,
    userId: string,
    richMenuId: string,
): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/user/{userId}/richmenu/{richMenuId}",
        pathParams: { userId, richMenuId },
    });
}

/**
 * Gets the rich menu linked to one user; 404 when the user has none (also for unknown users).
 *
 * Calls `GET https://api.line.me/v2/bot/user/{userId}/richmenu`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-id-of-user
 */
export async function getRichMenuIdOfUser(http: LineHttp, userId: string): Promise<RichMenuIdResponse> {
    const response = await http.request<RichMenuIdResponse>({
        method: "GET",
        path: "/v2/bot/user/{userId}/richmenu",
        pathParams: { userId },
    });
    return response.data;
}

/**
 * Unlinks one user's rich menu.
 *
 * Calls `DELETE https://api.line.me/v2/bot/user/{userId}/richmenu`.
 * @see https://developers.line.biz/en/reference/messaging-api/#unlink-rich-menu-from-user
 */
export async function unlinkRichMenuIdFromUser(http: LineHttp, userId: string): Promise<void> {
    await http.request({ method: "DELETE", path: "/v2/bot/user/{userId}/richmenu", pathParams: { userId } });
}

/**
 * Links a rich menu to up to 500 users. Answered 202 and applied asynchronously; users who blocked the
 * account or are not friends are skipped silently, so check with {@link getRichMenuIdOfUser}.
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/bulk/link`.
 * @see https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users
 */
export async function linkRichMenuIdToUsers(http: LineHttp, request: RichMenuBulkLinkRequest): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/bulk/link",
        body: { kind: "json", value: request },
    });
}

/**
 * Unlinks the rich menus of up to 500 users. Answered 202 and applied asynchronously.
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/bulk/unlink`.
 * @see https://developers.line.biz/en/reference/messaging-api/#unlink-rich-menu-from-users
 */
export async function unlinkRichMenuIdFromUsers(
    http: LineHttp,
    request: RichMenuBulkUnlinkRequest,
): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/bulk/unlink",
        body: { kind: "json", value: request },
    });
}

// ---------------------------------------------------------------------------------------------------
// Batch

/**
 * Re-links or unlinks, in the background, every user linked to given menus. Answered 202; resolves with
 * the call's `x-line-request-id`, the only handle on its progress ({@link getRichMenuBatchProgress}).
 * Retried only with a `resumeRequestKey`, which makes LINE resume rather than rerun. LINE allows 3 an
 * hour, so validate first ({@link validateRichMenuBatchRequest}).
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/batch`.
 * @see https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users
 */
export async function richMenuBatch(
    http: LineHttp,
    request: RichMenuBatchRequest,
): Promise<RichMenuBatchResponse> {
    const response = await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/batch",
        body: { kind: "json", value: request },
    });
    if (response.requestId === undefined) {
        throw new LineProviderError(
            "LINE accepted the rich menu batch but sent no x-line-request-id, so its progress cannot be followed",
        );
    }
    return { requestId: response.requestId };
}

/**
 * Checks a batch request (menus exist and have images, structure, `resumeRequestKey`) without running it
 * or spending the batch's 3/h.
 *
 * Calls `POST https://api.line.me/v2/bot/richmenu/validate/batch`.
 * @see https://developers.line.biz/en/reference/messaging-api/#validate-batch-control-rich-menus-request
 */
export async function validateRichMenuBatchRequest(
    http: LineHttp,
    request: RichMenuBatchRequest,
): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/bot/richmenu/validate/batch",
        body: { kind: "json", value: request },
    });
}

/**
 * Gets a batch's progress by the request ID {@link richMenuBatch} returned (kept 14 days). LINE allows
 * 100 an hour, so poll sparingly.
 *
 * Calls `GET https://api.line.me/v2/bot/richmenu/progress/batch?requestId={requestId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-batch-control-rich-menus-progress-status
 */
export async function getRichMenuBatchProgress(
    http: LineHttp,
    requestId: string,
): Promise<RichMenuBatchProgressResponse> {
    const response = await http.request<RichMenuBatchProgressResponse>({
        method: "GET",
        path: "/v2/bot/richmenu/progress/batch",
        query: { requestId },
    });
    return response.data;
}
