import { chatMessages } from "../chatLog";
import { LineErrorFactory } from "../errors";
import { type Reply, type RequestContext, ok } from "../http";
import type { MessageQuota } from "../store";
import { type Route, publicRoute } from "../router";
import { CONTROL_PREFIX, channelParam, readObject } from "./controlRequest";

/**
 * The control surface's side of sending: what a user's chat holds, and the month's target limit,
 * which LINE sets in the LINE Official Account Manager rather than through its API
 * (https://developers.line.biz/en/reference/messaging-api/#get-quota).
 */

/**
 * `GET /_emulator/channels/{name}/users/{userId}/chat`: the chat's messages, oldest first. A
 * narrowcast's messages show once it starts sending.
 */
function getChat(ctx: RequestContext): Reply {
    const name = channelParam(ctx);
    const now = ctx.services.clock.now();
    const messages = chatMessages(ctx.services.store.read(name), ctx.params.userId ?? "")
        .filter(m => m.sentAt <= now)
        .map(({ id, from, via, message, sentAt }) => ({
            id,
            from,
            via,
            message,
            sentAt: new Date(sentAt).toISOString(),
        }));
    return ok({ messages });
}

/** `PUT /_emulator/channels/{name}/quota` `{type: "none"}` or `{type: "limited", value}`. */
async function setQuota(ctx: RequestContext): Promise<Reply> {
    const name = channelParam(ctx);
    const body = await readObject(ctx);
    let quota: MessageQuota;
    if (body.type === "none") quota = { type: "none" };
    else if (
        body.type === "limited" &&
        typeof body.value === "number" &&
        Number.isSafeInteger(body.value) &&
        body.value >= 0
    )
        quota = { type: "limited", value: body.value };
    else
        throw LineErrorFactory.controlBadRequest(
            'give {type: "none"} or {type: "limited", value: n} with n >= 0',
        );
    ctx.services.store.write(name, state => {
        state.messageQuota = quota;
    });
    return ok(quota);
}

export const messagingControlRoutes: readonly Route[] = [
    publicRoute("GET", `${CONTROL_PREFIX}/channels/{name}/users/{userId}/chat`, "getChat", getChat),
    publicRoute("PUT", `${CONTROL_PREFIX}/channels/{name}/quota`, "setQuota", setQuota),
];
