import assert from "node:assert/strict";
import {
    coerceReference,
    resolveReferences,
    staticStackConfig,
} from "../../../provider/declarations/references";

describe("${config:…} references", () => {
    const config = staticStackConfig("prod", "shop", {
        siteUrl: "https://shop.example.com",
        "line:expectedBot": "@prod1234",
        verify: "true",
        ids: '["U00000000000000000000000000000001"]',
    });

    it("resolves project keys, namespaced keys, ${stack} and ${project}, and $${ as a literal", () => {
        const resolved = resolveReferences(
            {
                uri: "${config:siteUrl}/news?stack=${stack}&project=${project}",
                bot: "${config:line:expectedBot}",
                literal: "$${config:siteUrl}",
                plain: "no references",
                list: ["${config:siteUrl}"],
            },
            config,
        );
        assert.deepEqual(resolved.problems, []);
        assert.deepEqual(resolved.value, {
            uri: "https://shop.example.com/news?stack=prod&project=shop",
            bot: "@prod1234",
            literal: "${config:siteUrl}",
            plain: "no references",
            list: ["https://shop.example.com"],
        });
        const bot = resolved.sites.find(s => s.path.join(".") === "bot");
        assert.equal(bot?.whole?.qualifiedKey, "line:expectedBot");
        assert.equal(resolved.sites.find(s => s.path.join(".") === "uri")?.whole, undefined);
    });

    it("reports every missing key with the command that sets it, and keeps the text as written", () => {
        const resolved = resolveReferences({ endpoint: "https://${config:host}/${config:path}" }, config);
        assert.deepEqual(
            resolved.problems.map(p => p.message),
            [
                'stack config "host" is not set for stack "prod": set it with `pulumi config set --stack prod host <value>`',
                'stack config "path" is not set for stack "prod": set it with `pulumi config set --stack prod path <value>`',
            ],
        );
        assert.deepEqual(resolved.value, { endpoint: "https://${config:host}/${config:path}" });
        assert.deepEqual(resolved.unresolved, [["endpoint"]]);
    });

    it("types a whole-value reference from its JSON, or says how to set it", () => {
        const { sites } = resolveReferences(
            { verify: "${config:verify}", ids: "${config:ids}", url: "${config:siteUrl}" },
            config,
        );
        const site = (name: string) => sites.find(s => s.path[0] === name)!;
        assert.deepEqual(coerceReference(site("verify"), "boolean", config), { value: true });
        assert.deepEqual(coerceReference(site("ids"), "array", config), {
            value: ["U00000000000000000000000000000001"],
        });
        assert.deepEqual(coerceReference(site("url"), "integer", config), {
            message:
                'stack config "siteUrl" is "https://shop.example.com", but integer is needed here: set it with ' +
                "`pulumi config set --stack prod siteUrl 600`",
        });
    });

    it("marks values from secret config", () => {
        const secret = staticStackConfig("prod", "shop", { hook: "https://example.com/x?token=1" }, ["hook"]);
        const { sites } = resolveReferences({ endpoint: "${config:hook}" }, secret);
        assert.equal(sites[0]?.secret, true);
    });
});
