import * as pulumi from "@pulumi/pulumi";
import { LineApiError, type BotInfoResponse, type LineClient, type Message } from "../client";
import { announceBot, describeBot, otherBot } from "../resources/botGuard";
import { clientFor, DEFAULT_CHANNEL } from "../resources/credentials";
import { canonicalJson } from "../resources/canonicalJson";
import { containsUnknown } from "../resources/lifecycle";
import type { MessageValidationKind } from "./model";
import { declarationsProvider } from "./providerStub";

/**
 * The checks of a declared channel that need LINE itself, run before anything is written:
 *
 * - Message templates go through LINE's message validation endpoints (`/v2/bot/message/validate/…`),
 *   which check a message the way sending it would, and send nothing. LINE's answer names properties
 *   (`messages[0].text`); the declaration's source map turns them into the file and line to fix.
 * - `expectedBot`: the channel's credentials must belong to the declared bot (the same rule, and the same
 *   lookup, as the stack config's `line:expectedBot` in resources/botGuard.ts, which every kind's check
 *   applies too).
 *
 * Both run in `check`, which Pulumi calls in every preview and every update, so a bad template fails
 * the preview. Every other resource of the channel depends on this one, so in an update nothing is
 * written until it passed; `create` and `update` check the bot once more, as the resources' own
 * writes do.
 */

export interface MessageTemplateInput {
    readonly validateAs: MessageValidationKind;
    readonly messages: Message[];
    /** LINE property path → `line.yaml:14:15`. */
    readonly locations: Record<string, string>;
}

export interface ChannelPreflightInputs {
    readonly channel?: string;
    readonly expectedBot?: string;
    /** Where `expectedBot` is declared, for the message. */
    readonly expectedBotLocation?: string;
    readonly templates: Record<string, MessageTemplateInput>;
}

export type ChannelPreflightOutputs = ChannelPreflightInputs;

const VALIDATORS: Readonly<
    Record<MessageValidationKind, (client: LineClient, messages: Message[]) => Promise<void>>
> = {
    reply: (client, messages) => client.validateReply({ messages }),
    push: (client, messages) => client.validatePush({ messages }),
    multicast: (client, messages) => client.validateMulticast({ messages }),
    narrowcast: (client, messages) => client.validateNarrowcast({ messages }),
    broadcast: (client, messages) => client.validateBroadcast({ messages }),
};

/** The location of LINE's property, or of the nearest enclosing one the file shows. */
export function locationOf(
    locations: Readonly<Record<string, string>>,
    property: string,
): string | undefined {
    let current = property;
    for (;;) {
        const found = locations[current];
        if (found !== undefined) return found;
        const cut = Math.max(current.lastIndexOf("."), current.lastIndexOf("["));
        if (cut <= 0) return locations.messages;
        current = current.slice(0, cut);
    }
}

function wrongBot(inputs: ChannelPreflightInputs, bot: BotInfoResponse): string {
    const where =
        inputs.expectedBotLocation === undefined ? "" : `${inputs.expectedBotLocation} expectedBot: `;
    return (
        `${where}the declarations are for bot ${inputs.expectedBot ?? ""}, but channel ` +
        `"${inputs.channel ?? DEFAULT_CHANNEL}"'s credentials belong to bot ${describeBot(bot)}; nothing was ` +
        "changed in LINE"
    );
}

function isMissingCredentials(error: unknown): boolean {
    return error instanceof Error && error.name === "MissingCredentialsError";
}

async function validateTemplates(
    client: LineClient,
    templates: Readonly<Record<string, MessageTemplateInput>>,
): Promise<pulumi.dynamic.CheckFailure[]> {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    for (const [key, template] of Object.entries(templates)) {
        const kind = template.validateAs;
        try {
            await VALIDATORS[kind](client, template.messages);
        } catch (error) {
            if (!LineApiError.isInstance(error) || error.status !== 400) {
                failures.push({
                    property: `templates.${key}`,
                    reason: `could not validate with LINE: ${error instanceof Error ? error.message : String(error)}`,
                });
                continue;
            }
            const details = error.details.length > 0 ? error.details : [{ message: error.lineMessage }];
            for (const detail of details) {
                const property = detail.property ?? "messages";
                const where = locationOf(template.locations, property);
                // Said as every declaration error is, `line.yaml:14:15 messages.welcome.messages[0].text: …`;
                // a located reason goes without a property, so Pulumi prints it as it is.
                failures.push({
                    property: where === undefined ? `templates.${key}.${property}` : "",
                    reason:
                        `${where === undefined ? "" : `${where} `}messages.${key}.${property}: ` +
                        `${detail.message ?? error.lineMessage} (LINE's ${kind} message validation)`,
                });
            }
        }
    }
    return failures;
}

