import assert from "node:assert/strict";
import { stackConfigFrom } from "../../../provider/stack/pulumiStack";
import { resolveChannelSettings, useStackConfig } from "../../../provider/resources/credentials";

/** What `pulumi config --json --show-secrets` prints (Pulumi v3.259.0), for a channel set with --path. */
const CONFIG_JSON = JSON.stringify({
    "line:channels": {
        value: '{"prod":{"channelAccessToken":"config-prod-token"}}',
        objectValue: { prod: { channelAccessToken: "config-prod-token" } },
        secret: true,
    },
    "line:expectedBot": { value: "@abc1234", secret: false },
    "line:rateLimitTimeScale": { value: 60, secret: false },
});

describe("a stack's config, read through the pulumi CLI", () => {
    const saved = { ...process.env };
    afterEach(() => {
        useStackConfig(undefined);
        process.env = { ...saved };
    });

    it("is resolved by the channel settings' rules: the stack's credentials over the shell's", () => {
        process.env.LINE_PROD_CHANNEL_ACCESS_TOKEN = "shell-token-of-another-channel";
        useStackConfig(stackConfigFrom(CONFIG_JSON));
        const prod = resolveChannelSettings("prod");
        assert.equal(prod.channelAccessToken, "config-prod-token");
        assert.equal(resolveChannelSettings(undefined).expectedBot, "@abc1234");
        assert.equal(resolveChannelSettings(undefined).rateLimitTimeScale, "60");
    });

    it("leaves the environment to channels the stack has no credentials for", () => {
        process.env.LINE_CHANNEL_ACCESS_TOKEN = "shell-token";
        useStackConfig(stackConfigFrom(CONFIG_JSON));
        assert.equal(resolveChannelSettings(undefined).channelAccessToken, "shell-token");
    });
});
