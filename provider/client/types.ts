/**
 * LINE wire types, named as in LINE's OpenAPI specs and SDK (`*Request` / `*Response`).
 *
 * They list what LINE documents; LINE may add fields and enum values without notice, so code reading a
 * response must tolerate ones it does not know. Arrays are plain (not `readonly`) so that responses can
 * be handed on to Pulumi outputs, whose types are mutable.
 */

// ---------------------------------------------------------------------------------------------------
// Rich menus

export interface RichMenuSize {
    readonly width: number;
    readonly height: number;
}

export interface RichMenuBounds {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
}

/** An action object; `type` is the discriminator (`postback`, `message`, `uri`, `richmenuswitch`, ...). */
export interface Action {
    readonly type: string;
    readonly label?: string;
    readonly [field: string]: unknown;
}

export interface RichMenuArea {
    readonly bounds: RichMenuBounds;
    readonly action: Action;
}

/** The rich menu object sent to create and validate. */
export interface RichMenuRequest {
    readonly size: RichMenuSize;
    readonly selected: boolean;
    readonly name: string;
    readonly chatBarText: string;
    readonly areas: RichMenuArea[];
}

export interface RichMenuResponse extends RichMenuRequest {
    readonly richMenuId: string;
}

export interface RichMenuIdResponse {
    readonly richMenuId: string;
}

export interface RichMenuListResponse {
    readonly richmenus: RichMenuResponse[];
}

export interface CreateRichMenuAliasRequest {
    /** `^[a-z0-9_-]{1,32}$`, unique per channel. */
    readonly richMenuAliasId: string;
    readonly richMenuId: string;
}

export interface UpdateRichMenuAliasRequest {
    readonly richMenuId: string;
}

export interface RichMenuAliasResponse {
    readonly richMenuAliasId: string;
    readonly richMenuId: string;
}

export interface RichMenuAliasListResponse {
    readonly aliases: RichMenuAliasResponse[];
}

export interface RichMenuBulkLinkRequest {
    readonly richMenuId: string;
    /** 1 to 500 user IDs. */
    readonly userIds: string[];
}

export interface RichMenuBulkUnlinkRequest {
    /** 1 to 500 user IDs. */
    readonly userIds: string[];
}

export type RichMenuBatchOperation =
    | { readonly type: "link"; readonly from: string; readonly to: string }
    | { readonly type: "unlink"; readonly from: string }
    | { readonly type: "unlinkAll" };

export interface RichMenuBatchRequest {
    /** Up to 1,000 operations; `unlinkAll` must be alone. */
    readonly operations: RichMenuBatchOperation[];
    /** `^[a-zA-Z0-9_-]{1,100}$`; resubmitting with the same key resumes the earlier run (14 days). */
    readonly resumeRequestKey?: string;
}

/** What `richMenuBatch` resolves with: the ID to poll progress with. */
export interface RichMenuBatchResponse {
    /** `x-line-request-id` of the batch call; pass it to `getRichMenuBatchProgress`. */
    readonly requestId: string;
}

export type RichMenuBatchProgressPhase = "ongoing" | "succeeded" | "failed";

export interface RichMenuBatchProgressResponse {
    readonly phase: RichMenuBatchProgressPhase;
    /** ISO 8601, UTC, with milliseconds. */
    readonly acceptedTime: string;
    /** Present once `phase` is `succeeded` or `failed`. */
    readonly completedTime?: string;
}

// ---------------------------------------------------------------------------------------------------
// Webhook

export interface SetWebhookEndpointRequest {
    /** An HTTPS URL, at most 500 characters. */
    readonly endpoint: string;
}

export interface GetWebhookEndpointResponse {
    readonly endpoint: string;
    /** "Use webhook" in the console; readable but not settable through the API. */
    readonly active: boolean;
}

export interface TestWebhookEndpointRequest {
    /** The URL to test; the configured one when omitted. */
    readonly endpoint?: string;
}

export interface TestWebhookEndpointResponse {
    /** A failed test is still HTTP 200, with `success: false`. */
    readonly success?: boolean;
    readonly timestamp: string;
    /** The bot server's status; 0 or negative when it did not answer. */
    readonly statusCode: number;
    /** `OK`, `COULD_NOT_CONNECT`, `REQUEST_TIMEOUT`, `ERROR_STATUS_CODE`, `UNCLASSIFIED`. */
    readonly reason: string;
    readonly detail: string;
}

