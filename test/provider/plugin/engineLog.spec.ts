import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import { connectEngineLog, engineAddressOf, warnAbout } from "../../../provider/plugin/engineLog";
import { stderrOf } from "../../support/stderr";

/**
 * The provider's warnings about a resource reach the engine's `Log` service with the resource's URN
 * (so the CLI shows them among its diagnostics), and stderr when no engine is connected.
 */

describe("the native provider's warnings to the engine", () => {
    let server: grpc.Server | undefined;
    const received: enginePb.LogRequest[] = [];

    before(async () => {
        server = new grpc.Server();
        server.addService(engineGrpc.EngineService, {
            log: (
                call: grpc.ServerUnaryCall<enginePb.LogRequest, emptyPb.Empty>,
                callback: grpc.sendUnaryData<emptyPb.Empty>,
            ) => {
                received.push(call.request);
                callback(null, new emptyPb.Empty());
            },
        } as grpc.UntypedServiceImplementation);
        const port = await new Promise<number>((resolve, reject) =>
            server!.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
                error ? reject(error) : resolve(bound),
            ),
        );
        connectEngineLog(`127.0.0.1:${port}`);
    });

    after(() => {
        connectEngineLog(undefined);
        server?.forceShutdown();
    });

    it("sends a warning with the resource's URN, printing nothing", async () => {
        const urn = "urn:pulumi:dev::p::line:index:Audience::vip";
        const { printed } = await stderrOf(() => warnAbout(urn, "LINE reports 2 members"));
        assert.equal(printed, "");
        assert.deepEqual(
            received.map(r => [r.getUrn(), r.getSeverity(), r.getMessage()]),
            [[urn, enginePb.LogSeverity.WARNING, "LINE reports 2 members"]],
        );
    });

    const argumentLists: readonly { readonly args: string[]; readonly address: string | undefined }[] = [
        { args: ["127.0.0.1:41234"], address: "127.0.0.1:41234" },
        { args: ["--logtostderr", "-v=9", "127.0.0.1:41234"], address: "127.0.0.1:41234" },
        { args: [], address: undefined },
    ];
    for (const { args, address } of argumentLists) {
        it(`finds the engine's address in ${JSON.stringify(args)}`, () => {
            assert.equal(engineAddressOf(args), address);
        });
    }
});

describe("the native provider's warnings without an engine", () => {
    it("go to stderr, named as the provider's", async () => {
        const { printed } = await stderrOf(() =>
            warnAbout("urn:pulumi:dev::p::line:index:Audience::vip", "no members"),
        );
        assert.equal(printed, "pulumi-line: no members\n");
    });
});
