import { USER_A } from "../fixtures";
import type { ConformanceCase, ConformanceContext } from "./conformanceCase";

/** Messages: validated, sent, counted against the quota and by custom aggregation unit. */
export function messageCases({ call }: ConformanceContext): readonly ConformanceCase[] {
    const unknownUser = `U${"9".repeat(32)}`;
    const hi = { type: "text", text: "hi" };
    return [
        // message validation
        ...["Reply", "Push", "Multicast", "Narrowcast", "Broadcast"].map(kind => ({
            operationId: `validate${kind}`,
            status: 200,
            call: () =>
                call("POST", `/v2/bot/message/validate/${kind.toLowerCase()}`, {
                    json: { messages: [{ type: "text", text: "hi" }] },
                }),
        })),
        {
            operationId: "validatePush",
            status: 400,
            call: () => call("POST", "/v2/bot/message/validate/push", { json: { messages: [] } }),
        },
        // sending
        {
            operationId: "replyMessage",
            status: 400,
            call: () => call("POST", "/v2/bot/message/reply", { json: { replyToken: "x", messages: [hi] } }),
        },
        {
            operationId: "pushMessage",
            status: 200,
            call: () => call("POST", "/v2/bot/message/push", { json: { to: USER_A, messages: [hi] } }),
        },
        {
            operationId: "pushMessage",
            status: 400,
            call: () => call("POST", "/v2/bot/message/push", { json: { to: unknownUser, messages: [hi] } }),
        },
        {
            operationId: "multicast",
            status: 200,
            call: () => call("POST", "/v2/bot/message/multicast", { json: { to: [USER_A], messages: [hi] } }),
        },
        {
            operationId: "broadcast",
            status: 200,
            call: () => call("POST", "/v2/bot/message/broadcast", { json: { messages: [hi] } }),
        },
        {
            operationId: "narrowcast",
            status: 202,
            call: () => call("POST", "/v2/bot/message/narrowcast", { json: { messages: [hi] } }),
        },
        {
            operationId: "getNarrowcastProgress",
            status: 200,
            call: async () => {
                const sent = await call("POST", "/v2/bot/message/narrowcast", { json: { messages: [hi] } });
                return call("GET", `/v2/bot/message/progress/narrowcast?requestId=${sent.requestId ?? ""}`);
            },
        },
        { operationId: "getMessageQuota", status: 200, call: () => call("GET", "/v2/bot/message/quota") },
        // custom aggregation units
        {
            operationId: "pushMessage",
            status: 200,
            call: () =>
                call("POST", "/v2/bot/message/push", {
                    json: { to: USER_A, messages: [hi], customAggregationUnits: ["conformance"] },
                }),
        },
        {
            operationId: "multicast",
            status: 400,
            call: () =>
                call("POST", "/v2/bot/message/multicast", {
                    json: { to: [USER_A], messages: [hi], customAggregationUnits: ["not-a-name"] },
                }),
        },
        {
            operationId: "getAggregationUnitUsage",
            status: 200,
            call: () => call("GET", "/v2/bot/message/aggregation/info"),
        },
        {
            operationId: "getAggregationUnitNameList",
            status: 200,
            call: () => call("GET", "/v2/bot/message/aggregation/list?limit=1"),
        },
        {
            operationId: "getAggregationUnitNameList",
            status: 400,
            call: () => call("GET", "/v2/bot/message/aggregation/list?start=bogus"),
        },
        {
            operationId: "getMessageQuotaConsumption",
            status: 200,
            call: () => call("GET", "/v2/bot/message/quota/consumption"),
        },
        ...["Reply", "Push", "Multicast", "Broadcast"].map(kind => ({
            operationId: `getNumberOfSent${kind}Messages`,
            status: 200,
            call: () => call("GET", `/v2/bot/message/delivery/${kind.toLowerCase()}?date=20251231`),
        })),
    ];
}
