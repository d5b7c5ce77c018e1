import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

/**
 * Every resource constructs with typed args under Pulumi's mocks, which also serializes each resource's
 * provider exactly as a real run does: a closure that reached a client, a module or a credential would
 * fail or show up here.
 */

interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

pulumi.runtime.setMocks(
    {
        newResource(args) {
            registered.push({
                type: args.type,
                name: args.name,
                inputs: args.inputs as Record<string, unknown>,
            });
            const id = `${args.name}-id`;
            return { id, state: { ...args.inputs, richMenuId: `richmenu-${"0".repeat(32)}` } };
        },
        call(args) {
            return args.inputs;
        },
    },
    "line-channel",
    "test",
    true,
);

// Imported after setMocks, as Pulumi's own mock tests do.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const line = require("../../provider") as typeof import("../../provider");

function output<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise(resolve => o.apply(resolve));
}

/**
 * Declares one resource of every kind, named with `suffix` so each test registers its own, and waits
 * until the mocks have seen them all: each test stands alone.
 */
async function declareEveryResource(suffix: string) {
    const menu = new line.RichMenu(`home-${suffix}`, {
        size: { width: 2500, height: 843 },
        selected: false,
        name: "Home",
        chatBarText: "Menu",
        image: "examples/assets/menu-home.png",
        areas: [
            { bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: "message", text: "hi" } },
        ],
    });
    const alias = new line.RichMenuAlias(`home-alias-${suffix}`, {
        richMenuAliasId: "home",
        richMenuId: menu.richMenuId,
    });
    const resources: pulumi.Resource[] = [
        menu,
        alias,
        new line.DefaultRichMenu(`default-${suffix}`, { richMenuId: menu.richMenuId }),
        new line.UserRichMenuLinks(`vip-links-${suffix}`, {
            richMenuId: menu.richMenuId,
            userIds: [`U${"a".repeat(32)}`],
        }),
        new line.WebhookEndpoint(`webhook-${suffix}`, {
            endpoint: "https://example.com/line/webhook",
            verify: false,
        }),
        new line.Audience(`vip-${suffix}`, { description: "VIP customers", userIds: [`U${"b".repeat(32)}`] }),
    ];
    await Promise.all(resources.map(r => output(r.urn)));
    return { menu, alias, registered: registered.filter(r => r.name.endsWith(`-${suffix}`)) };
}

describe("resources under Pulumi's mocks", () => {
    const token = "mock-secret-token-should-never-be-captured";

    before(() => {
        process.env.LINE_CHANNEL_ACCESS_TOKEN = token;
    });
    after(() => {
        delete process.env.LINE_CHANNEL_ACCESS_TOKEN;
    });

    it("constructs every resource with typed args under the line module's type tokens", async () => {
        const { menu, alias, registered: mine } = await declareEveryResource("types");
        assert.equal(await output(menu.richMenuId), `richmenu-${"0".repeat(32)}`);
        assert.equal(await output(alias.richMenuAliasId), "home");
        const types = mine.map(r => r.type).sort();
        assert.deepEqual(types, [
            "pulumi-nodejs:dynamic/line:Audience",
            "pulumi-nodejs:dynamic/line:DefaultRichMenu",
            "pulumi-nodejs:dynamic/line:RichMenu",
            "pulumi-nodejs:dynamic/line:RichMenuAlias",
            "pulumi-nodejs:dynamic/line:UserRichMenuLinks",
            "pulumi-nodejs:dynamic/line:WebhookEndpoint",
        ]);
    });

    it("serializes a provider that holds no credential and loads the package at call time", async () => {
        const { registered: mine } = await declareEveryResource("serialized");
        // Six kinds, each checked below: the loop can never pass by seeing nothing.
        assert.equal(mine.length, 6);
        for (const r of mine) {
            const text = r.inputs.__provider;
            assert.equal(typeof text, "string", `${r.type} has a serialized provider`);
            assert.ok(!String(text).includes(token), `${r.type}'s provider must not capture the token`);
            assert.ok(String(text).includes('"pulumi-line/dist/provider/resources/implementation.js"'));
            // A thin stub: the handlers and the client stay in the package, not in state.
            assert.ok(
                String(text).length < 6000,
                `${r.type}'s provider is ${String(text).length} characters`,
            );
            assert.ok(
                !/axios|LineClient|createRichMenu\(/.test(String(text)),
                `${r.type}'s provider captured the client`,
            );
        }
    });
});
