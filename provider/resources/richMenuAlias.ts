import * as pulumi from "@pulumi/pulumi";
import { LineApiError, type LineClient } from "../client";
import { SCHEMA_IDS } from "../validation/ajv";
import { failuresAgainstSchema } from "../validation/failures";
import { announceBot, clientForWrite } from "./botGuard";
import { clientFor, DEFAULT_CHANNEL } from "./credentials";
import { changedKeys, containsUnknown } from "./lifecycle";
import {
    claim,
    inspectListedRichMenuAlias,
    inspectRichMenuAlias,
    ownValue,
    refreshedProps,
    refusedMessage,
} from "./ownership";
import { deleteIgnoringNotFound, readOrGone } from "./notFound";
import { thinProvider } from "./providerStub";
import { registerAlias } from "./switchGraph";

/**
 * A rich menu alias: the stable name `richmenuswitch` actions use to switch tabs.
 *
 * Re-pointing an alias at another menu is an in-place update (LINE's update call), so there is never a
 * moment when a tab switch finds no alias. A new alias ID is a replacement: the new alias is created
 * before the old one is deleted.
 *
 * An alias ID exists once per channel, and LINE refuses to create it twice: a preview that finds the
 * ID taken says so, naming the menu it points at (and fails with strict ownership; ownership.ts), and
 * the create then fails with the same words unless `adopt: true`. Delete removes the alias only while
 * it still points at this stack's menu.
 */

export interface RichMenuAliasArgs {
    /** The alias ID: 1-32 characters of a-z, 0-9, `_` and `-`. */
    readonly richMenuAliasId: pulumi.Input<string>;
    /** The menu the alias points at; it must have its image (a {@link RichMenu}'s `richMenuId`). */
    readonly richMenuId: pulumi.Input<string>;
    /** The channel (see the provider's channel settings); `default` if omitted. */
    readonly channel?: pulumi.Input<string>;
    /**
     * If the alias already exists in the channel (made by hand or another tool), take it over: with no
     * write when it already points at `richMenuId`, else re-pointing it.
     */
    readonly adopt?: pulumi.Input<boolean>;
}

export interface RichMenuAliasInputs {
    readonly richMenuAliasId: string;
    readonly richMenuId: string;
    readonly channel?: string;
    readonly adopt?: boolean;
}

export type RichMenuAliasOutputs = RichMenuAliasInputs;

const aliasIdSchema = `${SCHEMA_IDS.common}#/definitions/richMenuAliasId`;

/** LINE answers 400 "conflict richmenu alias id" (not 409) when the alias exists already. */
function isAliasConflict(error: unknown): boolean {
    return (
        LineApiError.isInstance(error) &&
        error.status === 400 &&
        /conflict richmenu alias id/i.test(error.lineMessage ?? "")
    );
}

/** The create found the alias ID taken and was not told to adopt it: say whose it is, write nothing. */
async function refuseTakenAlias(client: LineClient, inputs: RichMenuAliasInputs): Promise<never> {
    const takeover = await inspectRichMenuAlias(client, inputs.richMenuAliasId);
    const channel = inputs.channel ?? DEFAULT_CHANNEL;
    throw new Error(
        takeover === undefined
            ? `rich menu alias ${JSON.stringify(inputs.richMenuAliasId)} of channel "${channel}" was taken ` +
                  "while this stack created it; run `pulumi up` again"
            : refusedMessage("RichMenuAlias", channel, takeover),
    );
}

async function liveAlias(
    client: LineClient,
    richMenuAliasId: string,
): Promise<{ readonly richMenuId: string } | undefined> {
    return readOrGone(client.getRichMenuAlias(richMenuAliasId));
}

export const richMenuAliasHandlers: Required<
    pulumi.dynamic.ResourceProvider<RichMenuAliasInputs, RichMenuAliasOutputs>
> = {
    async configure() {},

    async check(olds, news) {
        await announceBot(news.channel);
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (!containsUnknown(news.richMenuAliasId)) {
            failures.push(...failuresAgainstSchema(aliasIdSchema, news.richMenuAliasId, "richMenuAliasId"));
        }
        if (typeof news.richMenuId !== "string" || news.richMenuId === "") {
            failures.push({ property: "richMenuId", reason: "must be specified" });
        }
        if (failures.length === 0 && !containsUnknown(news.richMenuAliasId)) {
            const aliasId = news.richMenuAliasId;
            const identity = ["richMenuAliasId", "channel"];
            failures.push(
                ...(await claim("RichMenuAlias", olds, news, identity, (c, settings) =>
                    inspectListedRichMenuAlias(c, settings, aliasId),
                )),
            );
        }
        return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
        const replaces = changedKeys<RichMenuAliasInputs>(olds, news, ["richMenuAliasId", "channel"]);
        const updates = changedKeys<RichMenuAliasInputs>(olds, news, ["richMenuId", "adopt"]);
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
        const client = await clientForWrite(inputs.channel);
        const { richMenuAliasId, richMenuId } = inputs;
        if (inputs.adopt) {
            // Read first: an alias that already points at the menu is taken over without a write.
            const live = await liveAlias(client, richMenuAliasId);
            if (live?.richMenuId === richMenuId) return { id: richMenuAliasId, outs: { ...inputs } };
            if (live !== undefined) {
                await client.updateRichMenuAlias(richMenuAliasId, { richMenuId });
                return { id: richMenuAliasId, outs: { ...inputs } };
            }
        }
        try {
            await client.createRichMenuAlias({ richMenuAliasId, richMenuId });
        } catch (error) {
            // Made by someone else between the read and the create, or taken without adopt.
            if (!isAliasConflict(error)) throw error;
            if (!inputs.adopt) await refuseTakenAlias(client, inputs);
            await client.updateRichMenuAlias(richMenuAliasId, { richMenuId });
        }
        return { id: richMenuAliasId, outs: { ...inputs } };
    },

    async read(id, props) {
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        const live = await readOrGone(client.getRichMenuAlias(id));
        if (live === undefined) return {};
        const outs = refreshedProps(props, "richMenuId", live.richMenuId);
        return { id, props: { ...outs, richMenuAliasId: live.richMenuAliasId } };
    },

    async update(id, _olds, news) {
        const client = await clientForWrite(news.channel);
        await client.updateRichMenuAlias(id, { richMenuId: news.richMenuId });
        return { outs: { ...news } };
    },

    async delete(id, props) {
        const client = await clientForWrite(props.channel);
        const live = await readOrGone(client.getRichMenuAlias(id));
        // Re-pointed since by someone else (another stack adopted it): theirs now, left alone.
        if (live === undefined || live.richMenuId !== ownValue(props, "richMenuId")) return;
        await deleteIgnoringNotFound(client.deleteRichMenuAlias(id));
    },
};

const provider = thinProvider("RichMenuAlias");

/** A rich menu alias, for tab switching with `richmenuswitch` actions. */
export class RichMenuAlias extends pulumi.dynamic.Resource {
    declare readonly richMenuAliasId: pulumi.Output<string>;
    declare readonly richMenuId: pulumi.Output<string>;
    declare readonly channel: pulumi.Output<string | undefined>;

    constructor(name: string, args: RichMenuAliasArgs, opts?: pulumi.CustomResourceOptions) {
        registerAlias(args.richMenuAliasId, args.channel);
        super(provider, name, { ...args }, opts, "line", "RichMenuAlias");
    }
}
