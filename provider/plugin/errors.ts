import * as grpc from "@grpc/grpc-js";
import * as anyPb from "google-protobuf/google/protobuf/any_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { toStruct } from "./marshal";

/**
 * A handler's failure as the gRPC error the engine reads. The handlers' errors are already free of
 * credentials (provider/client/redact.ts strips them where an HTTP failure becomes an error), so the
 * message is passed on as it is.
 *
 * A create that LINE accepted but that could not be finished throws the handlers' `ResourceInitFailedError`
 * (`id`, `properties`, `reasons`): the engine must record that resource, so its ID and outputs go back
 * as a `pulumirpc.ErrorResourceInitFailed` detail in `grpc-status-details-bin`, as Pulumi's own provider
 * servers send it (https://github.com/pulumi/pulumi/blob/master/proto/pulumi/provider.proto).
 */

interface InitFailure {
    readonly id: string;
    readonly properties: object;
    readonly reasons: readonly string[];
}

function isInitFailure(error: unknown): error is Error & InitFailure {
    if (!(error instanceof Error)) return false;
    const candidate = error as Partial<InitFailure>;
    return (
        typeof candidate.id === "string" &&
        Array.isArray(candidate.reasons) &&
        typeof candidate.properties === "object"
    );
}

/** The outputs an init failure records, without the dynamic host's serialized provider. */
function withoutDynamicProvider(properties: object): object {
    const { __provider: _ignored, ...rest } = properties as Record<string, unknown>;
    return rest;
}

export function toServiceError(error: unknown): Partial<grpc.ServiceError> {
    const details = error instanceof Error ? error.message : String(error);
    if (!isInitFailure(error)) return { code: grpc.status.UNKNOWN, details };
    const failure = new providerPb.ErrorResourceInitFailed()
        .setId(error.id)
        .setProperties(toStruct(withoutDynamicProvider(error.properties)))
        .setReasonsList([...error.reasons]);
    const packed = new anyPb.Any();
    packed.pack(failure.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status().setCode(grpc.status.UNKNOWN).setMessage(details);
    status.addDetails(packed);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    return { code: grpc.status.UNKNOWN, details, metadata };
}
