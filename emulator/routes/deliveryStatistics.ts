import { countDeliveries } from "../deliveryCounts";
import { type ChannelContext, type Reply, ok } from "../http";
import { DELIVERY_STATISTICS_START_DATE } from "../limits";
import type { SendKind } from "../messageDelivery";
import { type Route, channelRoute } from "../router";
import { statisticsDay } from "../statisticsDay";

/**
 * `GET /v2/bot/message/delivery/{reply,push,multicast,broadcast}?date=yyyyMMdd`
 * (https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages): what the
 * bot's sends of that kind delivered on a UTC+9 day, `unready` until the day is over.
 */
function deliveries(kind: SendKind) {
    return (ctx: ChannelContext): Reply => {
        const now = ctx.services.clock.now();
        const day = statisticsDay(ctx.query.get("date"), DELIVERY_STATISTICS_START_DATE, now);
        if (day.status !== "ready") return ok({ status: day.status });
        const { chatLog } = ctx.services.store.read(ctx.channel.name);
        return ok({ status: "ready", success: countDeliveries(chatLog, day, [kind]) });
    };
}

const KINDS = [
    ["reply", "getNumberOfSentReplyMessages"],
    ["push", "getNumberOfSentPushMessages"],
    ["multicast", "getNumberOfSentMulticastMessages"],
    ["broadcast", "getNumberOfSentBroadcastMessages"],
] as const;

export const deliveryStatisticsRoutes: readonly Route[] = KINDS.map(([kind, operation]) =>
    channelRoute("GET", `/v2/bot/message/delivery/${kind}`, operation, deliveries(kind)),
);
