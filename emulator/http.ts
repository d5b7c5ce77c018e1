import type { IncomingMessage } from "node:http";
import type { LinkTokenBook } from "./accountLink";
import type { Channel } from "./channels";
import type { Clock } from "./clock";
import type { DeliveryLog } from "./deliveryLog";
import { LineErrorFactory } from "./errors";
import type { FaultInjector } from "./faults";
import type { IdGenerator } from "./ids";
import { MAX_FORM_BODY_BYTES, MAX_JSON_BODY_BYTES } from "./limits";
import type { RateLimiter } from "./rateLimits";
import type { RequestLog } from "./requestLog";
import type { ChannelStore } from "./store";
import type { TokenAuthority } from "./tokens";
import { type JsonDocument, parseJsonDocument } from "./validation/json";

/** What every route can reach: the emulator's parts, never module-level state. */
export interface Services {
    readonly store: ChannelStore;
    readonly clock: Clock;
    readonly ids: IdGenerator;
    readonly tokens: TokenAuthority;
    readonly channels: readonly Channel[];
    readonly log: RequestLog;
    readonly faults: FaultInjector;
    readonly rateLimiter: RateLimiter;
    readonly webhookTimeoutMs: number;
    /** How long a webhook delivery waits for the bot server to answer. */
    readonly webhookDeliveryTimeoutMs: number;
    readonly deliveries: DeliveryLog;
    readonly linkTokens: LinkTokenBook;
}

/** An answer: JSON, or raw bytes with their content type; `headers` are extra response headers. */
export type Reply = (
    | { readonly status: number; readonly json: unknown }
    | { readonly status: number; readonly bytes: Buffer; readonly contentType: string }
) & { readonly headers?: Readonly<Record<string, string>> };

export function ok(json: unknown = {}): Reply {
    return { status: 200, json };
}

export function accepted(json: unknown = {}): Reply {
    return { status: 202, json };
}

/** One request on its way through the emulator. */
export class RequestContext {
    params: Readonly<Record<string, string>> = {};
    /** The channel the bearer token (or OAuth client ID) identified, if any. */
    channel: Channel | undefined;
    /** Bytes of request body read so far, for the request log. */
    bodySize = 0;

    constructor(
        readonly req: IncomingMessage,
        readonly url: URL,
        readonly requestId: string,
        readonly services: Services,
    ) {}

    get method(): string {
        return (this.req.method ?? "GET").toUpperCase();
    }

    get path(): string {
        return this.url.pathname;
    }

    get query(): URLSearchParams {
        return this.url.searchParams;
    }

    /** The media type without parameters, lower-cased (`application/json`). */
    get mediaType(): string | undefined {
        const header = this.req.headers["content-type"];
        if (header === undefined || header.trim() === "") return undefined;
        return header.split(";")[0]?.trim().toLowerCase();
    }

    /** The raw `Content-Type` header, for messages. */
    get contentTypeHeader(): string | undefined {
        return this.req.headers["content-type"];
    }

    /** Reads the whole body; past `maxBytes` answers 413 and discards the rest. */
    readBody(maxBytes: number): Promise<Buffer> {
        // A body already read (or drained) will not emit again; waiting for it would hang.
        if (this.req.readableEnded) return Promise.resolve(Buffer.alloc(0));
        return new Promise((resolve, reject) => {
            const chunks: Buffer[] = [];
            let size = 0;
            let tooLarge = false;
            this.req.on("data", (chunk: Buffer) => {
                this.bodySize += chunk.length;
                if (tooLarge) return;
                size += chunk.length;
                if (size > maxBytes) {
                    tooLarge = true;
                    chunks.length = 0;
                    reject(LineErrorFactory.requestEntityTooLarge());
                    return;
                }
                chunks.push(chunk);
            });
            this.req.on("end", () => {
                if (!tooLarge) resolve(Buffer.concat(chunks));
            });
            this.req.on("error", reject);
        });
    }

    /** A required JSON body: `application/json`, at most 2 MB, parsed with positions. */
    async readJson(): Promise<JsonDocument> {
        if (this.mediaType !== "application/json") {
            throw LineErrorFactory.unsupportedContentType(this.contentTypeHeader);
        }
        const body = await this.readBody(MAX_JSON_BODY_BYTES);
        return parseJsonDocument(body.toString("utf8"));
    }

    /**
     * A body LINE allows to be absent (set default rich menu, test webhook): nothing or an empty
     * body is fine whatever the content type, as LINE's SDK sends `application/json` with no body.
     */
    async readOptionalJson(): Promise<JsonDocument | undefined> {
        const body = await this.readBody(MAX_JSON_BODY_BYTES);
        if (body.toString("utf8").trim() === "") return undefined;
        if (this.mediaType !== "application/json") {
            throw LineErrorFactory.unsupportedContentType(this.contentTypeHeader);
        }
        return parseJsonDocument(body.toString("utf8"));
    }

    /** An `application/x-www-form-urlencoded` body, as the OAuth endpoints take. */
    async readForm(): Promise<URLSearchParams> {
        const body = await this.readBody(MAX_FORM_BODY_BYTES);
        if (body.length > 0 && this.mediaType !== "application/x-www-form-urlencoded") {
            throw LineErrorFactory.oauth(400, "invalid_request", "unsupported content type");
        }
        return new URLSearchParams(body.toString("utf8"));
    }

    /** Drains an unread body so a keep-alive connection stays usable. */
    discardBody(): Promise<void> {
        return this.readBody(Number.MAX_SAFE_INTEGER).then(() => undefined);
    }
}

/** A request known to carry a valid channel token. */
export type ChannelContext = RequestContext & { readonly channel: Channel };

/**
 * An integer query parameter (`page`, `size`, `limit`), with LINE's `details` for a missing, non-numeric
 * or out-of-range value (https://developers.line.biz/en/reference/messaging-api/#get-audience-groups).
 * `fallback` undefined makes the parameter required.
 */
export function integerQuery(
    ctx: RequestContext,
    name: string,
    fallback: number | undefined,
    min: number,
    max?: number,
): number {
    const raw = ctx.query.get(name);
    if (raw === null || raw === "") {
        if (fallback === undefined)
            throw LineErrorFactory.invalidQueryParameter(name, "must not be null", "NOT_NULL");
        return fallback;
    }
    if (!/^-?\d+$/.test(raw))
        throw LineErrorFactory.invalidQueryParameter(name, "must be a number", "INVALID");
    const value = Number(raw);
    if (value < min)
        throw LineErrorFactory.invalidQueryParameter(
            name,
            `must be greater than or equal to ${min}`,
            "TOO_LOW",
        );
    if (max !== undefined && value > max) {
        throw LineErrorFactory.invalidQueryParameter(
            name,
            `must be less than or equal to ${max}`,
            "TOO_HIGH",
        );
    }
    return value;
}

/** An optional query parameter that must be one of `allowed`; absent or empty reads undefined. */
export function enumQuery(ctx: RequestContext, name: string, allowed: readonly string[]): string | undefined {
    const raw = ctx.query.get(name);
    if (raw === null || raw === "") return undefined;
    if (!allowed.includes(raw))
        throw LineErrorFactory.invalidQueryParameter(name, "invalid value", "INVALID");
    return raw;
}
