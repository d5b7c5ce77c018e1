import { AsyncLocalStorage } from "node:async_hooks";
import * as grpc from "@grpc/grpc-js";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";

/**
 * What the provider tells the user about one resource, through the engine's `Log` service, so it shows
 * among that resource's diagnostics (`pulumi import` and `up` print them). A native plugin's stderr is
 * not shown there, unlike the dynamic provider host's. The engine's address is the argument the engine
 * starts the plugin with; without one (the specs' in-process server) the message goes to stderr.
 * https://github.com/pulumi/pulumi/blob/master/proto/pulumi/engine.proto
 */

let engine: engineGrpc.EngineClient | undefined;

/** Sends later messages to the engine at `address` (host:port); to stderr again when undefined. */
export function connectEngineLog(address: string | undefined): void {
    engine?.close();
    engine =
        address === undefined
            ? undefined
            : new engineGrpc.EngineClient(address, grpc.credentials.createInsecure());
}

/** The engine's address among the plugin's arguments: the one that is no flag. */
export function engineAddressOf(args: readonly string[]): string | undefined {
    return args.filter(arg => !arg.startsWith("-")).pop();
}

/** Shows `message` as a warning of the resource `urn`; never fails the call it is part of. */
export async function warnAbout(urn: string, message: string): Promise<void> {
    const client = engine;
    if (client === undefined) {
        process.stderr.write(`pulumi-line: ${message}\n`);
        return;
    }
    const request = new enginePb.LogRequest()
        .setSeverity(enginePb.LogSeverity.WARNING)
        .setMessage(message)
        .setUrn(urn);
    await new Promise<void>(resolve => client.log(request, () => resolve()));
}

/** The URN of the resource whose call is in progress, so a warning deep in a handler names it. */
const currentResource = new AsyncLocalStorage<string>();

/** Runs `call` as a call about the resource `urn`: {@link warnAboutCurrent} then names that resource. */
export function aboutResource<T>(urn: string, call: () => Promise<T>): Promise<T> {
    return currentResource.run(urn, call);
}

/** Shows `message` as a warning of the resource whose call is in progress (the stack's, outside one). */
export function warnAboutCurrent(message: string): Promise<void> {
    return warnAbout(currentResource.getStore() ?? "", message);
}
