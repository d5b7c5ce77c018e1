import { recordAggregationUnit } from "../aggregationUnits";
import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, ok } from "../http";
import {
    type Send,
    type SendKind,
    canReceive,
    deliver,
    deliverToAll,
    isKnownChat,
    newSentMessages,
    reachableFriends,
} from "../messageDelivery";
import { requireQuota } from "../quota";
import { spendReplyToken } from "../replyTokens";
import { acceptRetryKey, requireFreshRetryKey, retryKeyOf } from "../retryKeys";
import { type Route, channelRoute } from "../router";
import {
    readBroadcastRequest,
    readMulticastRequest,
    readPushRequest,
    readReplyRequest,
} from "../validation/send";

/**
 * Reply, push, multicast and broadcast (https://developers.line.biz/en/reference/messaging-api/#messages).
 * Each reads and validates the whole body first, then checks the retry key and the quota, and only
 * then delivers: a refused send leaves no trace. Push and multicast note their custom aggregation unit
 * once sent, even when nobody could receive it. Narrowcast, which completes later, is in `narrowcast.ts`.
 */

function sendOf(ctx: ChannelContext, via: SendKind, messages: readonly unknown[]): Send {
    return { via, requestId: ctx.requestId, messages, sentAt: ctx.services.clock.now() };
}

/** `POST /v2/bot/message/reply` (https://developers.line.biz/en/reference/messaging-api/#send-reply-message): free, and no retry key. */
async function replyMessage(ctx: ChannelContext): Promise<Reply> {
    const body = readReplyRequest(await ctx.readJson());
    const { store, ids } = ctx.services;
    const send = sendOf(ctx, "reply", body.messages);
    const sentMessages = store.write(ctx.channel.name, state => {
        const token = spendReplyToken(state, body.replyToken, send.sentAt);
        if (token === undefined) throw LineErrorFactory.invalidReplyToken();
        return deliver(state, token.chatId, send, newSentMessages(ids, send.messages));
    });
    return ok({ sentMessages });
}

/**
 * `POST /v2/bot/message/push` (https://developers.line.biz/en/reference/messaging-api/#send-push-message):
 * an ID the channel never met fails; a known user who cannot receive it gets nothing, and the push
 * still answers its `sentMessages`.
 */
async function pushMessage(ctx: ChannelContext): Promise<Reply> {
    const retryKey = retryKeyOf(ctx);
    const body = readPushRequest(await ctx.readJson());
    const { store, ids } = ctx.services;
    const send = sendOf(ctx, "push", body.messages);
    const sentMessages = store.write(ctx.channel.name, state => {
        requireFreshRetryKey(state, retryKey, send.sentAt);
        if (!isKnownChat(state, body.to)) throw LineErrorFactory.failedToSendMessages();
        const receives = canReceive(state, body.to, send.sentAt);
        requireQuota(state, send.sentAt, receives ? 1 : 0);
        const sent = newSentMessages(ids, send.messages);
        if (receives) deliver(state, body.to, send, sent);
        recordAggregationUnit(state, body.customAggregationUnit, send.sentAt);
        acceptRetryKey(state, retryKey, {
            requestId: send.requestId,
            acceptedAt: send.sentAt,
            sentMessages: sent,
        });
        return sent;
    });
    return ok({ sentMessages });
}

/** `POST /v2/bot/message/multicast` (https://developers.line.biz/en/reference/messaging-api/#send-multicast-message): users who cannot receive it are skipped. */
async function multicast(ctx: ChannelContext): Promise<Reply> {
    const retryKey = retryKeyOf(ctx);
    const body = readMulticastRequest(await ctx.readJson());
    const send = sendOf(ctx, "multicast", body.messages);
    ctx.services.store.write(ctx.channel.name, state => {
        requireFreshRetryKey(state, retryKey, send.sentAt);
        const recipients = [...new Set(body.to)].filter(id => canReceive(state, id, send.sentAt));
        requireQuota(state, send.sentAt, recipients.length);
        deliverToAll(state, ctx.services.ids, recipients, send);
        recordAggregationUnit(state, body.customAggregationUnit, send.sentAt);
        acceptRetryKey(state, retryKey, { requestId: send.requestId, acceptedAt: send.sentAt });
    });
    return ok();
}

/**
 * `POST /v2/bot/message/broadcast` (https://developers.line.biz/en/reference/messaging-api/#send-broadcast-message):
 * every friend who has not blocked the bot. It is recorded like the control surface's broadcasts,
 * so click and impression audiences can be made from its request ID.
 */
async function broadcast(ctx: ChannelContext): Promise<Reply> {
    const retryKey = retryKeyOf(ctx);
    const body = readBroadcastRequest(await ctx.readJson());
    const send = sendOf(ctx, "broadcast", body.messages);
    ctx.services.store.write(ctx.channel.name, state => {
        requireFreshRetryKey(state, retryKey, send.sentAt);
        const recipients = reachableFriends(state);
        requireQuota(state, send.sentAt, recipients.length);
        deliverToAll(state, ctx.services.ids, recipients, send);
        const { requestId, sentAt } = send;
        state.broadcasts.set(requestId, {
            requestId,
            type: "broadcast",
            sentAt,
            recipients: recipients.length,
        });
        acceptRetryKey(state, retryKey, { requestId, acceptedAt: sentAt });
    });
    return ok();
}

export const messageRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/message/reply", "replyMessage", replyMessage),
    channelRoute("POST", "/v2/bot/message/push", "pushMessage", pushMessage, { retryKey: true }),
    channelRoute("POST", "/v2/bot/message/multicast", "multicast", multicast, { retryKey: true }),
    channelRoute("POST", "/v2/bot/message/broadcast", "broadcast", broadcast, { retryKey: true }),
];
