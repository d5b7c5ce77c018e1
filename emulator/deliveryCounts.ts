import type { SendKind } from "./messageDelivery";
import type { StoredChatMessage } from "./store";

/**
 * How many deliveries the bot's sends made in a time range, counted as LINE bills them: one per
 * recipient of a request, whatever the number of message objects
 * (https://developers.line.biz/en/docs/messaging-api/pricing/). The quota, the delivery statistics
 * and the insight all count from the chat log through this one function.
 */
export function countDeliveries(
    chatLog: readonly StoredChatMessage[],
    range: { readonly start: number; readonly end: number },
    kinds: readonly SendKind[],
): number {
    const seen = new Set<string>();
    for (const message of chatLog) {
        if (message.from !== "bot" || message.sentAt < range.start || message.sentAt >= range.end) continue;
        if (!(kinds as readonly string[]).includes(message.via)) continue;
        seen.add(`${message.requestId ?? message.id}\u0000${message.chatId}`);
    }
    return seen.size;
}
