import * as pulumi from "@pulumi/pulumi";
import type { LineClient, TestWebhookEndpointResponse } from "../client";
import { SCHEMA_IDS } from "../validation/ajv";
import { failuresAgainstSchema } from "../validation/failures";
import { announceBot, clientForWrite } from "./botGuard";
import { clientFor, DEFAULT_CHANNEL } from "./credentials";
import { changedKeys, containsUnknown, ResourceInitFailedError, withProviderOf } from "./lifecycle";
import { claim, inspectWebhookEndpoint, ownValue, refreshedProps } from "./ownership";
import { readOrGone } from "./notFound";
import { thinProvider } from "./providerStub";

/**
 * The channel's webhook URL: where LINE delivers events.
 *
 * What LINE allows shapes this resource:
 * - The API can set the URL and read it, and read (never set) the console's "Use webhook" switch,
 *   which is reported as the read-only output `active`: events are delivered only while it is on.
 * - There is no call to clear the URL. So `create` first reads what was set before this stack
 *   (`previousEndpoint`), and `delete` puts that back (`restoreOnDelete`, default true), but only if
 *   the URL is still the one this stack set: one someone set since is theirs and is left alone. With
 *   no previous URL, or `restoreOnDelete: false`, delete leaves the URL as it is.
 * - A channel has one URL, so this resource is a singleton per channel (id `webhook-endpoint/<channel>`);
 *   declare at most one per channel.
 * - `verify: true` has LINE send a test event to the URL after setting it (the test call is limited to
 *   60 an hour, so it is made once per create or update, never in preview, never retried). A bot server
 *   that does not answer 200 fails the create or update with LINE's `reason`, `detail` and status, and
 *   the URL that was there before is put back, so a broken URL never stays live. Only when a create
 *   found no URL before is there nothing to put back: the resource is then recorded as created but
 *   failed to initialise, so state knows the URL this stack set, and the next `pulumi up` sets and
 *   tests it again.
 * - LINE may take up to a minute to use a new URL.
 * - A preview that finds another URL set says so, naming it (ownership.ts); `adopt: true` takes it over
 *   without a word.
 */

export interface WebhookEndpointArgs {
    /** The webhook URL: HTTPS, at most 500 characters. */
    readonly endpoint: pulumi.Input<string>;
    /** Have LINE send a test event after setting the URL, and fail unless the bot server answers 200. */
    readonly verify?: pulumi.Input<boolean>;
    /** On delete, put back the URL that was set before this stack (default true). */
    readonly restoreOnDelete?: pulumi.Input<boolean>;
    /** The channel (see the provider's channel settings); `default` if omitted. */
    readonly channel?: pulumi.Input<string>;
    /**
     * The channel's webhook URL is set already (by hand or another tool): take it over. When it is
     * already `endpoint`, the create writes nothing to LINE (and `verify`, if set, only tests it);
     * otherwise it is set, as without `adopt`.
     */
    readonly adopt?: pulumi.Input<boolean>;
}

export interface WebhookEndpointInputs {
    readonly endpoint: string;
    readonly verify?: boolean;
    readonly restoreOnDelete?: boolean;
    readonly channel?: string;
    readonly adopt?: boolean;
}

export interface WebhookEndpointOutputs extends WebhookEndpointInputs {
    /** The console's "Use webhook" switch, as last read; events are delivered only while it is on. */
    readonly active: boolean;
    /** The URL that was set before this stack took over the channel's webhook; absent when none was. */
    readonly previousEndpoint?: string;
}

const endpointSchema = `${SCHEMA_IDS.common}#/definitions/httpsUrl`;

function idFor(channel: string | undefined): string {
    return `webhook-endpoint/${channel ?? DEFAULT_CHANNEL}`;
}

/** The URL set now and the "Use webhook" switch, or undefined when no URL is set (LINE's 404). */
async function currentEndpoint(
    client: LineClient,
): Promise<{ endpoint: string; active: boolean } | undefined> {
    return readOrGone(client.getWebhookEndpoint());
}

function testFailed(result: TestWebhookEndpointResponse): boolean {
    // `success` is documented as always present; should it be missing, LINE's reason still tells.
    return result.success === false || (result.success === undefined && result.reason !== "OK");
}

function testFailure(endpoint: string, result: TestWebhookEndpointResponse, aftermath: string): string {
    return (
        `LINE's webhook test of ${endpoint} failed: ${result.reason} (${result.detail}), bot server status ` +
        `${result.statusCode}. ${aftermath}`
    );
}

function outputsOf(
    inputs: WebhookEndpointInputs,
    active: boolean,
    previousEndpoint: string | undefined,
): WebhookEndpointOutputs {
    return {
        endpoint: inputs.endpoint,
        ...(inputs.verify !== undefined ? { verify: inputs.verify } : {}),
        ...(inputs.restoreOnDelete !== undefined ? { restoreOnDelete: inputs.restoreOnDelete } : {}),
        ...(inputs.channel !== undefined ? { channel: inputs.channel } : {}),
        ...(inputs.adopt !== undefined ? { adopt: inputs.adopt } : {}),
        active,
        ...(previousEndpoint !== undefined ? { previousEndpoint } : {}),
    };
}

