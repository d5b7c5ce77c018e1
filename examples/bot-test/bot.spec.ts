/**
 * The bot's own test, as a LINE bot team writes one: start the emulator, `pulumi up` the menus and the
 * webhook (Pulumi's Automation API), start the bot with the emulator as LINE's API, then be a user who
 * adds the bot and taps through the tabs, and check what the bot answered. Only base URLs change.
 *
 * Run it from the repository: `npx mocha --config .mocharc.e2e.json examples/bot-test/bot.spec.ts`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
// In your own project: import { startEmulator } from "pulumi-line/emulator";
import { startEmulator, type Emulator } from "../../emulator";
// In your own project the Pulumi CLI is on PATH; here the repository's offline build provides it.
import { installPulumi } from "../../scripts/pulumiCli";
import { startBot, type Bot } from "./bot";

const CHANNEL = {
    name: "shop",
    accessToken: "bot-test-token-5d2e",
    channelSecret: "bot-test-secret-0c81",
    // The console's "Use webhook" switch, which LINE's API cannot turn on.
    webhookActive: true,
};

interface Screen {
    readonly richMenu: { readonly richMenuId: string; readonly source: string } | null;
}
interface TapResult {
    /** The event the tap raised (null for uri and clipboard), and a switch's outcome. */
    readonly effect: {
        readonly event: string | null;
        readonly switch?: { readonly richMenuAliasId: string; readonly status: string };
    };
    readonly deliveries: readonly {
        readonly status: string;
        readonly events: readonly { readonly type: string }[];
    }[];
    readonly screen: Screen;
}
interface ChatMessage {
    readonly from: "user" | "bot";
    readonly via: string;
    readonly message: { readonly type: string; readonly text?: string };
}

