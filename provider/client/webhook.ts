import type { LineHttp } from "./http";
import type {
    GetWebhookEndpointResponse,
    SetWebhookEndpointRequest,
    TestWebhookEndpointRequest,
    TestWebhookEndpointResponse,
} from "./types";

/**
 * The webhook URL. The API can set and read it, and read (not set) whether "Use webhook" is on; there is
 * no call to clear it.
 */

/**
 * Sets the webhook URL (HTTPS, at most 500 characters). LINE may take a minute to use the new URL.
 *
 * Calls `PUT https://api.line.me/v2/bot/channel/webhook/endpoint`.
 * @see https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
 */
export async function setWebhookEndpoint(http: LineHttp, request: SetWebhookEndpointRequest): Promise<void> {
    await http.request({
        method: "PUT",
        path: "/v2/bot/channel/webhook/endpoint",
        body: { kind: "json", value: request },
    });
}

/**
 * Gets the webhook URL and whether webhooks are on; 404 when no URL is set.
 *
 * Calls `GET https://api.line.me/v2/bot/channel/webhook/endpoint`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-webhook-endpoint-information
 */
export async function getWebhookEndpoint(http: LineHttp): Promise<GetWebhookEndpointResponse> {
    const response = await http.request<GetWebhookEndpointResponse>({
        method: "GET",
        path: "/v2/bot/channel/webhook/endpoint",
    });
    return response.data;
}

/**
 * Has LINE send a test event to a URL (the configured one when none is given). A bot server that fails
 * the test still gives HTTP 200, with `success: false`. LINE allows 60 an hour; never retried, so a
 * transient failure does not spend more of that.
 *
 * Calls `POST https://api.line.me/v2/bot/channel/webhook/test`.
 * @see https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint
 */
export async function testWebhookEndpoint(
    http: LineHttp,
    request: TestWebhookEndpointRequest = {},
): Promise<TestWebhookEndpointResponse> {
    const response = await http.request<TestWebhookEndpointResponse>({
        method: "POST",
        path: "/v2/bot/channel/webhook/test",
        body: { kind: "json", value: request },
    });
    return response.data;
}
