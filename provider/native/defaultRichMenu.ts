import * as pulumi from "@pulumi/pulumi";
import type { DefaultRichMenuArgs, DefaultRichMenuOutputs } from "../resources/defaultRichMenu";
import { type NameSet, namesOf, registrationProps } from "./propertyNames";
import { typeToken } from "./typeTokens";

/** The inputs, once: they are outputs too, since state keeps every input. */
const INPUTS: NameSet<DefaultRichMenuArgs> = {
    richMenuId: true,
    channel: true,
    adopt: true,
};

/**
 * `line:index:DefaultRichMenu` through the plugin, with the dynamic resource's args and outputs: the
 * menu users without a per-user menu see.
 * https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu
 */
export class DefaultRichMenu extends pulumi.CustomResource {
    static readonly inputNames = namesOf<DefaultRichMenuArgs>(INPUTS);
    static readonly outputNames = namesOf<DefaultRichMenuOutputs>({
        ...INPUTS,
    });

    declare readonly richMenuId: pulumi.Output<DefaultRichMenuOutputs["richMenuId"]>;
    declare readonly channel: pulumi.Output<DefaultRichMenuOutputs["channel"]>;
    declare readonly adopt: pulumi.Output<DefaultRichMenuOutputs["adopt"]>;

    constructor(name: string, args: DefaultRichMenuArgs, opts?: pulumi.CustomResourceOptions) {
        super(typeToken("DefaultRichMenu"), name, registrationProps(args, DefaultRichMenu.outputNames), opts);
    }
}
