import type { Channel } from "../channels";
import { LineErrorFactory } from "../errors";
import { type Reply, type RequestContext, ok } from "../http";
import { type Route, publicRoute } from "../router";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * Client-secret credentials from a token form. A wrong `grant_type` or a missing field is
 * `invalid_request`; the caller decides how to word a wrong ID or secret.
 */
function readClientCredentials(form: URLSearchParams): { clientId: string; clientSecret: string } {
    if (form.get("grant_type") !== "client_credentials") {
        throw LineErrorFactory.oauth(400, "invalid_request", "grant_type must be client_credentials");
    }
    const clientId = form.get("client_id");
    const clientSecret = form.get("client_secret");
    if (!clientId || !clientSecret) {
        throw LineErrorFactory.oauth(400, "invalid_request", "client_id and client_secret are required");
    }
    return { clientId, clientSecret };
}

/** Reads the `iss` claim of an unverified JWT, only to say which channel it claims to be. */
function jwtIssuer(assertion: string): string | undefined {
    const payload = assertion.split(".")[1];
    if (payload === undefined) return undefined;
    try {
        const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { iss?: unknown };
        return typeof claims.iss === "string" ? claims.iss : undefined;
    } catch {
        return undefined;
    }
}

/**
 * `POST /oauth2/v3/token` (https://developers.line.biz/en/reference/messaging-api/#issue-stateless-channel-access-token): a stateless token, 900 s. With a client secret it works; with a
 * JWT assertion it answers 404, since no assertion signing key can be registered with the emulator.
 */
async function issueStatelessChannelToken(ctx: RequestContext): Promise<Reply> {
    const form = await ctx.readForm();
    const { tokens } = ctx.services;
    if (form.get("client_assertion_type") === JWT_BEARER || form.has("client_assertion")) {
        const assertion = form.get("client_assertion") ?? "";
        const issuer = jwtIssuer(assertion);
        if (form.get("grant_type") !== "client_credentials" || issuer === undefined) {
            throw LineErrorFactory.oauth(400, "invalid_request", "Invalid 'client_assertion'.");
        }
        ctx.channel = tokens.channelByClientId(issuer);
        throw LineErrorFactory.oauthMessage(404, "Cannot find channel key that satisfies the conditions");
    }
    const { clientId, clientSecret } = readClientCredentials(form);
    const channel = tokens.channelByClientId(clientId);
    if (channel === undefined || channel.channelSecret !== clientSecret) {
        throw LineErrorFactory.oauth(400, "invalid_request", "Invalid 'client_credentials'.");
    }
    ctx.channel = channel;
    return ok(tokens.issueStateless(channel));
}

/** `POST /v2/oauth/accessToken` (https://developers.line.biz/en/reference/messaging-api/#issue-shortlived-channel-access-token): a short-lived token, 30 days; the 31st evicts the oldest. */
async function issueChannelToken(ctx: RequestContext): Promise<Reply> {
    const { clientId, clientSecret } = readClientCredentials(await ctx.readForm());
    const channel: Channel | undefined = ctx.services.tokens.channelByClientId(clientId);
    if (channel === undefined) throw LineErrorFactory.oauth(400, "invalid_client", "invalid client_id");
    ctx.channel = channel;
    if (channel.channelSecret !== clientSecret)
        throw LineErrorFactory.oauth(400, "invalid_client", "invalid client_secret");
    if (!ctx.services.rateLimiter.tryTake(channel.name, "issueChannelToken"))
        throw LineErrorFactory.rateLimitExceeded();
    return ok(ctx.services.tokens.issueShortLived(channel));
}

function readAccessToken(form: URLSearchParams): string {
    const token = form.get("access_token");
    if (!token || /\s/.test(token))
        throw LineErrorFactory.oauth(400, "invalid_request", "access_token invalid");
    return token;
}

/** `POST /v2/oauth/verify` (https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token): channel ID and seconds left, or 400 `invalid_request`. */
async function verifyChannelToken(ctx: RequestContext): Promise<Reply> {
    const token = readAccessToken(await ctx.readForm());
    const verified = ctx.services.tokens.verify(token);
    if (verified === undefined) throw LineErrorFactory.oauth(400, "invalid_request", "access_token invalid");
    ctx.channel = verified.channel;
    return ok({ client_id: verified.channel.channelId, expires_in: verified.expiresIn });
}

/** `POST /v2/oauth/revoke` (https://developers.line.biz/en/reference/messaging-api/#revoke-longlived-or-shortlived-channel-access-token): an empty 200 even for unknown tokens; 400 only when malformed. */
async function revokeChannelToken(ctx: RequestContext): Promise<Reply> {
    const token = readAccessToken(await ctx.readForm());
    ctx.channel = ctx.services.tokens.authenticate(token);
    ctx.services.tokens.revoke(token);
    return { status: 200, bytes: Buffer.alloc(0), contentType: "application/json" };
}

export const oauthRoutes: readonly Route[] = [
    publicRoute("POST", "/oauth2/v3/token", "issueStatelessChannelToken", issueStatelessChannelToken),
    publicRoute("POST", "/v2/oauth/accessToken", "issueChannelToken", issueChannelToken),
    publicRoute("POST", "/v2/oauth/verify", "verifyChannelToken", verifyChannelToken),
    publicRoute("POST", "/v2/oauth/revoke", "revokeChannelToken", revokeChannelToken),
];
