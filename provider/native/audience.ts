import * as pulumi from "@pulumi/pulumi";
import type { AudienceArgs, AudienceOutputs } from "../resources/audienceModel";
import { type NameSet, namesOf, registrationProps } from "./propertyNames";
import { typeToken } from "./typeTokens";

/** State keeps every input, so the outputs are the dynamic resource's plus the two inputs it does not echo. */
type NativeAudienceOutputs = AudienceOutputs & {
    readonly userIds?: string[];
    readonly adoptAudienceGroupId?: number;
};

/** The inputs, once: they are outputs too, since state keeps every input. */
const INPUTS: NameSet<AudienceArgs> = {
    description: true,
    type: true,
    isIfaAudience: true,
    userIds: true,
    userIdsFile: true,
    requestId: true,
    clickUrl: true,
    waitUntilReady: true,
    readyTimeoutSeconds: true,
    channel: true,
    adoptAudienceGroupId: true,
};

/**
 * `line:index:Audience` through the plugin, with the dynamic resource's args: an audience to narrowcast
 * to. Inline IDs are personal data, so they go to the plugin as a secret and come back as one; state
 * otherwise keeps a digest and a count.
 * https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group
 */
export class Audience extends pulumi.CustomResource {
    static readonly inputNames = namesOf<AudienceArgs>(INPUTS);
    static readonly outputNames = namesOf<NativeAudienceOutputs>({
        ...INPUTS,
        audienceGroupId: true,
        status: true,
        audienceCount: true,
        created: true,
        expireTimestamp: true,
        membersDigest: true,
        memberCount: true,
    });

    declare readonly description: pulumi.Output<NativeAudienceOutputs["description"]>;
    declare readonly type: pulumi.Output<NativeAudienceOutputs["type"]>;
    declare readonly isIfaAudience: pulumi.Output<NativeAudienceOutputs["isIfaAudience"]>;
    declare readonly userIds: pulumi.Output<NativeAudienceOutputs["userIds"]>;
    declare readonly userIdsFile: pulumi.Output<NativeAudienceOutputs["userIdsFile"]>;
    declare readonly requestId: pulumi.Output<NativeAudienceOutputs["requestId"]>;
    declare readonly clickUrl: pulumi.Output<NativeAudienceOutputs["clickUrl"]>;
    declare readonly waitUntilReady: pulumi.Output<NativeAudienceOutputs["waitUntilReady"]>;
    declare readonly readyTimeoutSeconds: pulumi.Output<NativeAudienceOutputs["readyTimeoutSeconds"]>;
    declare readonly channel: pulumi.Output<NativeAudienceOutputs["channel"]>;
    declare readonly adoptAudienceGroupId: pulumi.Output<NativeAudienceOutputs["adoptAudienceGroupId"]>;
    /** LINE's ID of the audience, what a narrowcast's recipient names. */
    declare readonly audienceGroupId: pulumi.Output<NativeAudienceOutputs["audienceGroupId"]>;
    declare readonly status: pulumi.Output<NativeAudienceOutputs["status"]>;
    declare readonly audienceCount: pulumi.Output<NativeAudienceOutputs["audienceCount"]>;
    declare readonly created: pulumi.Output<NativeAudienceOutputs["created"]>;
    declare readonly expireTimestamp: pulumi.Output<NativeAudienceOutputs["expireTimestamp"]>;
    declare readonly membersDigest: pulumi.Output<NativeAudienceOutputs["membersDigest"]>;
    declare readonly memberCount: pulumi.Output<NativeAudienceOutputs["memberCount"]>;

    constructor(name: string, args: AudienceArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            ...(args.userIds !== undefined && { userIds: pulumi.secret(args.userIds) }),
        };
        super(
            typeToken("Audience"),
            name,
            registrationProps(props, Audience.outputNames),
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["userIds"] }),
        );
    }
}
