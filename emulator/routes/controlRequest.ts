import type { Channel } from "../channels";
import { LineErrorFactory } from "../errors";
import type { RequestContext } from "../http";
import { USER_ID_PATTERN } from "../limits";
import type { DeepReadonly, StoredUser } from "../store";
import { type JsonObject, isJsonObject } from "../validation/json";

/** What every `/_emulator` route reads from a request: the channel, a user, a JSON object body. */

export const CONTROL_PREFIX = "/_emulator";

/** The channel named in the path, or 404. */
export function controlChannel(ctx: RequestContext): Channel {
    const name = ctx.params.name ?? "";
    const channel = ctx.services.channels.find(c => c.name === name);
    if (channel === undefined) throw LineErrorFactory.notFound();
    return channel;
}

/** The channel's name from the path, or 404. */
export function channelParam(ctx: RequestContext): string {
    return controlChannel(ctx).name;
}

/** The user named in the path: 400 for a malformed ID, 404 for one the channel never met. */
export function controlUser(ctx: RequestContext, channel: string): DeepReadonly<StoredUser> {
    const userId = ctx.params.userId ?? "";
    if (!USER_ID_PATTERN.test(userId))
        throw LineErrorFactory.controlBadRequest(`userId must match ${USER_ID_PATTERN}`);
    const user = ctx.services.store.read(channel).users.get(userId);
    if (user === undefined) throw LineErrorFactory.controlNotFound(`the channel has no user ${userId}`);
    return user;
}

/** The body as a JSON object; no body reads as `{}`. */
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
