import { appendChatMessage } from "../chatLog";
import type { DeliveryView } from "../deliveryLog";
import { LineErrorFactory } from "../errors";
import { type Reply, type RequestContext, ok } from "../http";
import { TEXT_MESSAGE_MAX_LENGTH, USER_ID_PATTERN } from "../limits";
import { type Route, publicRoute } from "../router";
import type { ChannelState, StoredUser } from "../store";
import {
    type UserProfileInput,
    type UserView,
    befriendUser,
    blockUser,
    unblockUser,
    userView,
} from "../users";
import type { JsonObject, JsonValue } from "../validation/json";
import { deliverWebhook } from "../webhookDelivery";
import { type RaisedEvent, outgoingWebhook, textMessageContent } from "../webhookEvents";
import { CONTROL_PREFIX, controlChannel, controlUser, readObject } from "./controlRequest";

/**
 * The control routes for simulated users: adding them as friends, listing them, blocking and
 * unblocking the bot, and typing a message. Each raises the webhook event LINE would send
 * (https://developers.line.biz/en/reference/messaging-api/#webhook-event-objects) and answers the
 * delivery, so the caller sees at once what the bot got.
 */

const MAX_USERS_PER_CALL = 10_000;
const PROFILE_FIELDS = ["displayName", "pictureUrl", "statusMessage", "language"] as const;

function readProfile(value: JsonValue, index: number): UserProfileInput {
    if (typeof value !== "object" || value === null || Array.isArray(value))
        throw LineErrorFactory.controlBadRequest(`users[${index}] must be an object`);
    const entry = value as JsonObject;
    const profile: Record<string, string> = {};
    for (const field of ["userId", ...PROFILE_FIELDS] as const) {
        const given = entry[field];
        if (given === undefined) continue;
        if (typeof given !== "string" || given === "")
            throw LineErrorFactory.controlBadRequest(`users[${index}].${field} must be a non-empty string`);
        profile[field] = given;
    }
    if (profile.userId !== undefined && !USER_ID_PATTERN.test(profile.userId))
        throw LineErrorFactory.controlBadRequest(`users[${index}].userId must match ${USER_ID_PATTERN}`);
    return profile;
}

/** `{users: [...]}`, `{userIds: [...]}` or `{count}`, as profiles with every user ID filled in. */
function readNewUsers(ctx: RequestContext, body: JsonObject): (UserProfileInput & { userId: string })[] {
    let profiles: UserProfileInput[];
    if (Array.isArray(body.users)) profiles = body.users.map(readProfile);
    else if (Array.isArray(body.userIds)) {
        profiles = body.userIds.map(id => {
            if (typeof id !== "string" || !USER_ID_PATTERN.test(id))
                throw LineErrorFactory.controlBadRequest(`userIds must match ${USER_ID_PATTERN}`);
            return { userId: id };
        });
    } else if (typeof body.count === "number" && Number.isInteger(body.count) && body.count >= 1) {
        profiles = Array.from({ length: body.count }, () => ({}));
    } else {
        throw LineErrorFactory.controlBadRequest("give {count: n}, {userIds: [...]} or {users: [...]}");
    }
    if (profiles.length > MAX_USERS_PER_CALL)
        throw LineErrorFactory.controlBadRequest(`at most ${MAX_USERS_PER_CALL} users per call`);
    return profiles.map(p => ({ ...p, userId: p.userId ?? ctx.services.ids.userId() }));
}

/**
 * `POST /_emulator/channels/{name}/users`: the users add the bot as a friend. A user who did not follow
 * it yet raises `follow` (https://developers.line.biz/en/reference/messaging-api/#follow-event);
 * `isUnblocked` says whether they were blocking it. Answers the IDs and the delivery.
 */
async function addUsers(ctx: RequestContext): Promise<Reply> {
    const channel = controlChannel(ctx);
    const profiles = readNewUsers(ctx, await readObject(ctx));
    const { store, ids, clock } = ctx.services;
    const outgoing = store.write(channel.name, state => {
        const raised: RaisedEvent[] = [];
        for (const profile of profiles) {
            const change = befriendUser(state, profile.userId, profile);
            if (change.followed)
                raised.push({
                    type: "follow",
                    userId: change.userId,
                    fields: { follow: { isUnblocked: change.wasBlocked } },
                });
        }
        return outgoingWebhook(state, ids, raised, clock.now());
    });
    const deliveries = await deliverWebhook(ctx.services, channel, outgoing);
    return ok({ userIds: profiles.map(p => p.userId), deliveries });
}

