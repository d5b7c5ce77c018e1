import type * as pulumi from "@pulumi/pulumi";
import { audienceHandlers } from "./audience";
import { useStackConfig, wrongBotReason } from "./channel";
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
 *
 * Every kind's `check` first asks whether the channel's credentials belong to the stack's
 * `expectedBot`: `check` runs in previews, so a stack pointed at the wrong bot fails its preview (one
 * failure, naming both bots) instead of passing it and failing at `up`. Nothing else is checked then,
 * since every answer would come from the wrong channel.
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
        async check(olds, news) {
            const wrongBot = await wrongBotReason((news as { channel?: unknown }).channel);
            if (wrongBot !== undefined)
                return { inputs: news, failures: [{ property: "", reason: wrongBot }] };
            return handlers.check(olds, news);
        },
    };
}

export function providerFor(kind: string): Handlers {
    return lookupHandlers(HANDLERS, kind);
}
