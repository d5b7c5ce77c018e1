import assert from "node:assert/strict";
import { USER_A, USER_B } from "../fixtures";
import { usePlatformChannel } from "../platformChannel";

interface LinkAnswer {
    readonly link: { result: string; nonce: string };
    readonly deliveries: { status: string; events: Record<string, unknown>[] }[];
}

describe("emulator: account linking (issueLinkToken, /_emulator/.../account-link)", () => {
    const { clock, line, bot, api, events } = usePlatformChannel("link-secret");
    const complete = (userId: string, linkToken: string, nonce = "nonce-1") =>
        line.controlCall<LinkAnswer>("POST", `/users/${userId}/account-link`, { linkToken, nonce });
    beforeEach(async () => {
        await line.control.addFriendIds([USER_A, USER_B]);
        await api().setWebhookEndpoint({ endpoint: bot.url });
    });

    it("issues a link token; completing it delivers accountLink ok with the nonce and a reply token", async () => {
        const { linkToken } = await api().issueLinkToken(USER_A);
        assert.equal(typeof linkToken, "string");
        const res = await complete(USER_A, linkToken);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(res.body.link, { result: "ok", nonce: "nonce-1" });
        const [event] = events();
        assert.equal(event?.type, "accountLink");
        assert.deepEqual(event?.link, { result: "ok", nonce: "nonce-1" });
        assert.ok(line.emulator.store.read("shop").replyTokens.has(String(event?.replyToken)));
        assert.deepEqual(res.body.deliveries[0]?.events, [event]);
    });

    const failures: readonly {
        what: string;
        token: (issued: string) => string;
        userId?: string;
        wait?: number;
    }[] = [
        { what: "an unknown token", token: () => "link-token-unknown" },
        { what: "another user's token", token: issued => issued, userId: USER_B },
        { what: "a token past its 10 minutes", token: issued => issued, wait: 10 * 60_000 + 1 },
    ];
    for (const f of failures) {
        it(`reports failed, without a reply token, for ${f.what}`, async () => {
            const { linkToken } = await api().issueLinkToken(USER_A);
            clock.advance(f.wait ?? 0);
            const tokensBefore = line.emulator.store.read("shop").replyTokens.size;
            const res = await complete(f.userId ?? USER_A, f.token(linkToken));
            assert.deepEqual(res.body.link, { result: "failed", nonce: "nonce-1" });
            const [event] = events();
            assert.deepEqual(event?.link, { result: "failed", nonce: "nonce-1" });
            assert.ok(!("replyToken" in (event ?? {})));
            assert.equal(line.emulator.store.read("shop").replyTokens.size, tokensBefore);
        });
    }

    it("serves a token once", async () => {
        const { linkToken } = await api().issueLinkToken(USER_A);
        assert.equal((await complete(USER_A, linkToken)).body.link.result, "ok");
        assert.equal((await complete(USER_A, linkToken, "nonce-2")).body.link.result, "failed");
        assert.deepEqual(
            events().map(e => e.link),
            [
                { result: "ok", nonce: "nonce-1" },
                { result: "failed", nonce: "nonce-2" },
            ],
        );
    });

    it("answers 400 for a malformed user ID", async () => {
        const res = await line.call("POST", "/v2/bot/user/Unope/linkToken");
        assert.equal(res.status, 400);
        assert.deepEqual(res.body, { message: "The value for the 'userId' parameter is invalid" });
        const [logged] = (await line.control.requests()).slice(-1);
        assert.deepEqual([logged?.path, logged?.status], ["/v2/bot/user/Unope/linkToken", 400]);
    });
});
