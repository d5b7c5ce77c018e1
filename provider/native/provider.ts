import * as pulumi from "@pulumi/pulumi";
import { namesOf } from "./propertyNames";
import { PACKAGE } from "./typeTokens";

/**
 * The settings of one explicit `line` provider: which channel its resources act on. The same keys the
 * plugin takes as provider config (`line:channelAccessToken`, …) and the dynamic resources read from
 * stack config, so one channel is described the same way in every kind of program.
 *
 * https://developers.line.biz/en/docs/basics/channel-access-token/
 */
export interface ProviderArgs {
    /** The channel access token, kept secret. A new token updates the provider, no resource. */
    readonly channelAccessToken?: pulumi.Input<string>;
    /** The channel ID, to issue stateless channel access tokens with `channelSecret`. */
    readonly channelId?: pulumi.Input<string>;
    /** The channel secret, to issue stateless channel access tokens (kept secret). */
    readonly channelSecret?: pulumi.Input<string>;
    /** The bot the credentials must belong to (`@basicId` or a bot user ID); another bot is refused. */
    readonly expectedBot?: pulumi.Input<string>;
    /** The Messaging API's base URL (the emulator's URL for local runs). */
    readonly apiBaseUrl?: pulumi.Input<string>;
    /** The base URL for content such as rich menu images (the emulator's URL for local runs). */
    readonly dataBaseUrl?: pulumi.Input<string>;
}

/** Credentials always go to the engine as secrets, so state holds them encrypted. */
function secretOrAbsent(value: pulumi.Input<string> | undefined): pulumi.Input<string> | undefined {
    return value === undefined ? undefined : pulumi.secret(value);
}

/**
 * An explicit provider of the `line` package (`pulumi:providers:line`), served by the
 * `pulumi-resource-line` plugin: one per channel, handed to resources as `{ provider }`. Each provider
 * runs in a process of its own, so two channels' credentials never meet.
 */
export class Provider extends pulumi.ProviderResource {
    static readonly inputNames = namesOf<ProviderArgs>({
        channelAccessToken: true,
        channelId: true,
        channelSecret: true,
        expectedBot: true,
        apiBaseUrl: true,
        dataBaseUrl: true,
    });

    constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
        const inputs: Record<keyof ProviderArgs, pulumi.Input<string> | undefined> = {
            channelAccessToken: secretOrAbsent(args.channelAccessToken),
            channelId: args.channelId,
            channelSecret: secretOrAbsent(args.channelSecret),
            expectedBot: args.expectedBot,
            apiBaseUrl: args.apiBaseUrl,
            dataBaseUrl: args.dataBaseUrl,
        };
        super(PACKAGE, name, inputs, opts);
    }
}
