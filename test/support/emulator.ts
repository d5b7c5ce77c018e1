import {
    type Emulator,
    type EmulatorOptions,
    type FaultSpec,
    type RequestLogEntry,
    startEmulator,
} from "../../emulator";

/** What came back from the emulator, read once: JSON parsed when the answer is JSON. */
export interface EmulatorResponse<T = unknown> {
    readonly status: number;
    readonly headers: Headers;
    /** The parsed JSON body (undefined when the body is empty or not JSON). */
    readonly body: T;
    readonly text: string;
    readonly bytes: Buffer;
    readonly requestId: string | null;
}

export interface CallOptions {
    /** The bearer token; the first channel's by default, `null` for none. */
    readonly token?: string | null;
    /** Sent as `application/json`. */
    readonly json?: unknown;
    /** A raw body, with `contentType`. */
    readonly body?: Uint8Array | string | FormData | URLSearchParams;
    readonly contentType?: string;
    readonly headers?: Readonly<Record<string, string>>;
}

/** The `/_emulator` control surface, wrapped. `channel` defaults to the first configured channel. */
export interface EmulatorControl {
    state<T = Record<string, unknown>>(channel?: string): Promise<T>;
    addFriends(count: number, channel?: string): Promise<string[]>;
    addFriendIds(userIds: readonly string[], channel?: string): Promise<string[]>;
    recordBroadcast(
        options?: { type?: "broadcast" | "narrowcast"; recipients?: number },
        channel?: string,
    ): Promise<string>;
    setWebhookActive(active: boolean, channel?: string): Promise<void>;
    requests(): Promise<RequestLogEntry[]>;
    clearRequests(): Promise<void>;
    addFault(spec: FaultSpec): Promise<void>;
    clearFaults(): Promise<void>;
    reset(): Promise<void>;
}

export interface EmulatorHandle {
    /** The running emulator (available once mocha's `before` hook has run). */
    readonly emulator: Emulator;
    /** Its base URL, for both api.line.me and api-data.line.me paths. */
    readonly url: string;
    /** The first channel's access token. */
    readonly token: string;
    /** The access token of a configured channel. */
    tokenOf(channel: string): string;
    call<T = unknown>(method: string, path: string, options?: CallOptions): Promise<EmulatorResponse<T>>;
    /** A call to `/_emulator/channels/{channel}{path}` (the first channel by default), whatever it answers. */
    controlCall<T = Record<string, unknown>>(
        method: string,
        path: string,
        json?: unknown,
        channel?: string,
    ): Promise<EmulatorResponse<T>>;
    readonly control: EmulatorControl;
}

export interface UseEmulatorOptions extends EmulatorOptions {
    /** Empty the emulator (state, log, faults, rate-limit buckets) before every test. */
    readonly resetBeforeEach?: boolean;
}

/** Sends one request to a running emulator with fetch. */
export async function callEmulator<T = unknown>(
    url: string,
    defaultToken: string | null,
    method: string,
    path: string,
    options: CallOptions = {},
): Promise<EmulatorResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? defaultToken : options.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let body: Uint8Array | string | FormData | URLSearchParams | undefined = options.body;
    if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers["Content-Type"] = "application/json";
    }
    if (options.contentType !== undefined) headers["Content-Type"] = options.contentType;
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = bytes.toString("utf8");
    let parsed: unknown;
    if ((response.headers.get("content-type") ?? "").includes("json") && text !== "")
        parsed = JSON.parse(text);
    return {
        status: response.status,
        headers: response.headers,
        body: parsed as T,
        text,
        bytes,
        requestId: response.headers.get("x-line-request-id"),
    };
}

/**
 * Starts an emulator on a free port for the enclosing mocha `describe` (in `before`) and closes it
 * in `after`. Rate limits stay on unless `rateLimits: false` is passed.
 *
 * @example
 * const line = useEmulator();
 * it("creates a menu", async () => {
 *     const res = await line.call("POST", "/v2/bot/richmenu", { json: menu });
 *     assert.equal(res.status, 200);
 * });
 */
export function useEmulator(options: UseEmulatorOptions = {}): EmulatorHandle {
    let running: Emulator | undefined;
    const { resetBeforeEach, ...emulatorOptions } = options;

    before(async () => {
        running = await startEmulator(emulatorOptions);
    });
    after(async () => {
        await running?.close();
        running = undefined;
    });

    const emulator = (): Emulator => {
        if (running === undefined)
            throw new Error("the emulator runs only inside the describe that called useEmulator()");
        return running;
    };
    const firstChannel = (): string => emulator().channels[0]?.name ?? "default";
    const tokenOf = (channel: string): string => {
        const found = emulator().channels.find(c => c.name === channel);
        if (found === undefined) throw new Error(`no channel named ${channel}`);
        return found.accessToken;
    };
    const call = <T = unknown>(
        method: string,
        path: string,
        callOptions?: CallOptions,
    ): Promise<EmulatorResponse<T>> =>
        callEmulator<T>(emulator().url, tokenOf(firstChannel()), method, path, callOptions);
    const control = async <T = unknown>(method: string, path: string, json?: unknown): Promise<T> => {
        const res = await call<T>(method, `/_emulator${path}`, {
            token: null,
            ...(json !== undefined && { json }),
        });
        if (res.status !== 200)
            throw new Error(`control call ${method} ${path} failed with ${res.status}: ${res.text}`);
        return res.body;
    };
    const channelPath = (channel: string | undefined): string =>
        `/channels/${encodeURIComponent(channel ?? firstChannel())}`;

    if (resetBeforeEach === true) {
        beforeEach(async () => {
            await control("POST", "/reset");
        });
    }

    return {
        get emulator() {
            return emulator();
        },
        get url() {
            return emulator().url;
        },
        get token() {
            return tokenOf(firstChannel());
        },
        tokenOf,
        call,
        controlCall: <T>(method: string, path: string, json?: unknown, channel?: string) =>
            call<T>(method, `/_emulator${channelPath(channel)}${path}`, {
                token: null,
                ...(json !== undefined && { json }),
            }),
        control: {
            state: <T>(channel?: string) => control<T>("GET", `${channelPath(channel)}/state`),
            addFriends: async (count, channel) =>
                (await control<{ userIds: string[] }>("POST", `${channelPath(channel)}/users`, { count }))
                    .userIds,
            addFriendIds: async (userIds, channel) =>
                (await control<{ userIds: string[] }>("POST", `${channelPath(channel)}/users`, { userIds }))
                    .userIds,
            recordBroadcast: async (broadcast = {}, channel) =>
                (
                    await control<{ requestId: string }>(
                        "POST",
                        `${channelPath(channel)}/broadcasts`,
                        broadcast,
                    )
                ).requestId,
            setWebhookActive: async (active, channel) => {
                await control("PUT", `${channelPath(channel)}/webhook-active`, { active });
            },
            requests: async () =>
                (await control<{ requests: RequestLogEntry[] }>("GET", "/requests")).requests,
            clearRequests: async () => {
                await control("DELETE", "/requests");
            },
            addFault: async spec => {
                await control("POST", "/faults", spec);
            },
            clearFaults: async () => {
                await control("DELETE", "/faults");
            },
            reset: async () => {
                await control("POST", "/reset");
            },
        },
    };
}
