import * as structPb from "google-protobuf/google/protobuf/struct_pb";

/**
 * Property values between the engine's protobuf `Struct`s and the plain objects the handlers take.
 *
 * The provider tells the engine it does not accept secrets (Configure), so resource properties
 * arrive plain, and the engine marks outputs secret again where their inputs were. Provider config
 * arrives before that answer, with secrets wrapped in Pulumi's signature objects: those are unwrapped
 * here. Unknown values during preview arrive as the same sentinel string the dynamic provider host
 * passes (lifecycle.ts `UNKNOWN`), so the handlers see exactly what they see as dynamic resources.
 * https://github.com/pulumi/pulumi/blob/master/sdk/go/common/resource/plugin/rpc.go
 */

/** The key Pulumi marks special values (secrets, assets, resource references) with. */
const SIGNATURE_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIGNATURE = "1b47061264138c4ac30d75fd1eb44270";

export type PlainObject = Record<string, unknown>;

/** Removes secret wrappers at any depth; every other value is left as it is. */
function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (typeof value !== "object" || value === null) return value;
    const record = value as PlainObject;
    if (record[SIGNATURE_KEY] === SECRET_SIGNATURE) return unwrapSecrets(record.value);
    return Object.fromEntries(Object.entries(record).map(([key, v]) => [key, unwrapSecrets(v)]));
}

/** A request's `Struct` as a plain object (`{}` when the field is absent). */
export function fromStruct(struct: structPb.Struct | undefined): PlainObject {
    if (struct === undefined) return {};
    return unwrapSecrets(struct.toJavaScript()) as PlainObject;
}

/**
 * A plain object as a `Struct`. `undefined` members are dropped (a `Struct` has no such value, and a
 * missing property is what the engine reads as "not set").
 */
export function toStruct(value: object): structPb.Struct {
    return structPb.Struct.fromJavaScript(
        JSON.parse(JSON.stringify(value)) as Record<string, structPb.JavaScriptValue>,
    );
}
