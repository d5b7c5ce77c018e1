import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { isLineNotFound } from "../client";
import type { LineClient, RichMenuBatchRequest } from "../client";
import { announceBot, clientFor, clientForWrite } from "./channel";
import { changedKeys, containsUnknown, sha256 } from "./lifecycle";
import { thinProvider } from "./providerStub";

/**
 * A set of users linked to one rich menu (per-user rich menus).
 *
 * User IDs are personal data and do not move between LINE providers, so state never holds them: it keeps
 * a digest, a count, and a one-way hash per member, enough to tell what was added and whether anyone was
 * removed. Inline IDs are passed to the engine as a secret, so they are encrypted in state's inputs too.
 *
 * - New members are linked with bulk link, 500 IDs per call.
 * - LINE can only unlink users by ID, and state has no IDs, so a removal unlinks everyone on the menu
 *   with one batch `unlink` and links the declared set again.
 * - When the menu is replaced, every linked user is moved to the new menu with one batch `link`
 *   (validated first, with a `resumeRequestKey`, progress polled) before the old menu is deleted.
 */

/** LINE's cap on user IDs per bulk link/unlink call. */
export const BULK_LINK_CHUNK = 500;
const USER_ID = /^U[0-9a-f]{32}$/;

export interface UserRichMenuLinksArgs {
    /** The menu these users see; it must have its image (a {@link RichMenu}'s `richMenuId`). */
    readonly richMenuId: pulumi.Input<string>;
    /** The user IDs, inline. Stored encrypted in state. */
    readonly userIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** A file with one user ID per line, relative to the program's directory. */
    readonly userIdsFile?: pulumi.Input<string>;
    /** The channel (see the provider's channel settings); `default` if omitted. */
    readonly channel?: pulumi.Input<string>;
    /** How long to wait for a batch move or unlink to finish, in seconds (default 600). */
    readonly batchTimeoutSeconds?: pulumi.Input<number>;
}

export interface UserRichMenuLinksInputs {
    readonly richMenuId: string;
    readonly userIds?: string[];
    readonly userIdsFile?: string;
    readonly channel?: string;
    readonly batchTimeoutSeconds?: number;
    /** Set by `check`: the sha-256 of the sorted member list, so the diff sees a change of members. */
    readonly userIdsDigest?: string;
}

export interface UserRichMenuLinksOutputs {
    readonly richMenuId: string;
    readonly userIdsFile?: string;
    readonly channel?: string;
    readonly batchTimeoutSeconds?: number;
    readonly userIdsDigest: string;
    readonly userCount: number;
    /** One-way hashes of the members (16 hex digits each), sorted. */
    readonly memberHashes: string[];
}

export function memberHash(userId: string): string {
    return sha256(`pulumi-line/user/${userId}`).slice(0, 16);
}

async function membersOf(
    inputs: UserRichMenuLinksInputs,
): Promise<{ ids: string[]; failures: pulumi.dynamic.CheckFailure[] }> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const ids: string[] = [];
    // Name the position, never the value: a malformed entry may be something else personal.
    const reason = "must be a LINE user ID: U followed by 32 hex digits";
    if (inputs.userIdsFile !== undefined) {
        const file = inputs.userIdsFile;
        try {
            const text = await fs.readFile(path.resolve(file), "utf8");
            text.split(/\r?\n/).forEach((raw, i) => {
                const id = raw.trim();
                if (id === "" || id.startsWith("#")) return;
                if (USER_ID.test(id)) ids.push(id);
                else
                    failures.push({
                        // Located in the reason, so no property: Pulumi prints it as it is.
                        property: "",
                        reason: `${file}:${i + 1}:1 userIdsFile: ${reason}`,
                    });
            });
        } catch {
            failures.push({ property: "userIdsFile", reason: `file not found: ${file}` });
        }
    }
    (inputs.userIds ?? []).forEach((id, i) => {
        if (USER_ID.test(id)) ids.push(id);
        else failures.push({ property: `userIds[${i}]`, reason });
    });
    return { ids: [...new Set(ids)].sort(), failures };
}

