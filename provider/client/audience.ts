import FormData from "form-data";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { LineProviderError } from "./errors";
import type { LineHttp } from "./http";
import type {
    AddAudienceToAudienceGroupRequest,
    AddUserIdsToAudienceRequest,
    AudienceGroup,
    CreateAudienceForUploadingUserIdsRequest,
    CreateAudienceGroupRequest,
    CreateAudienceGroupResponse,
    CreateClickBasedAudienceGroupRequest,
    CreateClickBasedAudienceGroupResponse,
    CreateImpBasedAudienceGroupRequest,
    CreateImpBasedAudienceGroupResponse,
    GetAudienceDataResponse,
    GetAudienceGroupAuthorityLevelResponse,
    GetAudienceGroupsRequest,
    GetAudienceGroupsResponse,
    UpdateAudienceGroupAuthorityLevelRequest,
    UpdateAudienceGroupDescriptionRequest,
} from "./types";

/**
 * Audiences. Creation is asynchronous (202, then `IN_PROGRESS` until `READY`), membership is append-only,
 * and an unknown audience is answered 400 `AUDIENCE_GROUP_NOT_FOUND` rather than 404 (see
 * `isLineNotFound`). Every audience endpoint is limited to 60 calls a minute.
 */

/**
 * The multipart body of the file uploads. The file is streamed from disk (lists can hold 1.5 million
 * IDs); it is checked first so that a missing file fails with its name, not as a broken upload.
 */
async function multipartWithFile(
    file: string,
    fields: Readonly<Record<string, string | undefined>>,
): Promise<FormData> {
    let size: number;
    try {
        const info = await stat(file);
        if (!info.isFile()) throw new Error("not a regular file");
        size = info.size;
    } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new LineProviderError(`Cannot read the audience file ${file}: ${reason}`);
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
        if (value !== undefined) form.append(name, value);
    }
    form.append("file", createReadStream(file), {
        filename: basename(file),
        contentType: "text/plain",
        knownLength: size,
    });
    return form;
}

/**
 * Creates an audience from up to 10,000 user IDs (or IFAs) sent as JSON. Never retried: a repeat after a
 * lost answer creates a second audience.
 *
 * Calls `POST https://api.line.me/v2/bot/audienceGroup/upload`.
 * @see https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group
 */
export async function createAudienceGroup(
    http: LineHttp,
    request: CreateAudienceGroupRequest,
): Promise<CreateAudienceGroupResponse> {
    const response = await http.request<CreateAudienceGroupResponse>({
        method: "POST",
        path: "/v2/bot/audienceGroup/upload",
        body: { kind: "json", value: request },
    });
    return response.data;
}

/**
 * Creates an audience from a text file of user IDs (or IFAs), one per line, up to 1,500,000, streamed
 * as multipart. Never retried: the stream is spent, and a repeat would create a second audience.
 *
 * Calls `POST https://api-data.line.me/v2/bot/audienceGroup/upload/byFile`.
 * @see https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file
 */
export async function createAudienceForUploadingUserIds(
    http: LineHttp,
    request: CreateAudienceForUploadingUserIdsRequest,
): Promise<CreateAudienceGroupResponse> {
    const form = await multipartWithFile(request.file, {
        description: request.description,
        isIfaAudience: request.isIfaAudience === undefined ? undefined : String(request.isIfaAudience),
        uploadDescription: request.uploadDescription,
    });
    const response = await http.request<CreateAudienceGroupResponse>({
        method: "POST",
        host: "data",
        path: "/v2/bot/audienceGroup/upload/byFile",
        body: { kind: "multipart", value: form },
    });
    return response.data;
}

/**
 * Adds up to 10,000 user IDs (or IFAs, matching the audience's type) as JSON. IDs can never be removed.
 * The audience stays `READY` while the new job runs; wait for the job to be `FINISHED`.
 *
 * Calls `PUT https://api.line.me/v2/bot/audienceGroup/upload`.
 * @see https://developers.line.biz/en/reference/messaging-api/#update-upload-audience-group
 */
