import { type IncomingHttpHeaders, type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { validateSignature } from "@line/bot-sdk";

/** One webhook POST as the bot server received it: the exact bytes and headers. */
export interface ReceivedWebhook {
    readonly headers: IncomingHttpHeaders;
    readonly body: string;
}

/** How the bot server answers the next webhooks: a status, a status after a delay, or not at all. */
export type BotReply = number | { readonly status: number; readonly delayMs: number } | "hang";

/**
 * A bot's webhook server on loopback for specs: records what LINE (here, the emulator) posts and
 * answers as scripted. `url` is an https URL, which the emulator tries over http on loopback.
 */
export class BotServer {
    readonly received: ReceivedWebhook[] = [];
    reply: BotReply = 200;
    private server: Server | undefined;
    private port = 0;

    get url(): string {
        return `https://127.0.0.1:${this.port}/webhook`;
    }

    async start(): Promise<void> {
        this.server = createServer((req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (chunk: Buffer) => chunks.push(chunk));
            req.on("end", () => {
                this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
                const reply = this.reply;
                if (reply === "hang") return;
                if (typeof reply === "number") res.writeHead(reply).end();
                else setTimeout(() => res.writeHead(reply.status).end(), reply.delayMs);
            });
        });
        const server = this.server;
        await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
        this.port = (server.address() as AddressInfo).port;
    }

    async stop(): Promise<void> {
        const server = this.server;
        if (server === undefined) return;
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
        this.server = undefined;
    }

    /** The bodies received, parsed, after checking each signature as a bot does with LINE's SDK. */
    bodies(channelSecret: string): { destination: string; events: Record<string, unknown>[] }[] {
        return this.received.map(({ headers, body }) => {
            const signature = String(headers["x-line-signature"]);
            if (!validateSignature(body, channelSecret, signature))
                throw new Error(`bad x-line-signature ${signature} for ${body}`);
            return JSON.parse(body) as { destination: string; events: Record<string, unknown>[] };
        });
    }
}

/** A {@link BotServer} started before the enclosing describe's tests and stopped after them, also on failure. */
export function useBotServer(): BotServer {
    const bot = new BotServer();
    before(() => bot.start());
    after(() => bot.stop());
    beforeEach(() => {
        bot.received.length = 0;
        bot.reply = 200;
    });
    return bot;
}
