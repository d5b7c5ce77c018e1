import * as pulumi from "@pulumi/pulumi";
import type { LineClient } from "../client";
import {
    EMPTY_DIGEST,
    labelOf,
    note,
    typeOf,
    type AudienceArgs,
    type AudienceInputs,
    type AudienceOutputs,
    type AudienceType,
} from "./audienceModel";
import { membershipChangeOf, scanMembers } from "./audienceMembers";
import { settle } from "./audienceReady";
import { descriptionFailures, shapeFailures } from "./audienceShapes";
import { appendMembers, createUploadAudience, deleteQuietly } from "./audienceUpload";
import { announceBot, clientForWrite } from "./botGuard";
import { clientFor } from "./credentials";
import { changedKeys, containsUnknown, ResourceInitFailedError, UNKNOWN } from "./lifecycle";
import { deleteIgnoringNotFound, readOrGone } from "./notFound";
import { timing } from "./polling";
import { thinProvider } from "./providerStub";

export type { AudienceArgs, AudienceInputs, AudienceOutputs } from "./audienceModel";

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

const EXPIRY_WARNING_SECONDS = 14 * 24 * 60 * 60;

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
