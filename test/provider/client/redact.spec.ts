import assert from "node:assert/strict";
import { inspect } from "node:util";
import type { LineRequestEvent } from "../../../provider/client";
import { createRedactor, REDACTED, secretsInForm } from "../../../provider/client/redact";
import { useEmulator } from "../../support/emulator";
import { assertHidden, clientFor, failureOf, fakeTiming, menuRequest, resetBeforeEach } from "./fixtures";

const TOKEN = "tok-0123456789abcdef";

describe("client redaction", () => {
    const redact = createRedactor([TOKEN, "s3cr3t/with+chars", undefined]);

    const cases: { name: string; input: string; expected: string }[] = [
        {
            name: "a known secret anywhere in a text",
            input: `token ${TOKEN} leaked`,
            expected: `token ${REDACTED} leaked`,
        },
        {
            name: "every occurrence",
            input: `${TOKEN}${TOKEN}`,
            expected: `${REDACTED}${REDACTED}`,
        },
        {
            name: "a known secret in its URL-encoded form",
            input: "client_id=1&x=s3cr3t%2Fwith%2Bchars",
            expected: `client_id=1&x=${REDACTED}`,
        },
        {
            name: "any bearer credential, known or not",
            input: "Authorization: Bearer someone-elses-token",
            expected: `Authorization: Bearer ${REDACTED}`,
        },
        {
            name: "credential fields of a form body",
            input: "grant_type=client_credentials&client_id=1&client_secret=abc&client_assertion=eyJ.x.y",
            expected: `grant_type=client_credentials&client_id=1&client_secret=${REDACTED}&client_assertion=${REDACTED}`,
        },
        {
            name: "access_token in a query string",
            input: "/oauth2/v2.1/verify?access_token=eyJhbGciOi",
            expected: `/oauth2/v2.1/verify?access_token=${REDACTED}`,
        },
        {
            name: "credential fields of a JSON body",
            input: '{"access_token": "eyJhbGciOi", "expires_in": 900}',
            expected: `{"access_token": "${REDACTED}", "expires_in": 900}`,
        },
        {
            name: "nothing in a text without credentials",
            input: "richmenu not found",
            expected: "richmenu not found",
        },
    ];
    for (const { name, input, expected } of cases) {
        it(`replaces ${name}`, () => assert.equal(redact(input), expected));
    }

    it("replaces a secret that contains a shorter secret whole", () => {
        const nested = createRedactor(["abcdef", "xxabcdefxx"]);
        assert.equal(nested("xxabcdefxx"), REDACTED);
    });

    it("does not replace secrets too short to be real literally (they would mangle every message)", () => {
        assert.equal(createRedactor(["ab"])("a tab"), "a tab");
    });

    it("collects the credential values of a token endpoint's form", () => {
        const form = new URLSearchParams({
            grant_type: "client_credentials",
            client_id: "1",
            client_secret: "sec",
        });
        form.append("access_token", "at");
        assert.deepEqual(secretsInForm(form), ["at", "sec"]);
    });
});

describe("client credentials in errors, logs and on the wire (against the emulator)", () => {
    const line = useEmulator();
    resetBeforeEach(line);

    it("never shows the token or a secret in errors, log hook events, or the emulator's request log", async () => {
        const token = line.token;
        const secret = line.emulator.channels[0]!.channelSecret;
        const wrongToken = "a-wrong-token-that-is-still-secret";
        const events: LineRequestEvent[] = [];
        const onRequest = (event: LineRequestEvent) => events.push(event);
        const client = clientFor(line, { retry: { retries: 1 }, timing: fakeTiming(), onRequest });
        // A LINE that echoes credentials back in its error body.
        await line.control.addFault({
            method: "GET",
            path: "/v2/bot/richmenu/list",
            status: 500,
            body: {
                message: `Bearer ${token} rejected`,
                details: [{ message: token, property: `access_token=${token}` }],
            },
            times: 2,
        });
        await line.control.addFault({ method: "GET", path: "/v2/bot/info", reset: true, times: 2 });

        const errors = [
            await failureOf(() => client.getRichMenuList()),
            await failureOf(() => client.getBotInfo()),
            await failureOf(() => client.getRichMenu("richmenu-00000000000000000000000000000000")),
            await failureOf(() => client.createRichMenu(menuRequest({ chatBarText: "fifteen chars!!" }))),
            await failureOf(() =>
                clientFor(line, { channelAccessToken: wrongToken, onRequest }).getBotInfo(),
            ),
            await failureOf(() =>
                clientFor(line, { channelAccessToken: "", onRequest }).issueChannelToken({
                    clientId: "1",
                    clientSecret: secret,
                }),
            ),
            await failureOf(() => clientFor(line, { onRequest }).verifyChannelToken(`${token}-revoked`)),
        ];
        await clientFor(line, { onRequest }).verifyChannelToken(token);
        await clientFor(line, { channelAccessToken: "", onRequest }).issueStatelessChannelToken({
            clientId: line.emulator.channels[0]!.channelId,
            clientSecret: secret,
        });

        assert.equal(errors.length, 7);
        assert.ok(events.length >= 11, "every attempt was reported");
        for (const [i, error] of errors.entries()) {
            for (const credential of [token, secret, wrongToken])
                assertHidden(error, credential, `error ${i}`);
        }
        for (const event of events) {
            for (const credential of [token, secret, wrongToken])
                assertHidden(event, credential, "log hook event");
        }
        const log = inspect(await line.control.requests(), { depth: Infinity });
        for (const credential of [token, secret, wrongToken])
            assert.equal(log.includes(credential), false, "request log");
    });
});
