import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";

/**
 * How a webhook request leaves the emulator, for the test call and for event delivery alike:
 * signed over the exact bytes sent (https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/),
 * with the headers LINE sends (https://developers.line.biz/en/reference/messaging-api/#webhooks).
 *
 * Emulator deviation: for loopback hosts an https URL is tried over plain http on the same host and
 * port, so a test bot server needs no certificate.
 */

/** What came of one POST: an answer with its status, or why none came. */
export type WebhookPostOutcome =
    | { readonly kind: "answered"; readonly statusCode: number }
    | { readonly kind: "timeout" }
    | { readonly kind: "could_not_connect"; readonly detail: string }
    /** The host has no address: LINE's test call refuses such a URL outright. */
    | { readonly kind: "unresolvable"; readonly detail: string }
    | { readonly kind: "unclassified"; readonly detail: string };

const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]", "::1"];

/** `x-line-signature`: Base64 of HMAC-SHA256 over the body with the channel secret as key. */
export function webhookSignature(channelSecret: string, body: Buffer | string): string {
    return createHmac("sha256", channelSecret).update(body).digest("base64");
}

function targetOf(url: URL): { target: URL; transport: typeof http | typeof https } {
    const target = new URL(url);
    if (!LOOPBACK_HOSTS.includes(url.hostname)) return { target, transport: https };
    target.protocol = "http:";
    target.port = url.port === "" ? "443" : url.port;
    return { target, transport: http };
}

function errorOutcome(error: NodeJS.ErrnoException): WebhookPostOutcome {
    const code = error.code ?? "";
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") return { kind: "unresolvable", detail: error.message };
    if (["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET"].includes(code))
        return { kind: "could_not_connect", detail: error.message };
    return { kind: "unclassified", detail: error.message };
}

/** POSTs `body` to `url` signed with `signature`; never rejects. The wait is real time: a socket's. */
export function postWebhook(
    url: URL,
    body: Buffer,
    signature: string,
    timeoutMs: number,
): Promise<WebhookPostOutcome> {
    const { target, transport } = targetOf(url);
    return new Promise(resolve => {
        let settled = false;
        const settle = (outcome: WebhookPostOutcome): void => {
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
                "Content-Length": body.length,
                "User-Agent": "LineBotWebhook/2.0",
                "X-Line-Signature": signature,
            },
        });
        const timer = setTimeout(() => {
            settle({ kind: "timeout" });
            request.destroy();
        }, timeoutMs);
        request.on("response", response => {
            response.resume();
            settle({ kind: "answered", statusCode: response.statusCode ?? 0 });
        });
        request.on("error", (error: NodeJS.ErrnoException) => settle(errorOutcome(error)));
        request.end(body);
    });
}
