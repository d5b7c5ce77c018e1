import { createHash, type Hash } from "node:crypto";
import { promises as fs } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { AudienceGroup, GetAudienceDataResponse, LineClient } from "../client";
import { announceBot, clientFor, clientForWrite } from "./channel";
import { changedKeys, containsUnknown, ResourceInitFailedError, UNKNOWN, withProviderOf } from "./lifecycle";
import { deleteIgnoringNotFound, readOrGone } from "./notFound";
import { memberFailure, membersOf, unreadableFileFailure, USER_ID, USER_ID_EXPECTED } from "./members";
import { pollUntil, timing } from "./polling";
import { chunks } from "./chunks";
import { thinProvider } from "./providerStub";

/**
 * An audience: a set of users to send narrowcasts to.
 *
 * What LINE allows shapes this resource:
 * - Three kinds can be made through the API: upload audiences (user IDs, or IFAs with
 *   `isIfaAudience`), and click and impression audiences built from a broadcast or narrowcast's
 *   request ID (at most 60 days old; they stay IN_PROGRESS until at least 50 users qualify).
 * - Membership is append-only: IDs can be added, never removed, and the ID type is fixed at creation.
 *   So a list that only grows at its end is an in-place update that uploads just the new IDs, and a
 *   list with IDs removed or reordered (or switched between user IDs and IFAs) is a replacement: a new
 *   audience, with a new `audienceGroupId`. The name (`description`) is the only thing LINE can change,
 *   so a rename is an update; anything else is a replacement.
 * - User IDs are personal data, so state never holds them: only a sha-256 digest of the ordered list
 *   and a count. `check` works out what changed by streaming the list (a file can hold 1.5 million
 *   lines and is never read whole) and comparing the digest of its first `memberCount` IDs with the
 *   previous digest. Inline IDs are passed to the engine as a secret.
 * - Uploads go as JSON, 10,000 IDs a call, for inline lists, and as files of at most 1,500,000 lines for
 *   `userIdsFile` (written to a temporary file of just the IDs, deleted afterwards). A create that fails
 *   after LINE made the audience deletes it again, so a failed `up` leaves nothing behind. An append
 *   that fails part way leaves state at the old count; the next `up` uploads from there again, which is
 *   harmless because adding an ID twice leaves it in once.
 * - Creation is asynchronous (IN_PROGRESS, possibly for hours, then READY). `waitUntilReady` waits for
 *   READY with every upload job FINISHED, printing progress. An empty upload audience never becomes
 *   READY, so it is never waited for. A wait that times out keeps the audience (it is valid, only slow):
 *   it is recorded as created but failed to initialise, and the next `up` waits again.
 * - Audiences expire 180 days after creation and LINE deletes them about a month later; the diff warns
 *   when that is under 14 days away. A replacement is a new audience with a new ID.
 * - Every audience endpoint shares a limit of 60 calls a minute; the client paces itself.
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

/** IDs per JSON create/add call. */
export const JSON_CHUNK = 10_000;
/** Lines per file upload. */
export const FILE_CHUNK = 1_500_000;
const IFA = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DESCRIPTION_MAX = 120;
/** The digest of no members: an empty audience, or a click/impression one. */
const EMPTY_DIGEST = createHash("sha256").digest("hex");
/** Past this many bad IDs, the rest are only counted: a wrong file could have a million of them. */
const MAX_REPORTED_ID_FAILURES = 10;
const DEFAULT_READY_TIMEOUT_SECONDS = 600;
const EXPIRY_WARNING_SECONDS = 14 * 24 * 60 * 60;
const TYPES: readonly AudienceType[] = ["upload", "click", "imp"];
/** IDs written to an upload file per write call. */
const WRITE_BATCH = 10_000;

function typeOf(inputs: { readonly type?: AudienceType }): AudienceType {
    return inputs.type ?? "upload";
}

function labelOf(inputs: { readonly description: string }, audienceGroupId?: number): string {
    return `audience${audienceGroupId !== undefined ? ` ${audienceGroupId}` : ""} ${JSON.stringify(inputs.description)}`;
}

function note(line: string): void {
    // A dynamic provider's stderr is shown to the user as the resource's diagnostics.
    process.stderr.write(`pulumi-line: ${line}\n`);
}

