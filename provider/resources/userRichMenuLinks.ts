import * as pulumi from "@pulumi/pulumi";
import type { LineClient, RichMenuBatchRequest } from "../client";
import { announceBot, clientForWrite } from "./botGuard";
import { clientFor } from "./credentials";
import { changedKeys, containsUnknown, sha256 } from "./lifecycle";
import {
    memberFailure,
    membersOf,
    readUserIdFile,
    unreadableFileFailure,
    USER_ID,
    USER_ID_EXPECTED,
    type Member,
} from "./members";
import { deleteIgnoringNotFound, readOrGone } from "./notFound";
import { thinProvider } from "./providerStub";
import { linkAll, resumeKeyFor, runBatch } from "./userLinkCalls";

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
 *
 * Drift. LINE cannot list who is linked to a menu, only answer for one user at a time
 * (get-user-rich-menu), so `refresh` asks for each member state says is linked, and records the ones
 * whose menu is no longer this one as not linked; `up` then links exactly those again. `read` receives
 * only the state's outputs, never its inputs, so the IDs it asks about come from the outputs: a file's
 * path (its IDs are read again, never stored), or inline IDs echoed under the `userIds` key, which the
 * engine encrypts like the secret input of the same name (it re-marks an output secret when the input
 * with its key was, because this provider cannot take secrets itself).
 */

/**
 * The largest set whose links `refresh` checks user by user. get-user-rich-menu allows 2,000 calls a
 * second per channel (https://developers.line.biz/en/reference/messaging-api/#rate-limits), a budget
 * the channel's own backend draws from too. Asked {@link DRIFT_CHECK_CONCURRENCY} at a time, at LINE's
 * usual 50–100 ms a call, a set of 1,000 takes 5–10 s and uses 100–200 calls a second, a tenth of the
 * channel's budget; the client's pacing keeps several sets refreshed at once under the limit. Larger
 * sets would make every refresh minutes long, so for them refresh checks only that the menu exists,
 * and preview says so.
 */
export const DRIFT_CHECK_MAX_USERS = 1_000;
/** Users asked about at once during a drift check. */
const DRIFT_CHECK_CONCURRENCY = 10;

export interface UserRichMenuLinksArgs {
    /** The menu these users see; it must have its image (a {@link RichMenu}'s `richMenuId`). */
    readonly richMenuId: pulumi.Input<string>;
    /** The user IDs, inline. Stored only encrypted in state (inputs, and outputs for refresh). */
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
    /**
     * The inline IDs, sorted, so `refresh` can ask LINE about them. Stored only encrypted: the engine
     * marks this output secret because the input of the same key is (see the header). Never set from a file.
     */
    readonly userIds?: string[];
    /** The sha-256 of the sorted members known to be linked. */
    readonly userIdsDigest: string;
    /** How many members are known to be linked. */
    readonly userCount: number;
    /** One-way hashes of the members known to be linked (16 hex digits each), sorted. */
    readonly memberHashes: string[];
}

export function memberHash(userId: string): string {
    return sha256(`pulumi-line/user/${userId}`).slice(0, 16);
}

/** The declared members (a file's, then the inline ones), deduplicated and sorted, and what is wrong with them. */
async function declaredMembers(
    inputs: UserRichMenuLinksInputs,
): Promise<{ ids: string[]; failures: pulumi.dynamic.CheckFailure[] }> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const ids: string[] = [];
    const take = (member: Member): void => {
        if (USER_ID.test(member.id)) ids.push(member.id);
        else failures.push(memberFailure(member, USER_ID_EXPECTED));
    };
    if (inputs.userIdsFile !== undefined) {
        try {
            for await (const member of readUserIdFile(inputs.userIdsFile)) take(member);
        } catch (error) {
            failures.push(unreadableFileFailure(inputs.userIdsFile, error));
        }
    }
    if (inputs.userIds !== undefined) {
        for await (const member of membersOf({ userIds: inputs.userIds })) take(member);
    }
    return { ids: [...new Set(ids)].sort(), failures };
}

function digestOf(ids: readonly string[]): string {
    return sha256(ids.join("\n"));
}

