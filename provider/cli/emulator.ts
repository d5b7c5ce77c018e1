import { chmodSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import {
    DEFAULT_CHANNEL,
    startEmulator,
    type Channel,
    type ChannelOptions,
    type EmulatorOptions,
} from "../../emulator";
import { integer, pair, positive, stringValue, stringValues, UsageError } from "./arguments";
import type { Command, CommandArgs, CommandIO } from "./command";

/**
 * `pulumi-line emulator`: the local LINE API emulator from a shell, until Ctrl-C.
 *
 * A channel is `--channel NAME:TOKEN`; its channel ID, secret and basic ID are derived from NAME unless
 * given (`--channel-id NAME=…` etc.), so the ID + secret route (`line:channelId`, `line:channelSecret`)
 * can be tried with values the user knows. The start line names every channel's bot; a secret is never
 * printed (it is a credential), the line says where it can be read instead.
 */

const USAGE = `usage: pulumi-line emulator [options]

Runs a local LINE Messaging API (api.line.me and api-data.line.me paths on one origin) until Ctrl-C.

Options:
  --port N                    port on 127.0.0.1; 0 (the default) picks a free one
  --channel NAME:TOKEN        a channel and its access token; repeat for several. Without any, one
                              channel "default" with token ${DEFAULT_CHANNEL.accessToken},
                              channel ID ${DEFAULT_CHANNEL.channelId ?? ""} and secret ${DEFAULT_CHANNEL.channelSecret ?? ""}
  --channel-id NAME=ID        the channel ID of channel NAME (10 digits; derived from NAME otherwise)
  --channel-secret NAME=SECRET
                              its channel secret, for the channel ID + secret route
  --basic-id NAME=@ID         its bot's basic ID (what line:expectedBot names)
  --unverified NAME           channel NAME is neither verified nor premium (follower IDs answer 403)
  --credentials-file PATH     write every channel's ID, secret and bot to PATH (JSON, owner-only)
  --state-file PATH           keep the channels' state in this JSON file across restarts
  --time-scale X              emulated time runs X times faster (3600: an hour passes in a second)
  --no-rate-limits            turn LINE's rate limits off
  --console                   serve the browser console: each user's screen, taps, chats, webhooks
  --json                      print the start line as one JSON object
  -h, --help                  this help

Example:
  npx pulumi-line emulator --port 8080 --channel dev:dev-token --channel-id dev=1234567890 \\
      --channel-secret dev=dev-secret --basic-id dev=@dev1234
`;

export interface EmulatorCommandOptions {
    readonly emulator: EmulatorOptions;
    /** Names of the channels whose secret was given on the command line. */
    readonly givenSecrets: ReadonlySet<string>;
    readonly credentialsFile?: string;
    readonly json: boolean;
}

/** What the command line asks for; throws a {@link UsageError} naming the flag. */
export function emulatorOptions(args: CommandArgs, cwd: string): EmulatorCommandOptions {
    const { values } = args;
    const channels: ChannelOptions[] = [];
    for (const text of stringValues(values.channel)) {
        const colon = text.indexOf(":");
        if (colon <= 0 || colon === text.length - 1)
            throw new UsageError(`--channel takes NAME:ACCESS_TOKEN, not ${JSON.stringify(text)}`);
        const name = text.slice(0, colon);
        if (channels.some(c => c.name === name)) throw new UsageError(`--channel ${name} is given twice`);
        channels.push({ name, accessToken: text.slice(colon + 1) });
    }
    if (channels.length === 0) channels.push({ ...DEFAULT_CHANNEL });
    const givenSecrets = new Set<string>();
    const fields = [
        ["channel-id", "channelId", "NAME=CHANNEL_ID"],
        ["channel-secret", "channelSecret", "NAME=CHANNEL_SECRET"],
        ["basic-id", "basicId", "NAME=@BASIC_ID"],
    ] as const;
    for (const [flag, field, what] of fields) {
        for (const text of stringValues(values[flag])) {
            const [name, value] = pair(`--${flag}`, text, what);
            const index = channels.findIndex(c => c.name === name);
            if (index < 0) {
                throw new UsageError(
                    `--${flag} ${name}: there is no channel ${JSON.stringify(name)} (give --channel ${name}:TOKEN)`,
                );
            }
            if (field === "channelId" && !/^\d{10}$/.test(value))
                throw new UsageError(
                    `--${flag} ${name}: a channel ID is 10 digits, not ${JSON.stringify(value)}`,
                );
            if (field === "basicId" && !/^@[a-z0-9_.-]+$/.test(value))
                throw new UsageError(
                    `--${flag} ${name}: a basic ID looks like @123abcde, not ${JSON.stringify(value)}`,
                );
            if (value === "") throw new UsageError(`--${flag} ${name}: needs a value after =`);
            if (field === "channelSecret") givenSecrets.add(name);
            channels[index] = { ...channels[index]!, [field]: value };
        }
    }
    for (const name of stringValues(values.unverified)) {
        const index = channels.findIndex(c => c.name === name);
        if (index < 0)
            throw new UsageError(
                `--unverified ${name}: there is no channel ${JSON.stringify(name)} (give --channel ${name}:TOKEN)`,
            );
        channels[index] = { ...channels[index]!, verified: false };
    }
    const port = stringValue(values.port);
    const stateFile = stringValue(values["state-file"]);
    const timeScale = stringValue(values["time-scale"]);
    const credentialsFile = stringValue(values["credentials-file"]);
    return {
        emulator: {
            port: port === undefined ? 0 : integer("--port", port, 0, 65535),
            channels,
            rateLimits: values["no-rate-limits"] !== true,
            console: values.console === true,
            ...(stateFile !== undefined ? { stateFile: path.resolve(cwd, stateFile) } : {}),
            ...(timeScale !== undefined ? { timeScale: positive("--time-scale", timeScale) } : {}),
        },
        givenSecrets,
        ...(credentialsFile !== undefined ? { credentialsFile: path.resolve(cwd, credentialsFile) } : {}),
        json: values.json === true,
    };
}

/** Where the user can read a channel's secret; never the secret itself. */
function secretSource(channel: Channel, options: EmulatorCommandOptions, shownFile?: string): string {
    if (options.givenSecrets.has(channel.name)) return "--channel-secret";
    if (channel.name === DEFAULT_CHANNEL.name && channel.channelSecret === DEFAULT_CHANNEL.channelSecret)
        return "the documented default (pulumi-line emulator --help)";
    if (shownFile !== undefined) return shownFile;
    return "derived; set it with --channel-secret, or write it out with --credentials-file";
}

/** What the emulator prints when it is ready: its URL and every channel's bot. */
function startLines(
    url: string,
    channels: readonly Channel[],
    options: EmulatorCommandOptions,
    cwd: string,
): string {
    const shownFile =
        options.credentialsFile === undefined ? undefined : path.relative(cwd, options.credentialsFile);
    const views = channels.map(c => ({
        name: c.name,
        channelId: c.channelId,
        basicId: c.basicId,
        botUserId: c.botUserId,
        secret: secretSource(c, options, shownFile),
    }));
    const consoleUrl = options.emulator.console === true ? `${url}/_emulator/console/` : undefined;
    if (options.json)
        return `${JSON.stringify({ url, ...(consoleUrl && { console: consoleUrl }), channels: views })}\n`;
    return [
        `LINE emulator listening on ${url}`,
        ...(consoleUrl === undefined ? [] : [`  console: ${consoleUrl}`]),
        ...views.map(
            v =>
                `  channel ${v.name}: channel ID ${v.channelId}, bot ${v.basicId} (${v.botUserId}), secret: ${v.secret}`,
        ),
        "",
    ].join("\n");
}

/** Resolves on the first SIGINT or SIGTERM; listening from before the emulator starts, so none is missed. */
function untilStopped(): Promise<void> {
    return new Promise<void>(resolve => {
        const stop = (): void => {
            process.off("SIGINT", stop);
            process.off("SIGTERM", stop);
            resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
    });
}

async function run(args: CommandArgs, io: CommandIO): Promise<number> {
    const options = emulatorOptions(args, io.cwd);
    const stopped = untilStopped();
    const emulator = await startEmulator(options.emulator);
    try {
        if (options.credentialsFile !== undefined) {
            const credentials = emulator.channels.map(c => ({
                name: c.name,
                channelId: c.channelId,
                channelSecret: c.channelSecret,
                basicId: c.basicId,
                botUserId: c.botUserId,
            }));
            writeFileSync(
                options.credentialsFile,
                `${JSON.stringify({ channels: credentials }, null, 2)}\n`,
                {
                    mode: 0o600,
                },
            );
            chmodSync(options.credentialsFile, 0o600);
        }
        io.stdout.write(startLines(emulator.url, emulator.channels, options, io.cwd));
        await stopped;
    } finally {
        await emulator.close();
    }
    return 0;
}

export const emulatorCommand: Command = {
    name: "emulator",
    summary: "run the local LINE API emulator (channels, IDs, secrets, state file)",
    usage: USAGE,
    options: {
        port: { type: "string" },
        channel: { type: "string", multiple: true },
        "channel-id": { type: "string", multiple: true },
        "channel-secret": { type: "string", multiple: true },
        "basic-id": { type: "string", multiple: true },
        unverified: { type: "string", multiple: true },
        "credentials-file": { type: "string" },
        "state-file": { type: "string" },
        "time-scale": { type: "string" },
        "no-rate-limits": { type: "boolean" },
        console: { type: "boolean" },
        json: { type: "boolean" },
    },
    run,
};
