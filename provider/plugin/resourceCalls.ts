import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { providerFor, type Handlers } from "../resources/implementation";
import { UNKNOWN } from "../resources/lifecycle";
import type { ResourceKind } from "../resources/providerStub";
import { toDiffResponse } from "./detailedDiff";
import { warnAbout } from "./engineLog";
import { readForImport, withImportedImage } from "./imports";
import { fromStruct, toStruct, type PlainObject } from "./marshal";
import { PACKAGE, propertyNamesOf, RESOURCES } from "./schema";

/**
 * The resource calls of the native provider: each type token is served by the same handlers the
 * dynamic resource of that kind uses (provider/resources/implementation.ts `providerFor`), called with
 * the same arguments the dynamic provider host passes: `check(oldInputs, newInputs)`,
 * `diff/update/delete` with the old outputs, `read` with the outputs in state.
 */

/** `line:index:RichMenu` → `RichMenu`: the kinds this provider serves (schema.ts lists their types). */
export function kindOf(type: string): ResourceKind {
    if (!Object.prototype.hasOwnProperty.call(RESOURCES, type)) {
        throw new Error(`the ${PACKAGE} provider has no resource type ${JSON.stringify(type)}`);
    }
    return type.slice(`${PACKAGE}:index:`.length) as ResourceKind;
}

/** The request's type: the field, or the URN's type part for engines that send only the URN. */
function typeOf(request: { getType(): string; getUrn(): string }): string {
    return request.getType() || (request.getUrn().split("::")[2] ?? "").split("$").pop() || "";
}

function handlersOf(request: { getType(): string; getUrn(): string }): Handlers {
    return providerFor(kindOf(typeOf(request)));
}

export async function check(request: providerPb.CheckRequest): Promise<providerPb.CheckResponse> {
    const result = await handlersOf(request).check(
        fromStruct(request.getOlds()),
        fromStruct(request.getNews()),
    );
    const failures = (result.failures ?? []).map(f =>
        new providerPb.CheckFailure().setProperty(f.property).setReason(f.reason),
    );
    return new providerPb.CheckResponse().setInputs(toStruct(result.inputs ?? {})).setFailuresList(failures);
}

export async function diff(request: providerPb.DiffRequest): Promise<providerPb.DiffResponse> {
    const news = fromStruct(request.getNews());
    const olds = withImportedImage(typeOf(request), fromStruct(request.getOlds()), news);
    const oldInputs = request.hasOldInputs() ? fromStruct(request.getOldInputs()) : olds;
    const result = await handlersOf(request).diff(request.getId(), olds, news);
    return toDiffResponse(result, { olds, oldInputs }, news, new Set(propertyNamesOf(typeOf(request))));
}

/**
 * The engine asks for creates and updates during previews too (a provider that handshakes is taken to
 * support previews). Nothing is sent to LINE then: the answer is the inputs, with what LINE would
 * assign (the schema's outputs) unknown, so a preview plans what depends on them as the dynamic
 * resources' previews do.
 */
function previewOutputs(type: string, inputs: PlainObject): PlainObject {
    const assigned = Object.keys(RESOURCES[type]?.outputs ?? {}).filter(key => !(key in inputs));
    return { ...inputs, ...Object.fromEntries(assigned.map(key => [key, UNKNOWN])) };
}

export async function create(request: providerPb.CreateRequest): Promise<providerPb.CreateResponse> {
    if (request.getPreview()) {
        const outputs = previewOutputs(typeOf(request), fromStruct(request.getProperties()));
        return new providerPb.CreateResponse().setProperties(toStruct(outputs));
    }
    const result = await handlersOf(request).create(fromStruct(request.getProperties()));
    return new providerPb.CreateResponse().setId(result.id).setProperties(toStruct(result.outs ?? {}));
}

export async function update(request: providerPb.UpdateRequest): Promise<providerPb.UpdateResponse> {
    const olds = fromStruct(request.getOlds());
    if (request.getPreview()) {
        return new providerPb.UpdateResponse().setProperties(
            toStruct({ ...olds, ...fromStruct(request.getNews()) }),
        );
    }
    const result = await handlersOf(request).update(request.getId(), olds, fromStruct(request.getNews()));
    return new providerPb.UpdateResponse().setProperties(toStruct(result.outs ?? {}));
}

export async function remove(request: providerPb.DeleteRequest): Promise<emptyPb.Empty> {
    await handlersOf(request).delete(request.getId(), fromStruct(request.getProperties()));
    return new emptyPb.Empty();
}

/**
 * Refresh (the state's outputs are sent) or import (only the ID). An empty answer tells the engine the
 * object is gone. Refresh keeps the inputs the engine sent unless the handler answers its own.
 */
export async function read(request: providerPb.ReadRequest): Promise<providerPb.ReadResponse> {
    const handlers = handlersOf(request);
    const response = new providerPb.ReadResponse();
    if (!request.hasProperties() || request.getProperties()!.getFieldsMap().getLength() === 0) {
        const imported = await readForImport(typeOf(request), handlers, request.getId());
        if (imported === undefined) return response;
        if (imported.warning !== undefined) await warnAbout(request.getUrn(), imported.warning);
        return response
            .setId(imported.id)
            .setInputs(toStruct(imported.inputs))
            .setProperties(toStruct(imported.outputs));
    }
    const result = await handlers.read(request.getId(), fromStruct(request.getProperties()));
    if (!result.id) return response;
    const inputs: PlainObject = (result.inputs as PlainObject | undefined) ?? fromStruct(request.getInputs());
    return response
        .setId(result.id)
        .setProperties(toStruct(result.props ?? {}))
        .setInputs(toStruct(inputs));
}
