import { type ChannelContext, type Reply, ok } from "../http";
import { type Route, channelRoute } from "../router";
import { validateMessagesRequest } from "../validation/message";

/** `POST /v2/bot/message/validate/{kind}` (https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-reply-message): the same contract for all five; nothing is sent. */
async function validateMessages(ctx: ChannelContext): Promise<Reply> {
    validateMessagesRequest(await ctx.readJson());
    return ok();
}

const KINDS = [
    ["reply", "validateReply"],
    ["push", "validatePush"],
    ["multicast", "validateMulticast"],
    ["narrowcast", "validateNarrowcast"],
    ["broadcast", "validateBroadcast"],
] as const;

export const messageValidationRoutes: readonly Route[] = KINDS.map(([kind, operation]) =>
    channelRoute("POST", `/v2/bot/message/validate/${kind}`, operation, validateMessages),
);
