import assert from "node:assert/strict";
import { HTTPFetchError, insight, messagingApi } from "@line/bot-sdk";
import { sequentialIds } from "../../emulator";
import { issueReplyToken } from "../../emulator/replyTokens";
import type { EmulatorHandle } from "../support/emulator";
import { LineOpenApi } from "./openapi";

/** Helpers for the send-side specs: LINE's SDK pointed at the emulator, and LINE's schemas. */

const spec = LineOpenApi.load();

export function clients(line: EmulatorHandle): {
    api: messagingApi.MessagingApiClient;
    insight: insight.InsightClient;
} {
    const config = { channelAccessToken: line.token, baseURL: line.url };
    return { api: new messagingApi.MessagingApiClient(config), insight: new insight.InsightClient(config) };
}

/** Asserts a body against LINE's schema for the operation and status; nothing when the specs are absent. */
export function assertConforms(operationId: string, status: number, body: unknown): void {
    const validate = spec?.validator(operationId, status);
    if (validate === undefined) return;
    assert.ok(validate(body), `${JSON.stringify(body)}\n${JSON.stringify(validate.errors, null, 2)}`);
}

/** Reply tokens for the specs; the emulator's own generator is not reachable from outside. */
const tokenIds = sequentialIds();

/** A reply token for `chatId`, issued as webhook delivery would at the emulator's current time. */
export function replyTokenFor(line: EmulatorHandle, chatId: string): string {
    const now = line.emulator.clock.now();
    return line.emulator.store.write(line.emulator.channels[0]!.name, state =>
        issueReplyToken(
            state,
            tokenIds,
            { chatId, webhookEventId: tokenIds.webhookEventId(), eventTime: now },
            now,
        ),
    );
}

/** The SDK's error for a refused call: status, parsed body and headers. */
export async function sdkError(
    call: Promise<unknown>,
): Promise<{ status: number; body: unknown; headers: Headers }> {
    try {
        await call;
    } catch (error) {
        assert.ok(error instanceof HTTPFetchError, String(error));
        return { status: error.status, body: JSON.parse(error.body) as unknown, headers: error.headers };
    }
    assert.fail("the call succeeded");
}

export interface ChatEntry {
    readonly id: string;
    readonly from: string;
    readonly via: string;
    readonly message: unknown;
    readonly sentAt: string;
}

/** A user's chat through the control surface. */
export async function chatOf(line: EmulatorHandle, userId: string): Promise<ChatEntry[]> {
    const res = await line.call<{ messages: ChatEntry[] }>(
        "GET",
        `/_emulator/channels/${line.emulator.channels[0]!.name}/users/${userId}/chat`,
        { token: null },
    );
    assert.equal(res.status, 200, res.text);
    return res.body.messages;
}

export const text = (value: string): messagingApi.TextMessage => ({ type: "text", text: value });
