import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { thinProvider, type ResourceKind } from "../../../provider/resources/providerStub";
import { useEmulator } from "../../support/emulator";
import { useLineEnvironment } from "../../support/lineEnvironment";

/**
 * The provider as Pulumi stores it: serialized into state, loaded back by the provider host with
 * require-from-string, and run. It must hold no credential and must run the package's current code.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => {
    handler(): pulumi.dynamic.ResourceProvider;
};

const KINDS: readonly ResourceKind[] = [
    "RichMenu",
    "RichMenuAlias",
    "DefaultRichMenu",
    "UserRichMenuLinks",
    "WebhookEndpoint",
    "Audience",
];

describe("the serialized provider", () => {
    const line = useEmulator({ rateLimits: false });
    useLineEnvironment(line);

    before(function () {
        const built = path.resolve(
            __dirname,
            "..",
            "..",
            "..",
            "dist",
            "provider",
            "resources",
            "implementation.js",
        );
        assert.ok(
            existsSync(built),
            "the package must be built first (npm run build): the serialized provider loads dist/",
        );
    });

    for (const kind of KINDS) {
        it(`serializes ${kind} without the token, the client or the handlers`, async () => {
            const serialized = await pulumi.runtime.serializeFunction(() => thinProvider(kind), {
                allowSecrets: true,
            });
            assert.equal(serialized.containsSecrets, false);
            assert.ok(!serialized.text.includes(line.token), "no token in the text");
            assert.doesNotMatch(serialized.text, /axios|LineClient|Bearer/);
            assert.ok(serialized.text.length < 6000, `${serialized.text.length} characters`);
        });
    }

    it("runs a whole lifecycle after a round trip through its serialized text", async () => {
        const serialized = await pulumi.runtime.serializeFunction(() => thinProvider("RichMenuAlias"), {
            allowSecrets: true,
        });
        const provider = requireFromString(serialized.text).handler();
        const menu = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
            json: {
                size: { width: 2500, height: 843 },
                selected: false,
                name: "Round trip",
                chatBarText: "Menu",
                areas: [
                    {
                        bounds: { x: 0, y: 0, width: 10, height: 10 },
                        action: { type: "message", text: "hi" },
                    },
                ],
            },
        });
        const { makePng } = await import("../../support/images");
        await line.call("POST", `/v2/bot/richmenu/${menu.body.richMenuId}/content`, {
            body: makePng(2500, 843),
            contentType: "image/png",
        });
        const inputs = { richMenuAliasId: "round-trip", richMenuId: menu.body.richMenuId };
        const checked = await provider.check!({}, inputs);
        assert.deepEqual(checked.failures, []);
        const created = await provider.create(checked.inputs);
        assert.equal(created.id, "round-trip");
        const read = await provider.read!(created.id, created.outs);
        assert.equal(read.props.richMenuId, menu.body.richMenuId);
        await provider.delete!(created.id, created.outs);
        const state = await line.control.state<{ aliases: unknown[] }>();
        assert.deepEqual(state.aliases, []);
    });
});
