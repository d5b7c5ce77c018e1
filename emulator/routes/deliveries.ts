import { LineErrorFactory } from "../errors";
import { type Reply, type RequestContext, ok } from "../http";
import { type Route, publicRoute } from "../router";
import { redeliverWebhook } from "../webhookDelivery";
import { CONTROL_PREFIX, controlChannel, readObject } from "./controlRequest";

/**
 * The channel's webhook deliveries and the console's "Webhook redelivery" switch
 * (https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-redelivery). LINE
 * redelivers on its own schedule, which it does not publish; the emulator redelivers when asked, so a
 * test decides when the bot sees the retry.
 */

/** `GET /_emulator/channels/{name}/deliveries`: oldest first. */
function listDeliveries(ctx: RequestContext): Reply {
    return ok({ deliveries: ctx.services.deliveries.list(controlChannel(ctx).name) });
}

/** `PUT /_emulator/channels/{name}/webhook-redelivery` `{enabled}`. */
async function setRedelivery(ctx: RequestContext): Promise<Reply> {
    const body = await readObject(ctx);
    if (typeof body.enabled !== "boolean")
        throw LineErrorFactory.controlBadRequest("enabled must be a boolean");
    const enabled = body.enabled;
    ctx.services.store.write(controlChannel(ctx).name, state => {
        state.webhook.redelivery = enabled;
    });
    return ok({ enabled });
}

/**
 * `POST /_emulator/channels/{name}/deliveries/{id}/redeliver`: only a failed delivery, only while
 * redelivery and "Use webhook" are on and a URL is set. Answers the new delivery.
 */
async function redeliver(ctx: RequestContext): Promise<Reply> {
    await ctx.discardBody();
    const channel = controlChannel(ctx);
    const failed = ctx.services.deliveries.get(channel.name, ctx.params.id ?? "");
    if (failed === undefined) throw LineErrorFactory.controlNotFound("no such delivery");
    const { webhook } = ctx.services.store.read(channel.name);
    if (!webhook.redelivery) throw LineErrorFactory.controlBadRequest("webhook redelivery is off");
    if (!webhook.active || webhook.endpoint === undefined)
        throw LineErrorFactory.controlBadRequest("the webhook is off or has no URL");
    if (failed.status !== "failed")
        throw LineErrorFactory.controlBadRequest("only a failed delivery is redelivered");
    return ok(await redeliverWebhook(ctx.services, channel, webhook.endpoint, failed));
}

const CHANNEL = `${CONTROL_PREFIX}/channels/{name}`;

export const deliveryRoutes: readonly Route[] = [
    publicRoute("GET", `${CHANNEL}/deliveries`, "listDeliveries", listDeliveries),
    publicRoute("PUT", `${CHANNEL}/webhook-redelivery`, "setWebhookRedelivery", setRedelivery),
    publicRoute("POST", `${CHANNEL}/deliveries/{id}/redeliver`, "redeliverWebhook", redeliver),
];
