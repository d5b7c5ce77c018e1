import { USER_A } from "../fixtures";
import type { ConformanceCase, ConformanceContext, Fixture } from "./conformanceCase";

/**
 * The bot's side of the channel: its webhook endpoint, its info, its users, and the group and
 * multi-person chats it is in.
 */
export function botCases({ line, call }: ConformanceContext): readonly ConformanceCase[] {
    return [
        // webhook
        {
            operationId: "setWebhookEndpoint",
            status: 200,
            call: () =>
                call("PUT", "/v2/bot/channel/webhook/endpoint", {
                    json: { endpoint: "https://127.0.0.1:9/hook" },
                }),
        },
        {
            operationId: "getWebhookEndpoint",
            status: 200,
            call: () => call("GET", "/v2/bot/channel/webhook/endpoint"),
        },
        {
            operationId: "testWebhookEndpoint",
            status: 200,
            call: () => call("POST", "/v2/bot/channel/webhook/test", { json: {} }),
        },
        // bot info
        { operationId: "getBotInfo", status: 200, call: () => call("GET", "/v2/bot/info") },
        {
            operationId: "getBotInfo",
            status: 401,
            call: () => call("GET", "/v2/bot/info", { token: "wrong" }),
        },
        // users
        { operationId: "getProfile", status: 200, call: () => call("GET", `/v2/bot/profile/${USER_A}`) },
        {
            operationId: "getProfile",
            status: 404,
            call: () => call("GET", `/v2/bot/profile/U${"0".repeat(32)}`),
        },
        {
            operationId: "getFollowers",
            status: 200,
            call: () => call("GET", "/v2/bot/followers/ids?limit=1"),
        },
        {
            operationId: "getFollowers",
            status: 400,
            call: () => call("GET", "/v2/bot/followers/ids?start=nope"),
        },
        {
            operationId: "issueLinkToken",
            status: 200,
            call: () => call("POST", `/v2/bot/user/${USER_A}/linkToken`),
        },
        // group chats
        ...(
            [
                ["getGroupSummary", "summary"],
                ["getGroupMemberCount", "members/count"],
                ["getGroupMembersIds", "members/ids"],
                ["getGroupMemberProfile", `member/${USER_A}`],
            ] as const
        ).map(([operationId, tail]) => ({
            operationId,
            status: 200,
            call: (f: Fixture) => call("GET", `/v2/bot/group/${f.groupId}/${tail}`),
        })),
        {
            operationId: "getGroupSummary",
            status: 404,
            call: () => call("GET", `/v2/bot/group/C${"0".repeat(32)}/summary`),
        },
        {
            operationId: "leaveGroup",
            status: 200,
            call: async () => {
                const made = await line.controlCall<{ groupId: string }>("POST", "/groups", {
                    memberIds: [USER_A],
                });
                return call("POST", `/v2/bot/group/${made.body.groupId}/leave`);
            },
        },
        // multi-person chats (rooms)
        ...(
            [
                ["getRoomMemberCount", "members/count"],
                ["getRoomMembersIds", "members/ids"],
                ["getRoomMemberProfile", `member/${USER_A}`],
            ] as const
        ).map(([operationId, tail]) => ({
            operationId,
            status: 200,
            call: (f: Fixture) => call("GET", `/v2/bot/room/${f.roomId}/${tail}`),
        })),
        {
            operationId: "getRoomMemberCount",
            status: 404,
            call: () => call("GET", `/v2/bot/room/R${"0".repeat(32)}/members/count`),
        },
        {
            operationId: "leaveRoom",
            status: 200,
            call: async () => {
                const made = await line.controlCall<{ roomId: string }>("POST", "/rooms", {
                    memberIds: [USER_A],
                });
                return call("POST", `/v2/bot/room/${made.body.roomId}/leave`);
            },
        },
    ];
}
