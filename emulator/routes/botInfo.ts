import { type ChannelContext, type Reply, ok } from "../http";
import { type Route, channelRoute } from "../router";

/**
 * `GET /v2/bot/info` (https://developers.line.biz/en/reference/messaging-api/#get-bot-info). The emulated account has chat off (`bot` mode, so read marking is
 * `auto`), no premium ID and no picture, which LINE then leaves out of the answer.
 */
function getBotInfo(ctx: ChannelContext): Reply {
    const { botUserId, basicId, displayName } = ctx.channel;
    return ok({ userId: botUserId, basicId, displayName, chatMode: "bot", markAsReadMode: "auto" });
}

export const botInfoRoutes: readonly Route[] = [
    channelRoute("GET", "/v2/bot/info", "getBotInfo", getBotInfo),
];
