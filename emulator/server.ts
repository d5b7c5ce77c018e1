import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { LinkTokenBook } from "./accountLink";
import { type Channel, type ChannelOptions, resolveChannels } from "./channels";
import { type Clock, SystemClock } from "./clock";
import { LineError, LineErrorFactory } from "./errors";
import { DeliveryLog } from "./deliveryLog";
import { FaultInjector } from "./faults";
import { type Reply, RequestContext, type Services } from "./http";
import { type IdGenerator, randomIds } from "./ids";
import { WEBHOOK_DELIVERY_TIMEOUT_MS, WEBHOOK_TEST_TIMEOUT_MS } from "./limits";
import { RateLimiter } from "./rateLimits";
import { RequestLog } from "./requestLog";
import { type Route, Router } from "./router";
import { aggregationUnitRoutes } from "./routes/aggregationUnits";
import { accountLinkRoutes } from "./routes/accountLink";
import { audienceRoutes } from "./routes/audience";
import { botInfoRoutes } from "./routes/botInfo";
import { groupRoutes } from "./routes/groups";
import { consoleRoutes } from "./routes/console";
import { CONTROL_PREFIX, controlRoutes } from "./routes/control";
import { deliveryStatisticsRoutes } from "./routes/deliveryStatistics";
import { insightRoutes } from "./routes/insight";
import { messageRoutes } from "./routes/message";
import { messageValidationRoutes } from "./routes/messageValidation";
import { narrowcastRoutes } from "./routes/narrowcast";
import { quotaRoutes } from "./routes/quota";
import { oauthRoutes } from "./routes/oauth";
import { richMenuRoutes } from "./routes/richMenu";
import { richMenuAliasRoutes } from "./routes/richMenuAlias";
import { richMenuBatchRoutes } from "./routes/richMenuBatch";
import { userRichMenuRoutes } from "./routes/userRichMenu";
import { userRoutes } from "./routes/users";
import { webhookRoutes } from "./routes/webhook";
import { FileChannelStore } from "./stateFile";
import { type ChannelStore, MemoryChannelStore, emptyChannelState } from "./store";
import { TokenAuthority } from "./tokens";

export interface EmulatorOptions {
    /** 0 (the default) picks a free port. */
    readonly port?: number;
    /** Loopback only by default; the emulator has no TLS and no real security. */
    readonly host?: string;
    /** The channels to serve; one channel named `default` when absent (see {@link DEFAULT_CHANNEL}). */
    readonly channels?: readonly ChannelOptions[];
    /** Persist the state to this JSON file after every write, and load it at start. */
    readonly stateFile?: string;
    /** The clock; a {@link SystemClock} running at `timeScale` when absent. */
    readonly clock?: Clock;
    /** How fast emulated time runs against real time (3600: an hour a second). Ignored with `clock`. */
    readonly timeScale?: number;
    readonly ids?: IdGenerator;
    /** LINE's rate limits: on by default; `false` turns them off; `timeScale` refills buckets faster. */
    readonly rateLimits?: boolean | { readonly timeScale?: number };
    /** The random source for faults with a `probability`. */
    readonly random?: () => number;
    /** How long the test-webhook call waits for the bot server. */
    readonly webhookTimeoutMs?: number;
    /** How long a webhook delivery waits for the bot server: LINE's 2 s unless a test needs less. */
    readonly webhookDeliveryTimeoutMs?: number;
    /** Serve the browser console at `/_emulator/console` (off unless asked for). */
    readonly console?: boolean;
}

/** A running emulator. Everything tests may want to inspect or steer in-process is here. */
export interface Emulator {
    /** `http://127.0.0.1:PORT`: the base URL for both api.line.me and api-data.line.me paths. */
    readonly url: string;
    readonly port: number;
    readonly channels: readonly Channel[];
    readonly store: ChannelStore;
    readonly clock: Clock;
    readonly log: RequestLog;
    readonly faults: FaultInjector;
    readonly rateLimiter: RateLimiter;
    /** Every webhook delivery attempted, per channel. */
    readonly deliveries: DeliveryLog;
    close(): Promise<void>;
}

/** @internal Every LINE API route the emulator serves (the control surface aside). */
export const API_ROUTES: readonly Route[] = [
    ...richMenuRoutes,
    ...richMenuAliasRoutes,
    ...userRichMenuRoutes,
    ...richMenuBatchRoutes,
    ...webhookRoutes,
    ...audienceRoutes,
    ...botInfoRoutes,
    ...oauthRoutes,
    ...messageValidationRoutes,
    ...messageRoutes,
    ...narrowcastRoutes,
    ...quotaRoutes,
    ...aggregationUnitRoutes,
    ...deliveryStatisticsRoutes,
    ...insightRoutes,
    ...userRoutes,
    ...accountLinkRoutes,
    ...groupRoutes,
];

function bearerToken(req: IncomingMessage): string | undefined {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    return match?.[1];
}

function isControlPath(path: string): boolean {
    return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);
}

