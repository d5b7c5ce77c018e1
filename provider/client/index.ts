import * as audience from "./audience";
import * as botInfo from "./botInfo";
import * as channelAccessToken from "./channelAccessToken";
import { createHttp, type LineHttp, type LineHttpOptions } from "./http";
import * as messageValidation from "./messageValidation";
import * as richMenu from "./richMenu";
import * as webhook from "./webhook";

/**
 * The LINE API client: every operation of the API-area modules, bound to one channel's credentials and
 * base URLs.
 */

export * from "./errors";
export * from "./types";
export { detectImageContentType, type RichMenuImageContentType } from "./image";
export {
    DEFAULT_API_BASE_URL,
    DEFAULT_DATA_BASE_URL,
    DEFAULT_TIMEOUT_MS,
    DEFAULT_USER_AGENT,
    LINE_REQUEST_ID_HEADER,
    type LineHttpOptions,
    type LineRequestEvent,
} from "./http";
export { REDACTED } from "./redact";
export { LINE_RATE_LIMITS, type RateLimit, type RateLimitGroup, type RateLimitOptions } from "./rateLimiter";
export { DEFAULT_RETRIES, type RetryOptions } from "./retry";
export type { Timing } from "./timing";

/** Options of {@link LineClient}; see {@link LineHttpOptions}. */
export type LineClientOptions = LineHttpOptions;

/**
 * `operations`, which must all take the HTTP layer first: every export of an API-area module is installed
 * on the client (a stray helper export would be too), so the build fails if one is not an operation.
 * A call rather than `satisfies`, behind which knip does not see the modules spread, and would report
 * every operation as an unused export.
 */
function operationTable<T extends Record<string, (http: LineHttp, ...args: never[]) => unknown>>(
    operations: T,
): T {
    return operations;
}

const OPERATIONS = operationTable({
    ...richMenu,
    ...webhook,
    ...audience,
    ...botInfo,
    ...channelAccessToken,
    ...messageValidation,
});

type Operations = typeof OPERATIONS;

type Bound<F> = F extends (http: LineHttp, ...args: infer A) => infer R ? (...args: A) => R : never;

/** Every LINE operation, as a method without the HTTP argument. */
export type LineClientOperations = { readonly [K in keyof Operations]: Bound<Operations[K]> };

/**
 * One channel's client. Make one per use (e.g. per resource handler call):
 *
 * ```ts
 * const client = new LineClient({ channelAccessToken });
 * const { richMenuId } = await client.createRichMenu(menu);
 * await client.setRichMenuImage(richMenuId, png);
 * ```
 *
 * The token is held in the HTTP layer's closure, reachable from no property: `JSON.stringify(client)`
 * is `{}` and `util.inspect(client)` shows `LineClient {}`. The methods are the area modules' functions
 * ({@link richMenu.createRichMenu}, ...) installed on the prototype, so each keeps one signature and one
 * doc comment. The interface merged with the class is what types those installed methods.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface LineClient extends LineClientOperations {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- typed by the interface above
export class LineClient {
    readonly #http: LineHttp;

    constructor(options: LineClientOptions) {
        this.#http = createHttp(options);
    }

    static {
        for (const [name, operation] of Object.entries(OPERATIONS)) {
            Object.defineProperty(LineClient.prototype, name, {
                // Non-enumerable like ordinary class methods, so instances print and serialise as empty.
                enumerable: false,
                configurable: true,
                writable: true,
                value: function (this: LineClient, ...args: unknown[]): unknown {
                    return Reflect.apply(operation, undefined, [this.#http, ...args]);
                },
            });
        }
    }
}
