import assert from "node:assert/strict";
import * as path from "node:path";
import { forgetBots } from "../../../provider/resources/botGuard";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { loadDeclarations } from "../../../provider/declarations/load";
import {
    channelPreflightHandlers,
    locationOf,
    type ChannelPreflightInputs,
} from "../../../provider/declarations/preflight";
import { staticStackConfig } from "../../../provider/declarations/references";
import { useEmulator } from "../../support/emulator";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { CORPUS, CORPUS_CONFIG } from "./corpus";

/**
 * The channel preflight against the emulator: message templates go through LINE's validation
 * endpoints in `check` (which runs in preview), LINE's property paths come back as the file's lines,
 * and the declared bot is compared with the credentials' bot.
 */

describe("ChannelPreflight", () => {
    const line = useEmulator({
        rateLimits: false,
        channels: [{ name: "dev", accessToken: "preflight-token", basicId: "@dev1234" }],
    });
    useLineEnvironment(line);
    beforeEach(async () => {
        forgetBots();
        await line.control.reset();
    });

    const declared = loadDeclarations(path.join(CORPUS, "valid", "full.yaml"), {
        config: staticStackConfig("dev", "corpus", CORPUS_CONFIG),
    });
    const inputs = (overrides: Partial<ChannelPreflightInputs> = {}): ChannelPreflightInputs => ({
        expectedBot: "@dev1234",
        expectedBotLocation: "line.yaml:4:14",
        templates: Object.fromEntries(
            Object.entries(declared.messages).map(([key, t]) => [
                key,
                { validateAs: t.validateAs, messages: [...t.messages], locations: { ...t.locations } },
            ]),
        ),
        ...overrides,
    });

    it("passes templates LINE accepts, validating each with its own endpoint and writing nothing", async () => {
        await line.control.clearRequests();
        const result = await channelPreflightHandlers.check(inputs(), inputs());
        assert.deepEqual(result.failures, []);
        const log = calls(await line.control.requests());
        assert.ok(log.includes("POST /v2/bot/message/validate/push"), log.join(", "));
        assert.ok(log.includes("POST /v2/bot/message/validate/broadcast"), log.join(", "));
        assert.ok(
            log.every(l => l.startsWith("GET ") || l.startsWith("POST /v2/bot/message/validate/")),
            log.join(", "),
        );
    });

    it("reports LINE's property path with the file and line it is written at", async () => {
        const long = inputs();
        const greeting = long.templates.greeting!;
        const news: ChannelPreflightInputs = {
            ...long,
            templates: {
                greeting: {
                    ...greeting,
                    messages: [{ ...greeting.messages[0]!, text: "x".repeat(5001) }, greeting.messages[1]!],
                },
            },
        };
        const result = await channelPreflightHandlers.check(news, news);
        assert.equal(result.failures?.length, 1);
        const failure = result.failures![0]!;
        // The reason says where, so it goes without a property (Pulumi prints it as it is).
        assert.equal(failure.property, "");
        assert.match(
            failure.reason,
            /^\S*full\.yaml:\d+:15 messages\.greeting\.messages\[0\]\.text: .+\(LINE's push message validation\)$/,
        );
    });

    it("fails the check when the credentials belong to another bot, naming where expectedBot is declared", async () => {
        const wrong = inputs({ expectedBot: "@prod9999" });
        const result = await channelPreflightHandlers.check(wrong, wrong);
        assert.equal(result.failures?.[0]?.property, "");
        assert.match(
            result.failures![0]!.reason,
            /^line\.yaml:4:14 expectedBot: the declarations are for bot @prod9999, but .+ @dev1234/,
        );
        await assert.rejects(
            channelPreflightHandlers.create(wrong),
            /the declarations are for bot @prod9999/,
        );
    });

    it("skips LINE's checks, without failing, where there are no credentials", async () => {
        const saved = process.env.LINE_CHANNEL_ACCESS_TOKEN;
        delete process.env.LINE_CHANNEL_ACCESS_TOKEN;
        try {
            const result = await channelPreflightHandlers.check(inputs(), inputs());
            assert.deepEqual(result.failures, []);
        } finally {
            process.env.LINE_CHANNEL_ACCESS_TOKEN = saved;
        }
    });

    it("waits for values unknown during preview", async () => {
        const unknown = inputs({ expectedBot: UNKNOWN });
        const result = await channelPreflightHandlers.check(unknown, unknown);
        assert.deepEqual(result.failures, []);
    });

    it("sees no change when only the lines the templates are written at moved", async () => {
        const before = inputs();
        const moved = inputs();
        for (const template of Object.values(moved.templates)) {
            for (const key of Object.keys(template.locations)) template.locations[key] = "line.yaml:99:1";
        }
        assert.equal((await channelPreflightHandlers.diff("id", before, moved)).changes, false);
        const edited = inputs({ expectedBot: "@other" });
        assert.equal((await channelPreflightHandlers.diff("id", before, edited)).changes, true);
    });

    it("names the nearest written place for a property the file does not show", () => {
        const locations = {
            messages: "a.yaml:1:1",
            "messages[0]": "a.yaml:2:5",
            "messages[0].text": "a.yaml:3:9",
        };
        assert.equal(locationOf(locations, "messages[0].text"), "a.yaml:3:9");
        assert.equal(locationOf(locations, "messages[0].quickReply.items[2]"), "a.yaml:2:5");
        assert.equal(locationOf(locations, "messages[3]"), "a.yaml:1:1");
    });
});
