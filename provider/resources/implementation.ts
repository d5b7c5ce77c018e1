import type * as pulumi from "@pulumi/pulumi";
import { audienceHandlers } from "./audience";
import { useStackConfig } from "./channel";
import { defaultRichMenuHandlers } from "./defaultRichMenu";
import type { ResourceKind } from "./providerStub";
import { richMenuHandlers } from "./richMenu";
import { richMenuAliasHandlers } from "./richMenuAlias";
import { userRichMenuLinksHandlers } from "./userRichMenuLinks";
import { warnOfVerboseLog } from "./verboseLog";
import { webhookEndpointHandlers } from "./webhookEndpoint";

/**
 * The entry point the serialized provider loads at call time (see providerStub.ts): today's handlers
 * for a resource kind. Everything reachable from here runs in the provider host, never in state.
 */

export type Handlers = Required<pulumi.dynamic.ResourceProvider>;

const HANDLERS: Readonly<Record<ResourceKind, Handlers>> = {
    RichMenu: richMenuHandlers as Handlers,
    RichMenuAlias: richMenuAliasHandlers as Handlers,
    DefaultRichMenu: defaultRichMenuHandlers as Handlers,
    UserRichMenuLinks: userRichMenuLinksHandlers as Handlers,
    WebhookEndpoint: webhookEndpointHandlers as Handlers,
    Audience: audienceHandlers as Handlers,
};

/**
 * Looks a kind up in a layer's table; every layer's `providerFor` is one of these. Unknown kinds come
 * from state written by another version of the package.
 */
export function lookupHandlers(table: Readonly<Record<string, Handlers>>, kind: string): Handlers {
    const handlers = Object.prototype.hasOwnProperty.call(table, kind) ? table[kind] : undefined;
    if (handlers === undefined) {
        throw new Error(
            `pulumi-line has no resource type "${kind}": the state was written by another version`,
        );
    }
    return {
        ...handlers,
        async configure(request) {
            useStackConfig(request.config);
            warnOfVerboseLog();
            await handlers.configure(request);
        },
    };
}

export function providerFor(kind: string): Handlers {
    return lookupHandlers(HANDLERS, kind);
}