// ---------------------------------------------------------------------------------------------------
// Audiences

export type AudienceGroupType =
    | "UPLOAD"
    | "CLICK"
    | "IMP"
    | "CHAT_TAG"
    | "FRIEND_PATH"
    | "RESERVATION"
    | "APP_EVENT"
    | "VIDEO_VIEW"
    | "WEBTRAFFIC"
    | "IMAGE_CLICK"
    | "RICHMENU_IMP"
    | "RICHMENU_CLICK"
    | "POP_AD_IMP"
    | "TRACKINGTAG_WEBTRAFFIC";

export type AudienceGroupStatus = "IN_PROGRESS" | "READY" | "FAILED" | "EXPIRED" | "INACTIVE" | "ACTIVATING";
export type AudienceGroupFailedType = "AUDIENCE_GROUP_AUDIENCE_INSUFFICIENT" | "INTERNAL_ERROR";
export type AudienceGroupPermission = "READ" | "READ_WRITE";
export type AudienceGroupCreateRoute = "OA_MANAGER" | "MESSAGING_API" | "POINT_AD" | "AD_MANAGER";
export type AudienceGroupJobStatus = "QUEUED" | "WORKING" | "FINISHED" | "FAILED";

/** A user ID (or an IFA, in an IFA audience). */
export interface Audience {
    readonly id: string;
}

export interface CreateAudienceGroupRequest {
    /** The audience's name: 1 to 120 characters, no control characters. */
    readonly description: string;
    readonly isIfaAudience?: boolean;
    /** Label of the upload job (`jobs[].description`), at most 300 characters. */
    readonly uploadDescription?: string;
    /** Up to 10,000; empty or omitted creates an empty audience (which never becomes `READY`). */
    readonly audiences?: Audience[];
}

export interface CreateAudienceGroupResponse {
    readonly audienceGroupId: number;
    readonly createRoute: "MESSAGING_API";
    readonly type: AudienceGroupType;
    readonly description: string;
    /** UNIX seconds. */
    readonly created: number;
    readonly permission: AudienceGroupPermission;
    /** UNIX seconds. */
    readonly expireTimestamp?: number;
    readonly isIfaAudience: boolean;
}

/** Arguments of `createAudienceForUploadingUserIds`: the multipart fields, with the file by path. */
export interface CreateAudienceForUploadingUserIdsRequest {
    /** A text file with one user ID (or IFA) per line; streamed, never read whole into memory. */
    readonly file: string;
    readonly description: string;
    readonly isIfaAudience?: boolean;
    readonly uploadDescription?: string;
}

export interface AddAudienceToAudienceGroupRequest {
    readonly audienceGroupId: number;
    readonly uploadDescription?: string;
    /** Up to 10,000. IDs can never be removed again. */
    readonly audiences: Audience[];
}

/** Arguments of `addUserIdsToAudience`: the multipart fields, with the file by path. */
export interface AddUserIdsToAudienceRequest {
    /** A text file with one user ID (or IFA) per line; streamed, never read whole into memory. */
    readonly file: string;
    readonly audienceGroupId: number;
    readonly uploadDescription?: string;
}

export interface CreateClickBasedAudienceGroupRequest {
    readonly description: string;
    /** `x-line-request-id` of a broadcast or narrowcast sent in the last 60 days. */
    readonly requestId: string;
    /** Only users who clicked this URL; any URL when omitted. */
    readonly clickUrl?: string;
}

export interface CreateClickBasedAudienceGroupResponse extends CreateAudienceGroupResponse {
    readonly requestId: string;
    readonly clickUrl?: string;
}

export interface CreateImpBasedAudienceGroupRequest {
    readonly description: string;
    /** `x-line-request-id` of a broadcast or narrowcast sent in the last 60 days. */
    readonly requestId: string;
}

export interface CreateImpBasedAudienceGroupResponse extends CreateAudienceGroupResponse {
    readonly requestId: string;
}

export interface UpdateAudienceGroupDescriptionRequest {
    readonly description: string;
}

