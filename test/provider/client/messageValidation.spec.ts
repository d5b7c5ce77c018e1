import assert from "node:assert/strict";
import { LineApiError, type LineClient, type ValidateMessageRequest } from "../../../provider/client";
import { useEmulator } from "../../support/emulator";
import { clientFor, failureOf, resetBeforeEach, wire } from "./fixtures";

type Validate = (client: LineClient, request: ValidateMessageRequest) => Promise<void>;

const KINDS: { kind: string; validate: Validate }[] = [
    { kind: "reply", validate: (client, request) => client.validateReply(request) },
    { kind: "push", validate: (client, request) => client.validatePush(request) },
    { kind: "multicast", validate: (client, request) => client.validateMulticast(request) },
    { kind: "narrowcast", validate: (client, request) => client.validateNarrowcast(request) },
    { kind: "broadcast", validate: (client, request) => client.validateBroadcast(request) },
];

describe("client message validation (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    for (const { kind, validate } of KINDS) {
        describe(`validate ${kind}`, () => {
            it("accepts valid message objects", async () => {
                await validate(clientFor(line), { messages: [{ type: "text", text: "Hello" }] });
                assert.deepEqual(await wire(line), [`POST /v2/bot/message/validate/${kind} 200`]);
            });

            it("rejects too many message objects with LINE's 400 and details", async () => {
                const messages = Array.from({ length: 6 }, () => ({ type: "text", text: "Hi" }));
                const error = await failureOf(() => validate(clientFor(line), { messages }));

                assert.ok(LineApiError.isInstance(error));
                assert.equal(error.status, 400);
                assert.deepEqual(
                    error.details.map(d => d.property),
                    ["messages"],
                );
            });
        });
    }
});
