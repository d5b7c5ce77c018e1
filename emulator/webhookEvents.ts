import type { IdGenerator } from "./ids";
import { issueReplyToken } from "./replyTokens";
import type { ChannelState } from "./store";

/**
 * Webhook event objects (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects)
 * for what simulated users do. Every event gets LINE's common properties
 * (https://developers.line.biz/en/reference/messaging-api/#common-properties); repliable ones a reply
 * token (https://developers.line.biz/en/reference/messaging-api/#send-reply-message-reply-token).
 */

export type WebhookEvent = Readonly<Record<string, unknown>>;

/** Something a user did that LINE reports to the bot, before the common properties. */
export interface RaisedEvent {
    readonly type:
        | "follow"
        | "unfollow"
        | "message"
        | "postback"
        | "accountLink"
        | "join"
        | "leave"
        | "memberJoined"
        | "memberLeft";
    /** The user who acted; absent for join and leave, which come from the group itself. */
    readonly userId?: string;
    /** The group chat it happened in; a 1:1 chat when absent (and no `roomId`). */
    readonly groupId?: string;
    /** The multi-person chat (room) it happened in. */
    readonly roomId?: string;
    /** The event's own properties: `follow`, `message`, `postback`, `link`. */
    readonly fields: Readonly<Record<string, unknown>>;
    /** False where LINE leaves the reply token out of a repliable type (a failed account link). */
    readonly repliable?: boolean;
}

/** Events waiting to be POSTed to the endpoint that was set when they happened. */
export interface OutgoingWebhook {
    readonly endpoint: string;
    readonly events: readonly WebhookEvent[];
}

/** Unfollow, leave and memberLeft carry no reply token: nobody who left can see a reply. */
const REPLIABLE: ReadonlySet<RaisedEvent["type"]> = new Set([
    "follow",
    "message",
    "postback",
    "accountLink",
    "join",
    "memberJoined",
]);

/** The event's `source` (https://developers.line.biz/en/reference/messaging-api/#source-user). */
function sourceOf(raised: RaisedEvent): Record<string, string> {
    const user: Record<string, string> = raised.userId === undefined ? {} : { userId: raised.userId };
    if (raised.groupId !== undefined) return { type: "group", groupId: raised.groupId, ...user };
    if (raised.roomId !== undefined) return { type: "room", roomId: raised.roomId, ...user };
    return { type: "user", ...user };
}

function webhookEvent(state: ChannelState, ids: IdGenerator, raised: RaisedEvent, now: number): WebhookEvent {
    const webhookEventId = ids.webhookEventId();
    const replyToken =
        (raised.repliable ?? REPLIABLE.has(raised.type))
            ? issueReplyToken(
                  state,
                  ids,
                  {
                      chatId: raised.groupId ?? raised.roomId ?? raised.userId ?? "",
                      webhookEventId,
                      eventTime: now,
                  },
                  now,
              )
            : undefined;
    return {
        type: raised.type,
        ...(replyToken !== undefined && { replyToken }),
        ...raised.fields,
        source: sourceOf(raised),
        timestamp: now,
        mode: "active",
        webhookEventId,
        deliveryContext: { isRedelivery: false },
    };
}

/**
 * The events to send for what happened, or undefined when the bot gets none: LINE sends events only
 * while a webhook URL is set and "Use webhook" is on (https://developers.line.biz/en/docs/messaging-api/receiving-messages/).
 * Call it inside the state write that made the change, so reply tokens land in the same state.
 */
export function outgoingWebhook(
    state: ChannelState,
    ids: IdGenerator,
    raised: readonly RaisedEvent[],
    now: number,
): OutgoingWebhook | undefined {
    const { endpoint, active } = state.webhook;
    if (endpoint === undefined || !active || raised.length === 0) return undefined;
    return { endpoint, events: raised.map(event => webhookEvent(state, ids, event, now)) };
}

/** A text message event's `message` (https://developers.line.biz/en/reference/messaging-api/#wh-text). */
export function textMessageContent(ids: IdGenerator, text: string): Record<string, unknown> {
    return { type: "text", id: ids.messageId(), quoteToken: ids.quoteToken(), text };
}
