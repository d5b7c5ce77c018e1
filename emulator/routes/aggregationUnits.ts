import { aggregationUnitsOf } from "../aggregationUnits";
import { pageOf, startOffset } from "../continuationTokens";
import { type ChannelContext, type Reply, integerQuery, ok } from "../http";
import { AGGREGATION_UNIT_LIST_DEFAULT_LIMIT, AGGREGATION_UNIT_LIST_MAX_LIMIT } from "../limits";
import { type Route, channelRoute } from "../router";

/**
 * The custom aggregation units used this month (UTC+9), as push and multicast recorded them
 * (https://developers.line.biz/en/docs/messaging-api/unit-based-statistics-aggregation/).
 */

/** `GET /v2/bot/message/aggregation/info` (https://developers.line.biz/en/reference/messaging-api/#get-number-of-units-used-this-month). */
function getAggregationUnitUsage(ctx: ChannelContext): Reply {
    const state = ctx.services.store.read(ctx.channel.name);
    return ok({ numOfCustomAggregationUnits: aggregationUnitsOf(state, ctx.services.clock.now()).length });
}

/**
 * `GET /v2/bot/message/aggregation/list` (https://developers.line.biz/en/reference/messaging-api/#get-name-list-of-units-used-this-month):
 * up to `limit` names (100 at most), `next` while more remain. LINE publishes no wording for a bad
 * `limit`; it is answered like LINE's other integer query parameters.
 */
function getAggregationUnitNameList(ctx: ChannelContext): Reply {
    const limit = integerQuery(
        ctx,
        "limit",
        AGGREGATION_UNIT_LIST_DEFAULT_LIMIT,
        1,
        AGGREGATION_UNIT_LIST_MAX_LIMIT,
    );
    const names = aggregationUnitsOf(ctx.services.store.read(ctx.channel.name), ctx.services.clock.now());
    const offset = startOffset(ctx.query.get("start"), "units", names.length);
    const { items, next } = pageOf(names, "units", offset, limit);
    return ok({ customAggregationUnits: items, ...(next !== undefined && { next }) });
}

export const aggregationUnitRoutes: readonly Route[] = [
    channelRoute(
        "GET",
        "/v2/bot/message/aggregation/info",
        "getAggregationUnitUsage",
        getAggregationUnitUsage,
    ),
    channelRoute(
        "GET",
        "/v2/bot/message/aggregation/list",
        "getAggregationUnitNameList",
        getAggregationUnitNameList,
    ),
];
