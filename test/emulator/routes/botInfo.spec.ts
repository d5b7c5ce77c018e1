import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";

describe("emulator: GET /v2/bot/info (getBotInfo)", () => {
    const line = useEmulator({
        channels: [
            {
                name: "shop",
                accessToken: "shop-token",
                displayName: "The Shop",
                basicId: "@123abcde",
                botUserId: `U${"1".repeat(32)}`,
            },
            { name: "cafe", accessToken: "cafe-token" },
        ],
    });

    it("answers the configured bot", async () => {
        const res = await line.call("GET", "/v2/bot/info", { token: "shop-token" });
        assert.equal(res.status, 200);
        assert.deepEqual(res.body, {
            userId: `U${"1".repeat(32)}`,
            basicId: "@123abcde",
            displayName: "The Shop",
            chatMode: "bot",
            markAsReadMode: "auto",
        });
    });

    it("derives stable defaults from the channel name", async () => {
        const res = await line.call<Record<string, string>>("GET", "/v2/bot/info", { token: "cafe-token" });
        assert.match(res.body.userId ?? "", /^U[0-9a-f]{32}$/);
        assert.match(res.body.basicId ?? "", /^@\d{1,3}[a-z]{5}$/);
        assert.equal(res.body.displayName, "cafe");
        const cafe = line.emulator.channels.find(c => c.name === "cafe");
        assert.equal(res.body.userId, cafe?.botUserId);
    });
});
