import assert from "node:assert/strict";
import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { createHash } from "node:crypto";
import { inspect } from "node:util";
import {
    LineClient,
    type LineClientOptions,
    type RichMenuRequest,
    type Timing,
} from "../../../provider/client";
import { resetRateLimitState } from "../../../provider/client/rateLimiter";
import type { EmulatorHandle } from "../../support/emulator";
import { menuRequest as sharedMenuRequest, pngOf } from "../../support/menus";

/**
 * Helpers for the client's specs that run against the emulator: a client pointed at it, a usable rich
 * menu, and the request log reduced to what a test asserts on.
 */

export { SMALL_SIZE } from "../../support/menus";

export function menuRequest(overrides: Partial<RichMenuRequest> = {}): RichMenuRequest {
    return sharedMenuRequest(overrides);
}

/** The PNG for {@link menuRequest}'s size. */
export function pngImage(): Buffer {
    return pngOf();
}

export function sha256(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/** A {@link Timing} that moves only when waited on or advanced by hand, recording each wait. */
export interface FakeTiming extends Timing {
    /** Every wait asked for, in order. */
    readonly sleeps: number[];
    advance(ms: number): void;
}

/** A clock for the client that never waits for real time: a sleep moves it on at once. */
export function fakeTiming(): FakeTiming {
    let time = 1_000_000;
    const sleeps: number[] = [];
    return {
        now: () => time,
        sleep: async ms => {
            sleeps.push(ms);
            time += ms;
        },
        sleeps,
        advance: ms => {
            time += ms;
        },
    };
}

/** A closed port: anything sent there fails to connect. */
export const UNREACHABLE_URL = "http://127.0.0.1:9";

/**
 * A client for the emulator's first channel. Retries are off (a failure shows at once) and pacing
 * keeps LINE's rates, unless a test says otherwise.
 */
export function clientFor(line: EmulatorHandle, options: Partial<LineClientOptions> = {}): LineClient {
    return new LineClient({
        channelAccessToken: line.token,
        apiBaseUrl: line.url,
        dataBaseUrl: line.url,
        retry: false,
        ...options,
    });
}

/**
 * Starts every test from an empty emulator (state, log, faults, buckets) and empty client buckets,
 * so the client's pacing and the emulator's limits begin in step.
 */
export function resetBeforeEach(line: EmulatorHandle): void {
    beforeEach(async () => {
        await line.control.reset();
        resetRateLimitState();
    });
}

/** The request log as `METHOD path status` lines, in order. */
export async function wire(line: EmulatorHandle): Promise<string[]> {
    return (await line.control.requests()).map(r => `${r.method} ${r.path} ${r.status}`);
}

/** A rich menu with an image: what default, alias, links and batches need. */
export async function usableRichMenu(
    client: LineClient,
    overrides: Partial<RichMenuRequest> = {},
): Promise<string> {
    const { richMenuId } = await client.createRichMenu(menuRequest(overrides));
    await client.setRichMenuImage(richMenuId, pngImage());
    return richMenuId;
}

/** An axios failure as the retry policy receives it: a response with a status and headers, or a code. */
export function axiosFailure(fields: {
    status?: number;
    code?: string;
    headers?: Record<string, string>;
}): AxiosError {
    const config = { headers: new AxiosHeaders(), method: "get" } as InternalAxiosRequestConfig;
    const response =
        fields.status === undefined
            ? undefined
            : ({
                  status: fields.status,
                  statusText: "",
                  headers: new AxiosHeaders(fields.headers ?? {}),
                  data: {},
                  config,
              } satisfies AxiosResponse);
    return new AxiosError("failed", fields.code, config, {}, response);
}

/** Runs `action`, which must fail, and returns what it threw. */
export async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
    try {
        await action();
    } catch (error) {
        return error;
    }
    assert.fail("expected the call to fail");
}

/** Asserts that `secret` shows in none of the ways an object usually gets printed or serialised. */
export function assertHidden(value: unknown, secret: string, what: string): void {
    assert.equal(JSON.stringify(value)?.includes(secret) ?? false, false, `${what}: JSON.stringify`);
    assert.equal(
        inspect(value, { depth: Infinity, showHidden: true }).includes(secret),
        false,
        `${what}: util.inspect`,
    );
    if (value instanceof Error) {
        assert.equal(value.message.includes(secret), false, `${what}: message`);
        assert.equal(String(value.stack).includes(secret), false, `${what}: stack`);
    }
}

/** The part of `GET /_emulator/channels/{name}/state` the client's specs read. */
export interface ChannelStateView {
    readonly richMenus: readonly {
        readonly richMenuId: string;
        readonly name: string;
        readonly hasImage: boolean;
        readonly imageSha256?: string;
        readonly imageContentType?: string;
    }[];
    readonly aliases: readonly { readonly richMenuAliasId: string; readonly richMenuId: string }[];
    readonly defaultRichMenuId: string | null;
    readonly userLinks: Readonly<Record<string, string>>;
    readonly webhook: { readonly endpoint: string | null; readonly active: boolean };
    readonly audiences: readonly {
        readonly audienceGroupId: number;
        readonly description: string;
        readonly type: string;
        readonly audienceCount: number;
        readonly jobs: readonly { readonly description?: string | null; readonly audienceCount: number }[];
    }[];
    readonly audienceAuthorityLevel: string;
    readonly batches: readonly {
        readonly requestId: string;
        readonly operations: readonly unknown[];
        readonly resumeRequestKey?: string;
    }[];
}

export function stateOf(line: EmulatorHandle): Promise<ChannelStateView> {
    return line.control.state<ChannelStateView>();
}
