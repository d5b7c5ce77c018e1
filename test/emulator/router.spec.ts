import assert from "node:assert/strict";
import { ok } from "../../emulator/http";
import { Router, publicRoute } from "../../emulator/router";

describe("emulator: the router", () => {
    const route = (method: "GET" | "POST", path: string) => publicRoute(method, path, path, () => ok());
    const router = new Router([
        route("GET", "/v2/bot/richmenu/{richMenuId}"),
        route("GET", "/v2/bot/richmenu/list"),
        route("GET", "/v2/bot/richmenu/alias/{richMenuAliasId}"),
        route("GET", "/v2/bot/richmenu/alias/list"),
        route("POST", "/v2/bot/user/{userId}/richmenu/{richMenuId}"),
        route("POST", "/v2/bot/user/all/richmenu/{richMenuId}"),
    ]);

    const cases: [string, string, string | undefined, Record<string, string>?][] = [
        ["GET", "/v2/bot/richmenu/list", "/v2/bot/richmenu/list"],
        ["GET", "/v2/bot/richmenu/richmenu-1", "/v2/bot/richmenu/{richMenuId}", { richMenuId: "richmenu-1" }],
        ["GET", "/v2/bot/richmenu/alias/list", "/v2/bot/richmenu/alias/list"],
        [
            "GET",
            "/v2/bot/richmenu/alias/a%2Db",
            "/v2/bot/richmenu/alias/{richMenuAliasId}",
            { richMenuAliasId: "a-b" },
        ],
        [
            "POST",
            "/v2/bot/user/all/richmenu/r",
            "/v2/bot/user/all/richmenu/{richMenuId}",
            { richMenuId: "r" },
        ],
        [
            "POST",
            "/v2/bot/user/U1/richmenu/r",
            "/v2/bot/user/{userId}/richmenu/{richMenuId}",
            { userId: "U1", richMenuId: "r" },
        ],
        ["POST", "/v2/bot/richmenu/list", undefined],
        ["GET", "/v2/bot/richmenu/", undefined],
        ["GET", "/v2/bot/richmenu/%E0%A4%A", undefined],
    ];
    for (const [method, path, template, params] of cases) {
        it(`${method} ${path} -> ${template ?? "no route"}`, () => {
            const match = router.match(method, path);
            assert.equal(match?.route.path, template);
            if (params !== undefined) assert.deepEqual(match?.params, params);
        });
    }
});
