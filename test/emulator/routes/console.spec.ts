import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { messagingApi, middleware, type webhook } from "@line/bot-sdk";
import { chromium, type Browser, type Page } from "playwright-core";
import { startEmulator, type Emulator } from "../../../emulator";

/**
 * The browser console in a real headless Chromium: a user's screen with the default menu, a tap on the
 * Shop tab that switches the menu through its alias, the signed postback delivered to a bot that answers
 * with its reply token, and that answer in the user's chat. The last screen is saved as a picture
 * (test/artifacts/console.png), the one README shows.
 *
 * Chromium comes from Debian's `chromium` package (.ci/run installs it); without it the spec says so and skips.
 */

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const ROOT = path.resolve(__dirname, "..", "..", "..");
const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const CHANNEL = {
    name: "cafe",
    accessToken: "console-spec-token",
    channelSecret: "console-spec-secret",
    displayName: "Cafe Bot",
    webhookActive: true,
};
const SIZE = { width: 2500, height: 1686 };
const TAB_ROW = { y: 0, width: 1250, height: 250 };

function tabMenu(name: string, other: string, data: string): messagingApi.RichMenuRequest {
    return {
        size: SIZE,
        selected: true,
        name,
        chatBarText: "Menu",
        areas: [
            {
                bounds: { x: 0, ...TAB_ROW },
                action:
                    other === "home"
                        ? ({
                              type: "richmenuswitch",
                              richMenuAliasId: "home",
                              data: "tab=home",
                          } as messagingApi.Action)
                        : ({
                              type: "postback",
                              data: "tab=home",
                              displayText: "Home",
                          } as messagingApi.Action),
            },
            {
                bounds: { x: 1250, ...TAB_ROW },
                action:
                    other === "shop"
                        ? ({
                              type: "richmenuswitch",
                              richMenuAliasId: "shop",
                              data: "tab=shop",
                          } as messagingApi.Action)
                        : ({ type: "postback", data, displayText: "Shop" } as messagingApi.Action),
            },
            {
                bounds: { x: 0, y: 250, width: 2500, height: 1436 },
                action: { type: "message", text: "Opening hours" } as messagingApi.Action,
            },
        ],
    };
}

