/* eslint-disable @typescript-eslint/no-require-imports -- the methods module loads when the first provider is made */
import type * as pulumi from "@pulumi/pulumi";
import { thinProvider, type ProviderLayer } from "../resources/providerStub";

/** The dynamic resource types the declarations layer adds, as `pulumi-nodejs:dynamic/line:<kind>`. */
export type DeclarationResourceKind = "ChannelPreflight";

/**
 * Where the provider host finds this layer's handlers, inside the installed package. Exported under
 * this name for the stubs release 0.1.0 wrote into state, as resources/providerStub.ts's constants.
 * @public
 */
export const DECLARATIONS_IMPLEMENTATION = "dist/provider/declarations/implementation.js";

const DECLARATIONS_LAYER: ProviderLayer = {
    providerModule: kind => require(`./kinds/${kind}`) as ReturnType<ProviderLayer["providerModule"]>,
    implementation: DECLARATIONS_IMPLEMENTATION,
};

/**
 * The provider Pulumi serializes into state for this layer's kinds: the resources' thin provider
 * (see provider/resources/providerStub.ts), loading this layer's handlers at each call.
 */
export function declarationsProvider(kind: DeclarationResourceKind): pulumi.dynamic.ResourceProvider {
    return thinProvider(kind, DECLARATIONS_LAYER);
}
