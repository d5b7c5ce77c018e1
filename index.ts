/**
 * The channel this repository runs as its own Pulumi project (`Pulumi.yaml` at the root): two tabbed
 * rich menus that switch through aliases, the default menu, the webhook endpoint and an audience.
 *
 * What differs per environment comes from stack config, so the same program is promoted from dev to
 * prod unchanged (see README.md): `siteUrl`, `webhookUrl`, `homeImage`, `chatBarText`, `vipUserIdsFile`.
 * `npm run demo` runs it against the embedded emulator.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Audience, DefaultRichMenu, RichMenu, RichMenuAlias, WebhookEndpoint } from "./provider";

const config = new pulumi.Config();
const site = config.get("siteUrl") ?? "https://example.com";
const chatBarText = config.get("chatBarText") ?? "Menu";

/**
 * An image under examples/assets, relative to the program's working directory: state then holds the
 * same path on every machine (this file runs from dist/, the assets sit beside it in the repository).
 */
function asset(file: string): string {
    const root = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;
    return path.relative(process.cwd(), path.join(root, "examples", "assets", file));
}

const tabs = { x: 0, y: 0, width: 1250, height: 250 };

const home = new RichMenu("home", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Home tab",
    chatBarText,
    image: asset(config.get("homeImage") ?? "menu-home.png"),
    areas: [
        { bounds: { ...tabs }, action: { type: "postback", data: "tab=home", displayText: "Home" } },
        {
            bounds: { ...tabs, x: 1250 },
            action: { type: "richmenuswitch", richMenuAliasId: "shop", data: "tab=shop" },
        },
        { bounds: { x: 0, y: 250, width: 833, height: 718 }, action: { type: "uri", uri: `${site}/news` } },
        {
            bounds: { x: 833, y: 250, width: 834, height: 718 },
            action: { type: "message", text: "Opening hours" },
        },
        {
            bounds: { x: 1667, y: 250, width: 833, height: 718 },
            action: { type: "uri", uri: "tel:0312345678" },
        },
        {
            bounds: { x: 0, y: 968, width: 2500, height: 718 },
            action: { type: "postback", data: "action=contact" },
        },
    ],
});

const shop = new RichMenu("shop", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Shop tab",
    chatBarText,
    image: asset("menu-shop.png"),
    areas: [
        {
            bounds: { ...tabs },
            action: { type: "richmenuswitch", richMenuAliasId: "home", data: "tab=home" },
        },
        { bounds: { ...tabs, x: 1250 }, action: { type: "postback", data: "tab=shop", displayText: "Shop" } },
        { bounds: { x: 0, y: 250, width: 2500, height: 1436 }, action: { type: "uri", uri: `${site}/shop` } },
    ],
});

new RichMenuAlias("home-alias", { richMenuAliasId: "home", richMenuId: home.richMenuId });
new RichMenuAlias("shop-alias", { richMenuAliasId: "shop", richMenuId: shop.richMenuId });
new DefaultRichMenu("default", { richMenuId: home.richMenuId });

const webhook = new WebhookEndpoint("webhook", {
    endpoint: config.get("webhookUrl") ?? "https://example.com/line/webhook",
});

// User IDs differ per LINE provider, so each stack names its own file (see README.md, promotion).
const vip = new Audience("vip", {
    description: "VIP customers",
    userIdsFile: asset(config.get("vipUserIdsFile") ?? "vip-user-ids.txt"),
});

export const homeRichMenuId = home.richMenuId;
export const shopRichMenuId = shop.richMenuId;
export const webhookActive = webhook.active;
export const vipAudienceGroupId = vip.audienceGroupId;
