import type { RichMenuResponse } from "./model";
import type { ChannelState, DeepReadonly, StoredRichMenu, StoredUser } from "./store";

/**
 * Which rich menu a user sees, by LINE's priority
 * (https://developers.line.biz/en/docs/messaging-api/rich-menus-overview/#rich-menu-display): the menu
 * linked to the user (a link, a bulk or batch link, or a richmenuswitch), else the default set through
 * the API. A user who does not follow the bot sees only the default. The emulated account has no
 * default set in LINE Official Account Manager, the lowest rank.
 */

export interface DisplayedRichMenu {
    readonly stored: DeepReadonly<StoredRichMenu>;
    readonly source: "user" | "default";
}

/** What the user's chat screen shows, as the control surface answers it. */
export interface ScreenView {
    readonly userId: string;
    readonly menuOpen: boolean;
    readonly richMenu: null | {
        readonly richMenuId: string;
        readonly source: "user" | "default";
        readonly name: string;
        readonly chatBarText: string;
        readonly selected: boolean;
        readonly size: DeepReadonly<RichMenuResponse["size"]>;
        readonly areas: DeepReadonly<RichMenuResponse["areas"]>;
        /** The control route serving the menu's image. */
        readonly imageUrl: string;
    };
}

/** A menu only shows once it has its image; LINE refuses to link or default one without. */
function shown(
    state: DeepReadonly<ChannelState>,
    richMenuId: string | undefined,
): DeepReadonly<StoredRichMenu> | undefined {
    const stored = richMenuId === undefined ? undefined : state.richMenus.get(richMenuId);
    return stored?.image === undefined ? undefined : stored;
}

export function displayedRichMenu(
    state: DeepReadonly<ChannelState>,
    userId: string,
): DisplayedRichMenu | undefined {
    if (state.friends.has(userId)) {
        const linked = shown(state, state.userLinks.get(userId));
        if (linked !== undefined) return { stored: linked, source: "user" };
    }
    const fallback = shown(state, state.defaultRichMenuId);
    return fallback === undefined ? undefined : { stored: fallback, source: "default" };
}

/** Open or closed: as the user last left it, else as the menu's `selected` says. */
function isMenuOpen(user: DeepReadonly<StoredUser>, displayed: DisplayedRichMenu | undefined): boolean {
    if (displayed === undefined) return false;
    return user.menuOpen ?? displayed.stored.menu.selected;
}

export function screenView(
    state: DeepReadonly<ChannelState>,
    channelName: string,
    user: DeepReadonly<StoredUser>,
): ScreenView {
    const displayed = displayedRichMenu(state, user.userId);
    if (displayed === undefined) return { userId: user.userId, menuOpen: false, richMenu: null };
    const { menu } = displayed.stored;
    return {
        userId: user.userId,
        menuOpen: isMenuOpen(user, displayed),
        richMenu: {
            richMenuId: menu.richMenuId,
            source: displayed.source,
            name: menu.name,
            chatBarText: menu.chatBarText,
            selected: menu.selected,
            size: menu.size,
            areas: menu.areas,
            imageUrl: `/_emulator/channels/${encodeURIComponent(channelName)}/richmenus/${menu.richMenuId}/image`,
        },
    };
}
