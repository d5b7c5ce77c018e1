import { appendChatMessage } from "../chatLog";
import { LineErrorFactory } from "../errors";
import {
    type ChatKind,
    type StoredChat,
    chatIdOf,
    createChat,
    joinedChat,
    memberLeaves,
    membersJoin,
} from "../groups";
import { type Reply, type RequestContext, ok } from "../http";
import { GROUP_ID_PATTERN, ROOM_ID_PATTERN, TEXT_MESSAGE_MAX_LENGTH, USER_ID_PATTERN } from "../limits";
import { type Route, publicRoute } from "../router";
import type { ChannelState } from "../store";
import type { JsonValue } from "../validation/json";
import { deliverWebhook } from "../webhookDelivery";
import { type RaisedEvent, outgoingWebhook, textMessageContent } from "../webhookEvents";
import { CONTROL_PREFIX, controlChannel, readObject } from "./controlRequest";

/**
 * The control routes for group chats and multi-person chats (rooms)
 * (https://developers.line.biz/en/docs/messaging-api/group-chats/), the same for both kinds: users
 * invite the bot, join and leave, and talk. Each raises LINE's event with a group or room source
 * (https://developers.line.biz/en/reference/messaging-api/#source-group) and answers the delivery.
 * LINE sends a room's `join` at the first event after the bot is added; the emulator sends it at once.
 */

const ID_PATTERN = { group: GROUP_ID_PATTERN, room: ROOM_ID_PATTERN } as const;
const ID_KEY = { group: "groupId", room: "roomId" } as const;

function chatsOf(state: ChannelState, kind: ChatKind): Map<string, StoredChat> {
    return kind === "group" ? state.groups : state.rooms;
}

function readUserIds(value: JsonValue | undefined, name: string): string[] {
    if (!Array.isArray(value) || value.some(id => typeof id !== "string" || !USER_ID_PATTERN.test(id)))
        throw LineErrorFactory.controlBadRequest(`${name} must be user IDs matching ${USER_ID_PATTERN}`);
    return value as string[];
}

function chatIdParam(ctx: RequestContext, channel: string, kind: ChatKind): string {
    const chatId = ctx.params.chatId ?? "";
    if (!ID_PATTERN[kind].test(chatId))
        throw LineErrorFactory.controlBadRequest(`${ID_KEY[kind]} must match ${ID_PATTERN[kind]}`);
    const state = ctx.services.store.read(channel);
    const chats: ReadonlyMap<string, { readonly botIsMember: boolean }> =
        kind === "group" ? state.groups : state.rooms;
    if (joinedChat(chats, chatId) === undefined)
        throw LineErrorFactory.controlNotFound(`the bot is in no ${kind} ${chatId}`);
    return chatId;
}

/** Applies a change to the path's chat and delivers what it raises; answers the deliveries. */
async function actInChat(
    ctx: RequestContext,
    kind: ChatKind,
    act: (state: ChannelState, chat: StoredChat) => RaisedEvent[],
): Promise<Reply> {
    const channel = controlChannel(ctx);
    const chatId = chatIdParam(ctx, channel.name, kind);
    const { store, ids, clock } = ctx.services;
    const outgoing = store.write(channel.name, state => {
        const chat = joinedChat(chatsOf(state, kind), chatId);
        return chat === undefined ? undefined : outgoingWebhook(state, ids, act(state, chat), clock.now());
    });
    return ok({ [ID_KEY[kind]]: chatId, deliveries: await deliverWebhook(ctx.services, channel, outgoing) });
}

/**
 * `POST /_emulator/channels/{name}/groups` `{memberIds, groupName?, pictureUrl?}`, or `.../rooms`
 * `{memberIds}`: the bot is invited; `join`.
 */
