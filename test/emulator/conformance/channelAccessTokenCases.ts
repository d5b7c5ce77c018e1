import type { ConformanceCase, ConformanceContext } from "./conformanceCase";

/** Channel access tokens: issued from the channel's ID and secret, verified and revoked. */
export function channelAccessTokenCases({ line, call }: ConformanceContext): readonly ConformanceCase[] {
    const form = (path: string, fields: Record<string, string>) =>
        call("POST", path, { token: null, body: new URLSearchParams(fields) });
    const credentials = () => {
        const c = line.emulator.channels[0]!;
        return { grant_type: "client_credentials", client_id: c.channelId, client_secret: c.channelSecret };
    };
    return [
        {
            operationId: "issueStatelessChannelToken",
            status: 200,
            call: () => form("/oauth2/v3/token", credentials()),
        },
        {
            operationId: "issueChannelToken",
            status: 200,
            call: () => form("/v2/oauth/accessToken", credentials()),
        },
        {
            operationId: "issueChannelToken",
            status: 400,
            call: () => form("/v2/oauth/accessToken", { ...credentials(), client_secret: "x" }),
        },
        {
            operationId: "verifyChannelToken",
            status: 200,
            call: () => form("/v2/oauth/verify", { access_token: line.token }),
        },
        {
            operationId: "verifyChannelToken",
            status: 400,
            call: () => form("/v2/oauth/verify", { access_token: "nope" }),
        },
        {
            operationId: "revokeChannelToken",
            status: 200,
            call: async () => {
                const issued = await form("/v2/oauth/accessToken", credentials());
                return form("/v2/oauth/revoke", {
                    access_token: String((issued.body as { access_token: string }).access_token),
                });
            },
        },
    ];
}
