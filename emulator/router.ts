import { LineErrorFactory } from "./errors";
import type { ChannelContext, Reply, RequestContext } from "./http";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** Who may call a route: a channel's bearer token, or anyone (OAuth, control surface). */
export type RouteAuth = "channel" | "none";

export interface Route {
    readonly method: HttpMethod;
    /** A path template: `/v2/bot/richmenu/{richMenuId}`. */
    readonly path: string;
    /** LINE's operation name (`createRichMenu`): names the rate-limit bucket and the log line. */
    readonly operation: string;
    readonly auth: RouteAuth;
    /** Whether the route takes `X-Line-Retry-Key`: only the message sends do (https://developers.line.biz/en/reference/messaging-api/#retry-api-request). */
    readonly retryKey?: boolean;
    handle(ctx: RequestContext): Promise<Reply> | Reply;
}

/** A route that needs a channel token; its handler can rely on `ctx.channel`. */
export function channelRoute(
    method: HttpMethod,
    path: string,
    operation: string,
    handler: (ctx: ChannelContext) => Promise<Reply> | Reply,
    options: { readonly retryKey?: boolean } = {},
): Route {
    return {
        method,
        path,
        operation,
        auth: "channel",
        ...(options.retryKey === true && { retryKey: true }),
        handle: ctx => {
            const channel = ctx.channel;
            // The server authenticates before routing here; this only satisfies the types.
            if (channel === undefined) throw LineErrorFactory.missingAuthorization();
            return handler(Object.assign(ctx, { channel }));
        },
    };
}

export function publicRoute(
    method: HttpMethod,
    path: string,
    operation: string,
    handler: (ctx: RequestContext) => Promise<Reply> | Reply,
): Route {
    return { method, path, operation, auth: "none", handle: handler };
}

interface CompiledRoute {
    readonly route: Route;
    readonly segments: readonly string[];
    /** Literal segments count more than parameters: `/alias/list` beats `/alias/{id}`. */
    readonly literals: number;
}

export interface RouteMatch {
    readonly route: Route;
    readonly params: Readonly<Record<string, string>>;
}

const PARAM = /^\{(\w+)\}$/;

/** A path-template router: no regexes in the templates, no framework. */
export class Router {
    private readonly compiled: CompiledRoute[] = [];

    constructor(routes: readonly Route[] = []) {
        for (const route of routes) this.add(route);
    }

    add(route: Route): void {
        const segments = route.path.split("/");
        this.compiled.push({ route, segments, literals: segments.filter(s => !PARAM.test(s)).length });
    }

    match(method: string, path: string): RouteMatch | undefined {
        const parts = path.split("/");
        let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
        for (const compiled of this.compiled) {
            if (compiled.route.method !== method || compiled.segments.length !== parts.length) continue;
            const params = matchSegments(compiled.segments, parts);
            if (params === undefined) continue;
            if (best === undefined || compiled.literals > best.compiled.literals) best = { compiled, params };
        }
        return best && { route: best.compiled.route, params: best.params };
    }
}

function matchSegments(
    template: readonly string[],
    parts: readonly string[],
): Record<string, string> | undefined {
    const params: Record<string, string> = {};
    for (let i = 0; i < template.length; i++) {
        const want = template[i] ?? "";
        const got = parts[i] ?? "";
        const param = PARAM.exec(want);
        if (param?.[1] === undefined) {
            if (want !== got) return undefined;
            continue;
        }
        if (got === "") return undefined;
        try {
            params[param[1]] = decodeURIComponent(got);
        } catch {
            return undefined;
        }
    }
    return params;
}
