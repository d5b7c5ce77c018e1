import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { AudienceGroup } from "../client";

/**
 * What an {@link Audience} is made of: its arguments, the inputs `check` completes, the outputs state
 * keeps, and how LINE's view of an audience group becomes those outputs
 * (https://developers.line.biz/en/reference/messaging-api/#get-audience-group).
 */

export type AudienceType = "upload" | "click" | "imp";

export interface AudienceArgs {
    /** The audience's name: 1-120 characters, not blank, no control characters (line breaks). */
    readonly description: pulumi.Input<string>;
    /** `upload` (default): user IDs or IFAs; `click`/`imp`: users who clicked/saw a sent message. */
    readonly type?: pulumi.Input<AudienceType>;
    /** Upload audiences: the IDs are IFAs (advertising IDs) instead of user IDs. Fixed at creation. */
    readonly isIfaAudience?: pulumi.Input<boolean>;
    /** Upload audiences: the IDs, inline, in order. Stored encrypted in state's inputs. */
    readonly userIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Upload audiences: a file with one ID per line, relative to the program's directory. */
    readonly userIdsFile?: pulumi.Input<string>;
    /** Click/impression audiences: the `x-line-request-id` of a broadcast or narrowcast (≤ 60 days old). */
    readonly requestId?: pulumi.Input<string>;
    /** Click audiences: only users who clicked this URL; any URL when omitted. */
    readonly clickUrl?: pulumi.Input<string>;
    /** Wait until LINE reports the audience READY and every upload job FINISHED (default false). */
    readonly waitUntilReady?: pulumi.Input<boolean>;
    /** How long to wait for READY, in seconds (default 600). */
    readonly readyTimeoutSeconds?: pulumi.Input<number>;
    /** The channel (see the provider's channel settings); `default` if omitted. */
    readonly channel?: pulumi.Input<string>;
    /**
     * Adopt this existing audience instead of creating one, while it is still the declared one: its
     * type, `isIfaAudience`, `requestId` and `clickUrl` are the declared ones and no IDs are declared
     * (LINE cannot list its members to compare). Adopting it then writes nothing to LINE (a differing
     * description is renamed). Otherwise a new audience is created and that one left as it is, which is
     * also how a later replacement works. IDs declared after the adoption are added to it.
     */
    readonly adoptAudienceGroupId?: pulumi.Input<number>;
}

export type MembershipChange = "none" | "append" | "replace";

export interface AudienceInputs {
    readonly description: string;
    readonly type?: AudienceType;
    readonly isIfaAudience?: boolean;
    readonly userIds?: string[];
    readonly userIdsFile?: string;
    readonly requestId?: string;
    readonly clickUrl?: string;
    readonly waitUntilReady?: boolean;
    readonly readyTimeoutSeconds?: number;
    readonly channel?: string;
    readonly adoptAudienceGroupId?: number;
    /** Set by `check`: sha-256 over the ordered IDs, each followed by a line feed. */
    readonly membersDigest?: string;
    /** Set by `check`: how many IDs are declared. */
    readonly memberCount?: number;
    /** Set by `check`, against the previous inputs: what the new list does to LINE's append-only list. */
    readonly membershipChange?: MembershipChange;
}

export interface AudienceOutputs {
    readonly description: string;
    readonly type: AudienceType;
    readonly isIfaAudience: boolean;
    readonly userIdsFile?: string;
    readonly requestId?: string;
    readonly clickUrl?: string;
    readonly waitUntilReady?: boolean;
    readonly readyTimeoutSeconds?: number;
    readonly channel?: string;
    /** LINE's ID of the audience (what a narrowcast's recipient names). */
    readonly audienceGroupId: number;
    /** IN_PROGRESS, READY, FAILED, EXPIRED, ... as last read. */
    readonly status: string;
    /** LINE's count as last read (may be lower than `memberCount`; 0 under 20 for click/impression). */
    readonly audienceCount: number;
    /** UNIX seconds. */
    readonly created: number;
    /** UNIX seconds; LINE deletes the audience about a month after. */
    readonly expireTimestamp?: number;
    readonly membersDigest: string;
    readonly memberCount: number;
}

/** The digest of no members: an empty audience, or a click/impression one. */
export const EMPTY_DIGEST = createHash("sha256").digest("hex");

export function typeOf(inputs: { readonly type?: AudienceType }): AudienceType {
    return inputs.type ?? "upload";
}

export function labelOf(inputs: { readonly description: string }, audienceGroupId?: number): string {
    return `audience${audienceGroupId !== undefined ? ` ${audienceGroupId}` : ""} ${JSON.stringify(inputs.description)}`;
}

export function note(line: string): void {
    // A dynamic provider's stderr is shown to the user as the resource's diagnostics.
    process.stderr.write(`pulumi-line: ${line}\n`);
}

export function outputsOf(inputs: AudienceInputs, group: AudienceGroup): AudienceOutputs {
    return {
        description: group.description,
        type: typeOf(inputs),
        isIfaAudience: group.isIfaAudience,
        ...(inputs.userIdsFile !== undefined ? { userIdsFile: inputs.userIdsFile } : {}),
        ...(group.requestId !== undefined
            ? { requestId: group.requestId }
            : inputs.requestId !== undefined
              ? { requestId: inputs.requestId }
              : {}),
        ...(group.clickUrl !== undefined
            ? { clickUrl: group.clickUrl }
            : inputs.clickUrl !== undefined
              ? { clickUrl: inputs.clickUrl }
              : {}),
        ...(inputs.waitUntilReady !== undefined ? { waitUntilReady: inputs.waitUntilReady } : {}),
        ...(inputs.readyTimeoutSeconds !== undefined
            ? { readyTimeoutSeconds: inputs.readyTimeoutSeconds }
            : {}),
        ...(inputs.channel !== undefined ? { channel: inputs.channel } : {}),
        audienceGroupId: group.audienceGroupId,
        status: group.status,
        audienceCount: group.audienceCount,
        created: group.created,
        ...(group.expireTimestamp !== undefined ? { expireTimestamp: group.expireTimestamp } : {}),
        membersDigest: inputs.membersDigest ?? EMPTY_DIGEST,
        memberCount: inputs.memberCount ?? 0,
    };
}

/** What declares a live audience: what LINE fixed at its creation, and its name. */
export interface DeclaredAudience {
    readonly description: string;
    readonly type: AudienceType;
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly clickUrl?: string;
}

const API_TYPES: Readonly<Record<string, AudienceType>> = { UPLOAD: "upload", CLICK: "click", IMP: "imp" };

/**
 * The arguments that declare a live audience group as it is, or why none can: the kinds LINE makes
 * elsewhere (https://developers.line.biz/en/reference/messaging-api/#get-audience-group lists them),
 * an expired one, a click or impression audience whose source message LINE does not name. Its members
 * are never among them: LINE reports a count, never the IDs.
 */
export function declarationOf(group: AudienceGroup): DeclaredAudience | string {
    const type = API_TYPES[group.type];
    if (type === undefined)
        return `LINE makes ${group.type} audiences elsewhere; the Messaging API can make only upload, click and imp ones`;
    if (group.status === "EXPIRED") return "it has expired; LINE deletes it about a month after";
    if (type !== "upload" && !group.requestId) return "LINE did not say which message it was made from";
    return {
        description: group.description,
        type,
        isIfaAudience: group.isIfaAudience,
        ...(type !== "upload" && group.requestId ? { requestId: group.requestId } : {}),
        ...(type === "click" && group.clickUrl ? { clickUrl: group.clickUrl } : {}),
    };
}
