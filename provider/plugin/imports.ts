import { detectImageContentType } from "../client";
import { declarationOf, outputsOf } from "../resources/audienceModel";
import { clientFor, DEFAULT_CHANNEL } from "../resources/credentials";
import type { Handlers } from "../resources/implementation";
import { sha256 } from "../resources/lifecycle";
import { readOrGone } from "../resources/notFound";
import type { PlainObject } from "./marshal";
import { inputNamesOf } from "./schema";

/**
 * `pulumi import`: the engine's `Read` with only an ID (no state), which the dynamic provider host
 * cannot serve (pulumi/pulumi#16175). The live object is read by the same `read` handler refresh
 * uses, from the outputs a new resource starts with, and its inputs are the schema's input
 * properties of what it returned: what a program declares to keep the object as it is.
 *
 * A rich menu's image is the one thing LINE cannot name: it holds the bytes, not the file they came
 * from. The import records their digest, as `check` records a file's, so a program that names a file
 * with the same bytes keeps the menu (see {@link withImportedImage}), and a file with other bytes
 * replaces it.
 */

export interface Imported {
    readonly id: string;
    readonly inputs: PlainObject;
    readonly outputs: PlainObject;
    /** What the user must know about what was imported (what LINE could not tell). */
    readonly warning?: string;
}

/** The singletons' IDs name their channel (defaultRichMenu.ts, webhookEndpoint.ts); others name none. */
const SINGLETON_IDS: Readonly<Record<string, RegExp>> = {
    "line:index:DefaultRichMenu": /^default-rich-menu\/(.+)$/,
    "line:index:WebhookEndpoint": /^webhook-endpoint\/(.+)$/,
};

function seedOf(type: string, id: string): PlainObject {
    const match = SINGLETON_IDS[type]?.exec(id);
    if (match === undefined || match === null || match[1] === DEFAULT_CHANNEL) return {};
    return { channel: match[1] };
}

async function imageOutputs(id: string, channel: unknown): Promise<PlainObject> {
    const client = await clientFor(typeof channel === "string" ? channel : undefined);
    const bytes = await client.getRichMenuImage(id);
    const contentType = detectImageContentType(bytes);
    if (contentType === undefined) return { richMenuId: id };
    return { richMenuId: id, imageSha256: sha256(bytes), imageContentType: contentType };
}

/** Kinds LINE cannot read back, and why: an import of them fails saying so. */
const NOT_IMPORTABLE: Readonly<Record<string, string>> = {
    "line:index:UserRichMenuLinks":
        "line:index:UserRichMenuLinks cannot be imported: LINE cannot list which users are linked to a rich menu, " +
        "it only answers which menu one given user sees " +
        "(https://developers.line.biz/en/reference/messaging-api/#get-rich-menu-id-of-user). Declare the users " +
        "(userIds or userIdsFile) instead: `pulumi up` links them, and linking a user already linked changes nothing.",
};

/** An audience by its audienceGroupId: what LINE fixed at creation as inputs, no members. */
async function audienceForImport(id: string): Promise<Imported | undefined> {
    if (!/^[1-9][0-9]*$/.test(id)) {
        throw new Error(
            `an audience is imported by its audienceGroupId (a number), not ${JSON.stringify(id)}`,
        );
    }
    const client = await clientFor(undefined);
    const group = (await readOrGone(client.getAudienceData(Number(id))))?.audienceGroup;
    if (group === undefined) return undefined;
    const declared = declarationOf(group);
    if (typeof declared === "string") throw new Error(`audience ${id} cannot be imported: ${declared}`);
    const warning =
        `audience ${id} ${JSON.stringify(group.description)}: LINE reports ${group.audienceCount} members but ` +
        "cannot list them, so none were imported; IDs declared later are added to it, none is ever removed";
    return { id, inputs: { ...declared }, outputs: { ...outputsOf(declared, group) }, warning };
}

/** The live object behind `id`, as inputs and outputs; undefined when LINE has none. */
export async function readForImport(
    type: string,
    handlers: Handlers,
    id: string,
): Promise<Imported | undefined> {
    const refusal = NOT_IMPORTABLE[type];
    if (refusal !== undefined) throw new Error(refusal);
    if (type === "line:index:Audience") return audienceForImport(id);
    const seed = seedOf(type, id);
    const result = await handlers.read(id, seed);
    if (!result.id) return undefined;
    const read = (result.props ?? {}) as PlainObject;
    const outputs =
        type === "line:index:RichMenu" ? { ...read, ...(await imageOutputs(result.id, read.channel)) } : read;
    const names = new Set(inputNamesOf(type));
    const inputs = Object.fromEntries(Object.entries(outputs).filter(([key]) => names.has(key)));
    return { id: result.id, inputs, outputs };
}

/**
 * The old state a rich menu's diff compares with. An imported menu has no image path in state, only
 * the digest of its bytes: when the program's file has the same bytes, its path is taken as the one
 * state lacks, so naming the file is no change. Once an `up` has run, state holds the path itself.
 */
export function withImportedImage(type: string, olds: PlainObject, news: PlainObject): PlainObject {
    if (type !== "line:index:RichMenu" || olds.image !== undefined || news.image === undefined) return olds;
    if (typeof olds.imageSha256 !== "string" || olds.imageSha256 !== news.imageSha256) return olds;
    return { ...olds, image: news.image };
}