/** `GET /_emulator/channels/{name}/users`: everyone the channel met, with whether they follow or block it. */
function listUsers(ctx: RequestContext): Reply {
    const state = ctx.services.store.read(controlChannel(ctx).name);
    return ok({ users: [...state.users.values()].map(user => userView(state, user)) });
}

/** Runs a change on the path's user and delivers the events it raises; answers the user and the deliveries. */
async function actAsUser(
    ctx: RequestContext,
    act: (state: ChannelState, user: StoredUser) => RaisedEvent[],
): Promise<{ user: UserView; deliveries: DeliveryView[] }> {
    const channel = controlChannel(ctx);
    const { userId } = controlUser(ctx, channel.name);
    const { store, ids, clock } = ctx.services;
    const outgoing = store.write(channel.name, state => {
        const user = state.users.get(userId);
        return user === undefined ? undefined : outgoingWebhook(state, ids, act(state, user), clock.now());
    });
    const deliveries = await deliverWebhook(ctx.services, channel, outgoing);
    const state = store.read(channel.name);
    const user = state.users.get(userId);
    if (user === undefined) throw LineErrorFactory.controlNotFound(`the channel has no user ${userId}`);
    return { user: userView(state, user), deliveries };
}

/** `POST .../users/{userId}/block`: `unfollow` (https://developers.line.biz/en/reference/messaging-api/#unfollow-event), no reply token. */
async function block(ctx: RequestContext): Promise<Reply> {
    await ctx.discardBody();
    const channel = controlChannel(ctx);
    if (controlUser(ctx, channel.name).blocked)
        throw LineErrorFactory.controlBadRequest("the user already blocks the bot");
    return ok(
        await actAsUser(ctx, (state, user) =>
            blockUser(state, user) ? [{ type: "unfollow", userId: user.userId, fields: {} }] : [],
        ),
    );
}

/** `POST .../users/{userId}/unblock`: `follow` with `isUnblocked: true`. */
async function unblock(ctx: RequestContext): Promise<Reply> {
    await ctx.discardBody();
    const channel = controlChannel(ctx);
    if (!controlUser(ctx, channel.name).blocked)
        throw LineErrorFactory.controlBadRequest("the user does not block the bot");
    return ok(
        await actAsUser(ctx, (state, user) => {
            unblockUser(state, user);
            return [{ type: "follow", userId: user.userId, fields: { follow: { isUnblocked: true } } }];
        }),
    );
}

/** `POST .../users/{userId}/messages` `{text}`: the user types a message (https://developers.line.biz/en/reference/messaging-api/#wh-text). */
async function typeMessage(ctx: RequestContext): Promise<Reply> {
    const body = await readObject(ctx);
    const { text } = body;
    if (typeof text !== "string" || text === "" || text.length > TEXT_MESSAGE_MAX_LENGTH)
        throw LineErrorFactory.controlBadRequest(`text must be 1 to ${TEXT_MESSAGE_MAX_LENGTH} characters`);
    const channel = controlChannel(ctx);
    if (controlUser(ctx, channel.name).blocked)
        throw LineErrorFactory.controlBadRequest("a user who blocks the bot cannot message it");
    let message: Record<string, unknown> = {};
    const answer = await actAsUser(ctx, (state, user) => {
        message = textMessageContent(ctx.services.ids, text);
        const sentAt = ctx.services.clock.now();
        appendChatMessage(state, {
            id: String(message.id),
            chatId: user.userId,
            from: "user",
            via: "user",
            message,
            sentAt,
        });
        return [{ type: "message", userId: user.userId, fields: { message } }];
    });
    return ok({ message, ...answer });
}

const USER = `${CONTROL_PREFIX}/channels/{name}/users/{userId}`;

export const simulatedUserRoutes: readonly Route[] = [
    publicRoute("POST", `${CONTROL_PREFIX}/channels/{name}/users`, "addUsers", addUsers),
    publicRoute("GET", `${CONTROL_PREFIX}/channels/{name}/users`, "listUsers", listUsers),
    publicRoute("POST", `${USER}/block`, "blockUser", block),
    publicRoute("POST", `${USER}/unblock`, "unblockUser", unblock),
    publicRoute("POST", `${USER}/messages`, "typeUserMessage", typeMessage),
];