function outputsOf(inputs: UserRichMenuLinksInputs, ids: readonly string[]): UserRichMenuLinksOutputs {
    return {
        richMenuId: inputs.richMenuId,
        ...(inputs.userIdsFile !== undefined ? { userIdsFile: inputs.userIdsFile } : {}),
        ...(inputs.channel !== undefined ? { channel: inputs.channel } : {}),
        ...(inputs.batchTimeoutSeconds !== undefined
            ? { batchTimeoutSeconds: inputs.batchTimeoutSeconds }
            : {}),
        ...(inputs.userIds !== undefined ? { userIds: [...new Set(inputs.userIds)].sort() } : {}),
        userIdsDigest: digestOf(ids),
        userCount: ids.length,
        memberHashes: ids.map(memberHash).sort(),
    };
}

/** Runs `work` on every item, at most `limit` at a time; resolves in the items' order. */
async function mapConcurrently<T, R>(
    items: readonly T[],
    limit: number,
    work: (item: T) => Promise<R>,
): Promise<R[]> {
    const results: R[] = new Array<R>(items.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < items.length) {
            const i = next++;
            results[i] = await work(items[i]!);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** What one member's link is, as LINE answers for that user. */
type LinkState = "linked" | "noMenu" | "otherMenu";

async function linkStateOf(client: LineClient, userId: string, richMenuId: string): Promise<LinkState> {
    const linked = await readOrGone(client.getRichMenuIdOfUser(userId));
    // LINE answers 404 "the user has no richmenu" for an unlinked user and for one who blocked the account.
    if (linked === undefined) return "noMenu";
    return linked.richMenuId === richMenuId ? "linked" : "otherMenu";
}

/** What a drift check found, in counts only: the members are personal data. */
export interface DriftReport {
    /** Members state recorded as linked. */
    readonly recorded: number;
    /** Members asked about (those whose IDs could still be found). */
    readonly checked: number;
    readonly noMenu: number;
    readonly otherMenu: number;
    /** Not checked: the set is larger than {@link DRIFT_CHECK_MAX_USERS}. */
    readonly tooLarge: boolean;
}

/**
 * Asks LINE about every member state records as linked and returns the outputs with the drifted ones
 * recorded as not linked, so the next `up` links exactly them. Members whose IDs are no longer to be
 * found (a file edited since the last `up`, or state written before inline IDs were kept) are left as
 * recorded: the next `up` sees the edit anyway.
 */
async function checkLinks(
    client: LineClient,
    props: UserRichMenuLinksOutputs,
): Promise<{ outs: UserRichMenuLinksOutputs; report: DriftReport }> {
    const recorded = new Set(props.memberHashes);
    const unchecked = { recorded: recorded.size, checked: 0, noMenu: 0, otherMenu: 0 };
    if (recorded.size > DRIFT_CHECK_MAX_USERS) {
        return { outs: props, report: { ...unchecked, tooLarge: true } };
    }
    const { ids } = await declaredMembers(props);
    const members = ids.filter(id => recorded.has(memberHash(id)));
    const states = await mapConcurrently(members, DRIFT_CHECK_CONCURRENCY, id =>
        linkStateOf(client, id, props.richMenuId),
    );
    const drifted = new Set(members.filter((_id, i) => states[i] !== "linked").map(memberHash));
    const report: DriftReport = {
        ...unchecked,
        checked: members.length,
        noMenu: states.filter(s => s === "noMenu").length,
        otherMenu: states.filter(s => s === "otherMenu").length,
        tooLarge: false,
    };
    if (drifted.size === 0) return { outs: props, report };
    const linked = members.filter(id => !drifted.has(memberHash(id)));
    const memberHashes = props.memberHashes.filter(h => !drifted.has(h));
    return {
        outs: {
            ...props,
            userIdsDigest: digestOf(linked),
            userCount: memberHashes.length,
            memberHashes,
        },
        report,
    };
}

/** Where a set's members come from, for messages: never the IDs themselves. */
function describeSet(set: { richMenuId: string; userIdsFile?: string }): string {
    const menu = containsUnknown(set.richMenuId) ? "a new rich menu" : `rich menu ${set.richMenuId}`;
    return set.userIdsFile !== undefined
        ? `users of ${set.userIdsFile} linked to ${menu}`
        : `users linked to ${menu}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
    return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/** One line for the user about a drift check, or none when everything checked is as recorded. */
function describeDrift(props: UserRichMenuLinksOutputs, report: DriftReport): string | undefined {
    const set = describeSet(props);
    if (report.tooLarge) {
        return (
            `pulumi-line: ${set}: ${plural(report.recorded, "user")}, more than the ` +
            `${DRIFT_CHECK_MAX_USERS.toLocaleString("en-US")} whose links refresh checks one by one; ` +
            "refresh checked only that the menu exists, not who is linked to it"
        );
    }
    const parts: string[] = [];
    const drifted = report.noMenu + report.otherMenu;
    if (drifted > 0) {
        const kinds = [
            ...(report.noMenu > 0 ? [`${report.noMenu.toLocaleString("en-US")} with no rich menu`] : []),
            ...(report.otherMenu > 0
                ? [`${report.otherMenu.toLocaleString("en-US")} linked to another menu`]
                : []),
        ];
        parts.push(
            `${plural(drifted, "user")} of ${report.recorded.toLocaleString("en-US")} no longer ` +
                `${drifted === 1 ? "has" : "have"} this menu (${kinds.join(", ")}); \`pulumi up\` links ` +
                `${drifted === 1 ? "that user" : "exactly them"} again`,
        );
    }
    const missing = report.recorded - report.checked;
    if (missing > 0) {
        parts.push(
            `${plural(missing, "user")} could not be checked: ` +
                (props.userIdsFile !== undefined
                    ? `their IDs are no longer in ${props.userIdsFile}`
                    : "the state has no IDs to ask about (run `pulumi up` once to record them, encrypted)"),
        );
    }
    return parts.length === 0 ? undefined : `pulumi-line: ${set}: ${parts.join("; ")}`;
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
        const members = await declaredMembers(news);
        failures.push(...members.failures);
        if (members.ids.length > DRIFT_CHECK_MAX_USERS) {
            process.stderr.write(
                `pulumi-line: ${describeSet(news)}: ${plural(members.ids.length, "user")}; refresh checks ` +
                    `each user's link only in sets of up to ${DRIFT_CHECK_MAX_USERS.toLocaleString("en-US")}, ` +
                    "so it will not find these users' links changed outside Pulumi (only a deleted menu)\n",
            );
        }
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
        // State written before inline IDs were kept for refresh gets them on the next `up` (no LINE call).
        const recordsIds = news.userIds !== undefined && olds.userIds === undefined;
        return {
            changes: replaces.length + updates.length > 0 || recordsIds,
            replaces,
            deleteBeforeReplace: true,
        };
    },

    async create(inputs) {
        const { ids, failures } = await declaredMembers(inputs);
        if (failures.length > 0) throw new Error(failures.map(f => `${f.property}: ${f.reason}`).join("; "));
        const client = await clientForWrite(inputs.channel);
        await linkAll(client, inputs.richMenuId, ids);
        return { id: `user-links/${inputs.richMenuId}`, outs: outputsOf(inputs, ids) };
    },

    async read(id, props) {
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        if ((await readOrGone(client.getRichMenu(props.richMenuId))) === undefined) return {};
        const { outs, report } = await checkLinks(client, props);
        const message = describeDrift(props, report);
        if (message !== undefined) process.stderr.write(`${message}\n`);
        return { id, props: outs };
    },

    async update(_id, olds, news) {
        const { ids, failures } = await declaredMembers(news);
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
        // A menu that is gone took its links with it.
        await deleteIgnoringNotFound(
            runBatch(
                client,
                {
                    operations: [{ type: "unlink", from: props.richMenuId }],
                    resumeRequestKey: resumeKeyFor("unlink", props.richMenuId, "delete"),
                },
                props.batchTimeoutSeconds ?? DEFAULT_BATCH_TIMEOUT_SECONDS,
            ),
        );
    },
};

const provider = thinProvider("UserRichMenuLinks");

/**
 * Users linked to one rich menu. State keeps a digest, a count and one-way hashes; inline IDs only
 * encrypted, a file's IDs never.
 */
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
                // Personal data: encrypted in state's inputs, and in the output refresh reads them from.
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
