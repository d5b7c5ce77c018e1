import assert from "node:assert/strict";
import { LineApiError } from "../../../provider/client";
import { useEmulator } from "../../support/emulator";
import { clientFor, failureOf, resetBeforeEach, wire } from "./fixtures";

describe("client bot info (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    it("getBotInfo returns the channel's bot", async () => {
        const [channel] = line.emulator.channels;
        const info = await clientFor(line).getBotInfo();

        assert.deepEqual(info, {
            userId: channel?.botUserId,
            basicId: channel?.basicId,
            displayName: channel?.displayName,
            chatMode: "bot",
            markAsReadMode: "auto",
        });
        assert.deepEqual(await wire(line), ["GET /v2/bot/info 200"]);
    });

    it("a wrong token is LINE's 401", async () => {
        const error = await failureOf(() =>
            clientFor(line, { channelAccessToken: "not-a-valid-token" }).getBotInfo(),
        );
        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 401);
        assert.match(error.lineMessage, /Authentication failed/);
    });
});