/** Throws unless the channel's credentials belong to `expectedBot`; used before writing. */
async function guardBot(inputs: ChannelPreflightInputs): Promise<void> {
    if (inputs.expectedBot === undefined) return;
    const bot = await otherBot(inputs.channel, inputs.expectedBot);
    if (bot !== undefined) throw new Error(wrongBot(inputs, bot));
}

function idOf(inputs: ChannelPreflightInputs): string {
    return `channel-preflight/${inputs.channel ?? DEFAULT_CHANNEL}`;
}

export const channelPreflightHandlers: Required<
    pulumi.dynamic.ResourceProvider<ChannelPreflightInputs, ChannelPreflightOutputs>
> = {
    async configure() {},

    async check(_olds, news) {
        await announceBot(news.channel);
        if (containsUnknown(news)) return { inputs: news, failures: [] };
        let client: LineClient;
        try {
            client = await clientFor(news.channel);
        } catch (error) {
            if (!isMissingCredentials(error)) throw error;
            // A preview on a machine without credentials can check the file, not LINE's view of it.
            process.stderr.write(
                `pulumi-line: no credentials for channel "${news.channel ?? DEFAULT_CHANNEL}": message templates ` +
                    "and the expected bot are checked with LINE when credentials are available\n",
            );
            return { inputs: news, failures: [] };
        }
        const failures: pulumi.dynamic.CheckFailure[] = [];
        if (news.expectedBot !== undefined) {
            const bot = await otherBot(news.channel, news.expectedBot, client);
            if (bot !== undefined) {
                failures.push({
                    property: news.expectedBotLocation === undefined ? "expectedBot" : "",
                    reason: wrongBot(news, bot),
                });
            }
        }
        failures.push(...(await validateTemplates(client, news.templates ?? {})));
        return { inputs: news, failures };
    },

    async diff(_id, olds, news) {
        // Where a template is written (its line numbers) is not part of what LINE is told.
        const significant = (v: ChannelPreflightInputs) =>
            canonicalJson({
                channel: v.channel,
                expectedBot: v.expectedBot,
                templates: Object.fromEntries(
                    Object.entries(v.templates ?? {}).map(([k, t]) => [
                        k,
                        { validateAs: t.validateAs, messages: t.messages },
                    ]),
                ),
            });
        const changes = significant(olds) !== significant(news);
        const replaces =
            (olds.channel ?? DEFAULT_CHANNEL) !== (news.channel ?? DEFAULT_CHANNEL) ? ["channel"] : [];
        return { changes, replaces, deleteBeforeReplace: false };
    },

    async create(inputs) {
        await guardBot(inputs);
        return { id: idOf(inputs), outs: inputs };
    },

    async read(id, props) {
        return props === undefined ? {} : { id, props };
    },

    async update(_id, _olds, news) {
        await guardBot(news);
        return { outs: news };
    },

    async delete() {
        // Nothing in LINE belongs to this resource.
    },
};

const provider = declarationsProvider("ChannelPreflight");

export interface ChannelPreflightArgs {
    readonly channel?: pulumi.Input<string>;
    readonly expectedBot?: pulumi.Input<string>;
    readonly expectedBotLocation?: pulumi.Input<string>;
    readonly templates: pulumi.Input<Record<string, pulumi.Input<MessageTemplateInput>>>;
}

/**
 * What a declared channel checks with LINE before anything is written: its message templates and its
 * bot. Made by {@link LineChannel}; every other resource of the channel depends on it.
 */
export class ChannelPreflight extends pulumi.dynamic.Resource {
    declare readonly templates: pulumi.Output<Record<string, MessageTemplateInput>>;

    constructor(name: string, args: ChannelPreflightArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "line", "ChannelPreflight");
    }
}
