import assert from "node:assert/strict";
import { useEmulator } from "../../support/emulator";
import { bodyErrors } from "../fixtures";

const KINDS = ["reply", "push", "multicast", "narrowcast", "broadcast"];
const text = (t: string) => ({ type: "text", text: t });

describe("emulator: POST /v2/bot/message/validate/{kind}", () => {
    const line = useEmulator({ rateLimits: false });

    for (const kind of KINDS) {
        it(`validate/${kind} answers 200 {} for good messages and checks only \`messages\``, async () => {
            const res = await line.call("POST", `/v2/bot/message/validate/${kind}`, {
                json: {
                    to: "ignored",
                    messages: [text("hello"), { type: "sticker", packageId: "446", stickerId: "1988" }],
                },
            });
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
        });
    }

    const valid = [
        { name: "5000 characters of text", messages: [text("t".repeat(5000))] },
        { name: "five messages", messages: Array.from({ length: 5 }, () => text("x")) },
        {
            name: "image, video, audio and location",
            messages: [
                {
                    type: "image",
                    originalContentUrl: "https://example.com/a.jpg",
                    previewImageUrl: "https://example.com/p.jpg",
                },
                {
                    type: "video",
                    originalContentUrl: "https://example.com/a.mp4",
                    previewImageUrl: "https://example.com/p.jpg",
                },
                { type: "audio", originalContentUrl: "https://example.com/a.m4a", duration: 60000 },
                { type: "location", title: "Office", address: "Tokyo", latitude: 35.68, longitude: 139.76 },
            ],
        },
        {
            name: "template, flex and imagemap",
            messages: [
                { type: "template", altText: "alt", template: { type: "confirm", text: "?", actions: [] } },
                { type: "flex", altText: "alt", contents: { type: "bubble" } },
                {
                    type: "imagemap",
                    baseUrl: "https://example.com/map",
                    altText: "alt",
                    baseSize: { width: 1040, height: 1040 },
                    actions: [],
                },
            ],
        },
    ];
    for (const c of valid) {
        it(`accepts ${c.name}`, async () => {
            const res = await line.call("POST", "/v2/bot/message/validate/push", {
                json: { messages: c.messages },
            });
            assert.equal(res.status, 200, res.text);
        });
    }

    const invalid: { name: string; body: unknown; expected: unknown }[] = [
        {
            name: "no messages",
            body: {},
            expected: bodyErrors({ property: "messages", message: "must be specified" }),
        },
        {
            name: "zero messages",
            body: { messages: [] },
            expected: bodyErrors({ property: "messages", message: "Size must be between 1 and 5" }),
        },
        {
            name: "six messages",
            body: { messages: Array.from({ length: 6 }, () => text("x")) },
            expected: bodyErrors({ property: "messages", message: "Size must be between 1 and 5" }),
        },
        {
            name: "5001 characters of text",
            body: { messages: [text("t".repeat(5001))] },
            expected: bodyErrors({
                property: "messages[0].text",
                message: "Length must be between 0 and 5000",
            }),
        },
        {
            name: "text without text",
            body: { messages: [text("ok"), { type: "text" }] },
            expected: bodyErrors({ property: "messages[1].text", message: "must be specified" }),
        },
        {
            name: "a message without type",
            body: { messages: [{ text: "x" }] },
            expected: bodyErrors({ property: "messages[0].type", message: "must be specified" }),
        },
        {
            name: "an unknown message type",
            body: { messages: [{ type: "hologram" }] },
            expected: {
                message: "The property, 'messages[0]', in the request body is invalid (line: 1, column: 14)",
            },
        },
        {
            name: "an http image URL",
            body: {
                messages: [
                    {
                        type: "image",
                        originalContentUrl: "http://example.com/a.jpg",
                        previewImageUrl: "https://example.com/p.jpg",
                    },
                ],
            },
            expected: bodyErrors({ property: "messages[0].originalContentUrl", message: "invalid url" }),
        },
        {
            name: "a sticker without stickerId and a flex without altText",
            body: {
                messages: [
                    { type: "sticker", packageId: "1" },
                    { type: "flex", contents: { type: "bubble" } },
                ],
            },
            expected: bodyErrors(
                { property: "messages[0].stickerId", message: "must be specified" },
                { property: "messages[1].altText", message: "must be specified" },
            ),
        },
        {
            name: "an altText over 1500",
            body: {
                messages: [{ type: "template", altText: "a".repeat(1501), template: { type: "buttons" } }],
            },
            expected: bodyErrors({
                property: "messages[0].altText",
                message: "Length must be between 0 and 1500",
            }),
        },
    ];
    for (const c of invalid) {
        it(`refuses ${c.name}`, async () => {
            const res = await line.call("POST", "/v2/bot/message/validate/broadcast", { json: c.body });
            assert.equal(res.status, 400);
            assert.deepEqual(res.body, c.expected);
        });
    }

    it("refuses X-Line-Retry-Key, which only message sends take", async () => {
        const res = await line.call("POST", "/v2/bot/message/validate/push", {
            json: { messages: [text("x")] },
            headers: { "X-Line-Retry-Key": "123e4567-e89b-12d3-a456-426614174000" },
        });
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { message: "The retry key is not supported for this endpoint" });
    });
});