export const webhookEndpointHandlers: Required<
    pulumi.dynamic.ResourceProvider<WebhookEndpointInputs, WebhookEndpointOutputs>
> = {
    async configure() {},

    async check(olds, news) {
        await announceBot(news.channel);
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (news.endpoint === undefined || news.endpoint === null) {
            failures.push({ property: "endpoint", reason: "must be specified" });
        } else if (!containsUnknown(news.endpoint)) {
            failures.push(...failuresAgainstSchema(endpointSchema, news.endpoint, "endpoint"));
        }
        if (failures.length === 0) {
            const wanted = containsUnknown(news.endpoint) ? undefined : news.endpoint;
            failures.push(
                ...(await claim("WebhookEndpoint", olds, news, ["channel"], c =>
                    inspectWebhookEndpoint(c, wanted),
                )),
            );
        }
        return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
        const replaces = changedKeys<WebhookEndpointInputs>(olds, news, ["channel"]);
        const updates = changedKeys<WebhookEndpointInputs>(olds, news, [
            "endpoint",
            "verify",
            "restoreOnDelete",
        ]);
        return { changes: replaces.length + updates.length > 0, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
        const client = await clientForWrite(inputs.channel);
        const before = await currentEndpoint(client);
        // Adopting the URL that is set already: nothing to write, and nothing else to put back on delete.
        const adopted = inputs.adopt === true && before?.endpoint === inputs.endpoint;
        if (!adopted) await client.setWebhookEndpoint({ endpoint: inputs.endpoint });
        const outs = outputsOf(inputs, before?.active ?? false, adopted ? undefined : before?.endpoint);
        if (inputs.verify) {
            const result = await client.testWebhookEndpoint({});
            if (testFailed(result)) {
                if (adopted) {
                    throw new Error(
                        testFailure(
                            inputs.endpoint,
                            result,
                            "The URL was set before this stack and stays as it was.",
                        ),
                    );
                }
                if (before !== undefined) {
                    await client.setWebhookEndpoint({ endpoint: before.endpoint });
                    throw new Error(
                        testFailure(
                            inputs.endpoint,
                            result,
                            `The previous URL ${before.endpoint} was put back.`,
                        ),
                    );
                }
                const message = testFailure(
                    inputs.endpoint,
                    result,
                    "No URL was set before and LINE cannot clear one, so the new URL stays set; the next " +
                        "`pulumi up` tests it again.",
                );
                throw new ResourceInitFailedError(
                    message,
                    idFor(inputs.channel),
                    withProviderOf(inputs, outs),
                );
            }
        }
        return { id: idFor(inputs.channel), outs };
    },

    async read(id, props) {
        if (props === undefined) return {};
        const client = await clientFor(props.channel);
        const live = await currentEndpoint(client);
        if (live === undefined) return {};
        // A URL changed outside Pulumi shows up here as a changed `endpoint`, and the next up sets it back.
        return { id, props: { ...refreshedProps(props, "endpoint", live.endpoint), active: live.active } };
    },

    async update(_id, olds, news) {
        const client = await clientForWrite(news.channel);
        // Set every time, even when only `verify` changed: the call is idempotent, and an update forced
        // by an earlier failed verification must set and test the URL again.
        await client.setWebhookEndpoint({ endpoint: news.endpoint });
        if (news.verify) {
            const result = await client.testWebhookEndpoint({});
            if (testFailed(result)) {
                let aftermath = "The URL stays set: it was already set before this update.";
                if (olds.endpoint !== news.endpoint) {
                    await client.setWebhookEndpoint({ endpoint: olds.endpoint });
                    aftermath = `The previous URL ${olds.endpoint} was put back.`;
                }
                throw new Error(testFailure(news.endpoint, result, aftermath));
            }
        }
        return { outs: outputsOf(news, olds.active, olds.previousEndpoint) };
    },

    async delete(_id, props) {
        const previous = props.previousEndpoint;
        if (props.restoreOnDelete === false || previous === undefined) {
            // LINE has no call to clear a webhook URL; the URL stays as it is.
            return;
        }
        const client = await clientForWrite(props.channel);
        const live = await currentEndpoint(client);
        // Someone set another URL since: theirs now, left alone (as the default rich menu does).
        if (live === undefined || live.endpoint !== ownValue(props, "endpoint")) return;
        await client.setWebhookEndpoint({ endpoint: previous });
    },
};

const provider = thinProvider("WebhookEndpoint");

/**
 * The channel's webhook URL. One per channel. Deleting it puts back the URL that was set before the
 * stack (LINE cannot clear a webhook URL); see `restoreOnDelete`.
 */
export class WebhookEndpoint extends pulumi.dynamic.Resource {
    declare readonly endpoint: pulumi.Output<string>;
    /** The console's "Use webhook" switch (read-only through LINE's API); events arrive only while it is on. */
    declare readonly active: pulumi.Output<boolean>;
    /** The URL that was set before this stack, put back on delete; undefined when none was. */
    declare readonly previousEndpoint: pulumi.Output<string | undefined>;
    declare readonly channel: pulumi.Output<string | undefined>;

    constructor(name: string, args: WebhookEndpointArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            provider,
            name,
            { ...args, active: undefined, previousEndpoint: undefined },
            opts,
            "line",
            "WebhookEndpoint",
        );
    }
}
