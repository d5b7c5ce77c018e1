import type * as pulumi from "@pulumi/pulumi";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { canonicalJson } from "../resources/canonicalJson";
import type { PlainObject } from "./marshal";

/**
 * A handler's diff (`changes`, `replaces`, `deleteBeforeReplace`, the same the dynamic resources
 * answer) as the engine's `DiffResponse`, with the detailed diff the dynamic provider host cannot send:
 * each changed input, and whether its change replaces the resource, so `pulumi preview --diff` shows
 * "replace because of `areas`" rather than every property.
 * https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/#detailed-diffs
 */

const Kind = providerPb.PropertyDiff.Kind;

function kindOf(inOld: boolean, inNew: boolean, replaces: boolean): providerPb.PropertyDiff.Kind {
    if (!inOld) return replaces ? Kind.ADD_REPLACE : Kind.ADD;
    if (!inNew) return replaces ? Kind.DELETE_REPLACE : Kind.DELETE;
    return replaces ? Kind.UPDATE_REPLACE : Kind.UPDATE;
}

/**
 * The top-level inputs whose canonical values differ (key order never matters, as in the handlers).
 * Values are compared as the handlers compare them, with the old outputs (a refresh records drift
 * there, e.g. an alias someone re-pointed); the old inputs only tell which keys were set. Only the
 * schema's properties are named: `check` also passes on how it reached its plan (an audience's
 * `membershipChange`), which is no property of the resource.
 */
function changedInputs(
    olds: PlainObject,
    oldInputs: PlainObject,
    news: PlainObject,
    properties: ReadonlySet<string>,
): string[] {
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news)]);
    const before = (key: string) => (key in olds ? olds[key] : oldInputs[key]);
    return [...keys].filter(
        key => properties.has(key) && canonicalJson(before(key)) !== canonicalJson(news[key]),
    );
}

export function toDiffResponse(
    result: pulumi.dynamic.DiffResult,
    state: { readonly olds: PlainObject; readonly oldInputs: PlainObject },
    news: PlainObject,
    properties: ReadonlySet<string>,
): providerPb.DiffResponse {
    const { olds, oldInputs } = state;
    const response = new providerPb.DiffResponse();
    if (result.changes === false) return response.setChanges(providerPb.DiffResponse.DiffChanges.DIFF_NONE);
    const replaces = result.replaces ?? [];
    const changed = [...new Set([...changedInputs(olds, oldInputs, news, properties), ...replaces])];
    const detailed = response.getDetaileddiffMap();
    for (const key of changed) {
        const kind = kindOf(key in oldInputs, key in news, replaces.includes(key));
        detailed.set(key, new providerPb.PropertyDiff().setKind(kind).setInputdiff(true));
    }
    return response
        .setChanges(
            result.changes === true
                ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
                : providerPb.DiffResponse.DiffChanges.DIFF_UNKNOWN,
        )
        .setReplacesList(replaces)
        .setDiffsList(changed)
        .setDeletebeforereplace(result.deleteBeforeReplace === true)
        .setHasdetaileddiff(result.changes === true && changed.length > 0);
}
