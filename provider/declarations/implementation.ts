import type * as pulumi from "@pulumi/pulumi";
import { useStackConfig } from "../resources/channel";
import { channelPreflightHandlers } from "./preflight";
import type { DeclarationResourceKind } from "./providerStub";

/**
 * The entry point the declarations' serialized provider loads at call time (see providerStub.ts), the
 * counterpart of provider/resources/implementation.ts for the kinds this layer adds.
 */

type Handlers = Required<pulumi.dynamic.ResourceProvider>;

const HANDLERS: Record<DeclarationResourceKind, Handlers> = {
    ChannelPreflight: channelPreflightHandlers as Handlers,
};

export function providerFor(kind: string): Handlers {
    const handlers = HANDLERS[kind as DeclarationResourceKind] as Handlers | undefined;
    if (handlers === undefined) {
        throw new Error(
            `pulumi-line has no resource type "${kind}": the state was written by another version`,
        );
    }
    return {
        ...handlers,
        async configure(request) {
            // Credentials come from the stack's config, as for every other resource (see channel.ts).
            useStackConfig(request.config);
            await handlers.configure(request);
        },
    };
}
