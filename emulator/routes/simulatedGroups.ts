import { appendChatMessage } from "../chatLog";
import { LineErrorFactory } from "../errors";
import { createGroup, joinGroup, joinedGroup, leaveGroup } from "../groups";
import { type Reply, type RequestContext, ok } from "../http";
import { GROUP_ID_PATTERN, TEXT_MESSAGE_MAX_LENGTH, USER_ID_PATTERN } from "../limits";
import { type Route, publicRoute } from "../router";
import type { ChannelState, StoredGroup } from "../store";
import type { JsonValue } from "../validation/json";
import { deliverWebhook } from "../webhookDelivery";
import { type RaisedEvent, outgoingWebhook, textMessageContent } from "../webhookEvents";
import { CONTROL_PREFIX, controlChannel, readObject } from "./controlRequest";

/**
 * The control routes for group chats (https://developers.line.biz/en/docs/messaging-api/group-chats/):
 * users invite the bot to a group, join and leave it, and talk in it. Each raises LINE's event with a
 * group source (https://developers.line.biz/en/reference/messaging-api/#source-group) and answers the delivery.
 */

function readUserIds(value: JsonValue | undefined, name: string): string[] {
    if (!Array.isArray(value) || value.some(id => typeof id !== "string" || !USER_ID_PATTERN.test(id)))
        throw LineErrorFactory.controlBadRequest(`${name} must be user IDs matching ${USER_ID_PATTERN}`);
    return value as string[];
}

function groupIdParam(ctx: RequestContext, channel: string): string {
    const groupId = ctx.params.groupId ?? "";
    if (!GROUP_ID_PATTERN.test(groupId))
        throw LineErrorFactory.controlBadRequest(`groupId must match ${GROUP_ID_PATTERN}`);
    if (joinedGroup(ctx.services.store.read(channel).groups, groupId) === undefined)
        throw LineErrorFactory.controlNotFound(`the bot is in no group ${groupId}`);
    return groupId;
}

/** Applies a change to the path's group and delivers what it raises; answers the deliveries. */
async function actInGroup(
    ctx: RequestContext,
    act: (state: ChannelState, group: StoredGroup) => RaisedEvent[],
): Promise<Reply> {
    const channel = controlChannel(ctx);
    const groupId = groupIdParam(ctx, channel.name);
    const { store, ids, clock } = ctx.services;
    const outgoing = store.write(channel.name, state => {
        const group = joinedGroup(state.groups, groupId);
        return group === undefined ? undefined : outgoingWebhook(state, ids, act(state, group), clock.now());
    });
    return ok({ groupId, deliveries: await deliverWebhook(ctx.services, channel, outgoing) });
}

/** `POST /_emulator/channels/{name}/groups` `{memberIds, groupName?, pictureUrl?}`: the bot is invited; `join`. */
async function addGroup(ctx: RequestContext): Promise<Reply> {
    const body = await readObject(ctx);
    const memberIds = readUserIds(body.memberIds, "memberIds");
    const { groupName = "Group", pictureUrl } = body;
    if (typeof groupName !== "string" || (pictureUrl !== undefined && typeof pictureUrl !== "string"))
        throw LineErrorFactory.controlBadRequest("groupName and pictureUrl must be strings");
    const channel = controlChannel(ctx);
    const { store, ids, clock } = ctx.services;
    const groupId = ids.groupId();
    const outgoing = store.write(channel.name, state => {
        const raised = createGroup(state, {
            groupId,
            groupName,
            memberIds,
            ...(pictureUrl !== undefined && { pictureUrl }),
        });
        return outgoingWebhook(state, ids, raised, clock.now());
    });
    return ok({ groupId, deliveries: await deliverWebhook(ctx.services, channel, outgoing) });
}

/** `GET /_emulator/channels/{name}/groups`: every group, with whether the bot is still in it. */
function listGroups(ctx: RequestContext): Reply {
    return ok({ groups: [...ctx.services.store.read(controlChannel(ctx).name).groups.values()] });
}

/** `POST .../groups/{groupId}/members` `{userIds}`: `memberJoined`. */
async function addMembers(ctx: RequestContext): Promise<Reply> {
    const userIds = readUserIds((await readObject(ctx)).userIds, "userIds");
    return actInGroup(ctx, (state, group) => joinGroup(state, group, userIds));
}

/** `DELETE .../groups/{groupId}/members/{userId}`: `memberLeft`. */
async function removeMember(ctx: RequestContext): Promise<Reply> {
    await ctx.discardBody();
    const userId = ctx.params.userId ?? "";
    return actInGroup(ctx, (_state, group) => {
        if (!group.memberIds.includes(userId)) throw LineErrorFactory.controlNotFound("no such member");
        return leaveGroup(group, userId);
    });
}

/** `POST .../groups/{groupId}/messages` `{userId, text}`: a member talks in the group; `message`. */
async function groupMessage(ctx: RequestContext): Promise<Reply> {
    const { userId, text } = await readObject(ctx);
    if (typeof text !== "string" || text === "" || text.length > TEXT_MESSAGE_MAX_LENGTH)
        throw LineErrorFactory.controlBadRequest(`text must be 1 to ${TEXT_MESSAGE_MAX_LENGTH} characters`);
    if (typeof userId !== "string") throw LineErrorFactory.controlBadRequest("userId must be a member's ID");
    return actInGroup(ctx, (state, group) => {
        if (!group.memberIds.includes(userId))
            throw LineErrorFactory.controlBadRequest("only a member talks in the group");
        const message = textMessageContent(ctx.services.ids, text);
        const sentAt = ctx.services.clock.now();
        appendChatMessage(state, {
            id: String(message.id),
            chatId: group.groupId,
            from: "user",
            via: "user",
            message,
            sentAt,
        });
        return [{ type: "message", groupId: group.groupId, userId, fields: { message } }];
    });
}

const GROUP = `${CONTROL_PREFIX}/channels/{name}/groups/{groupId}`;

export const simulatedGroupRoutes: readonly Route[] = [
    publicRoute("POST", `${CONTROL_PREFIX}/channels/{name}/groups`, "addGroup", addGroup),
    publicRoute("GET", `${CONTROL_PREFIX}/channels/{name}/groups`, "listGroups", listGroups),
    publicRoute("POST", `${GROUP}/members`, "addGroupMembers", addMembers),
    publicRoute("DELETE", `${GROUP}/members/{userId}`, "removeGroupMember", removeMember),
    publicRoute("POST", `${GROUP}/messages`, "typeGroupMessage", groupMessage),
];