export async function addAudienceToAudienceGroup(
    http: LineHttp,
    request: AddAudienceToAudienceGroupRequest,
): Promise<void> {
    await http.request({
        method: "PUT",
        path: "/v2/bot/audienceGroup/upload",
        body: { kind: "json", value: request },
    });
}

/**
 * Adds user IDs (or IFAs) from a text file, one per line, streamed as multipart. Not retried, since the
 * stream is spent by the first attempt.
 *
 * Calls `PUT https://api-data.line.me/v2/bot/audienceGroup/upload/byFile`.
 * @see https://developers.line.biz/en/reference/messaging-api/#update-upload-audience-group-by-file
 */
export async function addUserIdsToAudience(
    http: LineHttp,
    request: AddUserIdsToAudienceRequest,
): Promise<void> {
    const form = await multipartWithFile(request.file, {
        audienceGroupId: String(request.audienceGroupId),
        uploadDescription: request.uploadDescription,
    });
    await http.request({
        method: "PUT",
        host: "data",
        path: "/v2/bot/audienceGroup/upload/byFile",
        body: { kind: "multipart", value: form },
    });
}

/**
 * Creates an audience of the users who clicked a URL (or any URL) in a broadcast or narrowcast, named by
 * that send's `x-line-request-id` (at most 60 days old). Never retried.
 *
 * Calls `POST https://api.line.me/v2/bot/audienceGroup/click`.
 * @see https://developers.line.biz/en/reference/messaging-api/#create-click-audience-group
 */
export async function createClickBasedAudienceGroup(
    http: LineHttp,
    request: CreateClickBasedAudienceGroupRequest,
): Promise<CreateClickBasedAudienceGroupResponse> {
    const response = await http.request<CreateClickBasedAudienceGroupResponse>({
        method: "POST",
        path: "/v2/bot/audienceGroup/click",
        body: { kind: "json", value: request },
    });
    return response.data;
}

/**
 * Creates an audience of the users who saw a broadcast or narrowcast, named by that send's
 * `x-line-request-id` (at most 60 days old). Never retried.
 *
 * Calls `POST https://api.line.me/v2/bot/audienceGroup/imp`.
 * @see https://developers.line.biz/en/reference/messaging-api/#create-imp-audience-group
 */
export async function createImpBasedAudienceGroup(
    http: LineHttp,
    request: CreateImpBasedAudienceGroupRequest,
): Promise<CreateImpBasedAudienceGroupResponse> {
    const response = await http.request<CreateImpBasedAudienceGroupResponse>({
        method: "POST",
        path: "/v2/bot/audienceGroup/imp",
        body: { kind: "json", value: request },
    });
    return response.data;
}

/**
 * Renames an audience: the only attribute of an existing audience that can change.
 *
 * Calls `PUT https://api.line.me/v2/bot/audienceGroup/{audienceGroupId}/updateDescription`.
 * @see https://developers.line.biz/en/reference/messaging-api/#set-description-audience-group
 */
export async function updateAudienceGroupDescription(
    http: LineHttp,
    audienceGroupId: number,
    request: UpdateAudienceGroupDescriptionRequest,
): Promise<void> {
    await http.request({
        method: "PUT",
        path: "/v2/bot/audienceGroup/{audienceGroupId}/updateDescription",
        pathParams: { audienceGroupId },
        body: { kind: "json", value: request },
    });
}

/**
 * Deletes an audience, irreversibly. LINE's docs say 202 and its spec 200; either resolves.
 *
 * Calls `DELETE https://api.line.me/v2/bot/audienceGroup/{audienceGroupId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#delete-audience-group
 */
export async function deleteAudienceGroup(http: LineHttp, audienceGroupId: number): Promise<void> {
    await http.request({
        method: "DELETE",
        path: "/v2/bot/audienceGroup/{audienceGroupId}",
        pathParams: { audienceGroupId },
    });
}

/**
 * Gets an audience and its upload jobs.
 *
 * Calls `GET https://api.line.me/v2/bot/audienceGroup/{audienceGroupId}`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-audience-group
 */
