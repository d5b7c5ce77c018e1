import { LineErrorFactory } from "../errors";
import { type ChannelContext, type Reply, type RequestContext, ok } from "../http";
import { USER_ID_PATTERN } from "../limits";
import { type Route, channelRoute, publicRoute } from "../router";
import { deliverWebhook } from "../webhookDelivery";
import { outgoingWebhook } from "../webhookEvents";
import { CONTROL_PREFIX, controlChannel, controlUser, readObject } from "./controlRequest";
import { pathParam } from "./lookup";

/**
 * Account linking (https://developers.line.biz/en/docs/messaging-api/linking-accounts/): LINE's issue
 * call for the bot, and the control route standing in for the user's browser, which completes the
 * link and raises the `accountLink` event (https://developers.line.biz/en/reference/messaging-api/#account-link-event).
 */

/** `POST /v2/bot/user/{userId}/linkToken` (https://developers.line.biz/en/reference/messaging-api/#issue-link-token). */
async function issueLinkToken(ctx: ChannelContext): Promise<Reply> {
    await ctx.discardBody();
    const userId = pathParam(ctx, "userId");
    if (!USER_ID_PATTERN.test(userId)) throw LineErrorFactory.invalidPathParameter("userId");
    const linkToken = ctx.services.ids.linkToken();
    ctx.services.linkTokens.issue(ctx.channel.name, userId, linkToken, ctx.services.clock.now());
    return ok({ linkToken });
}

/**
 * `POST /_emulator/channels/{name}/users/{userId}/account-link` `{linkToken, nonce}`: the user finishes
 * linking on the bot's site. An unknown, used, expired or another user's token fails, and LINE then
 * leaves the reply token out of the event. Answers `{link, deliveries}`.
 */
async function completeAccountLink(ctx: RequestContext): Promise<Reply> {
    const body = await readObject(ctx);
    const { linkToken, nonce } = body;
    if (typeof linkToken !== "string" || typeof nonce !== "string" || nonce === "")
        throw LineErrorFactory.controlBadRequest("give {linkToken, nonce} as strings");
    const channel = controlChannel(ctx);
    const { userId } = controlUser(ctx, channel.name);
    const { store, ids, clock, linkTokens } = ctx.services;
    const now = clock.now();
    const result = linkTokens.redeem(channel.name, userId, linkToken, now) ? "ok" : "failed";
    const link = { result, nonce };
    const outgoing = store.write(channel.name, state =>
        outgoingWebhook(
            state,
            ids,
            [{ type: "accountLink", userId, fields: { link }, repliable: result === "ok" }],
            now,
        ),
    );
    return ok({ link, deliveries: await deliverWebhook(ctx.services, channel, outgoing) });
}

export const accountLinkRoutes: readonly Route[] = [
    channelRoute("POST", "/v2/bot/user/{userId}/linkToken", "issueLinkToken", issueLinkToken),
];

export const accountLinkControlRoutes: readonly Route[] = [
    publicRoute(
        "POST",
        `${CONTROL_PREFIX}/channels/{name}/users/{userId}/account-link`,
        "completeAccountLink",
        completeAccountLink,
    ),
];
