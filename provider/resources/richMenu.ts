import { promises as fs } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { RichMenuArea, RichMenuRequest, RichMenuSize } from "../client";
import { inspectRichMenuImage, MAX_RICH_MENU_IMAGE_BYTES } from "../validation/image";
import { validateRichMenuObject } from "../validation/richMenu";
import type { ValidationFailure } from "../validation/failures";
import { announceBot, clientForWrite } from "./botGuard";
import { clientFor } from "./credentials";
import { canonicalJson } from "./canonicalJson";
import { changedKeys, containsUnknown, sha256, UNKNOWN } from "./lifecycle";
import { registerSwitchTargets } from "./switchGraph";
import { deleteIgnoringNotFound, readOrGone } from "./notFound";
import { thinProvider } from "./providerStub";

/**
 * A rich menu and its image.
 *
 * LINE can neither edit a rich menu nor replace its image, so every change to the definition or to the
 * image bytes is a replacement: the new menu is created and given its image, the engine re-points the
 * aliases, default and user links that depend on `richMenuId`, and only then deletes the old menu.
 *
 * `create` is transactional: if the image upload fails, the menu just created is deleted before the
 * error is raised, so a failed `up` leaves no orphan menu and a rerun converges.
 */

/** The arguments of a {@link RichMenu}: LINE's rich menu object, plus its image and channel. */
export interface RichMenuArgs {
    /** `{width, height}` in pixels: width 800-2500, height at least 250, width/height at least 1.45. */
    readonly size: pulumi.Input<RichMenuSize>;
    /** Whether the menu is shown open when it is displayed. */
    readonly selected: pulumi.Input<boolean>;
    /** A name for managing the menu (never shown to users), at most 300 characters. */
    readonly name: pulumi.Input<string>;
    /** The text on the chat bar toggle, at most 14 characters. */
    readonly chatBarText: pulumi.Input<string>;
    /** At most 20 tappable areas, in image pixels. */
    readonly areas: pulumi.Input<pulumi.Input<RichMenuArea>[]>;
    /** The image: a PNG or JPEG file of exactly `size` pixels, at most 1 MB; a path or a `FileAsset`. */
    readonly image: pulumi.Input<string | pulumi.asset.FileAsset>;
    /** The channel this menu belongs to (see the provider's channel settings); `default` if omitted. */
    readonly channel?: pulumi.Input<string>;
    /**
     * Adopt a menu that already exists in the channel instead of creating one, while it is still the
     * declared menu: the same definition, and the declared image (adopting it then writes nothing to
     * LINE) or none yet (the declared image is uploaded). When it differs, a new menu is created and
     * that one is left as it is, so after a change to the declaration the marker can stay: the
     * replacement is a new menu, as LINE cannot edit the adopted one.
     */
    readonly adoptRichMenuId?: pulumi.Input<string>;
}

/** The resolved inputs the provider receives, after `check` has read the image. */
export interface RichMenuInputs {
    readonly size: RichMenuSize;
    readonly selected: boolean;
    readonly name: string;
    readonly chatBarText: string;
    readonly areas: RichMenuArea[];
    readonly image: string | { readonly path?: string };
    readonly channel?: string;
    readonly adoptRichMenuId?: string;
    /** Set by `check` from the image bytes, so the diff sees an image change even under the same path. */
    readonly imageSha256?: string;
}

/** What state keeps: the inputs plus LINE's ID for the menu. */
export interface RichMenuOutputs extends RichMenuInputs {
    readonly richMenuId: string;
    readonly imageSha256: string;
    readonly imageContentType: string;
}

const INPUT_KEYS: ReadonlySet<string> = new Set([
    "size",
    "selected",
    "name",
    "chatBarText",
    "areas",
    "image",
    "channel",
    "adoptRichMenuId",
    "imageSha256",
    // Outputs the class declares; undefined inputs are omitted, but tolerate them.
    "richMenuId",
    "imageContentType",
]);

/**
 * The keys of LINE's rich menu object (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object):
 * the definition, which LINE cannot change once a menu is made.
 */
export const RICH_MENU_OBJECT_KEYS = ["size", "selected", "name", "chatBarText", "areas"] as const;

/** Changing any of these is a new menu as far as LINE is concerned. */
const REPLACE_KEYS = ["channel", ...RICH_MENU_OBJECT_KEYS, "imageSha256"] as const;

function richMenuObjectOf(inputs: RichMenuInputs): RichMenuRequest {
    const { size, selected, name, chatBarText, areas } = inputs;
    return { size, selected, name, chatBarText, areas };
}

function imagePathOf(image: RichMenuInputs["image"]): string | undefined {
    if (typeof image === "string") return image;
    if (typeof image === "object" && image !== null && typeof image.path === "string") return image.path;
    return undefined;
}

interface LoadedImage {
    readonly bytes: Buffer;
    readonly contentType: string;
    readonly sha256: string;
}

