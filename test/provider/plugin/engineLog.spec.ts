import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as enginePb from "@pulumi/pulumi/proto/engine_pb";
import {
    aboutResource,
    connectEngineLog,
    engineAddressOf,
    warnAbout,
    warnAboutCurrent,
} from "../../../provider/plugin/engineLog";
import { routeWarnings, warn } from "../../../provider/resources/diagnostics";
import { stderrOf } from "../../support/stderr";

/**
 * The provider's warnings about a resource reach the engine's `Log` service with the resource's URN
 * (so the CLI shows them among its diagnostics), and stderr when no engine is connected. The
 * handlers' own warnings (a takeover, ownership.ts), routed there as the plugin's entry point does,
 * name the resource whose call was in progress.
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

    beforeEach(() => {
        received.length = 0;
    });

    after(() => {
        routeWarnings(undefined);
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

    it("sends a handler's warning with the URN of the call in progress, and the stack's outside one", async () => {
        routeWarnings(warnAboutCurrent);
        const urns = [
            "urn:pulumi:dev::p::line:index:WebhookEndpoint::hook",
            "urn:pulumi:dev::p::line:index:RichMenuAlias::home",
        ];
        // Two calls at once: each warning keeps its own resource across the awaits in between.
        const { printed } = await stderrOf(async () => {
            await Promise.all(
                urns.map((urn, i) =>
                    aboutResource(urn, async () => {
                        await new Promise(resolve => setTimeout(resolve, 10 - i * 10));
                        await warn(`takeover ${i}`);
                    }),
                ),
            );
            await warn("outside any call");
        });
        assert.equal(printed, "");
        assert.deepEqual(
            received.map(r => [r.getUrn(), r.getSeverity(), r.getMessage()]).sort(),
            [
                ["", enginePb.LogSeverity.WARNING, "pulumi-line: outside any call"],
                [urns[1], enginePb.LogSeverity.WARNING, "pulumi-line: takeover 1"],
                [urns[0], enginePb.LogSeverity.WARNING, "pulumi-line: takeover 0"],
            ].sort(),
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