describe("the bot, tapped through by a user of the emulated channel", function () {
    this.timeout(10 * 60_000);
    let emulator: Emulator;
    let bot: Bot;
    let stack: Stack;
    let stateDir: string;
    let richMenuIds: Record<string, string>;
    let userId: string;

    const control = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
        const response = await fetch(`${emulator.url}/_emulator/channels/${CHANNEL.name}${route}`, {
            method,
            ...(body !== undefined && {
                headers: { "content-type": "application/json" },
                body: JSON.stringify(body),
            }),
        });
        assert.ok(
            response.ok,
            `${method} ${route} answered ${response.status}: ${await response.clone().text()}`,
        );
        return (await response.json()) as T;
    };
    const tap = (area: number): Promise<TapResult> => control("POST", `/users/${userId}/tap`, { area });
    const chat = async (): Promise<ChatMessage[]> =>
        (await control<{ messages: ChatMessage[] }>("GET", `/users/${userId}/chat`)).messages;
    const lastBotText = async (): Promise<string | undefined> =>
        (await chat()).filter(m => m.from === "bot").at(-1)?.message.text;

    before(async () => {
        emulator = await startEmulator({ port: 0, rateLimits: false, channels: [CHANNEL] });
        bot = await startBot({
            channelSecret: CHANNEL.channelSecret,
            channelAccessToken: CHANNEL.accessToken,
            apiBaseUrl: emulator.url,
        });
        stateDir = mkdtempSync(path.join(os.tmpdir(), "line-bot-test-"));
        const pulumiBin = installPulumi(path.resolve(__dirname, "..", ".."));
        stack = await LocalWorkspace.createOrSelectStack(
            { stackName: "bot-test", workDir: __dirname },
            {
                pulumiCommand: await PulumiCommand.get({
                    root: path.dirname(pulumiBin),
                    skipVersionCheck: true,
                }),
                envVars: {
                    PULUMI_BACKEND_URL: `file://${stateDir}`,
                    PULUMI_HOME: path.join(stateDir, ".pulumi"),
                    PULUMI_CONFIG_PASSPHRASE: "bot-test",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    LINE_API_BASE_URL: emulator.url,
                    LINE_DATA_BASE_URL: emulator.url,
                    LINE_CHANNEL_ACCESS_TOKEN: CHANNEL.accessToken,
                },
            },
        );
        // LINE only calls https webhooks; the emulator calls a loopback https URL over plain http.
        await stack.setConfig("webhookUrl", { value: bot.webhookUrl.replace(/^http:/, "https:") });
        const up = await stack.up();
        richMenuIds = up.outputs["richMenuIds"]?.value as Record<string, string>;
    });

    after(async () => {
        await stack?.destroy().catch(() => undefined);
        await stack?.workspace.removeStack("bot-test").catch(() => undefined);
        rmSync(path.join(__dirname, "Pulumi.bot-test.yaml"), { force: true });
        if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
        await bot?.close();
        await emulator?.close();
    });

    it("pulumi up gives the channel both tabs, their aliases, the default and the bot's webhook", async () => {
        const state = await control<{
            richMenus: { richMenuId: string; hasImage: boolean }[];
            aliases: { richMenuAliasId: string; richMenuId: string }[];
            defaultRichMenuId: string;
            webhook: { endpoint: string };
        }>("GET", "/state");
        assert.equal(state.richMenus.length, 2);
        assert.ok(state.richMenus.every(menu => menu.hasImage));
        assert.deepEqual(Object.fromEntries(state.aliases.map(a => [a.richMenuAliasId, a.richMenuId])), {
            home: richMenuIds["home"],
            shop: richMenuIds["shop"],
        });
        assert.equal(state.defaultRichMenuId, richMenuIds["home"]);
        assert.match(state.webhook.endpoint, /^https:\/\/127\.0\.0\.1:\d+\/callback$/);
    });

    it("a new friend sees the Home tab and is greeted by the bot", async () => {
        const added = await control<{ userIds: string[] }>("POST", "/users", {
            users: [{ displayName: "Aiko" }],
        });
        userId = added.userIds[0] ?? assert.fail("no user added");
        const screen = await control<Screen>("GET", `/users/${userId}/screen`);
        assert.equal(screen.richMenu?.richMenuId, richMenuIds["home"]);
        assert.equal(screen.richMenu?.source, "default");
        assert.equal(await lastBotText(), "Thanks for adding us! Tap the tabs below to look around.");
    });

    it("tapping the Shop tab switches the user's menu through its alias, and the bot answers", async () => {
        const result = await tap(1);
        assert.deepEqual(
            {
                event: result.effect.event,
                alias: result.effect.switch?.richMenuAliasId,
                status: result.effect.switch?.status,
            },
            { event: "postback", alias: "shop", status: "SUCCESS" },
        );
        assert.deepEqual(
            result.deliveries.map(d => [d.status, d.events.map(e => e.type)]),
            [["delivered", ["postback"]]],
        );
        assert.equal(result.screen.richMenu?.richMenuId, richMenuIds["shop"]);
        assert.equal(result.screen.richMenu?.source, "user");
        assert.equal(await lastBotText(), "Shop: today's deal is 20% off all coffee beans.");
    });

    it("a reply token works once: the bot's second reply with it gets LINE's error", async () => {
        const used = bot.spentReplyTokens.at(-1);
        assert.ok(used !== undefined);
        const client = new messagingApi.MessagingApiClient({
            channelAccessToken: CHANNEL.accessToken,
            baseURL: emulator.url,
        });
        const error = await client
            .replyMessage({ replyToken: used, messages: [{ type: "text", text: "again" }] })
            .then(
                () => undefined,
                (e: unknown) => e,
            );
        assert.ok(error instanceof HTTPFetchError, `expected LINE's error, got ${String(error)}`);
        assert.equal(error.status, 400);
        assert.deepEqual(JSON.parse(error.body), { message: "Invalid reply token" });
        assert.ok(!(await chat()).some(m => m.message.text === "again"));
    });

    it("tapping Home on the Shop tab switches back", async () => {
        const result = await tap(0);
        assert.equal(result.screen.richMenu?.richMenuId, richMenuIds["home"]);
        assert.equal(await lastBotText(), "Home: news, opening hours and contact are below.");
    });

    it("tapping Opening hours sends the text as the user, and the bot answers it", async () => {
        const result = await tap(3);
        assert.equal(result.effect.event, "message");
        const [question, answer] = (await chat()).slice(-2);
        assert.deepEqual(
            [question?.from, question?.message.text, answer?.from, answer?.via, answer?.message.text],
            ["user", "Opening hours", "bot", "reply", "We are open every day from 10:00 to 19:00."],
        );
    });
});