function errorReply(error: unknown): Reply {
    if (LineError.isInstance(error)) {
        return { status: error.status, json: error.body, ...(error.headers && { headers: error.headers }) };
    }
    process.stderr.write(
        `LINE emulator: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    const internal = LineErrorFactory.internalError();
    return { status: internal.status, json: internal.body };
}

function send(res: ServerResponse, reply: Reply): void {
    const [body, contentType] =
        "json" in reply
            ? [Buffer.from(JSON.stringify(reply.json)), "application/json"]
            : [reply.bytes, reply.contentType];
    res.writeHead(reply.status, {
        ...reply.headers,
        "Content-Type": contentType,
        "Content-Length": body.length,
    });
    res.end(body);
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Starts a LINE Messaging API emulator on loopback: the API routes (both LINE hosts on one origin),
 * the OAuth token endpoints and the `/_emulator` control surface. Each request passes, in order:
 * fault injection, routing (404), the retry-key check, authentication (401), the rate limit (429),
 * then the route. Every answer carries `X-Line-Request-Id`; every API call lands in the request log.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
    const channels = resolveChannels(options.channels);
    const clock = options.clock ?? new SystemClock(options.timeScale ?? 1);
    const ids = options.ids ?? randomIds();
    const initialState = (name: string): ReturnType<typeof emptyChannelState> => {
        const channel = channels.find(c => c.name === name);
        const state = emptyChannelState(channel?.webhookActive ?? false);
        if (channel?.messageQuota !== undefined)
            state.messageQuota = { type: "limited", value: channel.messageQuota };
        return state;
    };
    const names = channels.map(c => c.name);
    const store =
        options.stateFile === undefined
            ? new MemoryChannelStore(names, initialState)
            : new FileChannelStore(names, options.stateFile, initialState);
    const rateLimitOptions = options.rateLimits ?? true;
    const rateLimiter = new RateLimiter({
        clock,
        enabled: rateLimitOptions !== false,
        timeScale: typeof rateLimitOptions === "object" ? rateLimitOptions.timeScale : undefined,
    });
    const services: Services = {
        store,
        clock,
        ids,
        channels,
        tokens: new TokenAuthority(channels, store, clock, ids),
        log: new RequestLog(),
        faults: new FaultInjector(options.random),
        rateLimiter,
        webhookTimeoutMs: options.webhookTimeoutMs ?? WEBHOOK_TEST_TIMEOUT_MS,
        webhookDeliveryTimeoutMs: options.webhookDeliveryTimeoutMs ?? WEBHOOK_DELIVERY_TIMEOUT_MS,
        deliveries: new DeliveryLog(),
        linkTokens: new LinkTokenBook(),
    };
    const apiRouter = new Router(API_ROUTES);
    const controlRouter = new Router(
        options.console === true ? [...controlRoutes, ...consoleRoutes] : controlRoutes,
    );

    async function dispatch(ctx: RequestContext, router: Router): Promise<Reply> {
        const match = router.match(ctx.method, ctx.path);
        if (match === undefined) {
            await ctx.discardBody();
            throw LineErrorFactory.notFound();
        }
        ctx.params = match.params;
        const { route } = match;
        if (route.auth === "channel") {
            // Only message sends take a retry key; anywhere else LINE refuses it (https://developers.line.biz/en/reference/messaging-api/#retry-api-request).
            if (ctx.req.headers["x-line-retry-key"] !== undefined && route.retryKey !== true)
                throw LineErrorFactory.retryKeyNotSupported();
            if (bearerToken(ctx.req) === undefined) throw LineErrorFactory.missingAuthorization();
            if (ctx.channel === undefined) throw LineErrorFactory.invalidAccessToken();
            if (!rateLimiter.tryTake(ctx.channel.name, route.operation))
                throw LineErrorFactory.rateLimitExceeded();
        }
        return route.handle(ctx);
    }

    async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const receivedTime = new Date(clock.now()).toISOString();
        const requestId = ids.requestId();
        res.setHeader("X-Line-Request-Id", requestId);
        const ctx = new RequestContext(
            req,
            new URL(req.url ?? "/", "http://emulator.invalid"),
            requestId,
            services,
        );
        if (isControlPath(ctx.path)) {
            send(res, await dispatch(ctx, controlRouter).catch(errorReply));
            return;
        }
        const token = bearerToken(req);
        if (token !== undefined) ctx.channel = services.tokens.authenticate(token);
        const record = (status: number): void => {
            const declared = Number(req.headers["content-length"] ?? 0);
            services.log.record({
                time: new Date(clock.now()).toISOString(),
                receivedTime,
                channel: ctx.channel?.name ?? null,
                method: ctx.method,
                path: ctx.path,
                status,
                requestId,
                contentType: req.headers["content-type"] ?? null,
                bodySize: Math.max(ctx.bodySize, Number.isFinite(declared) ? declared : 0),
            });
        };
        let reply: Reply;
        try {
            const fault = services.faults.take(ctx.method, ctx.path);
            if (fault?.delayMs !== undefined) await sleep(fault.delayMs);
            if (fault?.reset === true) {
                record(0);
                req.socket.destroy();
                return;
            }
            if (fault?.status !== undefined) {
                await ctx.discardBody();
                throw LineErrorFactory.fault(fault.status, fault.body);
            }
            reply = await dispatch(ctx, apiRouter);
        } catch (error) {
            reply = errorReply(error);
        }
        record(reply.status);
        send(res, reply);
    }

    const server: Server = createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
            if (!res.headersSent) send(res, errorReply(error));
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return {
        url: `http://${host}:${address.port}`,
        port: address.port,
        channels,
        store,
        clock,
        log: services.log,
        faults: services.faults,
        rateLimiter,
        deliveries: services.deliveries,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.close(error => (error ? reject(error) : resolve()));
                server.closeAllConnections();
            }),
    };
}
