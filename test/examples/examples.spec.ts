import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { inspectDeclarations } from "../../provider/declarations/load";
import { renderRichMenuSvg } from "../../provider/declarations/render";
import { stackConfigFor } from "../../provider/cli/stackConfig";

/**
 * The examples' declaration files, checked for every stack they ship a config file for, as a
 * `pulumi preview` would check them before reaching LINE. The examples also run through the real
 * engine against the emulator in test/e2e/examples.spec.ts.
 */

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");

/** `[example, stack]` for each declaration file and each of its stacks (`dev` when it ships none). */
function declaredStacks(): [string, string][] {
    const out: [string, string][] = [];
    for (const example of readdirSync(EXAMPLES).sort()) {
        const files = readdirSync(path.join(EXAMPLES, example));
        if (!files.includes("line.yaml")) continue;
        const stacks = files
            .map(f => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined);
        for (const stack of stacks.length > 0 ? stacks : ["dev"]) out.push([example, stack]);
    }
    return out;
}

describe("the examples' declarations", () => {
    it("covers the YAML examples", () => {
        assert.deepEqual(declaredStacks(), [
            ["bot-test", "dev"],
            ["promotion", "dev"],
            ["promotion", "prod"],
            ["tabbed-menus-yaml", "dev"],
        ]);
    });

    for (const [example, stack] of declaredStacks()) {
        it(`${example} loads for stack ${stack} without errors or warnings, and every menu draws`, () => {
            const file = path.join(EXAMPLES, example, "line.yaml");
            const { declaration, errors } = inspectDeclarations(file, {
                config: stackConfigFor(file, stack),
            });
            assert.deepEqual(errors, []);
            assert.deepEqual(declaration.warnings, []);
            for (const menu of Object.values(declaration.richMenus)) {
                assert.match(renderRichMenuSvg(menu), /^<svg /);
            }
        });
    }

    it("points editors at the schema with a yaml-language-server comment", () => {
        for (const [example] of declaredStacks()) {
            const text = readFileSync(path.join(EXAMPLES, example, "line.yaml"), "utf8");
            assert.match(
                text,
                /^# yaml-language-server: \$schema=\.\.\/\.\.\/schema\/line-declarations\.editor\.schema\.json$/m,
            );
        }
    });

    it("gives the promotion's stacks their own values and their own entries", () => {
        const file = path.join(EXAMPLES, "promotion", "line.yaml");
        const load = (stack: string) =>
            inspectDeclarations(file, { config: stackConfigFor(file, stack) }).declaration;
        const dev = load("dev");
        const prod = load("prod");
        assert.equal(dev.expectedBot, "@dev1234");
        assert.equal(prod.expectedBot, "@prod5678");
        assert.equal(prod.webhook?.endpoint, "https://bot.example.com/line/webhook");
        assert.deepEqual(Object.keys(dev.richMenus), ["home", "shop", "beta"]);
        assert.deepEqual(Object.keys(prod.richMenus), ["home", "shop"]);
        assert.deepEqual(Object.keys(prod.audiences), ["vip"]);
        assert.equal(path.basename(prod.audiences.vip?.userIdsFile ?? ""), "vip-prod.txt");
        assert.deepEqual([...prod.skipped].sort(), [
            "audiences.beta-testers",
            "richMenus.beta",
            "userLinks.testers",
        ]);
    });
});
