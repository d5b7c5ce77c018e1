import { messagingApi } from "@line/bot-sdk";
import { type ChannelOptions, ManualClock, sequentialIds } from "../../emulator";
import { type BotServer, useBotServer } from "../support/botServer";
import { type EmulatorHandle, type UseEmulatorOptions, useEmulator } from "../support/emulator";
import { webhookBodyChecker } from "./webhookSchema";

/** The channel every platform spec acts on. */
const PLATFORM_CHANNEL = "shop";
const TOKEN = "shop-token";

export interface PlatformChannel {
    readonly clock: ManualClock;
    readonly line: EmulatorHandle;
    readonly bot: BotServer;
    /** LINE's SDK on the channel, with only its base URL changed. */
    api(): messagingApi.MessagingApiClient;
    state(): ReturnType<EmulatorHandle["emulator"]["store"]["read"]>;
    /** What the bot server received, each body's signature and LINE's webhook schema checked first. */
    bodies(): { destination: string; events: Record<string, unknown>[] }[];
    /** Every event delivered so far, in order, from {@link bodies}. */
    events(): Record<string, unknown>[];
}

/**
 * The set-up the platform specs share: one channel with a channel secret and "Use webhook" on, the
 * emulator on a ManualClock with sequential IDs and emptied before each test, and a bot server. Each spec
 * points the channel's webhook at `bot.url` itself, since some specs are about doing so.
 */
export function usePlatformChannel(
    channelSecret: string,
    options: Omit<UseEmulatorOptions, "channels"> & {
        readonly otherChannels?: readonly ChannelOptions[];
    } = {},
): PlatformChannel {
    const { otherChannels = [], ...emulatorOptions } = options;
    const clock = new ManualClock();
    const line = useEmulator({
        rateLimits: false,
        resetBeforeEach: true,
        clock,
        ids: sequentialIds(),
        ...emulatorOptions,
        channels: [
            { name: PLATFORM_CHANNEL, accessToken: TOKEN, channelSecret, webhookActive: true },
            ...otherChannels,
        ],
    });
    const bot = useBotServer();
    const checkBodies = webhookBodyChecker();
    const bodies = (): ReturnType<PlatformChannel["bodies"]> => {
        const received = bot.bodies(channelSecret);
        checkBodies(received);
        return received;
    };
    return {
        clock,
        line,
        bot,
        api: () => new messagingApi.MessagingApiClient({ channelAccessToken: TOKEN, baseURL: line.url }),
        state: () => line.emulator.store.read(PLATFORM_CHANNEL),
        bodies,
        events: () => bodies().flatMap(body => body.events),
    };
}