// ---- members ----------------------------------------------------------------------------

interface MemberScan {
    readonly count: number;
    readonly digest: string;
    /** The digest of the first `prefixCount` IDs; undefined when there are fewer. */
    readonly prefixDigest?: string;
    readonly failures: pulumi.dynamic.CheckFailure[];
}

interface ScanOptions {
    readonly isIfaAudience: boolean;
    readonly prefixCount?: number;
    /** Gets every valid ID at or after `from`, in order (for writing upload files). */
    readonly sink?: { readonly from: number; write(id: string): Promise<void> };
}

const hexOf = (hash: Hash): string => hash.digest("hex");

/** Streams the members once: validates each, counts, digests, and hands them to the sink. */
async function scanMembers(inputs: AudienceInputs, options: ScanOptions): Promise<MemberScan> {
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

/** Writes IDs to numbered temporary files of at most `perFile` lines each, buffered. */
class UploadFiles {
    readonly paths: string[] = [];
    /** How many IDs each file holds. */
    readonly counts: number[] = [];
    private handle: FileHandle | undefined;
    private inCurrent = 0;
    private buffer: string[] = [];

    private constructor(
        private readonly dir: string,
        private readonly perFile: number,
    ) {}

    static async create(perFile: number): Promise<UploadFiles> {
        return new UploadFiles(await fs.mkdtemp(path.join(os.tmpdir(), "pulumi-line-audience-")), perFile);
    }

    async write(id: string): Promise<void> {
        if (this.handle === undefined || this.inCurrent === this.perFile) {
            await this.closeCurrent();
            const file = path.join(this.dir, `ids-${this.paths.length + 1}.txt`);
            this.handle = await fs.open(file, "w");
            this.paths.push(file);
            this.inCurrent = 0;
        }
        this.inCurrent++;
        this.buffer.push(id);
        if (this.buffer.length >= WRITE_BATCH) await this.flush();
    }

    async finish(): Promise<void> {
        await this.closeCurrent();
    }

    private async flush(): Promise<void> {
        if (this.handle === undefined || this.buffer.length === 0) return;
        const text = `${this.buffer.join("\n")}\n`;
        this.buffer = [];
        await this.handle.writeFile(text, "utf8");
    }

    private async closeCurrent(): Promise<void> {
        await this.flush();
        const handle = this.handle;
        if (handle === undefined) return;
        this.handle = undefined;
        this.counts.push(this.inCurrent);
        await handle.close();
    }

    /** Removes the files; the IDs in them are personal data. */
    async remove(): Promise<void> {
        await this.handle?.close().catch(() => undefined);
        this.handle = undefined;
        await fs.rm(this.dir, { recursive: true, force: true });
    }
}

function changedDuringUpdate(inputs: AudienceInputs): Error {
    return new Error(
        `${labelOf(inputs)}: ${inputs.userIdsFile ?? "userIds"} changed while the update ran; run it again`,
    );
}

// ---- checks -------------------------------------------------------------------------------

function descriptionFailures(description: unknown): pulumi.dynamic.CheckFailure[] {
    const property = "description";
    if (typeof description !== "string" || description.trim() === "") {
        return [{ property, reason: "must be given and not blank" }];
    }
    const failures: pulumi.dynamic.CheckFailure[] = [];
    // eslint-disable-next-line no-control-regex -- control characters are exactly what LINE refuses
    if (/[\u0000-\u001f\u007f]/.test(description)) {
        failures.push({ property, reason: "must not contain control characters such as line breaks" });
    }
    if (description.length > DESCRIPTION_MAX) {
        failures.push({
            property,
            reason: `must be at most ${DESCRIPTION_MAX} characters (it has ${description.length})`,
        });
    }
    return failures;
}

function shapeFailures(news: AudienceInputs): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const type = news.type;
    if (type !== undefined && !containsUnknown(type) && !TYPES.includes(type)) {
        failures.push({
            property: "type",
            reason: `must be one of ${TYPES.map(t => JSON.stringify(t)).join(", ")}`,
        });
        return failures;
    }
    if (typeOf(news) === "upload") {
        if (news.userIds !== undefined && news.userIdsFile !== undefined) {
            failures.push({ property: "userIdsFile", reason: "give userIds or userIdsFile, not both" });
        }
        if (news.requestId !== undefined)
            failures.push({ property: "requestId", reason: "is only for click and imp audiences" });
        if (news.clickUrl !== undefined)
            failures.push({ property: "clickUrl", reason: "is only for click audiences" });
    } else {
        if (news.requestId === undefined || news.requestId === "") {
            failures.push({
                property: "requestId",
                reason: "must be the request ID of a broadcast or narrowcast",
            });
        }
        for (const key of ["userIds", "userIdsFile"] as const) {
            if (news[key] !== undefined)
                failures.push({ property: key, reason: "is only for upload audiences" });
        }
        if (news.isIfaAudience === true) {
            failures.push({ property: "isIfaAudience", reason: "is only for upload audiences" });
        }
        if (type === "imp" && news.clickUrl !== undefined) {
            failures.push({ property: "clickUrl", reason: "is only for click audiences" });
        }
    }
    const timeout = news.readyTimeoutSeconds;
    if (timeout !== undefined && !containsUnknown(timeout) && !(typeof timeout === "number" && timeout > 0)) {
        failures.push({ property: "readyTimeoutSeconds", reason: "must be a positive number of seconds" });
    }
    return failures;
}

