import type { ChannelContext } from "../http";
import { RICH_MENU_ID_PATTERN } from "../limits";
import type { DeepReadonly, StoredRichMenu } from "../store";

/** A path parameter; the router guarantees it is present for a matched route. */
export function pathParam(ctx: ChannelContext, name: string): string {
    return ctx.params[name] ?? "";
}

export function isRichMenuIdFormat(value: string): boolean {
    return RICH_MENU_ID_PATTERN.test(value);
}

/** The channel's menu with that ID, if any. */
export function lookupRichMenu(
    ctx: ChannelContext,
    richMenuId: string,
): DeepReadonly<StoredRichMenu> | undefined {
    return ctx.services.store.read(ctx.channel.name).richMenus.get(richMenuId);
}