const addChat = (kind: ChatKind) => async (ctx: RequestContext) => {
    const body = await readObject(ctx);
    const memberIds = readUserIds(body.memberIds, "memberIds");
    const { groupName = "Group", pictureUrl } = body;
    if (typeof groupName !== "string" || (pictureUrl !== undefined && typeof pictureUrl !== "string"))
        throw LineErrorFactory.controlBadRequest("groupName and pictureUrl must be strings");
    const channel = controlChannel(ctx);
    const { store, ids, clock } = ctx.services;
    const chatId = kind === "group" ? ids.groupId() : ids.roomId();
    const chat =
        kind === "group"
            ? { groupId: chatId, groupName, memberIds, ...(pictureUrl !== undefined && { pictureUrl }) }
            : { roomId: chatId, memberIds };
    const outgoing = store.write(channel.name, state =>
        outgoingWebhook(state, ids, createChat(state, chat), clock.now()),
    );
    return ok({ [ID_KEY[kind]]: chatId, deliveries: await deliverWebhook(ctx.services, channel, outgoing) });
};

/** `GET /_emulator/channels/{name}/groups` (or `rooms`): every chat, with whether the bot is still in it. */
const listChats = (kind: ChatKind) => (ctx: RequestContext) => {
    const state = ctx.services.store.read(controlChannel(ctx).name);
    return ok({ [`${kind}s`]: [...(kind === "group" ? state.groups : state.rooms).values()] });
};

/** `POST .../{groups|rooms}/{id}/members` `{userIds}`: `memberJoined`. */
const addMembers = (kind: ChatKind) => async (ctx: RequestContext) => {
    const userIds = readUserIds((await readObject(ctx)).userIds, "userIds");
    return actInChat(ctx, kind, (state, chat) => membersJoin(state, chat, userIds));
};

/** `DELETE .../{groups|rooms}/{id}/members/{userId}`: `memberLeft`. */
const removeMember = (kind: ChatKind) => async (ctx: RequestContext) => {
    await ctx.discardBody();
    const userId = ctx.params.userId ?? "";
    return actInChat(ctx, kind, (_state, chat) => {
        if (!chat.memberIds.includes(userId)) throw LineErrorFactory.controlNotFound("no such member");
        return memberLeaves(chat, userId);
    });
};

/** `POST .../{groups|rooms}/{id}/messages` `{userId, text}`: a member talks in the chat; `message`. */
const chatMessage = (kind: ChatKind) => async (ctx: RequestContext) => {
    const { userId, text } = await readObject(ctx);
    if (typeof text !== "string" || text === "" || text.length > TEXT_MESSAGE_MAX_LENGTH)
        throw LineErrorFactory.controlBadRequest(`text must be 1 to ${TEXT_MESSAGE_MAX_LENGTH} characters`);
    if (typeof userId !== "string") throw LineErrorFactory.controlBadRequest("userId must be a member's ID");
    return actInChat(ctx, kind, (state, chat) => {
        if (!chat.memberIds.includes(userId))
            throw LineErrorFactory.controlBadRequest(`only a member talks in the ${kind}`);
        const message = textMessageContent(ctx.services.ids, text);
        const chatId = chatIdOf(chat);
        const sentAt = ctx.services.clock.now();
        appendChatMessage(state, {
            id: String(message.id),
            chatId,
            from: "user",
            via: "user",
            message,
            sentAt,
        });
        return [{ type: "message", [ID_KEY[kind]]: chatId, userId, fields: { message } }];
    });
};

function chatRoutes(kind: ChatKind, operation: string): Route[] {
    const list = `${CONTROL_PREFIX}/channels/{name}/${kind}s`;
    const one = `${list}/{chatId}`;
    return [
        publicRoute("POST", list, `add${operation}`, addChat(kind)),
        publicRoute("GET", list, `list${operation}s`, listChats(kind)),
        publicRoute("POST", `${one}/members`, `add${operation}Members`, addMembers(kind)),
        publicRoute("DELETE", `${one}/members/{userId}`, `remove${operation}Member`, removeMember(kind)),
        publicRoute("POST", `${one}/messages`, `type${operation}Message`, chatMessage(kind)),
    ];
}

export const simulatedGroupRoutes: readonly Route[] = [
    ...chatRoutes("group", "Group"),
    ...chatRoutes("room", "Room"),
];
