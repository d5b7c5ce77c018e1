import { LineErrorFactory } from "../errors";
import type { RequestContext } from "../http";
import { type JsonObject, isJsonObject } from "../validation/json";

/** What every `/_emulator` route reads: the channel named in its path and its JSON object body. */

export const CONTROL_PREFIX = "/_emulator";

/** The `{name}` path parameter, which must name a configured channel (else 404). */
export function channelParam(ctx: RequestContext): string {
    const name = ctx.params.name ?? "";
    if (!ctx.services.channels.some(c => c.name === name)) throw LineErrorFactory.notFound();
    return name;
}

/** The body as a JSON object; none at all reads as `{}`. */
export async function readObject(ctx: RequestContext): Promise<JsonObject> {
    let doc;
    try {
        doc = await ctx.readOptionalJson();
    } catch {
        throw LineErrorFactory.controlBadRequest("the body must be JSON");
    }
    const value = doc?.value ?? {};
    if (!isJsonObject(value)) throw LineErrorFactory.controlBadRequest("the body must be a JSON object");
    return value;
}
