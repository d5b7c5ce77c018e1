#!/usr/bin/env node
/**
 * Runs the LINE emulator from a shell:
 *
 *   npm run emulator -- --port 8080 --channel shop:SHOP_TOKEN --state-file .line-emulator.json
 *
 * --port N             0 (the default) picks a free port
 * --channel NAME:TOKEN a channel and its access token; repeat for several channels. The other
 *                      fields (channel ID, secret, bot user ID, basic ID) are derived from NAME.
 * --state-file PATH    keep the state in this JSON file across restarts
 * --time-scale X       run emulated time X times faster (3600: an hour passes in a second)
 * --no-rate-limits     turn LINE's rate limits off
 *
 * Without --channel there is one channel, `default`, with these fixed, public credentials:
 *   access token    emulator-default-token
 *   channel ID      1000000001
 *   channel secret  emulator-default-secret
 *
 * It prints exactly one line, `LINE emulator listening on http://127.0.0.1:PORT`, and stops
 * cleanly on SIGINT or SIGTERM.
 */
import type { ChannelOptions } from "./channels";
import { type EmulatorOptions, startEmulator } from "./server";

export interface CliArguments {
    readonly port: number;
    readonly channels: ChannelOptions[];
    readonly stateFile?: string;
    readonly timeScale?: number;
    readonly rateLimits: boolean;
}

const USAGE =
    "usage: emulator [--port N] [--channel NAME:ACCESS_TOKEN]... [--state-file PATH] [--time-scale X] [--no-rate-limits]";

/** Parses the command line; throws an Error whose message is fit for the user. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
    const channels: ChannelOptions[] = [];
    let port = 0;
    let stateFile: string | undefined;
    let timeScale: number | undefined;
    let rateLimits = true;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] ?? "";
        const [flag, inline] =
            arg.startsWith("--") && arg.includes("=")
                ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
                : [arg, undefined];
        const value = (): string => {
            const next = inline ?? argv[++i];
            if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
            return next;
        };
        switch (flag) {
            case "--port": {
                const text = value();
                port = Number(text);
                if (!/^\d+$/.test(text) || port > 65535)
                    throw new Error(`--port must be 0-65535, got ${text}`);
                break;
            }
            case "--channel": {
                const text = value();
                const colon = text.indexOf(":");
                if (colon <= 0 || colon === text.length - 1)
                    throw new Error(`--channel must be NAME:ACCESS_TOKEN, got ${text}`);
                channels.push({ name: text.slice(0, colon), accessToken: text.slice(colon + 1) });
                break;
            }
            case "--state-file":
                stateFile = value();
                break;
            case "--time-scale": {
                const text = value();
                timeScale = Number(text);
                if (!(timeScale > 0) || !Number.isFinite(timeScale))
                    throw new Error(`--time-scale must be a positive number, got ${text}`);
                break;
            }
            case "--no-rate-limits":
                rateLimits = false;
                break;
            case "--help":
            case "-h":
                throw new Error(USAGE);
            default:
                throw new Error(`unknown argument ${arg}\n${USAGE}`);
        }
    }
    return { port, channels, stateFile, timeScale, rateLimits };
}

export function toEmulatorOptions(args: CliArguments): EmulatorOptions {
    return {
        port: args.port,
        channels: args.channels,
        rateLimits: args.rateLimits,
        ...(args.stateFile !== undefined && { stateFile: args.stateFile }),
        ...(args.timeScale !== undefined && { timeScale: args.timeScale }),
    };
}

async function main(): Promise<void> {
    let args: CliArguments;
    try {
        args = parseCliArguments(process.argv.slice(2));
    } catch (error) {
        process.stderr.write(`${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
    }
    const emulator = await startEmulator(toEmulatorOptions(args));
    process.stdout.write(`LINE emulator listening on ${emulator.url}\n`);
    let stopping = false;
    const stop = (): void => {
        if (stopping) return;
        stopping = true;
        emulator.close().then(
            () => process.exit(0),
            (error: unknown) => {
                process.stderr.write(`${String(error)}\n`);
                process.exit(1);
            },
        );
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
    });
}
