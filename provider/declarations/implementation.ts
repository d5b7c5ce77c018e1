import { lookupHandlers, type Handlers } from "../resources/implementation";
import { channelPreflightHandlers } from "./preflight";
import type { DeclarationResourceKind } from "./providerStub";

/**
 * The entry point the declarations' serialized provider loads at call time (see providerStub.ts), the
 * counterpart of provider/resources/implementation.ts for the kinds this layer adds.
 */

const HANDLERS: Readonly<Record<DeclarationResourceKind, Handlers>> = {
    ChannelPreflight: channelPreflightHandlers as Handlers,
};

export function providerFor(kind: string): Handlers {
    return lookupHandlers(HANDLERS, kind);
}
