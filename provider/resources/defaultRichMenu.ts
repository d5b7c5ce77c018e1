import * as pulumi from "@pulumi/pulumi";
import type { LineClient } from "../client";
import { announceBot, clientForWrite } from "./botGuard";
import { clientFor, DEFAULT_CHANNEL } from "./credentials";
import { changedKeys, containsUnknown } from "./lifecycle";
import { claim, inspectDefaultRichMenu, ownValue, refreshedProps } from "./ownership";
import { readOrGone } from "./notFound";
import { thinProvider } from "./providerStub";

/**
 * The channel's default rich menu: one per channel, shown to every user without a per-user menu.
 *
 * Moving it to another menu is an update (one call replaces the default). Deleting the resource clears
 * the default only if it still points at the menu this stack set, so a default someone else set since
 * is left alone. A preview that finds the default set to a menu this stack did not set says so
 * (ownership.ts); `adopt: true` takes it over without a word.
 */

export interface DefaultRichMenuArgs {
    /** The menu to show by default; it must have its image (a {@link RichMenu}'s `richMenuId`). */
    readonly richMenuId: pulumi.Input<string>;
    /** The channel (see the provider's channel settings); `default` if omitted. */
    readonly channel?: pulumi.Input<string>;
    /**
     * The channel's default is set already (by hand or another tool): take it over. When it is already
     * `richMenuId`, the create writes nothing to LINE; otherwise it is moved, as without `adopt`.
     */
    readonly adopt?: pulumi.Input<boolean>;
}

export interface DefaultRichMenuInputs {
    readonly richMenuId: string;
    readonly channel?: string;
    readonly adopt?: boolean;
}

export type DefaultRichMenuOutputs = DefaultRichMenuInputs;

/** The channel's default menu now, or undefined when none is set (LINE's 404). */
async function liveDefault(client: LineClient): Promise<string | undefined> {
    return (await readOrGone(client.getDefaultRichMenuId()))?.richMenuId;
}

export const defaultRichMenuHandlers: Required<
    pulumi.dynamic.ResourceProvider<DefaultRichMenuInputs, DefaultRichMenuOutputs>
> = {
    async configure() {},

    async check(olds, news) {
        await announceBot(news.channel);
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (typeof news.richMenuId !== "string" || news.richMenuId === "") {
            failures.push({ property: "richMenuId", reason: "must be specified" });
        }
        if (failures.length === 0) {
            const wanted = containsUnknown(news.richMenuId) ? undefined : news.richMenuId;
            failures.push(
                ...(await claim("DefaultRichMenu", olds, news, ["channel"], c =>
                    inspectDefaultRichMenu(c, wanted),
                )),
            );
        }
        return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
        const replaces = changedKeys<DefaultRichMenuInputs>(olds, news, ["channel"]);
        const updates = changedKeys<DefaultRichMenuInputs>(olds, news, ["richMenuId"]);
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
        const client = await clientForWrite(inputs.channel);
        const id = `default-rich-menu/${inputs.channel ?? DEFAULT_CHANNEL}`;
        if (inputs.adopt && (await liveDefault(client)) === inputs.richMenuId)
            return { id, outs: { ...inputs } };
        await client.setDefaultRichMenu(inputs.richMenuId);
        return { id, outs: { ...inputs } };
    },

    async read(id, props) {
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        const live = await liveDefault(client);
        return live === undefined ? {} : { id, props: refreshedProps(props, "richMenuId", live) };
    },

    async update(_id, _olds, news) {
        const client = await clientForWrite(news.channel);
        await client.setDefaultRichMenu(news.richMenuId);
        return { outs: { ...news } };
    },

    async delete(_id, props) {
        const client = await clientForWrite(props.channel);
        const current = await liveDefault(client);
        if (current === undefined) return;
        // Cleared only while it is still the menu this stack set, not one set since by someone else.
        if (current === ownValue(props, "richMenuId")) await client.cancelDefaultRichMenu();
    },
};

const provider = thinProvider("DefaultRichMenu");

/** The channel's default rich menu. Declare at most one per channel. */
export class DefaultRichMenu extends pulumi.dynamic.Resource {
    declare readonly richMenuId: pulumi.Output<string>;
    declare readonly channel: pulumi.Output<string | undefined>;

    constructor(name: string, args: DefaultRichMenuArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "line", "DefaultRichMenu");
    }
}
