import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import { WEBHOOK_ENDPOINT_MAX_LENGTH } from "../limits";
import { type Route, channelRoute } from "../router";
import { BodyReader } from "../validation/fields";
import type { JsonDocument } from "../validation/json";
import { type WebhookPostOutcome, postWebhook, webhookSignature } from "../webhookTransport";

/** The fields of LINE's TestWebhookEndpointResponse (https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint). */
export interface TestWebhookEndpointResponse {
    readonly success: boolean;
    readonly timestamp: string;
    readonly statusCode: number;
    readonly reason: "OK" | "COULD_NOT_CONNECT" | "REQUEST_TIMEOUT" | "ERROR_STATUS_CODE" | "UNCLASSIFIED";
    readonly detail: string;
}

/** A webhook URL LINE accepts: https, at most 500 characters, printable ASCII, with a host (https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url). */
function isValidWebhookEndpoint(endpoint: string): boolean {
    if (endpoint.length > WEBHOOK_ENDPOINT_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(endpoint)) return false;
    try {
        const url = new URL(endpoint);
        return url.protocol === "https:" && url.hostname !== "";
    } catch {
        return false;
    }
}

/** Reads `{endpoint}`; `required` for set, optional for test. A bad URL is LINE's 400. */
function readEndpoint(doc: JsonDocument | undefined, required: boolean): string | undefined {
    if (doc === undefined) {
        if (required)
            throw LineErrorFactory.invalidRequestBody([
                { message: "must be specified", property: "endpoint" },
            ]);
        return undefined;
    }
    const reader: BodyReader = new BodyReader(doc);
    const endpoint = reader.string(reader.root(), "endpoint", "", { required });
    reader.finish();
    if (endpoint !== undefined && !isValidWebhookEndpoint(endpoint))
        throw LineErrorFactory.invalidWebhookEndpoint();
    return endpoint;
}

/** `PUT /v2/bot/channel/webhook/endpoint` (https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url). The "Use webhook" flag is untouched. */
async function setWebhookEndpoint(ctx: ChannelContext): Promise<Reply> {
    const endpoint = readEndpoint(await ctx.readJson(), true);
    ctx.services.store.write(ctx.channel.name, state => {
        state.webhook.endpoint = endpoint;
    });
    return ok();
}

/** `GET /v2/bot/channel/webhook/endpoint` (https://developers.line.biz/en/reference/messaging-api/#get-webhook-endpoint-information): 404 until a URL is set. */
function getWebhookEndpoint(ctx: ChannelContext): Reply {
    const { endpoint, active } = ctx.services.store.read(ctx.channel.name).webhook;
    if (endpoint === undefined) throw LineErrorFactory.webhookEndpointNotFound();
    return ok({ endpoint, active });
}

/**
 * `POST /v2/bot/channel/webhook/test` (https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint): really posts `{"destination", "events": []}`, signed
 * with the channel secret (see `webhookTransport.ts`), and reports what came back. A failed delivery is still a 200.
 */
async function testWebhookEndpoint(ctx: ChannelContext): Promise<Reply> {
    const given = readEndpoint(await ctx.readOptionalJson(), false);
    const endpoint = given ?? ctx.services.store.read(ctx.channel.name).webhook.endpoint;
    if (endpoint === undefined) throw LineErrorFactory.webhookEndpointNotFound();
    const body = Buffer.from(JSON.stringify({ destination: ctx.channel.botUserId, events: [] }));
    const signature = webhookSignature(ctx.channel.channelSecret, body);
    const timestamp = new Date(ctx.services.clock.now()).toISOString();
    const posted = await postWebhook(new URL(endpoint), body, signature, ctx.services.webhookTimeoutMs);
    const outcome = testOutcome(posted);
    const response: TestWebhookEndpointResponse = { success: outcome.reason === "OK", timestamp, ...outcome };
    return ok(response);
}

/** LINE's test answer for what came of the POST; only a 200 passes the test. */
function testOutcome(
    outcome: WebhookPostOutcome,
): Pick<TestWebhookEndpointResponse, "statusCode" | "reason" | "detail"> {
    switch (outcome.kind) {
        case "answered":
            return {
                statusCode: outcome.statusCode,
                reason: outcome.statusCode === 200 ? "OK" : "ERROR_STATUS_CODE",
                detail: String(outcome.statusCode),
            };
        case "timeout":
            return { statusCode: 0, reason: "REQUEST_TIMEOUT", detail: "Request timeout" };
        case "could_not_connect":
            return { statusCode: 0, reason: "COULD_NOT_CONNECT", detail: outcome.detail };
        case "unresolvable":
            // LINE answers an unresolvable host with 400, not with a failed test (https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint).
            throw LineErrorFactory.invalidWebhookEndpoint();
        case "unclassified":
            return { statusCode: 0, reason: "UNCLASSIFIED", detail: outcome.detail };
    }
}

export const webhookRoutes: readonly Route[] = [
    channelRoute("PUT", "/v2/bot/channel/webhook/endpoint", "setWebhookEndpoint", setWebhookEndpoint),
    channelRoute("GET", "/v2/bot/channel/webhook/endpoint", "getWebhookEndpoint", getWebhookEndpoint),
    channelRoute("POST", "/v2/bot/channel/webhook/test", "testWebhookEndpoint", testWebhookEndpoint),
];
