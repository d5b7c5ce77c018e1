import { createRequire } from "node:module";

/**
 * Warnings from the provider to the person running `pulumi preview` or `pulumi up`.
 *
 * What a dynamic provider prints to stderr reaches the user as an info line with no resource
 * (the engine turns a plugin's stderr into Info diagnostics), easy to miss under a green preview. A
 * warning has to go through the engine's `Log` call instead: the provider host is started with the
 * engine's address as its only argument (`…/cmd/dynamic-provider <engine address>`), and a message
 * logged there with severity WARNING is shown as `warning:` under the stack's diagnostics and counted in
 * the summary, in previews as in updates. Outside the provider host (a handler called in-process, as
 * the specs do), or should the engine not take it, the warning is printed to stderr as
 * `pulumi-line: warning: …`.
 */

const PREFIX = "pulumi-line: ";
const LOG_DEADLINE_MS = 10_000;

interface EngineLogClient {
    log(request: unknown, options: { deadline: number }, callback: (error: Error | null) => void): void;
    close(): void;
}

/** The engine's address, when this process is Pulumi's dynamic provider host. */
function engineAddress(): string | undefined {
    const script = process.argv[1] ?? "";
    if (!/[\\/]cmd[\\/]dynamic-provider([\\/]index(\.js)?)?$/.test(script)) return undefined;
    const address = process.argv[2];
    return address !== undefined && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

/** Sends one WARNING to the engine with the gRPC stubs of the `@pulumi/pulumi` this package runs with. */
function logToEngine(address: string, message: string): Promise<void> {
    const load = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = load("@grpc/grpc-js") as {
        credentials: { createInsecure(): unknown };
    };
    const services = load("./proto/engine_grpc_pb.js") as {
        EngineClient: new (address: string, credentials: unknown) => EngineLogClient;
    };
    const proto = load("./proto/engine_pb.js") as {
        LogRequest: new () => { setSeverity(s: number): void; setMessage(m: string): void };
        LogSeverity: { WARNING: number };
    };
    const request = new proto.LogRequest();
    request.setSeverity(proto.LogSeverity.WARNING);
    request.setMessage(message);
    const client = new services.EngineClient(address, grpc.credentials.createInsecure());
    return new Promise((resolve, reject) => {
        // A deadline, so an engine that never answers cannot hold up the check; stderr is the fallback.
        client.log(request, { deadline: Date.now() + LOG_DEADLINE_MS }, error => {
            client.close();
            if (error) reject(error);
            else resolve();
        });
    });
}

/** Shows `message` as a warning of this run (see above); never fails the handler that warns. */
/** Where warnings go in a process that is no dynamic provider host (the native plugin's engine log). */
export type WarningSink = (text: string) => Promise<void>;

let sink: WarningSink | undefined;

/**
 * Sends every later warning to `to` (undefined: the dynamic provider host's engine, else stderr). The
 * native plugin installs its engine log here: the engine never shows a plugin's stderr, so without it
 * a warning such as a takeover (ownership.ts) would be lost in Pulumi YAML programs.
 */
export function routeWarnings(to: WarningSink | undefined): void {
    sink = to;
}

export async function warn(message: string): Promise<void> {
    const text = PREFIX + message;
    if (sink !== undefined) {
        await sink(text);
        return;
    }
    const address = engineAddress();
    if (address !== undefined) {
        try {
            await logToEngine(address, text);
            return;
        } catch {
            // The engine did not take it: stderr still shows it, as an info line.
        }
    }
    process.stderr.write(`${PREFIX}warning: ${message}\n`);
}
