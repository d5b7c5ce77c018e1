import type { IdGenerator } from "./ids";
import { REDELIVERED_REPLY_TOKEN_MAX_AGE_MS, REPLY_TOKEN_TTL_MS } from "./limits";
import type { ChannelState, StoredReplyToken } from "./store";

/**
 * The life of a reply token, the one place both sides of it meet: webhook delivery hands tokens out,
 * the reply endpoint spends them (https://developers.line.biz/en/reference/messaging-api/#send-reply-message-reply-token).
 */

/** Makes a token for a repliable event delivered at `now` into the chat `chatId`. */
export function issueReplyToken(
    state: ChannelState,
    ids: IdGenerator,
    event: { readonly chatId: string; readonly webhookEventId: string; readonly eventTime: number },
    now: number,
): string {
    const replyToken = ids.replyToken();
    state.replyTokens.set(replyToken, { replyToken, ...event, deliveredAt: now, used: false });
    return replyToken;
}

/** A redelivery hands the same token over again: its minute starts anew, unless it is spent or too old. */
export function redeliverReplyToken(state: ChannelState, replyToken: string, now: number): void {
    const token = state.replyTokens.get(replyToken);
    if (token !== undefined) token.deliveredAt = now;
}

/** Whether LINE would still accept a reply with this token at `now`. */
function isReplyTokenLive(token: StoredReplyToken, now: number): boolean {
    return (
        !token.used &&
        now - token.deliveredAt <= REPLY_TOKEN_TTL_MS &&
        now - token.eventTime <= REDELIVERED_REPLY_TOKEN_MAX_AGE_MS
    );
}

/**
 * Spends a token: answers where the reply goes, or undefined when LINE would answer
 * 400 `Invalid reply token` (unknown, used, or expired). Tokens that can no longer be used are dropped.
 */
export function spendReplyToken(
    state: ChannelState,
    replyToken: string,
    now: number,
): StoredReplyToken | undefined {
    for (const [key, token] of state.replyTokens) {
        if (now - token.eventTime > REDELIVERED_REPLY_TOKEN_MAX_AGE_MS) state.replyTokens.delete(key);
    }
    const token = state.replyTokens.get(replyToken);
    if (token === undefined || !isReplyTokenLive(token, now)) return undefined;
    token.used = true;
    return token;
}
