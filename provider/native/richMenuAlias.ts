import * as pulumi from "@pulumi/pulumi";
import type { RichMenuAliasArgs, RichMenuAliasOutputs } from "../resources/richMenuAlias";
import { type NameSet, namesOf, registrationProps } from "./propertyNames";
import { typeToken } from "./typeTokens";

/** The inputs, once: they are outputs too, since state keeps every input. */
const INPUTS: NameSet<RichMenuAliasArgs> = {
    richMenuAliasId: true,
    richMenuId: true,
    channel: true,
    adopt: true,
};

/**
 * `line:index:RichMenuAlias` through the plugin, with the dynamic resource's args and outputs: the
 * name `richmenuswitch` actions switch tabs with.
 * https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias
 */
export class RichMenuAlias extends pulumi.CustomResource {
    static readonly inputNames = namesOf<RichMenuAliasArgs>(INPUTS);
    static readonly outputNames = namesOf<RichMenuAliasOutputs>({
        ...INPUTS,
    });

    declare readonly richMenuAliasId: pulumi.Output<RichMenuAliasOutputs["richMenuAliasId"]>;
    declare readonly richMenuId: pulumi.Output<RichMenuAliasOutputs["richMenuId"]>;
    declare readonly channel: pulumi.Output<RichMenuAliasOutputs["channel"]>;
    declare readonly adopt: pulumi.Output<RichMenuAliasOutputs["adopt"]>;

    constructor(name: string, args: RichMenuAliasArgs, opts?: pulumi.CustomResourceOptions) {
        super(typeToken("RichMenuAlias"), name, registrationProps(args, RichMenuAlias.outputNames), opts);
    }
}
