import { countDeliveries } from "../deliveryCounts";
import { type ChannelContext, type Reply, ok } from "../http";
import { INSIGHT_START_DATE } from "../limits";
import { lineDate } from "../lineDates";
import { type Route, channelRoute } from "../router";
import { statisticsDay } from "../statisticsDay";
import type { ChannelState, FollowerCounts } from "../store";

/**
 * Insight (https://developers.line.biz/en/reference/messaging-api/#get-insight), served from what
 * the emulator itself recorded: nothing is invented. LINE counts a day once it is over, so today
 * and later days are `unready`.
 */

/**
 * The counts as they stand: everyone who ever followed (friends and those who since blocked),
 * nobody reachable by demographic targeting (simulated users have no demographics), and blocks.
 */
function followerCountsNow(state: ChannelState): FollowerCounts {
    const blocks = [...state.users.values()].filter(u => u.blocked).length;
    const blockedFriends = [...state.users.values()].filter(
        u => u.blocked && state.friends.has(u.userId),
    ).length;
    return { followers: state.friends.size + blocks - blockedFriends, targetedReaches: 0, blocks };
}

/**
 * `GET /v2/bot/insight/followers?date=` (https://developers.line.biz/en/reference/messaging-api/#get-number-of-followers).
 * The emulator keeps no follow history, so each call notes the day's counts; a past day answers
 * what was last noted on or before it, and `unready` when nothing was.
 */
function getNumberOfFollowers(ctx: ChannelContext): Reply {
    const now = ctx.services.clock.now();
    const days = ctx.services.store.write(ctx.channel.name, state => {
        state.followerDays.set(lineDate(now), followerCountsNow(state));
        return state.followerDays;
    });
    const day = statisticsDay(ctx.query.get("date"), INSIGHT_START_DATE, now);
    if (day.status !== "ready") return ok({ status: day.status });
    const date = lineDate(day.start);
    const noted = [...days.keys()]
        .filter(d => d <= date)
        .sort()
        .at(-1);
    const counts = noted === undefined ? undefined : days.get(noted);
    return ok(counts === undefined ? { status: "unready" } : { status: "ready", ...counts });
}

/**
 * `GET /v2/bot/insight/message/delivery?date=` (https://developers.line.biz/en/reference/messaging-api/#get-number-of-delivery-messages).
 * The emulator has no LINE Official Account Manager, so its broadcasts, targeted messages, auto and
 * welcome responses and chats are 0; the API counts come from the chat log.
 */
function getNumberOfMessageDeliveries(ctx: ChannelContext): Reply {
    const now = ctx.services.clock.now();
    const day = statisticsDay(ctx.query.get("date"), INSIGHT_START_DATE, now);
    if (day.status !== "ready") return ok({ status: day.status });
    const { chatLog } = ctx.services.store.read(ctx.channel.name);
    return ok({
        status: "ready",
        broadcast: 0,
        targeting: 0,
        autoResponse: 0,
        welcomeResponse: 0,
        chat: 0,
        apiBroadcast: countDeliveries(chatLog, day, ["broadcast"]),
        apiPush: countDeliveries(chatLog, day, ["push"]),
        apiMulticast: countDeliveries(chatLog, day, ["multicast"]),
        apiNarrowcast: countDeliveries(chatLog, day, ["narrowcast"]),
        apiReply: countDeliveries(chatLog, day, ["reply"]),
    });
}

/** `GET /v2/bot/insight/demographic` (https://developers.line.biz/en/reference/messaging-api/#get-demographic): simulated users have no demographics. */
function getFriendsDemographics(): Reply {
    return ok({ available: false });
}

export const insightRoutes: readonly Route[] = [
    channelRoute("GET", "/v2/bot/insight/followers", "getNumberOfFollowers", getNumberOfFollowers),
    channelRoute(
        "GET",
        "/v2/bot/insight/message/delivery",
        "getNumberOfMessageDeliveries",
        getNumberOfMessageDeliveries,
    ),
    channelRoute("GET", "/v2/bot/insight/demographic", "getFriendsDemographics", getFriendsDemographics),
];
