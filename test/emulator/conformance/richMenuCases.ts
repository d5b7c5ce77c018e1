import { USER_A, USER_B, createRichMenu, menuRequest, pngOf } from "../fixtures";
import type { ConformanceCase, ConformanceContext } from "./conformanceCase";

/**
 * Rich menus, their images, the default menu, aliases, and the menus linked to users one by one, in
 * bulk or by batch.
 */
export function richMenuCases({ line, call }: ConformanceContext): readonly ConformanceCase[] {
    const unknownMenu = `richmenu-${"0".repeat(32)}`;
    return [
        // rich menus
        {
            operationId: "createRichMenu",
            status: 200,
            call: () => call("POST", "/v2/bot/richmenu", { json: menuRequest() }),
        },
        {
            operationId: "createRichMenu",
            status: 400,
            call: () => call("POST", "/v2/bot/richmenu", { json: { ...menuRequest(), name: undefined } }),
        },
        {
            operationId: "validateRichMenuObject",
            status: 200,
            call: () => call("POST", "/v2/bot/richmenu/validate", { json: menuRequest() }),
        },
        { operationId: "getRichMenu", status: 200, call: f => call("GET", `/v2/bot/richmenu/${f.menu}`) },
        {
            operationId: "getRichMenu",
            status: 404,
            call: () => call("GET", `/v2/bot/richmenu/${unknownMenu}`),
        },
        { operationId: "getRichMenuList", status: 200, call: () => call("GET", "/v2/bot/richmenu/list") },
        {
            operationId: "deleteRichMenu",
            status: 200,
            call: async () => call("DELETE", `/v2/bot/richmenu/${await createRichMenu(line)}`),
        },
        {
            operationId: "setRichMenuImage",
            status: 200,
            call: async () =>
                call("POST", `/v2/bot/richmenu/${await createRichMenu(line)}/content`, {
                    body: pngOf(),
                    contentType: "image/png",
                }),
        },
        {
            operationId: "setRichMenuImage",
            status: 415,
            call: f =>
                call("POST", `/v2/bot/richmenu/${f.bare}/content`, { body: "x", contentType: "text/plain" }),
        },
        {
            operationId: "getRichMenuImage",
            status: 200,
            mediaType: "*/*",
            call: f => call("GET", `/v2/bot/richmenu/${f.menu}/content`),
        },
        // default
        {
            operationId: "setDefaultRichMenu",
            status: 200,
            call: f => call("POST", `/v2/bot/user/all/richmenu/${f.menu}`),
        },
        {
            operationId: "setDefaultRichMenu",
            status: 400,
            call: f => call("POST", `/v2/bot/user/all/richmenu/${f.bare}`),
        },
        {
            operationId: "getDefaultRichMenuId",
            status: 200,
            call: () => call("GET", "/v2/bot/user/all/richmenu"),
        },
        {
            operationId: "cancelDefaultRichMenu",
            status: 200,
            call: () => call("DELETE", "/v2/bot/user/all/richmenu"),
        },
        // aliases
        {
            operationId: "createRichMenuAlias",
            status: 200,
            call: f =>
                call("POST", "/v2/bot/richmenu/alias", {
                    json: { richMenuAliasId: "made", richMenuId: f.menu },
                }),
        },
        {
            operationId: "createRichMenuAlias",
            status: 400,
            call: f =>
                call("POST", "/v2/bot/richmenu/alias", {
                    json: { richMenuAliasId: "conformance", richMenuId: f.menu },
                }),
        },
        {
            operationId: "getRichMenuAlias",
            status: 200,
            call: () => call("GET", "/v2/bot/richmenu/alias/conformance"),
        },
        {
            operationId: "updateRichMenuAlias",
            status: 200,
            call: f => call("POST", "/v2/bot/richmenu/alias/conformance", { json: { richMenuId: f.menu } }),
        },
        {
            operationId: "updateRichMenuAlias",
            status: 400,
            call: f => call("POST", "/v2/bot/richmenu/alias/conformance", { json: { richMenuId: f.bare } }),
        },
        {
            operationId: "getRichMenuAliasList",
            status: 200,
            call: () => call("GET", "/v2/bot/richmenu/alias/list"),
        },
        {
            operationId: "deleteRichMenuAlias",
            status: 200,
            call: () => call("DELETE", "/v2/bot/richmenu/alias/made"),
        },
        {
            operationId: "deleteRichMenuAlias",
            status: 400,
            call: () => call("DELETE", "/v2/bot/richmenu/alias/NOT-VALID"),
        },
        // per-user, bulk, batch
        {
            operationId: "linkRichMenuIdToUser",
            status: 200,
            call: f => call("POST", `/v2/bot/user/${USER_B}/richmenu/${f.menu}`),
        },
        {
            operationId: "getRichMenuIdOfUser",
            status: 200,
            call: () => call("GET", `/v2/bot/user/${USER_B}/richmenu`),
        },
        {
            operationId: "unlinkRichMenuIdFromUser",
            status: 200,
            call: () => call("DELETE", `/v2/bot/user/${USER_B}/richmenu`),
        },
        {
            operationId: "linkRichMenuIdToUsers",
            status: 202,
            call: f =>
                call("POST", "/v2/bot/richmenu/bulk/link", {
                    json: { richMenuId: f.menu, userIds: [USER_A, USER_B] },
                }),
        },
        {
            operationId: "unlinkRichMenuIdFromUsers",
            status: 202,
            call: () => call("POST", "/v2/bot/richmenu/bulk/unlink", { json: { userIds: [USER_B] } }),
        },
        {
            operationId: "validateRichMenuBatchRequest",
            status: 200,
            call: f =>
                call("POST", "/v2/bot/richmenu/validate/batch", {
                    json: { operations: [{ type: "link", from: f.menu, to: f.menu }] },
                }),
        },
        {
            operationId: "richMenuBatch",
            status: 202,
            call: f =>
                call("POST", "/v2/bot/richmenu/batch", {
                    json: { operations: [{ type: "unlink", from: f.menu }] },
                }),
        },
        {
            operationId: "getRichMenuBatchProgress",
            status: 200,
            call: f => call("GET", `/v2/bot/richmenu/progress/batch?requestId=${f.batchRequestId}`),
        },
    ];
}
