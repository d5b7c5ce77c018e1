import * as pulumi from "@pulumi/pulumi";
import type { WebhookEndpointArgs, WebhookEndpointOutputs } from "../resources/webhookEndpoint";
import { type NameSet, namesOf, registrationProps } from "./propertyNames";
import { typeToken } from "./typeTokens";

/** The inputs, once: they are outputs too, since state keeps every input. */
const INPUTS: NameSet<WebhookEndpointArgs> = {
    endpoint: true,
    verify: true,
    restoreOnDelete: true,
    channel: true,
    adopt: true,
};

/**
 * `line:index:WebhookEndpoint` through the plugin, with the dynamic resource's args and outputs: the
 * channel's webhook URL, put back as it was on delete (LINE has no call to clear it).
 * https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
 */
export class WebhookEndpoint extends pulumi.CustomResource {
    static readonly inputNames = namesOf<WebhookEndpointArgs>(INPUTS);
    static readonly outputNames = namesOf<WebhookEndpointOutputs>({
        ...INPUTS,
        active: true,
        previousEndpoint: true,
    });

    declare readonly endpoint: pulumi.Output<WebhookEndpointOutputs["endpoint"]>;
    declare readonly verify: pulumi.Output<WebhookEndpointOutputs["verify"]>;
    declare readonly restoreOnDelete: pulumi.Output<WebhookEndpointOutputs["restoreOnDelete"]>;
    declare readonly channel: pulumi.Output<WebhookEndpointOutputs["channel"]>;
    declare readonly adopt: pulumi.Output<WebhookEndpointOutputs["adopt"]>;
    /** The console's "Use webhook" switch, as last read: events are delivered only while it is on. */
    declare readonly active: pulumi.Output<WebhookEndpointOutputs["active"]>;
    /** The URL set before this stack took over the channel's webhook; undefined when none was. */
    declare readonly previousEndpoint: pulumi.Output<WebhookEndpointOutputs["previousEndpoint"]>;

    constructor(name: string, args: WebhookEndpointArgs, opts?: pulumi.CustomResourceOptions) {
        super(typeToken("WebhookEndpoint"), name, registrationProps(args, WebhookEndpoint.outputNames), opts);
    }
}
