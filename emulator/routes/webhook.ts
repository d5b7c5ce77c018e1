import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import { WEBHOOK_ENDPOINT_MAX_LENGTH } from "../limits";
import { type Route, channelRoute } from "../router";
import { BodyReader } from "../validation/fields";
import type { JsonDocument } from "../validation/json";

/** The fields of LINE's TestWebhookEndpointResponse (https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint). */
export interface TestWebhookEndpointResponse {
    readonly success: boolean;
    readonly timestamp: string;
    readonly statusCode: number;
    readonly reason: "OK" | "COULD_NOT_CONNECT" | "REQUEST_TIMEOUT" | "ERROR_STATUS_CODE" | "UNCLASSIFIED";
    readonly detail: string;
}

/** A webhook URL LINE accepts: https, at most 500 characters, printable ASCII, with a host (https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url). */
export function isValidWebhookEndpoint(endpoint: string): boolean {
    if (endpoint.length > WEBHOOK_ENDPOINT_MAX_LENGTH || !/^[\x21-\x7e]+$/.test(endpoint)) return false;
    try {
        const url = new URL(endpoint);
        return url.protocol === "https:" && url.hostname !== "";
    } catch {
        return false;
    }
}

const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]", "::1"];

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
 * with the channel secret, and reports what came back. A failed delivery is still a 200.
 *
 * Emulator deviation: for loopback hosts an https URL is tried over plain http on the same host and
 * port, so a test bot server needs no certificate.
 */
async function testWebhookEndpoint(ctx: ChannelContext): Promise<Reply> {
    const given = readEndpoint(await ctx.readOptionalJson(), false);
    const endpoint = given ?? ctx.services.store.read(ctx.channel.name).webhook.endpoint;
    if (endpoint === undefined) throw LineErrorFactory.webhookEndpointNotFound();
    const body = JSON.stringify({ destination: ctx.channel.botUserId, events: [] });
    const signature = createHmac("sha256", ctx.channel.channelSecret).update(body).digest("base64");
    const timestamp = new Date(ctx.services.clock.now()).toISOString();
    const outcome = await deliver(new URL(endpoint), body, signature, ctx.services.webhookTimeoutMs);
    const response: TestWebhookEndpointResponse = { success: outcome.reason === "OK", timestamp, ...outcome };
    return ok(response);
}

type DeliveryOutcome = Pick<TestWebhookEndpointResponse, "statusCode" | "reason" | "detail">;

function deliver(url: URL, body: string, signature: string, timeoutMs: number): Promise<DeliveryOutcome> {
    const target = new URL(url);
    let transport: typeof http | typeof https = https;
    if (LOOPBACK_HOSTS.includes(url.hostname)) {
        target.protocol = "http:";
        target.port = url.port === "" ? "443" : url.port;
        transport = http;
    }
    return new Promise((resolve, reject) => {
        let settled = false;
        const settle = (outcome: DeliveryOutcome): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(outcome);
        };
        const request = transport.request(target, {
            method: "POST",
            agent: false,
            headers: {
                "Content-Type": "application/json; charset=utf-8",
                "Content-Length": Buffer.byteLength(body),
                "User-Agent": "LineBotWebhook/2.0",
                "X-Line-Signature": signature,
            },
        });
        const timer = setTimeout(() => {
            settle({ statusCode: 0, reason: "REQUEST_TIMEOUT", detail: "Request timeout" });
            request.destroy();
        }, timeoutMs);
        request.on("response", response => {
            response.resume();
            const status = response.statusCode ?? 0;
            settle({
                statusCode: status,
                reason: status === 200 ? "OK" : "ERROR_STATUS_CODE",
                detail: String(status),
            });
        });
        request.on("error", (error: NodeJS.ErrnoException) => {
            if (settled) return;
            if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
                // LINE answers an unresolvable host with 400, not with a failed test (https://developers.line.biz/en/reference/messaging-api/#test-webhook-endpoint).
                settled = true;
                clearTimeout(timer);
                reject(LineErrorFactory.invalidWebhookEndpoint());
                return;
            }
            const cannotConnect = ["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"].includes(
                error.code ?? "",
            );
            settle({
                statusCode: 0,
                reason: cannotConnect ? "COULD_NOT_CONNECT" : "UNCLASSIFIED",
                detail: error.message,
            });
        });
        request.end(body);
    });
}

export const webhookRoutes: readonly Route[] = [
    channelRoute("PUT", "/v2/bot/channel/webhook/endpoint", "setWebhookEndpoint", setWebhookEndpoint),
    channelRoute("GET", "/v2/bot/channel/webhook/endpoint", "getWebhookEndpoint", getWebhookEndpoint),
    channelRoute("POST", "/v2/bot/channel/webhook/test", "testWebhookEndpoint", testWebhookEndpoint),
];
