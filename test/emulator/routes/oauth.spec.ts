import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";

describe("emulator: channel access tokens", () => {
    const clock = new ManualClock();
    const line = useEmulator({ clock, resetBeforeEach: true });
    const channel = () => line.emulator.channels[0]!;

    const form = (path: string, fields: Record<string, string>) =>
        line.call<Record<string, unknown>>("POST", path, {
            token: null,
            body: new URLSearchParams(fields),
        });
    const credentials = () => ({
        grant_type: "client_credentials",
        client_id: channel().channelId,
        client_secret: channel().channelSecret,
    });
    const botInfo = (token: string) => line.call("GET", "/v2/bot/info", { token });

    it("uses the documented default channel: token emulator-default-token, ID 1000000001, secret emulator-default-secret", () => {
        assert.deepEqual(
            {
                name: channel().name,
                token: channel().accessToken,
                id: channel().channelId,
                secret: channel().channelSecret,
            },
            {
                name: "default",
                token: "emulator-default-token",
                id: "1000000001",
                secret: "emulator-default-secret",
            },
        );
    });

    describe("POST /oauth2/v3/token (issueStatelessChannelToken)", () => {
        it("issues a 900-second token that authenticates until it expires on the clock", async () => {
            const res = await form("/oauth2/v3/token", credentials());
            assert.equal(res.status, 200);
            assert.equal(res.body.token_type, "Bearer");
            assert.equal(res.body.expires_in, 900);
            const token = String(res.body.access_token);
            assert.equal((await botInfo(token)).status, 200);
            clock.advance(899_000);
            assert.equal((await botInfo(token)).status, 200);
            clock.advance(1_000);
            const expired = await botInfo(token);
            assert.equal(expired.status, 401);
            assert.deepEqual(expired.body, {
                message:
                    "Authentication failed. Confirm that the access token in the authorization header is valid.",
            });
        });

        it("cannot be revoked, as LINE's stateless tokens cannot", async () => {
            const token = String((await form("/oauth2/v3/token", credentials())).body.access_token);
            assert.equal((await form("/v2/oauth/revoke", { access_token: token })).status, 200);
            assert.equal((await botInfo(token)).status, 200);
        });

        const refusals: {
            name: string;
            fields: () => Record<string, string>;
            status: number;
            expected: unknown;
        }[] = [
            {
                name: "a wrong secret",
                fields: () => ({ ...credentials(), client_secret: "nope" }),
                status: 400,
                expected: { error: "invalid_request", error_description: "Invalid 'client_credentials'." },
            },
            {
                name: "an unknown channel ID",
                fields: () => ({ ...credentials(), client_id: "42" }),
                status: 400,
                expected: { error: "invalid_request", error_description: "Invalid 'client_credentials'." },
            },
            {
                name: "a wrong grant_type",
                fields: () => ({ ...credentials(), grant_type: "password" }),
                status: 400,
                expected: {
                    error: "invalid_request",
                    error_description: "grant_type must be client_credentials",
                },
            },
            {
                name: "a JWT assertion (no signing key can be registered here)",
                fields: () => ({
                    grant_type: "client_credentials",
                    client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    client_assertion: `e30.${Buffer.from(JSON.stringify({ iss: channel().channelId })).toString("base64url")}.sig`,
                }),
                status: 404,
                expected: { message: "Cannot find channel key that satisfies the conditions" },
            },
        ];
        for (const c of refusals) {
            it(`refuses ${c.name}`, async () => {
                const res = await form("/oauth2/v3/token", c.fields());
                assert.equal(res.status, c.status);
                assert.deepEqual(res.body, c.expected);
            });
        }

        it("refuses a tampered token", async () => {
            const token = String((await form("/oauth2/v3/token", credentials())).body.access_token);
            assert.equal((await botInfo(`${token.slice(0, -2)}xx`)).status, 401);
        });
    });

    describe("POST /v2/oauth/accessToken, verify and revoke (short-lived)", () => {
        it("issues a 30-day token; verify reports channel and seconds left; revoke ends it", async () => {
            const res = await form("/v2/oauth/accessToken", credentials());
            assert.equal(res.status, 200);
            assert.deepEqual(
                { ...res.body, access_token: undefined },
                { access_token: undefined, expires_in: 2_592_000, token_type: "Bearer" },
            );
            const token = String(res.body.access_token);
            assert.equal((await botInfo(token)).status, 200);
            clock.advance(1_000_000);
            const verify = await form("/v2/oauth/verify", { access_token: token });
            assert.equal(verify.status, 200);
            assert.deepEqual(verify.body, { client_id: "1000000001", expires_in: 2_592_000 - 1_000 });
            const revoke = await form("/v2/oauth/revoke", { access_token: token });
            assert.equal(revoke.status, 200);
            assert.equal(revoke.text, "");
            assert.equal((await botInfo(token)).status, 401);
            const after = await form("/v2/oauth/verify", { access_token: token });
            assert.equal(after.status, 400);
            assert.deepEqual(after.body, {
                error: "invalid_request",
                error_description: "access_token invalid",
            });
        });

        it("expires after 30 days on the clock", async () => {
            const token = String((await form("/v2/oauth/accessToken", credentials())).body.access_token);
            clock.advance(2_592_000_000);
            assert.equal((await botInfo(token)).status, 401);
        });

        it("evicts the oldest token when a 31st is issued", async () => {
            const tokens: string[] = [];
            for (let i = 0; i < 31; i++)
                tokens.push(String((await form("/v2/oauth/accessToken", credentials())).body.access_token));
            assert.equal((await botInfo(tokens[0]!)).status, 401);
            assert.equal((await botInfo(tokens[1]!)).status, 200);
            assert.equal((await botInfo(tokens[30]!)).status, 200);
        });

        it("answers invalid_client for a wrong ID or secret", async () => {
            const id = await form("/v2/oauth/accessToken", { ...credentials(), client_id: "9" });
            assert.deepEqual(id.body, { error: "invalid_client", error_description: "invalid client_id" });
            const secret = await form("/v2/oauth/accessToken", { ...credentials(), client_secret: "x" });
            assert.deepEqual(secret.body, {
                error: "invalid_client",
                error_description: "invalid client_secret",
            });
        });

        it("verifies the configured long-lived token and can revoke it", async () => {
            const verify = await form("/v2/oauth/verify", { access_token: channel().accessToken });
            assert.deepEqual(verify.body, { client_id: "1000000001", expires_in: 2_147_483_647 });
            assert.equal(
                (await form("/v2/oauth/revoke", { access_token: channel().accessToken })).status,
                200,
            );
            assert.equal((await botInfo(channel().accessToken)).status, 401);
            await line.control.reset();
            assert.equal((await botInfo(channel().accessToken)).status, 200);
        });

        it("answers 200 for revoking an unknown token and 400 for a missing one", async () => {
            assert.equal((await form("/v2/oauth/revoke", { access_token: "unknown" })).status, 200);
            const missing = await form("/v2/oauth/revoke", {});
            assert.equal(missing.status, 400);
            assert.deepEqual(missing.body, {
                error: "invalid_request",
                error_description: "access_token invalid",
            });
        });
    });
});