export interface AudienceGroup {
    readonly audienceGroupId: number;
    readonly type: AudienceGroupType;
    readonly description: string;
    readonly status: AudienceGroupStatus;
    readonly failedType?: AudienceGroupFailedType | null;
    readonly audienceCount: number;
    readonly created: number;
    readonly requestId?: string;
    readonly clickUrl?: string;
    readonly isIfaAudience: boolean;
    readonly permission: AudienceGroupPermission;
    readonly createRoute: AudienceGroupCreateRoute;
    readonly expireTimestamp?: number;
    readonly activated?: number;
    readonly inactivatedTimestamp?: number;
}

export interface AudienceGroupJob {
    readonly audienceGroupJobId: number;
    readonly audienceGroupId: number;
    readonly description?: string | null;
    readonly type: "DIFF_ADD";
    readonly jobStatus: AudienceGroupJobStatus;
    readonly failedType?: AudienceGroupFailedType | null;
    readonly audienceCount: number;
    readonly created: number;
}

export interface GetAudienceDataResponse {
    readonly audienceGroup: AudienceGroup;
    /** Upload jobs (at most 50); empty for other audience types. */
    readonly jobs: AudienceGroupJob[];
    readonly adaccount?: { readonly name: string };
}

/** Query of `getAudienceGroups`. */
export interface GetAudienceGroupsRequest {
    /** 1-based. */
    readonly page: number;
    /** Partial, case-insensitive name match. */
    readonly description?: string;
    readonly status?: AudienceGroupStatus;
    /** 1 to 40; LINE's default is 20. */
    readonly size?: number;
    /** LINE's default is `true` (also public audiences of other channels of the same bot). */
    readonly includesExternalPublicGroups?: boolean;
    readonly createRoute?: AudienceGroupCreateRoute;
}

export interface GetAudienceGroupsResponse {
    readonly audienceGroups: AudienceGroup[];
    readonly hasNextPage: boolean;
    readonly totalCount: number;
    readonly readWriteAudienceGroupTotalCount: number;
    readonly page: number;
    readonly size: number;
}

export type AudienceGroupAuthorityLevel = "PUBLIC" | "PRIVATE";

export interface GetAudienceGroupAuthorityLevelResponse {
    readonly authorityLevel: AudienceGroupAuthorityLevel;
}

export interface UpdateAudienceGroupAuthorityLevelRequest {
    readonly authorityLevel: AudienceGroupAuthorityLevel;
}

// ---------------------------------------------------------------------------------------------------
// Bot info

export interface BotInfoResponse {
    readonly userId: string;
    readonly basicId: string;
    readonly premiumId?: string;
    readonly displayName: string;
    readonly pictureUrl?: string;
    readonly chatMode: "chat" | "bot";
    readonly markAsReadMode: "auto" | "manual";
}

// ---------------------------------------------------------------------------------------------------
// Channel access tokens

/** Credentials for a stateless token: the channel ID and secret, or a signed JWT assertion. */
export type IssueStatelessChannelTokenRequest =
    { readonly clientId: string; readonly clientSecret: string } | { readonly clientAssertion: string };

export interface IssueStatelessChannelAccessTokenResponse {
    readonly access_token: string;
    /** Seconds; 900 (15 minutes). */
    readonly expires_in: number;
    readonly token_type: "Bearer";
}

export interface IssueChannelTokenRequest {
    readonly clientId: string;
    readonly clientSecret: string;
}

export interface IssueShortLivedChannelAccessTokenResponse {
    readonly access_token: string;
    /** Seconds; 2,592,000 (30 days). */
    readonly expires_in: number;
    readonly token_type: "Bearer";
}

export interface VerifyChannelAccessTokenResponse {
    /** The channel ID the token belongs to. */
    readonly client_id: string;
    /** Seconds left. */
    readonly expires_in: number;
    readonly scope?: string;
}

// ---------------------------------------------------------------------------------------------------
// Message validation

/** A message object; `type` is the discriminator (`text`, `image`, `flex`, ...). */
export interface Message {
    readonly type: string;
    readonly [field: string]: unknown;
}

export interface ValidateMessageRequest {
    /** 1 to 5 message objects. */
    readonly messages: Message[];
}
