import { DELIVERY_LOG_MAX_ENTRIES } from "./limits";

/**
 * Every webhook delivery the emulator attempted, per channel, in memory and bounded: LINE shows a
 * channel's failed deliveries as statistics only
 * (https://developers.line.biz/en/docs/messaging-api/check-webhook-error-statistics/); the emulator
 * keeps each one whole so tests and the console can see what the bot was sent and what it answered.
 */

/** Why a delivery failed, in the words of LINE's webhook error statistics. */
export type DeliveryFailureReason =
    "could_not_connect" | "request_timeout" | "error_status_code" | "unclassified";

/** One POST to the bot server, as the control surface shows it. */
export interface DeliveryView {
    readonly id: string;
    readonly url: string;
    /** ISO time on the emulator's clock. */
    readonly sentAt: string;
    readonly isRedelivery: boolean;
    readonly status: "delivered" | "failed";
    readonly reason?: DeliveryFailureReason;
    /** The bot server's HTTP status, when it answered. */
    readonly statusCode?: number;
    /** The events exactly as sent. */
    readonly events: readonly Readonly<Record<string, unknown>>[];
}

export class DeliveryLog {
    private readonly byChannel = new Map<string, DeliveryView[]>();
    private seq = 0;

    /** The next delivery's ID: counted, so the same run gives the same IDs. */
    nextId(): string {
        return String(++this.seq);
    }

    add(channel: string, delivery: DeliveryView): void {
        const list = this.byChannel.get(channel) ?? [];
        list.push(delivery);
        if (list.length > DELIVERY_LOG_MAX_ENTRIES) list.splice(0, list.length - DELIVERY_LOG_MAX_ENTRIES);
        this.byChannel.set(channel, list);
    }

    list(channel: string): readonly DeliveryView[] {
        return this.byChannel.get(channel) ?? [];
    }

    get(channel: string, id: string): DeliveryView | undefined {
        return this.list(channel).find(delivery => delivery.id === id);
    }

    clear(): void {
        this.byChannel.clear();
        this.seq = 0;
    }
}
