import assert from "node:assert/strict";
import { LineApiError } from "../../../provider/client";
import { useEmulator } from "../../support/emulator";
import { assertHidden, clientFor, failureOf, resetBeforeEach, wire } from "./fixtures";

describe("client channel access tokens (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    /** The token calls need no bearer token: a client made without one must manage them. */
    const tokenless = () => clientFor(line, { channelAccessToken: "" });
    const credentials = () => {
        const channel = line.emulator.channels[0]!;
        return { clientId: channel.channelId, clientSecret: channel.channelSecret };
    };

    it("issueStatelessChannelToken issues a token from the channel ID and secret, form-encoded", async () => {
        const issued = await tokenless().issueStatelessChannelToken(credentials());

        assert.deepEqual([issued.token_type, issued.expires_in], ["Bearer", 900]);
        const bot = await clientFor(line, { channelAccessToken: issued.access_token }).getBotInfo();
        assert.equal(bot.userId, line.emulator.channels[0]?.botUserId);
        const [request] = await line.control.requests();
        assert.equal(request?.contentType, "application/x-www-form-urlencoded");
        assert.deepEqual(await wire(line), ["POST /oauth2/v3/token 200", "GET /v2/bot/info 200"]);
    });

    it("issueStatelessChannelToken with a JWT assertion sends it, and keeps it out of the error", async () => {
        const claims = Buffer.from(JSON.stringify({ iss: credentials().clientId })).toString("base64url");
        const clientAssertion = `eyJhbGciOiJSUzI1NiJ9.${claims}.c2lnbmF0dXJlLXRoYXQtaXMtc2VjcmV0`;

        const error = await failureOf(() => tokenless().issueStatelessChannelToken({ clientAssertion }));

        assert.ok(LineApiError.isInstance(error));
        assert.equal(error.status, 404);
        assert.match(error.lineMessage, /Cannot find channel key/);
        assertHidden(error, clientAssertion, "the error");
    });

    it("a wrong secret is LINE's OAuth error, mapped onto the error, with the secret kept out", async () => {
        const secret = "a-wrong-but-secret-value";
        const error = await failureOf(() =>
            tokenless().issueChannelToken({ clientId: credentials().clientId, clientSecret: secret }),
        );

        assert.ok(LineApiError.isInstance(error));
        assert.deepEqual(
            [error.status, error.oauthError, error.oauthErrorDescription],
            [400, "invalid_client", "invalid client_secret"],
        );
        assert.match(error.message, /failed with 400: invalid_client: invalid client_secret/);
        assertHidden(error, secret, "the error");
    });

    it("issueChannelToken, verifyChannelToken and revokeChannelToken (revoking twice is fine)", async () => {
        const client = tokenless();
        const issued = await client.issueChannelToken(credentials());
        const verified = await client.verifyChannelToken(issued.access_token);
        await client.revokeChannelToken(issued.access_token);
        await client.revokeChannelToken(issued.access_token);
        const error = await failureOf(() => client.verifyChannelToken(issued.access_token));

        assert.deepEqual([issued.token_type, issued.expires_in], ["Bearer", 2_592_000]);
        assert.equal(verified.client_id, credentials().clientId);
        assert.ok(verified.expires_in > 2_591_000);
        assert.ok(LineApiError.isInstance(error));
        assert.deepEqual([error.status, error.oauthError], [400, "invalid_request"]);
        assertHidden(error, issued.access_token, "the error");
        assert.deepEqual(await wire(line), [
            "POST /v2/oauth/accessToken 200",
            "POST /v2/oauth/verify 200",
            "POST /v2/oauth/revoke 200",
            "POST /v2/oauth/revoke 200",
            "POST /v2/oauth/verify 400",
        ]);
    });
});
