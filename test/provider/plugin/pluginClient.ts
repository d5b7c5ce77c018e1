import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { useStackConfig } from "../../../provider/resources/credentials";
import { startProviderServer } from "../../../provider/plugin/server";
import type { EmulatorHandle } from "../../support/emulator";

/**
 * The native provider's real gRPC service, called as the engine calls it, for the plugin specs: the
 * server is started once per suite and closed after it (also when a test failed), and before every test
 * the emulator is emptied and the provider configured with the emulator's channel, so the channel's
 * settings come only from the provider's configuration (the suite runs with no LINE_* environment).
 */

export type Plain = Record<string, unknown>;

/** How Pulumi wraps a secret value in provider config. */
export const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

export const struct = (value: Plain) =>
    structPb.Struct.fromJavaScript(value as Record<string, structPb.JavaScriptValue>);
export const plain = (value: structPb.Struct | undefined): Plain => (value?.toJavaScript() ?? {}) as Plain;
const urn = (type: string, name: string) => `urn:pulumi:dev::yaml::${type}::${name}`;

export interface PluginClient {
    readonly check: (type: string, news: Plain, olds?: Plain) => Promise<Plain>;
    readonly checkFailures: (type: string, news: Plain) => Promise<string[]>;
    readonly create: (type: string, inputs: Plain, preview?: boolean) => Promise<{ id: string; outs: Plain }>;
    readonly diff: (
        type: string,
        id: string,
        state: { olds: Plain; oldInputs: Plain },
        news: Plain,
    ) => Promise<providerPb.DiffResponse>;
    readonly update: (type: string, id: string, olds: Plain, news: Plain) => Promise<Plain>;
    /** An import when `properties` is absent (only the ID is sent), else a refresh. */
    readonly read: (type: string, id: string, properties?: Plain) => Promise<providerPb.ReadResponse>;
    readonly delete: (type: string, id: string, properties: Plain) => Promise<void>;
    readonly getSchema: () => Promise<Plain>;
    readonly diffConfig: (request: providerPb.DiffRequest) => Promise<providerPb.DiffResponse>;
}

function promised<T>(start: (callback: (error: grpc.ServiceError | null, response: T) => void) => unknown) {
    return new Promise<T>((resolve, reject) =>
        start((error, response) => (error ? reject(error) : resolve(response))),
    );
}

export function usePluginClient(line: EmulatorHandle): PluginClient {
    let server: grpc.Server | undefined;
    let client: providerGrpc.ResourceProviderClient | undefined;
    const saved: Record<string, string | undefined> = {};
    const rpc = () => {
        assert.ok(client !== undefined, "the provider server is started in before()");
        return client;
    };

    before(async () => {
        for (const key of Object.keys(process.env).filter(k => k.startsWith("LINE_"))) {
            saved[key] = process.env[key];
            delete process.env[key];
        }
        const started = await startProviderServer();
        server = started.server;
        client = new providerGrpc.ResourceProviderClient(
            `127.0.0.1:${started.port}`,
            grpc.credentials.createInsecure(),
        );
    });

    after(() => {
        client?.close();
        server?.forceShutdown();
        useStackConfig(undefined);
        Object.assign(process.env, saved);
    });

    beforeEach(async () => {
        await line.control.reset();
        const args = {
            channelAccessToken: { ...SECRET, value: line.token },
            apiBaseUrl: line.url,
            dataBaseUrl: line.url,
        };
        const request = new providerPb.ConfigureRequest().setArgs(struct(args));
        await promised(cb => rpc().configure(request, cb));
    });

    const checked = (type: string, news: Plain, olds: Plain) => {
        const request = new providerPb.CheckRequest()
            .setUrn(urn(type, "r"))
            .setType(type)
            .setNews(struct(news))
            .setOlds(struct(olds));
        return promised<providerPb.CheckResponse>(cb => rpc().check(request, cb));
    };

    return {
        async check(type, news, olds = {}) {
            const response = await checked(type, news, olds);
            assert.deepEqual(
                response.getFailuresList().map(f => f.getReason()),
                [],
            );
            return plain(response.getInputs());
        },
        async checkFailures(type, news) {
            const response = await checked(type, news, {});
            return response.getFailuresList().map(f => `${f.getProperty()}: ${f.getReason()}`);
        },
        async create(type, inputs, preview = false) {
            const request = new providerPb.CreateRequest()
                .setUrn(urn(type, "r"))
                .setType(type)
                .setProperties(struct(inputs))
                .setPreview(preview);
            const response = await promised<providerPb.CreateResponse>(cb => rpc().create(request, cb));
            return { id: response.getId(), outs: plain(response.getProperties()) };
        },
        diff(type, id, { olds, oldInputs }, news) {
            const request = new providerPb.DiffRequest()
                .setId(id)
                .setUrn(urn(type, "r"))
                .setType(type)
                .setOlds(struct(olds))
                .setOldInputs(struct(oldInputs))
                .setNews(struct(news));
            return promised<providerPb.DiffResponse>(cb => rpc().diff(request, cb));
        },
        async update(type, id, olds, news) {
            const request = new providerPb.UpdateRequest()
                .setId(id)
                .setUrn(urn(type, "r"))
                .setType(type)
                .setOlds(struct(olds))
                .setNews(struct(news));
            const response = await promised<providerPb.UpdateResponse>(cb => rpc().update(request, cb));
            return plain(response.getProperties());
        },
        read(type, id, properties) {
            const request = new providerPb.ReadRequest().setId(id).setUrn(urn(type, "r")).setType(type);
            if (properties !== undefined) request.setProperties(struct(properties));
            return promised<providerPb.ReadResponse>(cb => rpc().read(request, cb));
        },
        async delete(type, id, properties) {
            const request = new providerPb.DeleteRequest()
                .setId(id)
                .setUrn(urn(type, "r"))
                .setType(type)
                .setProperties(struct(properties));
            await promised(cb => rpc().delete(request, cb));
        },
        async getSchema() {
            const response = await promised<providerPb.GetSchemaResponse>(cb =>
                rpc().getSchema(new providerPb.GetSchemaRequest(), cb),
            );
            return JSON.parse(response.getSchema()) as Plain;
        },
        diffConfig: request => promised<providerPb.DiffResponse>(cb => rpc().diffConfig(request, cb)),
    };
}