export async function getAudienceData(
    http: LineHttp,
    audienceGroupId: number,
): Promise<GetAudienceDataResponse> {
    const response = await http.request<GetAudienceDataResponse>({
        method: "GET",
        path: "/v2/bot/audienceGroup/{audienceGroupId}",
        pathParams: { audienceGroupId },
    });
    return response.data;
}

/**
 * Gets one page of audiences. Unless `includesExternalPublicGroups` is `false`, LINE also lists public
 * audiences of other channels of the same bot.
 *
 * Calls `GET https://api.line.me/v2/bot/audienceGroup/list`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-audience-groups
 */
export async function getAudienceGroups(
    http: LineHttp,
    request: GetAudienceGroupsRequest,
): Promise<GetAudienceGroupsResponse> {
    const response = await http.request<GetAudienceGroupsResponse>({
        method: "GET",
        path: "/v2/bot/audienceGroup/list",
        query: { ...request },
    });
    return response.data;
}

/**
 * Every audience matching the filter, page after page ({@link getAudienceGroups} until `hasNextPage` is
 * false). Each page is one call against the 60/min audience budget, so large accounts take a while.
 */
export async function* iterateAudienceGroups(
    http: LineHttp,
    filter: Omit<GetAudienceGroupsRequest, "page"> = {},
): AsyncGenerator<AudienceGroup, void, undefined> {
    for (let page = 1; ; page++) {
        const result = await getAudienceGroups(http, { ...filter, page });
        yield* result.audienceGroups;
        // An empty page ends the walk too, so a server that keeps saying hasNextPage cannot loop us forever.
        if (!result.hasNextPage || result.audienceGroups.length === 0) return;
    }
}

/**
 * Reactivated an `INACTIVE` audience.
 *
 * @deprecated LINE removed this endpoint in 2025, with cross-targeting (line-openapi PR #105, LINE news
 * of 2025-03-26); it is no longer documented and may answer 404. Kept for accounts on older behaviour.
 *
 * Calls `PUT https://api.line.me/v2/bot/audienceGroup/{audienceGroupId}/activate`.
 * @see https://developers.line.biz/en/news/2025/03/26/cross-targeting-closing/
 */
export async function activateAudienceGroup(http: LineHttp, audienceGroupId: number): Promise<void> {
    await http.request({
        method: "PUT",
        path: "/v2/bot/audienceGroup/{audienceGroupId}/activate",
        pathParams: { audienceGroupId },
    });
}

/**
 * Got whether the channel's audiences were `PUBLIC` (usable by other channels of the same bot) or
 * `PRIVATE`.
 *
 * @deprecated LINE removed this endpoint in 2025, with cross-targeting (line-openapi PR #105, LINE news
 * of 2025-03-26); it is no longer documented and may answer 404.
 *
 * Calls `GET https://api.line.me/v2/bot/audienceGroup/authorityLevel`.
 * @see https://developers.line.biz/en/news/2025/03/26/cross-targeting-closing/
 */
export async function getAudienceGroupAuthorityLevel(
    http: LineHttp,
): Promise<GetAudienceGroupAuthorityLevelResponse> {
    const response = await http.request<GetAudienceGroupAuthorityLevelResponse>({
        method: "GET",
        path: "/v2/bot/audienceGroup/authorityLevel",
    });
    return response.data;
}

/**
 * Set whether the channel's audiences were `PUBLIC` or `PRIVATE`.
 *
 * @deprecated LINE removed this endpoint in 2025, with cross-targeting (line-openapi PR #105, LINE news
 * of 2025-03-26); it is no longer documented and may answer 404.
 *
 * Calls `PUT https://api.line.me/v2/bot/audienceGroup/authorityLevel`.
 * @see https://developers.line.biz/en/news/2025/03/26/cross-targeting-closing/
 */
export async function updateAudienceGroupAuthorityLevel(
    http: LineHttp,
    request: UpdateAudienceGroupAuthorityLevelRequest,
): Promise<void> {
    await http.request({
        method: "PUT",
        path: "/v2/bot/audienceGroup/authorityLevel",
        body: { kind: "json", value: request },
    });
}
