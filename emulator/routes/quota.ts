import { type ChannelContext, type Reply, ok } from "../http";
import { quotaConsumption } from "../quota";
import { type Route, channelRoute } from "../router";

/** `GET /v2/bot/message/quota` (https://developers.line.biz/en/reference/messaging-api/#get-quota): set with the control surface's `PUT .../quota`. */
function getMessageQuota(ctx: ChannelContext): Reply {
    return ok(ctx.services.store.read(ctx.channel.name).messageQuota);
}

/** `GET /v2/bot/message/quota/consumption` (https://developers.line.biz/en/reference/messaging-api/#get-consumption). */
function getMessageQuotaConsumption(ctx: ChannelContext): Reply {
    const state = ctx.services.store.read(ctx.channel.name);
    return ok({ totalUsage: quotaConsumption(state, ctx.services.clock.now()) });
}

export const quotaRoutes: readonly Route[] = [
    channelRoute("GET", "/v2/bot/message/quota", "getMessageQuota", getMessageQuota),
    channelRoute(
        "GET",
        "/v2/bot/message/quota/consumption",
        "getMessageQuotaConsumption",
        getMessageQuotaConsumption,
    ),
];
