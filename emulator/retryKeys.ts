import { LineErrorFactory } from "./errors";
import type { RequestContext } from "./http";
import { RETRY_KEY_PATTERN, RETRY_KEY_TTL_MS } from "./limits";
import type { ChannelState, DeepReadonly, StoredRetryKey } from "./store";

/**
 * `X-Line-Retry-Key` on push, multicast, narrowcast and broadcast
 * (https://developers.line.biz/en/docs/messaging-api/retrying-api-request/): a key a send was
 * accepted with is kept 24 hours; sending it again in that time answers 409 and sends nothing.
 * The server refuses the header on every other route.
 */

/** The request's retry key, if any; one that is not a UUID is refused. */
export function retryKeyOf(ctx: RequestContext): string | undefined {
    const header = ctx.req.headers["x-line-retry-key"];
    if (header === undefined) return undefined;
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || !RETRY_KEY_PATTERN.test(key)) throw LineErrorFactory.invalidRetryKey();
    return key.toLowerCase();
}

/** Throws LINE's 409 when `key` was accepted in the last 24 hours. */
export function requireFreshRetryKey(
    state: DeepReadonly<ChannelState>,
    key: string | undefined,
    now: number,
): void {
    if (key === undefined) return;
    const accepted = state.retryKeys.get(key);
    if (accepted === undefined || now - accepted.acceptedAt >= RETRY_KEY_TTL_MS) return;
    throw LineErrorFactory.retryKeyAccepted(accepted.requestId, accepted.sentMessages);
}

/** Remembers a key once its send was accepted; keys past their 24 hours are dropped on the way. */
export function acceptRetryKey(
    state: ChannelState,
    retryKey: string | undefined,
    accepted: Omit<StoredRetryKey, "retryKey">,
): void {
    for (const [key, stored] of state.retryKeys) {
        if (accepted.acceptedAt - stored.acceptedAt >= RETRY_KEY_TTL_MS) state.retryKeys.delete(key);
    }
    if (retryKey !== undefined) state.retryKeys.set(retryKey, { retryKey, ...accepted });
}
