import * as pulumi from "@pulumi/pulumi";
import type { RichMenuArgs, RichMenuOutputs } from "../resources/richMenu";
import { type NameSet, namesOf, registrationProps } from "./propertyNames";
import { typeToken } from "./typeTokens";

/** The inputs, once: they are outputs too, since state keeps every input. */
const INPUTS: NameSet<RichMenuArgs> = {
    size: true,
    selected: true,
    name: true,
    chatBarText: true,
    areas: true,
    image: true,
    channel: true,
    adoptRichMenuId: true,
};

/**
 * `line:index:RichMenu` through the plugin: the dynamic {@link import("../resources/richMenu").RichMenu}'s
 * args and outputs, its handlers in the plugin's process. Any change replaces the menu, as LINE cannot
 * edit one: https://developers.line.biz/en/reference/messaging-api/#rich-menu
 */
export class RichMenu extends pulumi.CustomResource {
    static readonly inputNames = namesOf<RichMenuArgs>(INPUTS);
    static readonly outputNames = namesOf<RichMenuOutputs>({
        ...INPUTS,
        richMenuId: true,
        imageSha256: true,
        imageContentType: true,
    });

    declare readonly size: pulumi.Output<RichMenuOutputs["size"]>;
    declare readonly selected: pulumi.Output<RichMenuOutputs["selected"]>;
    declare readonly name: pulumi.Output<RichMenuOutputs["name"]>;
    declare readonly chatBarText: pulumi.Output<RichMenuOutputs["chatBarText"]>;
    declare readonly areas: pulumi.Output<RichMenuOutputs["areas"]>;
    declare readonly image: pulumi.Output<RichMenuOutputs["image"]>;
    declare readonly channel: pulumi.Output<RichMenuOutputs["channel"]>;
    declare readonly adoptRichMenuId: pulumi.Output<RichMenuOutputs["adoptRichMenuId"]>;
    /** LINE's ID of the menu, `richmenu-…`. */
    declare readonly richMenuId: pulumi.Output<RichMenuOutputs["richMenuId"]>;
    /** The sha-256 of the uploaded image bytes. */
    declare readonly imageSha256: pulumi.Output<RichMenuOutputs["imageSha256"]>;
    declare readonly imageContentType: pulumi.Output<RichMenuOutputs["imageContentType"]>;

    constructor(name: string, args: RichMenuArgs, opts?: pulumi.CustomResourceOptions) {
        super(typeToken("RichMenu"), name, registrationProps(args, RichMenu.outputNames), opts);
    }
}
