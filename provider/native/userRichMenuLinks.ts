import * as pulumi from "@pulumi/pulumi";
import type { UserRichMenuLinksArgs, UserRichMenuLinksOutputs } from "../resources/userRichMenuLinks";
import { type NameSet, namesOf, registrationProps } from "./propertyNames";
import { typeToken } from "./typeTokens";

/** The inputs, once: they are outputs too, since state keeps every input. */
const INPUTS: NameSet<UserRichMenuLinksArgs> = {
    richMenuId: true,
    userIds: true,
    userIdsFile: true,
    channel: true,
    batchTimeoutSeconds: true,
};

/**
 * `line:index:UserRichMenuLinks` through the plugin, with the dynamic resource's args and outputs: users
 * linked to one rich menu. Inline user IDs are personal data, so they go to the plugin as a secret and
 * come back as one (state holds them encrypted, and otherwise digests, a count and one-way hashes).
 * https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users
 */
export class UserRichMenuLinks extends pulumi.CustomResource {
    static readonly inputNames = namesOf<UserRichMenuLinksArgs>(INPUTS);
    static readonly outputNames = namesOf<UserRichMenuLinksOutputs>({
        ...INPUTS,
        userIdsDigest: true,
        userCount: true,
        memberHashes: true,
    });

    declare readonly richMenuId: pulumi.Output<UserRichMenuLinksOutputs["richMenuId"]>;
    declare readonly userIds: pulumi.Output<UserRichMenuLinksOutputs["userIds"]>;
    declare readonly userIdsFile: pulumi.Output<UserRichMenuLinksOutputs["userIdsFile"]>;
    declare readonly channel: pulumi.Output<UserRichMenuLinksOutputs["channel"]>;
    declare readonly batchTimeoutSeconds: pulumi.Output<UserRichMenuLinksOutputs["batchTimeoutSeconds"]>;
    /** The sha-256 of the sorted user IDs known to be linked. */
    declare readonly userIdsDigest: pulumi.Output<UserRichMenuLinksOutputs["userIdsDigest"]>;
    /** How many users are known to be linked; a refresh lowers it for users whose menu changed. */
    declare readonly userCount: pulumi.Output<UserRichMenuLinksOutputs["userCount"]>;
    declare readonly memberHashes: pulumi.Output<UserRichMenuLinksOutputs["memberHashes"]>;

    constructor(name: string, args: UserRichMenuLinksArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            ...args,
            ...(args.userIds !== undefined && { userIds: pulumi.secret(args.userIds) }),
        };
        super(
            typeToken("UserRichMenuLinks"),
            name,
            registrationProps(props, UserRichMenuLinks.outputNames),
            pulumi.mergeOptions(opts, { additionalSecretOutputs: ["userIds"] }),
        );
    }
}
