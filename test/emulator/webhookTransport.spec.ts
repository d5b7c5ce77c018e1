import assert from "node:assert/strict";
import { validateSignature } from "@line/bot-sdk";
import { webhookSignature } from "../../emulator/webhookTransport";

describe("emulator: webhook signatures (webhookTransport)", () => {
    // LINE's published example (https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/).
    const body = '{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}';
    const secret = "8c570fa6dd201bb328f1c1eac23a96d8";
    const expected = "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=";

    it("signs LINE's test vector as LINE does, and LINE's SDK accepts it", () => {
        const signature = webhookSignature(secret, Buffer.from(body));
        assert.equal(signature, expected);
        assert.equal(webhookSignature(secret, body), expected);
        assert.ok(validateSignature(body, secret, signature));
    });

    it("signs the exact bytes: the same JSON with other spacing has another signature", () => {
        const spaced = body.replace(":", ": ");
        assert.notEqual(webhookSignature(secret, spaced), expected);
        assert.ok(!validateSignature(spaced, secret, expected));
    });
});
