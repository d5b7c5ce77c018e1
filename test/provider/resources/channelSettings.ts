import assert from "node:assert/strict";
import { DEFAULT_CHANNEL, type Channel, type RequestLogEntry } from "../../../emulator";
import { forgetBots } from "../../../provider/resources/botGuard";
import { forgetIssuedTokens, useStackConfig } from "../../../provider/resources/credentials";
import { type EmulatorHandle, useEmulator } from "../../support/emulator";
import { calls } from "../../support/lineEnvironment";

/** The rejection of `promise`, which must reject. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
    try {
        await promise;
    } catch (error) {
        assert.ok(error instanceof Error, String(error));
        return error;
    }
    assert.fail("expected the call to fail");
}

export const PROD_TOKEN = "emulator-prod-token";

const lineVariables = () => Object.keys(process.env).filter(key => key.startsWith("LINE_"));

export interface ChannelSettingsFixture {
    readonly line: EmulatorHandle;
    /** The emulator's channel of that name: `default`, or `prod` ("Prod Shop"). */
    channel(name: string): Channel;
    /** Sets `vars` and the base URLs of both channels in the environment. */
    withBaseUrls(vars: Record<string, string>): void;
    /** Removes every `LINE_*` variable from the environment. */
    clearLineVariables(): void;
    /** The request log as `METHOD /path`. */
    requests(): Promise<string[]>;
    /** The requests that were not GETs. */
    writes(): Promise<RequestLogEntry[]>;
}

/**
 * The set-up the credentials and wrong-bot specs share: an emulator with two channels, `default` and
 * `prod`, and each test starting from an environment without `LINE_*` variables, no stack config, and
 * no bot looked up or token issued yet, as in a new provider process. The environment is restored
 * afterwards.
 */
export function useChannelSettings(): ChannelSettingsFixture {
    const line = useEmulator({
        rateLimits: false,
        channels: [DEFAULT_CHANNEL, { name: "prod", accessToken: PROD_TOKEN, displayName: "Prod Shop" }],
    });
    const saved = new Map<string, string | undefined>();
    const clearLineVariables = () => {
        for (const key of lineVariables()) delete process.env[key];
    };
    before(() => {
        for (const key of lineVariables()) saved.set(key, process.env[key]);
        // Another spec may have handed the module a stack config; these tests read the environment only.
        useStackConfig(undefined);
    });
    after(() => {
        clearLineVariables();
        for (const [key, value] of saved) if (value !== undefined) process.env[key] = value;
    });
    beforeEach(async () => {
        clearLineVariables();
        forgetBots();
        forgetIssuedTokens();
        await line.control.reset();
    });

    return {
        line,
        channel: name => line.emulator.channels.find(c => c.name === name)!,
        withBaseUrls: vars => {
            Object.assign(process.env, {
                LINE_API_BASE_URL: line.url,
                LINE_DATA_BASE_URL: line.url,
                // Each channel has its own settings, base URLs included.
                LINE_PROD_API_BASE_URL: line.url,
                LINE_PROD_DATA_BASE_URL: line.url,
                ...vars,
            });
        },
        clearLineVariables,
        requests: async () => calls(await line.control.requests()),
        writes: async () => (await line.control.requests()).filter(e => e.method !== "GET"),
    };
}