async function loadImage(
    image: RichMenuInputs["image"],
    size: RichMenuSize | undefined,
): Promise<{ readonly image?: LoadedImage; readonly failures: ValidationFailure[] }> {
    const file = imagePathOf(image);
    if (file === undefined) {
        return {
            failures: [{ property: "image", reason: "must be a file path or a pulumi.asset.FileAsset" }],
        };
    }
    // The provider runs in the program's directory, so relative paths mean the same as in the program.
    const resolved = path.resolve(file);
    let stat;
    try {
        stat = await fs.stat(resolved);
    } catch {
        return { failures: [{ property: "image", reason: `file not found: ${file}` }] };
    }
    if (!stat.isFile()) return { failures: [{ property: "image", reason: `not a file: ${file}` }] };
    if (stat.size > MAX_RICH_MENU_IMAGE_BYTES) {
        // Don't read a huge file just to refuse it.
        return {
            failures: [
                {
                    property: "image",
                    reason: `${file} is ${stat.size} bytes; LINE allows at most 1 MB (1048576 bytes)`,
                },
            ],
        };
    }
    const bytes = await fs.readFile(resolved);
    const inspected = inspectRichMenuImage(bytes, size, "image");
    const failures = inspected.failures.map(f => ({ ...f, reason: `${file} ${f.reason}` }));
    if (inspected.info === undefined || failures.length > 0) return { failures };
    return {
        image: { bytes, contentType: inspected.info.contentType, sha256: inspected.info.sha256 },
        failures,
    };
}

function isKnownSize(size: unknown): size is RichMenuSize {
    return (
        typeof size === "object" &&
        size !== null &&
        typeof (size as RichMenuSize).width === "number" &&
        typeof (size as RichMenuSize).height === "number"
    );
}

