import type { LineHttp } from "./http";
import type {
    IssueChannelTokenRequest,
    IssueShortLivedChannelAccessTokenResponse,
    IssueStatelessChannelAccessTokenResponse,
    IssueStatelessChannelTokenRequest,
    VerifyChannelAccessTokenResponse,
} from "./types";

/**
 * Channel access tokens. These endpoints take no bearer token: the credentials go in a
 * form-urlencoded body, and every credential value in it is redacted from errors and log events.
 */

const CLIENT_CREDENTIALS = "client_credentials";
const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * Issues a stateless token (valid 15 minutes, cannot be revoked, no cap on how many live), from the
 * channel ID and secret or from a signed JWT assertion. Meant to be issued per run. Never retried: each
 * attempt issues another token.
 *
 * Calls `POST https://api.line.me/oauth2/v3/token`.
 * @see https://developers.line.biz/en/reference/messaging-api/#issue-stateless-channel-access-token
 */
export async function issueStatelessChannelToken(
    http: LineHttp,
    credentials: IssueStatelessChannelTokenRequest,
): Promise<IssueStatelessChannelAccessTokenResponse> {
    const form = new URLSearchParams({ grant_type: CLIENT_CREDENTIALS });
    if ("clientAssertion" in credentials) {
        form.set("client_assertion_type", JWT_BEARER_ASSERTION);
        form.set("client_assertion", credentials.clientAssertion);
    } else {
        form.set("client_id", credentials.clientId);
        form.set("client_secret", credentials.clientSecret);
    }
    const response = await http.request<IssueStatelessChannelAccessTokenResponse>({
        method: "POST",
        path: "/oauth2/v3/token",
        auth: false,
        body: { kind: "form", value: form },
    });
    return response.data;
}

/**
 * Issues a short-lived token (valid 30 days; at most 30 live per channel, the oldest revoked on the
 * 31st). Never retried: each attempt issues another token and may push out an older one.
 *
 * Calls `POST https://api.line.me/v2/oauth/accessToken`.
 * @see https://developers.line.biz/en/reference/messaging-api/#issue-shortlived-channel-access-token
 */
export async function issueChannelToken(
    http: LineHttp,
    credentials: IssueChannelTokenRequest,
): Promise<IssueShortLivedChannelAccessTokenResponse> {
    const form = new URLSearchParams({
        grant_type: CLIENT_CREDENTIALS,
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
    });
    const response = await http.request<IssueShortLivedChannelAccessTokenResponse>({
        method: "POST",
        path: "/v2/oauth/accessToken",
        auth: false,
        body: { kind: "form", value: form },
    });
    return response.data;
}

/**
 * Tells which channel a short- or long-lived token belongs to and how long it has left; 400
 * `invalid_request` when it is invalid or expired.
 *
 * Calls `POST https://api.line.me/v2/oauth/verify`.
 * @see https://developers.line.biz/en/reference/messaging-api/#verify-channel-access-token
 */
export async function verifyChannelToken(
    http: LineHttp,
    accessToken: string,
): Promise<VerifyChannelAccessTokenResponse> {
    const response = await http.request<VerifyChannelAccessTokenResponse>({
        method: "POST",
        path: "/v2/oauth/verify",
        auth: false,
        body: { kind: "form", value: new URLSearchParams({ access_token: accessToken }) },
    });
    return response.data;
}

/**
 * Revokes a short- or long-lived token. An unknown or already revoked token is not an error; only a
 * malformed one is (400).
 *
 * Calls `POST https://api.line.me/v2/oauth/revoke`.
 * @see https://developers.line.biz/en/reference/messaging-api/#revoke-longlived-or-shortlived-channel-access-token
 */
export async function revokeChannelToken(http: LineHttp, accessToken: string): Promise<void> {
    await http.request({
        method: "POST",
        path: "/v2/oauth/revoke",
        auth: false,
        body: { kind: "form", value: new URLSearchParams({ access_token: accessToken }) },
    });
}
