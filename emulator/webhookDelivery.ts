import type { Channel } from "./channels";
import type { DeliveryFailureReason, DeliveryView } from "./deliveryLog";
import type { Services } from "./http";
import { redeliverReplyToken } from "./replyTokens";
import type { OutgoingWebhook, WebhookEvent } from "./webhookEvents";
import { type WebhookPostOutcome, postWebhook, webhookSignature } from "./webhookTransport";

/**
 * Delivers webhook events to the bot server as LINE does (https://developers.line.biz/en/reference/messaging-api/#webhooks):
 * `{destination, events}` signed with the channel secret; delivered when the bot answers 2xx within
 * the delivery timeout (LINE's 2 s), else failed for one of the reasons of LINE's error statistics
 * (https://developers.line.biz/en/docs/messaging-api/check-webhook-error-statistics/). Redelivery
 * resends a failed delivery's events unchanged but for `deliveryContext.isRedelivery`
 * (https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-redelivery).
 */

function failure(outcome: WebhookPostOutcome): Pick<DeliveryView, "status" | "reason" | "statusCode"> {
    if (outcome.kind === "answered") {
        if (outcome.statusCode >= 200 && outcome.statusCode < 300)
            return { status: "delivered", statusCode: outcome.statusCode };
        return { status: "failed", reason: "error_status_code", statusCode: outcome.statusCode };
    }
    const reasons: Record<Exclude<WebhookPostOutcome["kind"], "answered">, DeliveryFailureReason> = {
        timeout: "request_timeout",
        // LINE counts an unresolvable host as a failed connection.
        unresolvable: "could_not_connect",
        could_not_connect: "could_not_connect",
        unclassified: "unclassified",
    };
    return { status: "failed", reason: reasons[outcome.kind] };
}

async function post(
    services: Services,
    channel: Channel,
    endpoint: string,
    events: readonly WebhookEvent[],
    isRedelivery: boolean,
): Promise<DeliveryView> {
    const body = Buffer.from(JSON.stringify({ destination: channel.botUserId, events }));
    const id = services.deliveries.nextId();
    const sentAt = new Date(services.clock.now()).toISOString();
    const signature = webhookSignature(channel.channelSecret, body);
    const outcome = await postWebhook(new URL(endpoint), body, signature, services.webhookDeliveryTimeoutMs);
    const delivery: DeliveryView = { id, url: endpoint, sentAt, isRedelivery, ...failure(outcome), events };
    services.deliveries.add(channel.name, delivery);
    return delivery;
}

/** POSTs the events, if any are due, and answers the deliveries made (none or one). */
export async function deliverWebhook(
    services: Services,
    channel: Channel,
    outgoing: OutgoingWebhook | undefined,
): Promise<DeliveryView[]> {
    if (outgoing === undefined) return [];
    return [await post(services, channel, outgoing.endpoint, outgoing.events, false)];
}

/**
 * Sends a failed delivery's events again to the endpoint set now: same `webhookEventId`,
 * `replyToken` and `timestamp`, `isRedelivery: true`; each reply token's minute starts anew.
 */
export async function redeliverWebhook(
    services: Services,
    channel: Channel,
    endpoint: string,
    failed: DeliveryView,
): Promise<DeliveryView> {
    const events = failed.events.map((event): WebhookEvent => ({
        ...event,
        deliveryContext: { isRedelivery: true },
    }));
    const now = services.clock.now();
    services.store.write(channel.name, state => {
        for (const event of events) {
            if (typeof event.replyToken === "string") redeliverReplyToken(state, event.replyToken, now);
        }
    });
    return post(services, channel, endpoint, events, true);
}
