import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DeclarationError } from "../../../provider/declarations/errors";
import {
    inspectDeclarations,
    loadDeclarations,
    type DeclarationFiles,
} from "../../../provider/declarations/load";
import { staticStackConfig } from "../../../provider/declarations/references";
import { CORPUS, CORPUS_CONFIG } from "./corpus";

const valid = (name: string) => path.join(CORPUS, "valid", name);
const config = (stack = "dev", values: Record<string, string> = {}, secrets: string[] = []) =>
    staticStackConfig(stack, "corpus", { ...CORPUS_CONFIG, ...values }, secrets);

describe("loadDeclarations", () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), "line-declarations-"));
    const write = (name: string, text: string | Buffer) => {
        const file = path.join(scratch, name);
        writeFileSync(file, text);
        return file;
    };

    it("turns tabbed menus into menus, aliases, the default and the webhook, references resolved", () => {
        const declaration = loadDeclarations(valid("tabbed.yaml"), { config: config() });
        assert.deepEqual(Object.keys(declaration.richMenus), ["home", "shop"]);
        const home = declaration.richMenus.home!;
        assert.equal(home.definition.areas[2]!.action.uri, "https://example.com/news");
        assert.equal(home.imageFile, path.join(CORPUS, "images", "wide.png"));
        assert.match(home.image?.sha256 ?? "", /^[0-9a-f]{64}$/);
        assert.equal(home.image?.contentType, "image/png");
        assert.deepEqual(
            Object.values(declaration.aliases).map(a => [a.richMenuAliasId, a.richMenu]),
            [
                ["home", "home"],
                ["shop", "shop"],
            ],
        );
        assert.equal(declaration.defaultRichMenu, "home");
        assert.deepEqual(declaration.webhook, { endpoint: "https://example.com/webhook" });
        assert.deepEqual(declaration.warnings, []);
    });

    it("gives a whole-value reference the type the schema wants, and leaves text references as text", () => {
        const declaration = loadDeclarations(valid("config-refs.yaml"), {
            config: config("dev", {
                verifyWebhook: "true",
                timeout: "120",
                vipUserIds: '["U00000000000000000000000000000001","U00000000000000000000000000000002"]',
                chatBar: "Tap here",
            }),
        });
        assert.equal(declaration.webhook?.verify, true);
        assert.equal(declaration.userLinks.vip?.batchTimeoutSeconds, 120);
        assert.deepEqual(declaration.userLinks.vip?.userIds, [
            "U00000000000000000000000000000001",
            "U00000000000000000000000000000002",
        ]);
        const menu = declaration.richMenus.home!.definition;
        assert.equal(menu.chatBarText, "Tap here");
        assert.equal(menu.name, "Home for dev of corpus");
        assert.equal(menu.areas[0]!.action.uri, "https://example.com/?from=${literal}");
        assert.equal(declaration.userLinks.testers?.userIdsFile, path.join(CORPUS, "files", "users-dev.txt"));
        // Per-stack IDs (from config, or a file named after the stack) are not flagged.
        assert.deepEqual(declaration.warnings, []);
    });

    it("leaves out the entries whose stacks do not name the stack, and says which", () => {
        const prod = loadDeclarations(valid("stacks.yaml"), { config: config("prod") });
        assert.deepEqual(Object.keys(prod.richMenus), ["home"]);
        assert.deepEqual(prod.aliases, {});
        assert.deepEqual(prod.userLinks, {});
        assert.deepEqual(prod.audiences, {});
        assert.equal(prod.webhook?.endpoint, "https://example.com/prod-webhook");
        assert.deepEqual([...prod.skipped].sort(), [
            "aliases.beta",
            "audiences.testers",
            "richMenus.beta",
            "userLinks.testers",
        ]);

        const dev = loadDeclarations(valid("stacks.yaml"), {
            config: config("dev", { betaUrl: "https://beta.example.com" }),
        });
        assert.equal(dev.richMenus.beta?.definition.areas[0]?.action.uri, "https://beta.example.com/try");
        assert.deepEqual(Object.keys(dev.richMenus), ["home", "beta"]);
        assert.equal(dev.webhook, undefined);
        assert.deepEqual(dev.skipped, ["webhook"]);
    });

    it("resolves anchors, aliases and merge keys", () => {
        const declaration = loadDeclarations(valid("anchors.yaml"), { config: config() });
        const areas = declaration.richMenus.main!.definition.areas;
        assert.deepEqual(areas[1]!.bounds, { x: 400, y: 0, width: 400, height: 540 });
        assert.deepEqual(areas[1]!.action, { type: "message", text: "Hello" });
    });

    it("carries every adoption marker to the declaration", () => {
        const declaration = loadDeclarations(valid("adopted.yaml"), { config: config() });
        assert.equal(
            declaration.richMenus.home?.adoptRichMenuId,
            "richmenu-0123456789abcdef0123456789abcdef",
        );
        assert.equal(declaration.aliases.home?.adopt, true);
        assert.equal(declaration.adoptDefaultRichMenu, true);
        assert.equal(declaration.webhook?.adopt, true);
        assert.equal(declaration.audiences.vip?.adoptAudienceGroupId, 1234567890);
    });

    it("knows where every part of a message template is written, in the YAML or in its JSON file", () => {
        const declaration = loadDeclarations(valid("full.yaml"), { config: config() });
        const greeting = declaration.messages.greeting!;
        assert.equal(greeting.validateAs, "push");
        assert.match(greeting.locations["messages[0].text"] ?? "", /full\.yaml:\d+:15$/);
        const sale = declaration.messages["spring-sale"]!;
        assert.equal(sale.validateAs, "broadcast");
        assert.equal(sale.messages.length, 2);
        assert.match(sale.locations["messages[0].text"] ?? "", /spring-sale\.json:3:31$/);
        assert.match(sale.locations["messages[1]"] ?? "", /spring-sale\.json:4:5$/);
        assert.match(declaration.expectedBotLocation ?? "", /full\.yaml:4:14$/);
        assert.equal(declaration.audiences.clicked?.type, "click");
        assert.equal(declaration.userLinks.vip?.userIdsFile, path.join(CORPUS, "files", "vip-users.txt"));
    });

    it("marks values taken from secret config, so the component keeps them secret", () => {
        const declaration = loadDeclarations(valid("tabbed.yaml"), {
            config: config("dev", { webhookUrl: "https://example.com/hook?token=abc" }, ["webhookUrl"]),
        });
        assert.deepEqual(declaration.secretPaths, ["webhook.endpoint"]);
    });

    it("throws every error at once, sorted by line, in a message that lists them", () => {
        const file = path.join(CORPUS, "invalid", "many-errors-at-once.yaml");
        try {
            loadDeclarations(file, { config: config() });
            assert.fail("expected a DeclarationError");
        } catch (error) {
            assert.ok(error instanceof DeclarationError);
            assert.equal(error.issues.length, 6);
            const lines = error.issues.map(i => i.line);
            assert.deepEqual(
                lines,
                [...lines].sort((a, b) => a - b),
            );
            const message = error.message.split("\n");
            assert.match(message[0]!, /many-errors-at-once\.yaml: 6 errors in the LINE declarations$/);
            assert.match(
                message[1]!,
                /^ {2}\S*many-errors-at-once\.yaml:15:18 richMenus\.home\.chatBarText: /,
            );
            assert.equal(message.length, 7);
        }
    });

    it("refuses a file over 1 MB without parsing it", () => {
        const file = write("huge.yaml", `version: 1\n# ${"x".repeat(1024 * 1024)}\n`);
        const { errors } = inspectDeclarations(file, { config: config() });
        assert.equal(errors.length, 1);
        assert.match(errors[0]!.message, /a declaration file may have at most 1048576 bytes/);
        assert.deepEqual([errors[0]!.line, errors[0]!.column], [1, 1]);
    });

    it("names a missing file", () => {
        const { errors } = inspectDeclarations(path.join(scratch, "nothing.yaml"), { config: config() });
        assert.equal(errors[0]?.message, "file not found");
    });

    it("shows a relative file as given and an absolute one relative to the working directory", () => {
        const relative = path.relative(process.cwd(), path.join(CORPUS, "invalid", "version-wrong.yaml"));
        const fromRelative = inspectDeclarations(relative, { config: config() });
        assert.equal(fromRelative.errors[0]?.file, relative);
        const fromAbsolute = inspectDeclarations(path.resolve(relative), { config: config() });
        assert.equal(fromAbsolute.errors[0]?.file, relative);
    });

    it("accepts anchors used within the alias limit", () => {
        const cells = Array.from(
            { length: 19 },
            (_, i) => `      - bounds: { <<: *cell, x: ${(i + 1) * 125} }\n        action: *say`,
        );
        const file = write(
            "many-aliases.yaml",
            [
                "version: 1",
                "richMenus:",
                "  home:",
                `    image: ${path.join(CORPUS, "images", "wide.png")}`,
                "    size: { width: 2500, height: 843 }",
                "    selected: false",
                "    name: &name Home",
                "    chatBarText: *name",
                "    areas:",
                "      - bounds: &cell { x: 0, y: 0, width: 125, height: 843 }",
                "        action: &say { type: message, text: hi }",
                ...cells,
                "defaultRichMenu: home",
                "",
            ].join("\n"),
        );
        const { errors, declaration } = inspectDeclarations(file, { config: config() });
        assert.deepEqual(errors, []);
        assert.equal(declaration.richMenus.home?.definition.areas.length, 20);
        assert.equal(declaration.richMenus.home?.definition.chatBarText, "Home");
    });

    it("reads through any file source, such as a git revision for before/after pictures", () => {
        const root = path.join(scratch, "virtual");
        const contents = new Map<string, Buffer>([
            [
                path.join(root, "line.yaml"),
                Buffer.from("version: 1\nwebhook:\n  endpoint: https://example.com/old\n"),
            ],
        ]);
        const files: DeclarationFiles = { read: f => contents.get(f), size: f => contents.get(f)?.length };
        const declaration = loadDeclarations(path.join(root, "line.yaml"), { config: config(), files });
        assert.equal(declaration.webhook?.endpoint, "https://example.com/old");
    });
});
