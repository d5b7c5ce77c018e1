/**
 * pulumi-line as a native Pulumi provider plugin (`pulumi-resource-line`): the gRPC `ResourceProvider`
 * service the engine starts for the `line` package, so Pulumi YAML programs can declare
 * `line:index:RichMenu`, `line:index:RichMenuAlias`, `line:index:DefaultRichMenu`,
 * `line:index:UserRichMenuLinks`, `line:index:WebhookEndpoint` and `line:index:Audience` (schema.ts), and
 * `pulumi import` can adopt live objects, which the dynamic resources cannot (pulumi/pulumi#16175).
 *
 * Why a server of its own rather than @pulumi/pulumi's `provider.main()`: that one's `read` fails on an
 * import (it reads properties an import does not send), it hands no provider config to the resource
 * calls, and it sends no detailed diff. The calls themselves are the dynamic resources' handlers
 * (resourceCalls.ts), so both kinds of program plan and change a channel the same way.
 *
 * The engine starts it as `pulumi-resource-line [flags] <engine address>` and reads the port it prints
 * on stdout. https://github.com/pulumi/pulumi/blob/master/proto/pulumi/provider.proto
 */
import { createRequire } from "node:module";
import * as grpc from "@grpc/grpc-js";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { routeWarnings } from "../resources/diagnostics";
import { providerFor } from "../resources/implementation";
import { asStackConfig, checkConfig, diffConfig, settingsOf } from "./config";
import { aboutResource, connectEngineLog, engineAddressOf, warnAboutCurrent } from "./engineLog";
import { toServiceError } from "./errors";
import * as resourceCalls from "./resourceCalls";
import { packageSchema, RESOURCES } from "./schema";

function packageVersion(): string {
    return (createRequire(__filename)("pulumi-line/package.json") as { version: string }).version;
}

function unary<Req, Res>(handler: (request: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
        Promise.resolve()
            .then(() => handler(call.request))
            .then(
                response => callback(null, response),
                (error: unknown) => callback(toServiceError(error)),
            );
    };
}

/**
 * `Configure`: the settings become the handlers' stack config. Secrets are not accepted (the engine
 * sends resource properties plain and marks outputs secret again from their inputs). Previews reach
 * create and update, which answer without calling LINE (resourceCalls.ts).
 */
async function configure(request: providerPb.ConfigureRequest): Promise<providerPb.ConfigureResponse> {
    const config = asStackConfig(settingsOf(request));
    for (const type of Object.keys(RESOURCES))
        await providerFor(resourceCalls.kindOf(type)).configure({ config });
    return new providerPb.ConfigureResponse()
        .setAcceptsecrets(false)
        .setSupportspreview(true)
        .setAcceptresources(false)
        .setAcceptoutputs(false);
}

/** A resource call run as a call about its resource, so the handlers' warnings name it. */
function forResource<Req extends { getUrn(): string }, Res>(
    call: (request: Req) => Promise<Res>,
): (request: Req) => Promise<Res> {
    return request => aboutResource(request.getUrn(), () => call(request));
}

function service(): Partial<providerGrpc.IResourceProviderServer> {
    const schema = JSON.stringify(packageSchema());
    return {
        handshake: unary(() => new providerPb.ProviderHandshakeResponse().setAcceptSecrets(false)),
        getPluginInfo: unary(() => new pluginPb.PluginInfo().setVersion(packageVersion())),
        getSchema: unary(() => new providerPb.GetSchemaResponse().setSchema(schema)),
        checkConfig: unary(checkConfig),
        diffConfig: unary(diffConfig),
        configure: unary(configure),
        check: unary(forResource(resourceCalls.check)),
        diff: unary(forResource(resourceCalls.diff)),
        create: unary(forResource(resourceCalls.create)),
        read: unary(forResource(resourceCalls.read)),
        update: unary(forResource(resourceCalls.update)),
        delete: unary(forResource(resourceCalls.remove)),
        cancel: unary(() => new emptyPb.Empty()),
        // Invoke, Call, Construct, Parameterize, List and the mappings have nothing to serve: grpc-js
        // answers UNIMPLEMENTED, which the engine takes as "not supported".
    };
}

/** The provider, served on a free port of 127.0.0.1. */
export async function startProviderServer(): Promise<{
    readonly server: grpc.Server;
    readonly port: number;
}> {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(providerGrpc.ResourceProviderService, service() as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    return { server, port };
}

if (require.main === module) {
    const engineAddress = engineAddressOf(process.argv.slice(2));
    if (engineAddress !== undefined) {
        connectEngineLog(engineAddress);
        routeWarnings(warnAboutCurrent);
    }
    startProviderServer()
        // The engine reads the port from the first line of stdout, the handshake every plugin makes.
        .then(({ port }) => process.stdout.write(`${port}\n`))
        .catch((error: unknown) => {
            console.error(`pulumi-resource-line: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(1);
        });
}
