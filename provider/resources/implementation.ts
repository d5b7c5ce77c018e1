import type * as pulumi from "@pulumi/pulumi";
import { LineProviderError } from "../client/errors";
import { addSendGate } from "../client/sendGate";
import { audienceHandlers } from "./audience";
import { wrongBotReason } from "./botGuard";
import { useStackConfig } from "./credentials";
import { defaultRichMenuHandlers } from "./defaultRichMenu";
import { installEngineWatchdog } from "./engineWatchdog";
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

// Loaded here because this is the first of the package's code the provider host runs (at `configure`,
// before any create): from then on the host exits once the engine is gone, and until it has, no LINE
// call leaves it. The gate checks at the moment of sending, not only on the watchdog's timer, so a
// call scheduled in the instant after the engine died is refused rather than sent.
const engine = installEngineWatchdog();
if (engine !== undefined) {
    addSendGate(() => {
        if (!engine.engineAlive()) {
            throw new LineProviderError(
                "the Pulumi engine that started this provider host is gone: no further LINE calls are sent",
            );
        }
    });
}

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
