import { countDeliveries } from "./deliveryCounts";
import { LineErrorFactory } from "./errors";
import { lineMonthRange } from "./lineDates";
import type { SendKind } from "./messageDelivery";
import type { ChannelState, DeepReadonly } from "./store";

/**
 * The monthly message quota (https://developers.line.biz/en/reference/messaging-api/#get-quota,
 * https://developers.line.biz/en/reference/messaging-api/#get-consumption). Replies are free; every
 * other send counts once per recipient it reaches. LINE's month runs in Japan time (UTC+9), so the
 * count starts again at 15:00 UTC on the last day of a month.
 */

const BILLED: readonly SendKind[] = ["push", "multicast", "broadcast", "narrowcast"];

/** This month's billed deliveries at `now`, narrowcasts still sending included (their reach is reserved). */
export function quotaConsumption(state: DeepReadonly<ChannelState>, now: number): number {
    return countDeliveries(state.chatLog, lineMonthRange(now), BILLED);
}

/** What is left of the month's target limit; Infinity when none is set. */
export function remainingQuota(state: DeepReadonly<ChannelState>, now: number): number {
    const quota = state.messageQuota;
    if (quota.type === "none") return Number.POSITIVE_INFINITY;
    return Math.max(0, quota.value - quotaConsumption(state, now));
}

/** Refuses a send that would reach more recipients than the month has left: 429 `You have reached your monthly limit.` */
export function requireQuota(state: DeepReadonly<ChannelState>, now: number, recipients: number): void {
    if (recipients > 0 && recipients > remainingQuota(state, now))
        throw LineErrorFactory.monthlyLimitReached();
}
