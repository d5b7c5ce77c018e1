/**
 * The channel this repository runs as its own Pulumi project (`Pulumi.yaml` at the root): two tabbed
 * rich menus that switch with aliases, the default menu, and the users who see the shop tab first.
 *
 * `npm run demo` runs it against the embedded emulator; point it at a real channel with
 * `pulumi config set --secret line:channelAccessToken …` (see README.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { DefaultRichMenu, RichMenu, RichMenuAlias } from "./provider";

const config = new pulumi.Config();
const site = config.get("siteUrl") ?? "https://example.com";

const tabs = { x: 0, y: 0, width: 1250, height: 250 };

const home = new RichMenu("home", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Home tab",
    chatBarText: "Menu",
    image: "examples/assets/menu-home.png",
    areas: [
        { bounds: { ...tabs }, action: { type: "postback", data: "tab=home", displayText: "Home" } },
        { bounds: { ...tabs, x: 1250 }, action: { type: "richmenuswitch", richMenuAliasId: "shop", data: "tab=shop" } },
        { bounds: { x: 0, y: 250, width: 833, height: 718 }, action: { type: "uri", uri: `${site}/news` } },
        { bounds: { x: 833, y: 250, width: 834, height: 718 }, action: { type: "message", text: "Opening hours" } },
        { bounds: { x: 1667, y: 250, width: 833, height: 718 }, action: { type: "uri", uri: "tel:0312345678" } },
        { bounds: { x: 0, y: 968, width: 2500, height: 718 }, action: { type: "postback", data: "action=contact" } },
    ],
});

const shop = new RichMenu("shop", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Shop tab",
    chatBarText: "Menu",
    image: "examples/assets/menu-shop.png",
    areas: [
        { bounds: { ...tabs }, action: { type: "richmenuswitch", richMenuAliasId: "home", data: "tab=home" } },
        { bounds: { ...tabs, x: 1250 }, action: { type: "postback", data: "tab=shop", displayText: "Shop" } },
        { bounds: { x: 0, y: 250, width: 2500, height: 1436 }, action: { type: "uri", uri: `${site}/shop` } },
    ],
});

new RichMenuAlias("home-alias", { richMenuAliasId: "home", richMenuId: home.richMenuId });
new RichMenuAlias("shop-alias", { richMenuAliasId: "shop", richMenuId: shop.richMenuId });
new DefaultRichMenu("default", { richMenuId: home.richMenuId });

export const homeRichMenuId = home.richMenuId;
export const shopRichMenuId = shop.richMenuId;
