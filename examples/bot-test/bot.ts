/**
 * A small LINE bot, written as a team writes one with LINE's official SDK: the SDK's webhook middleware
 * checks the signature, and the bot answers each event with the reply token it came with. Nothing in it
 * knows about the emulator; the test gives it the emulator's URL as LINE's API base URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { messagingApi, middleware, type webhook } from "@line/bot-sdk";

type WebhookEvent = webhook.Event;

export interface BotOptions {
    readonly channelSecret: string;
    readonly channelAccessToken: string;
    /** LINE's API; the emulator's URL in tests. */
    readonly apiBaseUrl?: string;
    readonly port?: number;
}

export interface Bot {
    /** Where LINE should send webhooks: `http://127.0.0.1:PORT/callback`. */
    readonly webhookUrl: string;
    /** Every reply token the bot spent, in order: a test can show a token works once. */
    readonly spentReplyTokens: readonly string[];
    close(): Promise<void>;
}

/** What the bot says to each tab and button of the menus in line.yaml. */
function answer(event: WebhookEvent): string | undefined {
    if (event.type === "follow") return "Thanks for adding us! Tap the tabs below to look around.";
    if (event.type === "postback") {
        switch (event.postback.data) {
            case "tab=shop": {
                // A tab switch tells how it went; the menu did not change unless it says SUCCESS.
                const status = event.postback.params?.status;
                return status === undefined || status === "SUCCESS"
                    ? "Shop: today's deal is 20% off all coffee beans."
                    : "Sorry, the shop is closed for now.";
            }
            case "tab=home":
                return "Home: news, opening hours and contact are below.";
            case "action=contact":
                return "Write your question here and we will answer within a day.";
        }
        return undefined;
    }
    if (event.type === "message" && event.message.type === "text" && event.message.text === "Opening hours") {
        return "We are open every day from 10:00 to 19:00.";
    }
    return undefined;
}

export async function startBot(options: BotOptions): Promise<Bot> {
    const client = new messagingApi.MessagingApiClient({
        channelAccessToken: options.channelAccessToken,
        ...(options.apiBaseUrl !== undefined && { baseURL: options.apiBaseUrl }),
    });
    const checkSignature = middleware({ channelSecret: options.channelSecret });
    const spentReplyTokens: string[] = [];

    const handle = async (events: readonly WebhookEvent[]): Promise<void> => {
        for (const event of events) {
            const text = answer(event);
            if (text === undefined || !("replyToken" in event) || event.replyToken === undefined) continue;
            spentReplyTokens.push(event.replyToken);
            await client.replyMessage({ replyToken: event.replyToken, messages: [{ type: "text", text }] });
        }
    };

    const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
        if (req.method !== "POST" || req.url !== "/callback") {
            res.writeHead(404).end();
            return;
        }
        checkSignature(req as never, res as never, (error?: unknown) => {
            if (error !== undefined) {
                // A bad signature is not from LINE: refuse it, as LINE's docs ask.
                res.writeHead(401).end();
                return;
            }
            const body = (req as IncomingMessage & { body: { events: WebhookEvent[] } }).body;
            handle(body.events).then(
                () => res.writeHead(200).end(),
                () => res.writeHead(500).end(),
            );
        });
    });
    await new Promise<void>(resolve => server.listen(options.port ?? 0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        webhookUrl: `http://127.0.0.1:${port}/callback`,
        spentReplyTokens,
        close: () => new Promise<void>(resolve => server.close(() => resolve())),
    };
}