/** What the new list does to LINE's list, given the previous digest and count. */
function membershipChangeOf(
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

// ---- LINE calls ---------------------------------------------------------------------------

/** The IDs as the checked inputs declared them, verified against the digest `check` computed. */
async function inlineMembers(inputs: AudienceInputs): Promise<string[]> {
    const ids = inputs.userIds ?? [];
    const scan = await scanMembers(inputs, { isIfaAudience: inputs.isIfaAudience ?? false });
    if (scan.failures.length > 0)
        throw new Error(scan.failures.map(f => `${f.property}: ${f.reason}`).join("; "));
    if (inputs.membersDigest !== undefined && scan.digest !== inputs.membersDigest)
        throw changedDuringUpdate(inputs);
    return ids;
}

/**
 * Streams `userIdsFile` into upload files holding the IDs from position `from` on, checking that the
 * file still has the digest `check` saw (and, for an append, that its first `from` IDs are the ones
 * already uploaded).
 */
async function fileMembers(
    inputs: AudienceInputs,
    from: number,
    uploadedDigest?: string,
): Promise<UploadFiles> {
    const files = await UploadFiles.create(FILE_CHUNK);
    try {
        const scan = await scanMembers(inputs, {
            isIfaAudience: inputs.isIfaAudience ?? false,
            prefixCount: from,
            sink: { from, write: id => files.write(id) },
        });
        await files.finish();
        if (scan.failures.length > 0)
            throw new Error(scan.failures.map(f => `${f.property}: ${f.reason}`).join("; "));
        if (inputs.membersDigest !== undefined && scan.digest !== inputs.membersDigest)
            throw changedDuringUpdate(inputs);
        if (uploadedDigest !== undefined && scan.prefixDigest !== uploadedDigest) {
            throw new Error(
                `${labelOf(inputs)}: IDs were removed or reordered, which needs a replacement; run the update again`,
            );
        }
        return files;
    } catch (error) {
        await files.remove();
        throw error;
    }
}

function uploadLabel(first: number, count: number): string {
    return `pulumi-line: IDs ${first + 1}-${first + count}`;
}

/** Adds the declared IDs from position `from` on to the audience. */
async function appendMembers(
    client: LineClient,
    audienceGroupId: number,
    inputs: AudienceInputs,
    from: number,
    uploadedDigest: string,
): Promise<void> {
    if (inputs.userIdsFile !== undefined) {
        const files = await fileMembers(inputs, from, uploadedDigest);
        try {
            let first = from;
            for (const [i, file] of files.paths.entries()) {
                const lines = files.counts[i] ?? 0;
                await client.addUserIdsToAudience({
                    file,
                    audienceGroupId,
                    uploadDescription: uploadLabel(first, lines),
                });
                first += lines;
            }
        } finally {
            await files.remove();
        }
        return;
    }
    await addInChunks(client, audienceGroupId, (await inlineMembers(inputs)).slice(from), from);
}

async function addInChunks(
    client: LineClient,
    audienceGroupId: number,
    ids: readonly string[],
    from: number,
): Promise<void> {
    let first = from;
    for (const chunk of chunks(ids, JSON_CHUNK)) {
        await client.addAudienceToAudienceGroup({
            audienceGroupId,
            uploadDescription: uploadLabel(first, chunk.length),
            audiences: chunk.map(id => ({ id })),
        });
        first += chunk.length;
    }
}

/** Makes the upload audience with its members; deletes it again if a later upload fails. */
async function createUploadAudience(client: LineClient, inputs: AudienceInputs): Promise<number> {
    const isIfaAudience = inputs.isIfaAudience ?? false;
    if (inputs.userIdsFile !== undefined) {
        const files = await fileMembers(inputs, 0);
        try {
            const [file, ...rest] = files.paths;
            // LINE takes an empty audience only as JSON (an empty file is "no valid IDs").
            if (file !== undefined) {
                let uploaded = files.counts[0] ?? 0;
                const { audienceGroupId } = await client.createAudienceForUploadingUserIds({
                    file,
                    description: inputs.description,
                    isIfaAudience,
                    uploadDescription: uploadLabel(0, uploaded),
                });
                try {
                    for (const [i, more] of rest.entries()) {
                        const lines = files.counts[i + 1] ?? 0;
                        await client.addUserIdsToAudience({
                            file: more,
                            audienceGroupId,
                            uploadDescription: uploadLabel(uploaded, lines),
                        });
                        uploaded += lines;
                    }
                } catch (error) {
                    await deleteQuietly(client, audienceGroupId);
                    throw error;
                }
                return audienceGroupId;
            }
        } finally {
            await files.remove();
        }
    }
    const ids = inputs.userIdsFile !== undefined ? [] : await inlineMembers(inputs);
    const first = ids.slice(0, JSON_CHUNK);
    const { audienceGroupId } = await client.createAudienceGroup({
        description: inputs.description,
        isIfaAudience,
        ...(first.length > 0
            ? { uploadDescription: uploadLabel(0, first.length), audiences: first.map(id => ({ id })) }
            : {}),
    });
    try {
        await addInChunks(client, audienceGroupId, ids.slice(first.length), first.length);
    } catch (error) {
        await deleteQuietly(client, audienceGroupId);
        throw error;
    }
    return audienceGroupId;
}

async function deleteQuietly(client: LineClient, audienceGroupId: number): Promise<void> {
    // The error that made us undo is the one to report; a failed undo must not hide it.
    await client.deleteAudienceGroup(audienceGroupId).catch(() => undefined);
}

/** LINE gave up on the audience or one of its uploads: nothing to wait for. */
class AudienceFailedError extends Error {
    override readonly name = "AudienceFailedError";
}

class ReadyTimeoutError extends Error {
    override readonly name = "ReadyTimeoutError";
}

/** Polls until READY with every job FINISHED, printing each new state; the last answer is returned. */
async function waitUntilReady(
    client: LineClient,
    audienceGroupId: number,
    inputs: AudienceInputs,
): Promise<GetAudienceDataResponse> {
    const label = labelOf(inputs, audienceGroupId);
    const timeoutSeconds = inputs.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS;
    let last = "";
    return pollUntil({
        poll: () => client.getAudienceData(audienceGroupId),
        done: data => {
            const ready = isReady(label, data);
            const line = progressLine(label, data);
            if (line !== last) note(ready ? `${line}; ready` : line);
            last = line;
            return ready;
        },
        timeoutMs: timeoutSeconds * 1000,
        timedOut: (waitedMs, data) =>
            new ReadyTimeoutError(
                `${label} is still ${data.audienceGroup.status} after ${Math.round(waitedMs / 1000)}s ` +
                    `(readyTimeoutSeconds ${timeoutSeconds}); LINE can take hours. It is kept; the next ` +
                    "`pulumi up` waits again.",
            ),
        initialDelayMs: 500,
        maxDelayMs: 10_000,
    });
}

/** Whether the audience is READY with every upload job FINISHED; throws when LINE gave up on it. */
function isReady(label: string, data: GetAudienceDataResponse): boolean {
    const { status, failedType } = data.audienceGroup;
    const failedJob = data.jobs.find(j => j.jobStatus === "FAILED");
    if (status === "FAILED" || failedJob !== undefined) {
        const why = failedJob?.failedType ?? failedType ?? "no reason given";
        throw new AudienceFailedError(
            `LINE failed ${label}${failedJob !== undefined ? ` (upload job ${failedJob.audienceGroupJobId})` : ""}: ${why}`,
        );
    }
    if (status === "EXPIRED")
        throw new AudienceFailedError(`${label} has expired; it can never become READY`);
    return status === "READY" && data.jobs.every(j => j.jobStatus === "FINISHED");
}

function progressLine(label: string, data: GetAudienceDataResponse): string {
    const { status, audienceCount } = data.audienceGroup;
    const finished = data.jobs.filter(j => j.jobStatus === "FINISHED").length;
    return `${label}: ${status}, ${finished}/${data.jobs.length} upload jobs finished, ${audienceCount} users counted`;
}

function outputsOf(inputs: AudienceInputs, group: AudienceGroup): AudienceOutputs {
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

/**
 * Waits if asked (an empty upload audience is never READY, so never waited for), else reads LINE's
 * view once, and answers the outputs. A wait that times out becomes an initialisation failure carrying
 * the outputs, so state keeps the audience and the next `up` waits again.
 */
async function settle(
    client: LineClient,
    audienceGroupId: number,
    inputs: AudienceInputs,
): Promise<AudienceOutputs> {
    const emptyUpload = typeOf(inputs) === "upload" && (inputs.memberCount ?? 0) === 0;
    if (inputs.waitUntilReady && emptyUpload) {
        note(
            `${labelOf(inputs, audienceGroupId)} is empty; LINE never marks an empty upload audience READY, so it is not waited for`,
        );
    }
    if (inputs.waitUntilReady && !emptyUpload) {
        try {
            return outputsOf(inputs, (await waitUntilReady(client, audienceGroupId, inputs)).audienceGroup);
        } catch (error) {
            if (!(error instanceof ReadyTimeoutError)) throw error;
            const live = await client.getAudienceData(audienceGroupId);
            throw new ResourceInitFailedError(
                error.message,
                String(audienceGroupId),
                withProviderOf(inputs, outputsOf(inputs, live.audienceGroup)),
            );
        }
    }
    return outputsOf(inputs, (await client.getAudienceData(audienceGroupId)).audienceGroup);
}

function warnIfExpiring(olds: AudienceOutputs): void {
    if (olds.expireTimestamp === undefined) return;
    const left = olds.expireTimestamp - timing().now() / 1000;
    if (left > EXPIRY_WARNING_SECONDS) return;
    const when = new Date(olds.expireTimestamp * 1000).toISOString();
    const label = labelOf(olds, olds.audienceGroupId);
    note(
        left <= 0
            ? `warning: ${label} expired on ${when}; LINE deletes expired audiences about a month later. ` +
                  "Run `pulumi up --replace` on it for a new one (with a new audienceGroupId)."
            : `warning: ${label} expires on ${when} (in ${Math.ceil(left / 86_400)} days); LINE deletes expired ` +
                  "audiences about a month later, and a replacement gets a new audienceGroupId.",
    );
}

const LINE_TYPES: Readonly<Record<AudienceType, string>> = { upload: "UPLOAD", click: "CLICK", imp: "IMP" };

/**
 * Takes over an existing audience while it is still the declared one: the type, the ID type and the
 * source message LINE fixed at its creation are the declared ones, and no IDs are declared (LINE
 * cannot list its members to compare). A differing description is renamed. Otherwise it answers false
 * and a new audience is created, that one left as it is. That is also what a replacement needs: the
 * engine creates it with the same inputs, adoption marker included, before deleting the adopted one.
 */
async function adoptAudience(
    client: LineClient,
    inputs: AudienceInputs,
    audienceGroupId: number,
): Promise<boolean> {
    const label = `audience ${audienceGroupId}`;
    const live = (await readOrGone(client.getAudienceData(audienceGroupId)))?.audienceGroup;
    if (live === undefined) {
        note(`${label} to adopt does not exist; creating a new audience`);
        return false;
    }
    const type = typeOf(inputs);
    const differences: string[] = [];
    if (live.type !== LINE_TYPES[type]) differences.push(`its type is ${live.type}, not ${LINE_TYPES[type]}`);
    if (live.isIfaAudience !== (inputs.isIfaAudience ?? false))
        differences.push(`its isIfaAudience is ${live.isIfaAudience}`);
    if (type !== "upload" && (live.requestId ?? undefined) !== inputs.requestId)
        differences.push(`its requestId is ${JSON.stringify(live.requestId ?? null)}`);
    if (type === "click" && (live.clickUrl ?? undefined) !== inputs.clickUrl)
        differences.push(`its clickUrl is ${JSON.stringify(live.clickUrl ?? null)}`);
    if ((inputs.memberCount ?? 0) > 0)
        differences.push("IDs are declared, and LINE cannot list its members to tell whether it has them");
    if (differences.length > 0) {
        note(
            `${label} is not adopted: ${differences.join("; ")}. A new audience is created; that one is left as it is`,
        );
        return false;
    }
    if (live.description !== inputs.description) {
        await client.updateAudienceGroupDescription(audienceGroupId, { description: inputs.description });
    }
    return true;
}

// ---- handlers -------------------------------------------------------------------------------

export const audienceHandlers: Required<pulumi.dynamic.ResourceProvider<AudienceInputs, AudienceOutputs>> = {
    async configure() {},

    async check(olds, news) {
        await announceBot(news.channel);
        const failures = [
            ...(containsUnknown(news.description) ? [] : descriptionFailures(news.description)),
            ...shapeFailures(news),
        ];
        // What `check` computes is not an input the user gives: drop any stale value passed back in.
        const { membersDigest: _d, memberCount: _c, membershipChange: _m, ...declared } = news;
        if (
            containsUnknown(news.userIds) ||
            containsUnknown(news.userIdsFile) ||
            containsUnknown(news.isIfaAudience)
        ) {
            return { inputs: { ...declared, membersDigest: UNKNOWN }, failures };
        }
        if (
            typeOf(news) !== "upload" ||
            failures.some(f => f.property === "userIdsFile" || f.property === "type")
        ) {
            return { inputs: { ...declared, membersDigest: EMPTY_DIGEST, memberCount: 0 }, failures };
        }
        const scan = await scanMembers(news, {
            isIfaAudience: news.isIfaAudience ?? false,
            prefixCount: olds.memberCount,
        });
        failures.push(...scan.failures);
        const membershipChange = membershipChangeOf(olds, news, scan);
        return {
            inputs: {
                ...declared,
                membersDigest: scan.digest,
                memberCount: scan.count,
                ...(membershipChange !== undefined ? { membershipChange } : {}),
            },
            failures,
        };
    },

    async diff(_id, olds, news) {
        warnIfExpiring(olds);
        const normalize = (v: Partial<AudienceInputs>) => ({
            type: typeOf(v),
            isIfaAudience: v.isIfaAudience ?? false,
            requestId: v.requestId,
            clickUrl: v.clickUrl,
            channel: v.channel,
        });
        const replaces = changedKeys(normalize(olds), normalize(news), [
            "type",
            "isIfaAudience",
            "requestId",
            "clickUrl",
            "channel",
        ]);
        const members = news.userIdsFile !== undefined ? "userIdsFile" : "userIds";
        let change = news.membershipChange;
        if (news.membersDigest === UNKNOWN) change = undefined;
        else if (change === undefined && news.membersDigest !== olds.membersDigest) change = "replace";
        if (change === "replace" && !replaces.includes(members)) replaces.push(members);
        const updates = changedKeys<AudienceInputs>(olds, news, [
            "description",
            "userIdsFile",
            "waitUntilReady",
            "readyTimeoutSeconds",
        ]);
        // Unknown members (preview) may or may not grow: shown as an update, decided for real at `up`.
        const membersChange = change === "append" || news.membersDigest === UNKNOWN;
        return {
            changes: replaces.length + updates.length > 0 || membersChange,
            replaces,
            deleteBeforeReplace: false,
        };
    },

    async create(inputs) {
        const client = await clientForWrite(inputs.channel);
        const adopt = inputs.adoptAudienceGroupId;
        if (adopt !== undefined && (await adoptAudience(client, inputs, adopt))) {
            return { id: String(adopt), outs: await settle(client, adopt, inputs) };
        }
        const type = typeOf(inputs);
        let audienceGroupId: number;
        if (type === "upload") {
            audienceGroupId = await createUploadAudience(client, inputs);
        } else if (type === "click") {
            ({ audienceGroupId } = await client.createClickBasedAudienceGroup({
                description: inputs.description,
                requestId: inputs.requestId ?? "",
                ...(inputs.clickUrl !== undefined ? { clickUrl: inputs.clickUrl } : {}),
            }));
        } else {
            ({ audienceGroupId } = await client.createImpBasedAudienceGroup({
                description: inputs.description,
                requestId: inputs.requestId ?? "",
            }));
        }
        try {
            return { id: String(audienceGroupId), outs: await settle(client, audienceGroupId, inputs) };
        } catch (error) {
            if (error instanceof ResourceInitFailedError) throw error;
            // LINE failed the audience, or it could not be read back: don't leave it behind.
            await deleteQuietly(client, audienceGroupId);
            throw error;
        }
    },

    async read(id, props) {
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        const live = await readOrGone(client.getAudienceData(props.audienceGroupId ?? Number(id)));
        if (live === undefined) return {};
        const group = live.audienceGroup;
        const outs: AudienceOutputs = {
            ...props,
            // A rename outside Pulumi shows up as a changed description, which the next up renames back.
            description: group.description,
            isIfaAudience: group.isIfaAudience,
            status: group.status,
            audienceCount: group.audienceCount,
            created: group.created,
            ...(group.expireTimestamp !== undefined ? { expireTimestamp: group.expireTimestamp } : {}),
        };
        return { id, props: outs };
    },

    async update(id, olds, news) {
        const client = await clientForWrite(news.channel);
        const audienceGroupId = olds.audienceGroupId ?? Number(id);
        if (news.description !== olds.description) {
            await client.updateAudienceGroupDescription(audienceGroupId, { description: news.description });
        }
        if (typeOf(news) === "upload" && news.membersDigest !== olds.membersDigest) {
            if ((news.memberCount ?? 0) <= olds.memberCount) {
                throw new Error(
                    `${labelOf(news, audienceGroupId)}: IDs were removed or reordered, which needs a replacement`,
                );
            }
            await appendMembers(client, audienceGroupId, news, olds.memberCount, olds.membersDigest);
        }
        // A wait that times out is recorded with the new outputs (the upload is done), so the next up
        // only waits; see settle().
        return { outs: await settle(client, audienceGroupId, news) };
    },

    async delete(_id, props) {
        const client = await clientForWrite(props.channel);
        await deleteIgnoringNotFound(client.deleteAudienceGroup(props.audienceGroupId));
    },
};

const provider = thinProvider("Audience");

/**
 * A LINE audience: uploaded user IDs (or IFAs), or the users who clicked or saw a broadcast. Members
 * can only be added; removing or reordering IDs replaces it (new `audienceGroupId`). State keeps a
 * digest and a count of the IDs, never the IDs.
 */
export class Audience extends pulumi.dynamic.Resource {
    /** LINE's ID of the audience, for narrowcast recipients. */
    declare readonly audienceGroupId: pulumi.Output<number>;
    declare readonly description: pulumi.Output<string>;
    declare readonly status: pulumi.Output<string>;
    declare readonly audienceCount: pulumi.Output<number>;
    declare readonly created: pulumi.Output<number>;
    declare readonly expireTimestamp: pulumi.Output<number | undefined>;
    declare readonly membersDigest: pulumi.Output<string>;
    declare readonly memberCount: pulumi.Output<number>;
    declare readonly channel: pulumi.Output<string | undefined>;

    constructor(name: string, args: AudienceArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            {
                ...args,
                // Personal data: encrypted in state's inputs, never echoed to outputs.
                userIds: args.userIds === undefined ? undefined : pulumi.secret(args.userIds),
                audienceGroupId: undefined,
                status: undefined,
                audienceCount: undefined,
                created: undefined,
                expireTimestamp: undefined,
                membersDigest: undefined,
                memberCount: undefined,
            },
            opts,
            "line",
            "Audience",
        );
    }
}
