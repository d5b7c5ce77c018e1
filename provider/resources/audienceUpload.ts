import type { LineClient } from "../client";
import { labelOf, type AudienceInputs } from "./audienceModel";
import { scanMembers } from "./audienceMembers";
import { UploadFiles, type Upload } from "./audienceUploadFiles";
import { chunks } from "./chunks";

/**
 * Uploading an audience's members: as JSON, 10,000 IDs a call, for inline lists
 * (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group), and as files
 * of at most 1,500,000 lines for `userIdsFile`
 * (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file). Each
 * upload is checked against the digest `check` computed, so a list edited during the run is refused.
 */

/** IDs per JSON create/add call. */
const JSON_CHUNK = 10_000;
/** Lines per file upload. */
const FILE_CHUNK = 1_500_000;

function changedDuringUpdate(inputs: AudienceInputs): Error {
    return new Error(
        `${labelOf(inputs)}: ${inputs.userIdsFile ?? "userIds"} changed while the update ran; run it again`,
    );
}

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
export async function appendMembers(
    client: LineClient,
    audienceGroupId: number,
    inputs: AudienceInputs,
    from: number,
    uploadedDigest: string,
): Promise<void> {
    if (inputs.userIdsFile === undefined) {
        await addInChunks(client, audienceGroupId, (await inlineMembers(inputs)).slice(from), from);
        return;
    }
    const files = await fileMembers(inputs, from, uploadedDigest);
    try {
        await addFiles(client, audienceGroupId, files.uploads(), from);
    } finally {
        await files.remove();
    }
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

/** Adds each upload file in turn; `from` is the position of the first file's first ID. */
async function addFiles(
    client: LineClient,
    audienceGroupId: number,
    uploads: readonly Upload[],
    from: number,
): Promise<void> {
    let first = from;
    for (const { file, lines } of uploads) {
        await client.addUserIdsToAudience({
            file,
            audienceGroupId,
            uploadDescription: uploadLabel(first, lines),
        });
        first += lines;
    }
}

/**
 * Makes the upload audience with its members: from upload files for `userIdsFile`, else as JSON. A
 * file without IDs goes the JSON way too, because LINE takes an empty audience only as JSON (an empty
 * file is "no valid IDs"). The upload files are removed whichever way it went.
 */
export async function createUploadAudience(client: LineClient, inputs: AudienceInputs): Promise<number> {
    if (inputs.userIdsFile === undefined) return createFromJson(client, inputs, await inlineMembers(inputs));
    const files = await fileMembers(inputs, 0);
    try {
        const [first, ...rest] = files.uploads();
        if (first === undefined) return await createFromJson(client, inputs, []);
        return await createFromFiles(client, inputs, first, rest);
    } finally {
        await files.remove();
    }
}

/** Creates the audience with the first file and adds the others; deletes it again if one fails. */
async function createFromFiles(
    client: LineClient,
    inputs: AudienceInputs,
    first: Upload,
    rest: readonly Upload[],
): Promise<number> {
    const { audienceGroupId } = await client.createAudienceForUploadingUserIds({
        file: first.file,
        description: inputs.description,
        isIfaAudience: inputs.isIfaAudience ?? false,
        uploadDescription: uploadLabel(0, first.lines),
    });
    await deletingOnFailure(client, audienceGroupId, () =>
        addFiles(client, audienceGroupId, rest, first.lines),
    );
    return audienceGroupId;
}

/** Creates the audience with the first 10,000 IDs and adds the rest; deletes it again if a call fails. */
async function createFromJson(
    client: LineClient,
    inputs: AudienceInputs,
    ids: readonly string[],
): Promise<number> {
    const first = ids.slice(0, JSON_CHUNK);
    const { audienceGroupId } = await client.createAudienceGroup({
        description: inputs.description,
        isIfaAudience: inputs.isIfaAudience ?? false,
        ...(first.length > 0
            ? { uploadDescription: uploadLabel(0, first.length), audiences: first.map(id => ({ id })) }
            : {}),
    });
    await deletingOnFailure(client, audienceGroupId, () =>
        addInChunks(client, audienceGroupId, ids.slice(first.length), first.length),
    );
    return audienceGroupId;
}

/** Runs the uploads after a create; if one fails, the audience is deleted, so a failed `up` leaves nothing. */
async function deletingOnFailure(
    client: LineClient,
    audienceGroupId: number,
    uploads: () => Promise<void>,
): Promise<void> {
    try {
        await uploads();
    } catch (error) {
        await deleteQuietly(client, audienceGroupId);
        throw error;
    }
}

export async function deleteQuietly(client: LineClient, audienceGroupId: number): Promise<void> {
    // The error that made us undo is the one to report; a failed undo must not hide it.
    await client.deleteAudienceGroup(audienceGroupId).catch(() => undefined);
}