function digestOf(ids: readonly string[]): string {
    return sha256(ids.join("\n"));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

async function linkAll(client: LineClient, richMenuId: string, ids: readonly string[]): Promise<void> {
    for (const userIds of chunks(ids, BULK_LINK_CHUNK)) {
        await client.linkRichMenuIdToUsers({ richMenuId, userIds });
    }
}

/** A key LINE accepts (`[0-9a-zA-Z_-]{1,100}`), the same on every retry of the same move. */
function resumeKeyFor(...parts: string[]): string {
    return `pulumi-line-${sha256(parts.join("\u0000")).slice(0, 40)}`;
}

/**
 * Runs one batch operation to completion: validate (free), run (3/hour), then poll progress. The same
 * `resumeRequestKey` makes a rerun after a timeout or failure pick up only the unfinished users.
 */
export async function runBatch(
    client: LineClient,
    request: RichMenuBatchRequest,
    timeoutSeconds: number,
): Promise<void> {
    await client.validateRichMenuBatchRequest(request);
    const { requestId } = await client.richMenuBatch(request);
    const deadline = Date.now() + timeoutSeconds * 1000;
    let delayMs = 500;
    for (;;) {
        const progress = await client.getRichMenuBatchProgress(requestId);
        if (progress.phase === "succeeded") return;
        if (progress.phase === "failed") {
            throw new Error(
                `LINE's rich menu batch ${requestId} failed for some users; run the update again to resume it ` +
                    `(resumeRequestKey ${request.resumeRequestKey ?? "none"})`,
            );
        }
        if (Date.now() > deadline) {
            throw new Error(
                `LINE's rich menu batch ${requestId} is still running after ${timeoutSeconds}s; run the update again to resume it`,
            );
        }
        await new Promise(resolve => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 2, 15_000);
    }
}

function outputsOf(inputs: UserRichMenuLinksInputs, ids: readonly string[]): UserRichMenuLinksOutputs {
    return {
        richMenuId: inputs.richMenuId,
        ...(inputs.userIdsFile !== undefined ? { userIdsFile: inputs.userIdsFile } : {}),
        ...(inputs.channel !== undefined ? { channel: inputs.channel } : {}),
        ...(inputs.batchTimeoutSeconds !== undefined
            ? { batchTimeoutSeconds: inputs.batchTimeoutSeconds }
            : {}),
        userIdsDigest: digestOf(ids),
        userCount: ids.length,
        memberHashes: ids.map(memberHash).sort(),
    };
}

const DEFAULT_BATCH_TIMEOUT_SECONDS = 600;

export const userRichMenuLinksHandlers: Required<
    pulumi.dynamic.ResourceProvider<UserRichMenuLinksInputs, UserRichMenuLinksOutputs>
> = {
    async configure() {},

    async check(_olds, news) {
        await announceBot(news.channel);
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (news.userIds === undefined && news.userIdsFile === undefined) {
            failures.push({ property: "userIds", reason: "give userIds or userIdsFile" });
        }
        if (containsUnknown(news.userIds) || containsUnknown(news.userIdsFile))
            return { inputs: news, failures };
        const members = await membersOf(news);
        failures.push(...members.failures);
        return { inputs: { ...news, userIdsDigest: digestOf(members.ids) }, failures };
    },

    async diff(_id, olds, news) {
        const replaces = changedKeys<UserRichMenuLinksInputs>(olds, news, ["channel"]);
        const updates = changedKeys<UserRichMenuLinksInputs>(olds, news, [
            "richMenuId",
            "userIdsDigest",
            "userIdsFile",
            "batchTimeoutSeconds",
        ]);
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: true };
    },

    async create(inputs) {
        const { ids, failures } = await membersOf(inputs);
        if (failures.length > 0) throw new Error(failures.map(f => `${f.property}: ${f.reason}`).join("; "));
        const client = await clientForWrite(inputs.channel);
        await linkAll(client, inputs.richMenuId, ids);
        return { id: `user-links/${inputs.richMenuId}`, outs: outputsOf(inputs, ids) };
    },

    async read(id, props) {
        // LINE cannot list who is linked to a menu; the one thing refresh can check is that the menu exists.
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        try {
            await client.getRichMenu(props.richMenuId);
        } catch (error) {
            if (isLineNotFound(error)) return {};
            throw error;
        }
        return { id, props };
    },

    async update(_id, olds, news) {
        const { ids, failures } = await membersOf(news);
        if (failures.length > 0) throw new Error(failures.map(f => `${f.property}: ${f.reason}`).join("; "));
        const client = await clientForWrite(news.channel);
        const timeout = news.batchTimeoutSeconds ?? DEFAULT_BATCH_TIMEOUT_SECONDS;
        if (olds.richMenuId !== news.richMenuId) {
            const request: RichMenuBatchRequest = {
                operations: [{ type: "link", from: olds.richMenuId, to: news.richMenuId }],
                resumeRequestKey: resumeKeyFor("link", olds.richMenuId, news.richMenuId),
            };
            await runBatch(client, request, timeout);
        }
        const kept = new Set(ids.map(memberHash));
        const removed = olds.memberHashes.some(h => !kept.has(h));
        if (removed) {
            await runBatch(
                client,
                {
                    operations: [{ type: "unlink", from: news.richMenuId }],
                    resumeRequestKey: resumeKeyFor("unlink", news.richMenuId, digestOf(ids)),
                },
                timeout,
            );
            await linkAll(client, news.richMenuId, ids);
        } else {
            const before = new Set(olds.memberHashes);
            await linkAll(
                client,
                news.richMenuId,
                ids.filter(id => !before.has(memberHash(id))),
            );
        }
        return { outs: outputsOf(news, ids) };
    },

    async delete(_id, props) {
        if (props.userCount === 0) return;
        const client = await clientForWrite(props.channel);
        try {
            await runBatch(
                client,
                {
                    operations: [{ type: "unlink", from: props.richMenuId }],
                    resumeRequestKey: resumeKeyFor("unlink", props.richMenuId, "delete"),
                },
                props.batchTimeoutSeconds ?? DEFAULT_BATCH_TIMEOUT_SECONDS,
            );
        } catch (error) {
            // The menu is gone, and its links with it.
            if (!isLineNotFound(error)) throw error;
        }
    },
};

const provider = thinProvider("UserRichMenuLinks");

/** Users linked to one rich menu. State keeps a digest, a count and one-way hashes, never the IDs. */
export class UserRichMenuLinks extends pulumi.dynamic.Resource {
    declare readonly richMenuId: pulumi.Output<string>;
    declare readonly userCount: pulumi.Output<number>;
    declare readonly userIdsDigest: pulumi.Output<string>;

    constructor(name: string, args: UserRichMenuLinksArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            {
                ...args,
                // Personal data: encrypted in state's inputs, never echoed to outputs.
                userIds: args.userIds === undefined ? undefined : pulumi.secret(args.userIds),
                userCount: undefined,
                userIdsDigest: undefined,
            },
            opts,
            "line",
            "UserRichMenuLinks",
        );
    }
}
