import { USER_A, USER_B } from "../fixtures";
import type { ConformanceCase, ConformanceContext } from "./conformanceCase";

/** Audiences: uploaded as JSON or a file, built from clicks or impressions, renamed, read, listed and deleted. */
export function audienceCases({ call }: ConformanceContext): readonly ConformanceCase[] {
    const fileForm = (fields: Record<string, string>) => {
        const body = new FormData();
        for (const [k, v] of Object.entries(fields)) body.append(k, v);
        body.append("file", new Blob([`${USER_A}\n${USER_B}\n`], { type: "text/plain" }), "ids.txt");
        return body;
    };
    return [
        {
            operationId: "createAudienceGroup",
            status: 202,
            call: () =>
                call("POST", "/v2/bot/audienceGroup/upload", {
                    json: { description: "a", audiences: [{ id: USER_A }] },
                }),
        },
        {
            operationId: "addAudienceToAudienceGroup",
            status: 202,
            call: f =>
                call("PUT", "/v2/bot/audienceGroup/upload", {
                    json: { audienceGroupId: f.audienceGroupId, audiences: [{ id: USER_B }] },
                }),
        },
        {
            operationId: "createAudienceForUploadingUserIds",
            status: 202,
            call: () =>
                call("POST", "/v2/bot/audienceGroup/upload/byFile", {
                    body: fileForm({ description: "file" }),
                }),
        },
        {
            operationId: "addUserIdsToAudience",
            status: 202,
            call: f =>
                call("PUT", "/v2/bot/audienceGroup/upload/byFile", {
                    body: fileForm({ audienceGroupId: String(f.audienceGroupId) }),
                }),
        },
        {
            operationId: "createClickBasedAudienceGroup",
            status: 202,
            call: f =>
                call("POST", "/v2/bot/audienceGroup/click", {
                    json: { description: "c", requestId: f.broadcast, clickUrl: "https://example.com/" },
                }),
        },
        {
            operationId: "createImpBasedAudienceGroup",
            status: 202,
            call: f =>
                call("POST", "/v2/bot/audienceGroup/imp", {
                    json: { description: "i", requestId: f.broadcast },
                }),
        },
        {
            operationId: "updateAudienceGroupDescription",
            status: 200,
            call: f =>
                call("PUT", `/v2/bot/audienceGroup/${f.audienceGroupId}/updateDescription`, {
                    json: { description: "renamed" },
                }),
        },
        {
            operationId: "getAudienceData",
            status: 200,
            call: f => call("GET", `/v2/bot/audienceGroup/${f.audienceGroupId}`),
        },
        { operationId: "getAudienceData", status: 400, call: () => call("GET", "/v2/bot/audienceGroup/1") },
        {
            operationId: "getAudienceGroups",
            status: 200,
            call: () => call("GET", "/v2/bot/audienceGroup/list?page=1&size=40"),
        },
        {
            operationId: "deleteAudienceGroup",
            status: 202,
            specStatus: 200,
            call: async () => {
                const created = await call("POST", "/v2/bot/audienceGroup/upload", {
                    json: { description: "gone" },
                });
                return call(
                    "DELETE",
                    `/v2/bot/audienceGroup/${(created.body as { audienceGroupId: number }).audienceGroupId}`,
                );
            },
        },
    ];
}
