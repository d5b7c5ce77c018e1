import { createHash, type Hash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import type { AudienceInputs, MembershipChange } from "./audienceModel";
import { memberFailure, membersOf, unreadableFileFailure, USER_ID, USER_ID_EXPECTED } from "./members";

/**
 * An audience's declared members, streamed once: each checked (user IDs, or IFAs for an IFA audience),
 * counted and digested, and what the list does to LINE's append-only membership worked out from the
 * previous digest (https://developers.line.biz/en/reference/messaging-api/#add-audience-to-audience-group).
 */

const IFA = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Past this many bad IDs, the rest are only counted: a wrong file could have a million of them. */
const MAX_REPORTED_ID_FAILURES = 10;

export interface MemberScan {
    readonly count: number;
    readonly digest: string;
    /** The digest of the first `prefixCount` IDs; undefined when there are fewer. */
    readonly prefixDigest?: string;
    readonly failures: pulumi.dynamic.CheckFailure[];
}

export interface ScanOptions {
    readonly isIfaAudience: boolean;
    readonly prefixCount?: number;
    /** Gets every valid ID at or after `from`, in order (for writing upload files). */
    readonly sink?: { readonly from: number; write(id: string): Promise<void> };
}

const hexOf = (hash: Hash): string => hash.digest("hex");

/** Streams the members once: validates each, counts, digests, and hands them to the sink. */
export async function scanMembers(inputs: AudienceInputs, options: ScanOptions): Promise<MemberScan> {
    const property = inputs.userIdsFile !== undefined ? "userIdsFile" : "userIds";
    const pattern = options.isIfaAudience ? IFA : USER_ID;
    const expected = options.isIfaAudience ? "an IFA (a UUID, 8-4-4-4-12 hex digits)" : USER_ID_EXPECTED;
    const hash = createHash("sha256");
    const failures: pulumi.dynamic.CheckFailure[] = [];
    let invalid = 0;
    let count = 0;
    let prefixDigest: string | undefined;
    let writing = false;
    try {
        for await (const member of membersOf(inputs)) {
            if (count === options.prefixCount) prefixDigest = hexOf(hash.copy());
            if (typeof member.id !== "string" || !pattern.test(member.id)) {
                if (++invalid <= MAX_REPORTED_ID_FAILURES) failures.push(memberFailure(member, expected));
                continue;
            }
            hash.update(`${member.id}\n`);
            if (options.sink !== undefined && count >= options.sink.from) {
                writing = true;
                await options.sink.write(member.id);
                writing = false;
            }
            count++;
        }
    } catch (error) {
        // A failure to write the upload files (a full disk) is not a problem with the user's file.
        if (writing) throw error;
        return { count, digest: "", failures: [unreadableFileFailure(inputs.userIdsFile ?? "", error)] };
    }
    if (invalid > MAX_REPORTED_ID_FAILURES) {
        failures.push({
            property,
            reason: `${invalid - MAX_REPORTED_ID_FAILURES} more entries are not ${expected} (${invalid} in all)`,
        });
    }
    const digest = hexOf(hash);
    if (count === options.prefixCount) prefixDigest = digest;
    return { count, digest, ...(prefixDigest !== undefined ? { prefixDigest } : {}), failures };
}

/** What the new list does to LINE's list, given the previous digest and count. */
export function membershipChangeOf(
    olds: Partial<AudienceInputs>,
    news: AudienceInputs,
    scan: MemberScan,
): MembershipChange | undefined {
    if (olds.membersDigest === undefined || olds.memberCount === undefined) return undefined;
    if ((olds.isIfaAudience ?? false) !== (news.isIfaAudience ?? false)) return "replace";
    if (scan.digest === olds.membersDigest) return "none";
    if (scan.count > olds.memberCount && scan.prefixDigest === olds.membersDigest) return "append";
    return "replace";
}