/** The CRUD handlers behind {@link RichMenu}; loaded by the serialized provider at call time. */
export const richMenuHandlers: Required<pulumi.dynamic.ResourceProvider<RichMenuInputs, RichMenuOutputs>> = {
    async configure() {
        // Channel settings are read per call (see credentials.ts); nothing to keep here.
    },

    async check(olds, news) {
        await announceBot(news.channel);
        const failures: ValidationFailure[] = [];
        // JavaScript and YAML callers get no type checking: a misspelt key would silently be dropped.
        for (const key of Object.keys(news)) {
            if (!INPUT_KEYS.has(key) && !key.startsWith("__")) {
                failures.push({ property: key, reason: "is not a known property" });
            }
        }
        const definition = richMenuObjectOf(news);
        if (!containsUnknown(definition)) failures.push(...validateRichMenuObject(definition));
        let imageSha256: string | undefined;
        if (!containsUnknown(news.image) && !containsUnknown(news.size)) {
            const loaded = await loadImage(news.image, isKnownSize(news.size) ? news.size : undefined);
            failures.push(...loaded.failures);
            imageSha256 = loaded.image?.sha256;
        } else {
            imageSha256 = UNKNOWN;
        }
        const checked: RichMenuInputs = { ...news, ...(imageSha256 !== undefined ? { imageSha256 } : {}) };
        return {
            inputs: withAdoptionOf(olds, checked),
            failures: failures.map(f => ({ property: f.property, reason: f.reason })),
        };
    },

    async diff(_id, olds, news) {
        const replaces = changedKeys<RichMenuInputs>(olds, news, REPLACE_KEYS);
        const other = changedKeys<RichMenuInputs>(olds, news, ["image", "adoptRichMenuId"]);
        return { changes: replaces.length + other.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
        const { image, failures } = await loadImage(inputs.image, inputs.size);
        if (image === undefined || failures.length > 0) {
            throw new Error(`rich menu "${inputs.name}": ${failures.map(f => f.reason).join("; ")}`);
        }
        if (inputs.imageSha256 !== undefined && inputs.imageSha256 !== image.sha256) {
            throw new Error(
                `rich menu "${inputs.name}": the image file changed during the update; run it again`,
            );
        }
        const client = await clientForWrite(inputs.channel);
        const definition = richMenuObjectOf(inputs);
        const outputs = (richMenuId: string): RichMenuOutputs => ({
            ...inputs,
            richMenuId,
            imageSha256: image.sha256,
            imageContentType: image.contentType,
        });

        if (inputs.adoptRichMenuId) {
            const adopted = await adoptRichMenu(client, inputs.adoptRichMenuId, definition, image);
            if (adopted) return { id: inputs.adoptRichMenuId, outs: outputs(inputs.adoptRichMenuId) };
        }

        const { richMenuId } = await client.createRichMenu(definition);
        try {
            await client.setRichMenuImage(richMenuId, image.bytes, image.contentType);
        } catch (error) {
            // A menu without an image can never be used: delete it so a failed update leaves nothing behind.
            await client.deleteRichMenu(richMenuId).catch(() => undefined);
            throw error;
        }
        return { id: richMenuId, outs: outputs(richMenuId) };
    },

    async read(id, props) {
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        const live = await readOrGone(client.getRichMenu(id));
        if (live === undefined) return {};
        // LINE cannot change a menu, so the only drift is deletion; still, report what LINE holds.
        const outs: RichMenuOutputs = {
            ...props,
            size: live.size,
            selected: live.selected,
            name: live.name,
            chatBarText: live.chatBarText,
            areas: live.areas,
        };
        return { id, props: outs };
    },

    async update(id, olds, news) {
        // Only non-replacing inputs (the image's path, adoption) get here: nothing to tell LINE.
        return { outs: { ...olds, ...news, richMenuId: id, imageSha256: olds.imageSha256 } };
    },

    async delete(id, props) {
        const client = await clientForWrite(props.channel);
        await deleteIgnoringNotFound(client.deleteRichMenu(id));
    },
};

/**
 * Once the menu is in state, its adoption marker has done its job: the checked inputs carry state's
 * value, so adding or removing the marker on an existing menu is no change, and a change that
 * replaces the menu drops it (create then makes a new menu; see adoptRichMenu for the engine's second
 * check of a replacement, which has no old state).
 */
function withAdoptionOf(olds: Partial<RichMenuInputs>, checked: RichMenuInputs): RichMenuInputs {
    const inState = Object.keys(olds).some(k => !k.startsWith("__"));
    if (!inState) return checked;
    const { adoptRichMenuId: _declared, ...rest } = checked;
    const replacing = changedKeys<RichMenuInputs>(olds, checked, REPLACE_KEYS).length > 0;
    const kept = replacing ? undefined : olds.adoptRichMenuId;
    return kept !== undefined ? { ...rest, adoptRichMenuId: kept } : rest;
}

/**
 * Takes over `richMenuId` when it is still the declared menu: the same definition, and the declared
 * image or none yet (then the declared one is uploaded). Otherwise it answers false and the caller
 * creates a new menu, leaving that one as it is. That is also what a replacement needs: the engine
 * creates the replacement with the same inputs, adoption marker included (it checks them again
 * without the old state), while the adopted menu still exists, and deletes the adopted menu after.
 */
async function adoptRichMenu(
    client: Awaited<ReturnType<typeof clientFor>>,
    richMenuId: string,
    definition: RichMenuRequest,
    image: LoadedImage,
): Promise<boolean> {
    const existing = await readOrGone(client.getRichMenu(richMenuId));
    if (existing === undefined) {
        note(`rich menu ${richMenuId} to adopt does not exist; creating a new menu`);
        return false;
    }
    const { richMenuId: _ignored, ...live } = existing;
    if (canonicalJson(live) !== canonicalJson(definition)) {
        note(
            `rich menu ${richMenuId} is not adopted: its definition differs from the declared one, and LINE cannot ` +
                "edit a menu, so a new menu is created (that one is left as it is)",
        );
        return false;
    }
    const liveImage = await imageOf(client, richMenuId);
    if (liveImage === undefined) {
        await client.setRichMenuImage(richMenuId, image.bytes, image.contentType);
        return true;
    }
    if (sha256(liveImage) !== image.sha256) {
        note(
            `rich menu ${richMenuId} is not adopted: its image differs from the declared one, and LINE cannot ` +
                "replace an image, so a new menu is created (that one is left as it is)",
        );
        return false;
    }
    return true;
}

function note(line: string): void {
    // A dynamic provider's stderr is shown to the user as the resource's diagnostics.
    process.stderr.write(`pulumi-line: ${line}\n`);
}

/** The menu's image as LINE serves it, or undefined when it has none yet. */
async function imageOf(
    client: Awaited<ReturnType<typeof clientFor>>,
    richMenuId: string,
): Promise<Buffer | undefined> {
    return readOrGone(client.getRichMenuImage(richMenuId));
}

const provider = thinProvider("RichMenu");

/**
 * A LINE rich menu with its image. Any change replaces it (LINE cannot edit menus); dependents that use
 * `richMenuId` (aliases, the default menu, user links) are re-pointed before the old menu is deleted.
 */
export class RichMenu extends pulumi.dynamic.Resource {
    /** LINE's ID of the menu, `richmenu-…`. */
    declare readonly richMenuId: pulumi.Output<string>;
    /** The sha-256 of the uploaded image bytes. */
    declare readonly imageSha256: pulumi.Output<string>;
    declare readonly imageContentType: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly channel: pulumi.Output<string | undefined>;

    constructor(name: string, args: RichMenuArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            { ...args, richMenuId: undefined, imageSha256: undefined, imageContentType: undefined },
            opts,
            "line",
            "RichMenu",
        );
        registerSwitchTargets(name, args.channel, args.areas, this);
    }
}