/** A bot as a team writes one: the SDK's middleware checks the signature, each event gets one reply. */
async function startBot(api: messagingApi.MessagingApiClient): Promise<{ server: Server; url: string }> {
    const check = middleware({ channelSecret: CHANNEL.channelSecret });
    const server = createServer((req, res) => {
        check(req as never, res as never, (error?: unknown) => {
            if (error !== undefined) return void res.writeHead(401).end();
            const { events } = (req as unknown as { body: webhook.CallbackRequest }).body;
            const replies = events.map(event =>
                event.type === "postback" && "replyToken" in event && event.replyToken
                    ? api.replyMessage({
                          replyToken: event.replyToken,
                          messages: [{ type: "text", text: `You opened ${event.postback.data}` }],
                      })
                    : Promise.resolve(),
            );
            Promise.all(replies).then(
                () => res.writeHead(200).end(),
                () => res.writeHead(500).end(),
            );
        });
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/callback` };
}

describe("the emulator's browser console", function () {
    this.timeout(60_000);
    let emulator: Emulator;
    let bot: Server | undefined;
    let browser: Browser | undefined;
    let page: Page;
    const menus = { home: "", shop: "" };
    let userId = "";

    before(async function () {
        if (!existsSync(CHROMIUM)) {
            console.log(
                `    (no Chromium at ${CHROMIUM}: install Debian's chromium package, or set CHROMIUM_PATH)`,
            );
            this.skip();
        }
        emulator = await startEmulator({ port: 0, rateLimits: false, console: true, channels: [CHANNEL] });
        const config = { channelAccessToken: CHANNEL.accessToken, baseURL: emulator.url };
        const api = new messagingApi.MessagingApiClient(config);
        const blob = new messagingApi.MessagingApiBlobClient(config);
        for (const [key, other] of [
            ["home", "shop"],
            ["shop", "home"],
        ] as const) {
            ({ richMenuId: menus[key] } = await api.createRichMenu(
                tabMenu(`${key} tab`, other, `tab=${key}`),
            ));
            const png = readFileSync(path.join(ROOT, "examples", "assets", `menu-${key}.png`));
            await blob.setRichMenuImage(menus[key], new Blob([png], { type: "image/png" }));
            await api.createRichMenuAlias({ richMenuAliasId: key, richMenuId: menus[key] });
        }
        await api.setDefaultRichMenu(menus.home);
        const started = await startBot(api);
        bot = started.server;
        await api.setWebhookEndpoint({ endpoint: started.url });
        const added = await fetch(`${emulator.url}/_emulator/channels/${CHANNEL.name}/users`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ users: [{ displayName: "Aiko" }] }),
        });
        userId = ((await added.json()) as { userIds: string[] }).userIds[0] ?? "";
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            // As root in CI, and with no network beyond loopback: no sandbox, no background connections.
            args: [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        });
        page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
        await page.goto(`${emulator.url}/_emulator/console/#channel=${CHANNEL.name}&user=${userId}`);
    });

    after(async () => {
        await browser?.close();
        await new Promise<void>(resolve => (bot ? bot.close(() => resolve()) : resolve()));
        await emulator?.close();
    });

    it("is served only when asked for", async () => {
        const plain = await startEmulator({ port: 0 });
        try {
            assert.equal((await fetch(`${plain.url}/_emulator/console/`)).status, 404);
        } finally {
            await plain.close();
        }
        const served = await fetch(`${emulator.url}/_emulator/console`);
        assert.equal(served.status, 200);
        assert.match(served.headers.get("content-type") ?? "", /^text\/html/);
    });

    it("shows the user's default menu, its image and one tap area per area", async () => {
        await page.waitForSelector(`#menu-image[data-rich-menu-id="${menus.home}"]`);
        assert.equal(await page.locator("#menu-image-frame .area").count(), 3);
        assert.equal(await page.textContent("#chat-bar"), "Menu");
        assert.equal(await page.textContent("#chat-title"), "Aiko");
        const loaded = await page.$eval(
            "#menu-image",
            img => (img as unknown as { naturalWidth: number }).naturalWidth,
        );
        assert.equal(loaded, SIZE.width);
    });

    it("a click on the Shop tab switches the menu, delivers the postback and shows the bot's answer", async () => {
        await page.click('#menu-image-frame .area[data-area="1"]');
        await page.waitForSelector(`#menu-image[data-rich-menu-id="${menus.shop}"]`);
        await page.waitForSelector("#deliveries li.delivered");
        assert.match((await page.textContent("#deliveries li.delivered strong")) ?? "", /postback/);
        await page.waitForSelector('#chat li.from-bot:has-text("You opened tab=shop")');
        // What the emulator holds agrees with the page: the user is now linked to the Shop menu.
        const linked = await fetch(`${emulator.url}/v2/bot/user/${userId}/richmenu`, {
            headers: { authorization: `Bearer ${CHANNEL.accessToken}` },
        });
        assert.deepEqual(await linked.json(), { richMenuId: menus.shop });
    });

    it("the chat bar closes and opens the menu", async () => {
        await page.click("#chat-bar");
        await page.waitForSelector("#menu-image-frame", { state: "hidden" });
        await page.click("#chat-bar");
        await page.waitForSelector("#menu-image-frame", { state: "visible" });
    });

    it("a message typed in the composer reaches the chat as the user's", async () => {
        await page.fill("#message-text", "Hello from the console");
        await page.click("#composer button");
        await page.waitForSelector('#chat li.from-user:has-text("Hello from the console")');
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, "console.png") });
    });
});
