/**
 * One rich menu, from TypeScript: six areas over the menu's image, set as the channel's default menu.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
// In your own project: import * as line from "pulumi-line";
import * as line from "../../provider";

const config = new pulumi.Config();
const site = config.get("siteUrl") ?? "https://example.com";

/**
 * A file beside this program. The provider resolves image paths against the working directory, so
 * the path is made relative to it: state then holds the same path on every machine.
 */
function beside(file: string): string {
    return path.relative(process.cwd(), path.join(__dirname, file));
}

const row = { y: 0, width: 833, height: 843 };

const menu = new line.RichMenu("main", {
    size: { width: 2500, height: 1686 },
    selected: true,
    name: "Main menu",
    chatBarText: "Menu",
    image: beside("../assets/menu-home.png"),
    areas: [
        { bounds: { ...row, x: 0 }, action: { type: "uri", uri: `${site}/news`, label: "News" } },
        {
            bounds: { ...row, x: 833, width: 834 },
            action: { type: "uri", uri: `${site}/shop`, label: "Shop" },
        },
        { bounds: { ...row, x: 1667 }, action: { type: "message", text: "Opening hours" } },
        {
            bounds: { ...row, x: 0, y: 843 },
            action: { type: "postback", data: "action=coupon", displayText: "Coupons" },
        },
        { bounds: { ...row, x: 833, y: 843, width: 834 }, action: { type: "uri", uri: "tel:0312345678" } },
        { bounds: { ...row, x: 1667, y: 843 }, action: { type: "postback", data: "action=contact" } },
    ],
});

new line.DefaultRichMenu("default", { richMenuId: menu.richMenuId });

export const richMenuId = menu.richMenuId;
