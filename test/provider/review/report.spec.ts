import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { readLiveChannel } from "../../../provider/review/liveChannel";
import { reportMarkdown } from "../../../provider/review/markdown";
import { parsePreview } from "../../../provider/review/preview";
import { reviewStack, summarize } from "../../../provider/review/report";
import { useEmulator } from "../../support/emulator";
import { menuRequest, pngOf } from "../../support/menus";

/**
 * The review of one stack from `pulumi preview --json` output and its live channel (the emulator):
 * what it reads from the engine's digest, what it counts against LINE's limits, and what it warns of.
 */

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const PREFIX = "urn:pulumi:dev::shop::line:index:Channel$pulumi-nodejs:dynamic/line:";
const CHANNEL_URN = "urn:pulumi:dev::shop::line:index:Channel::channel";
const urn = (kind: string, name: string) => `${PREFIX}${kind}::channel-${name}`;
const menuInputs = (name: string, alias: string) => ({
    __provider: "exports.handler = …",
    size: { width: 2500, height: 1686 },
    selected: false,
    name,
    chatBarText: "Menu",
    image: "menus/home.png",
    imageSha256: "ab",
    areas: [
        {
            bounds: { x: 0, y: 0, width: 2500, height: 1686 },
            action: { type: "richmenuswitch", richMenuAliasId: alias, data: "x" },
        },
    ],
});

/** A preview digest as the engine writes it: a replaced menu, the alias and user links that follow it. */
function previewText(extraDiagnostics: object[] = []): string {
    return JSON.stringify({
        steps: [
            { op: "same", urn: "urn:pulumi:dev::shop::pulumi:pulumi:Stack::shop-dev", newState: {} },
            { op: "same", urn: CHANNEL_URN, newState: {} },
            {
                op: "replace",
                urn: urn("RichMenu", "home"),
                oldState: {
                    parent: CHANNEL_URN,
                    inputs: menuInputs("Home", "shop"),
                    outputs: { ...menuInputs("Home", "shop"), richMenuId: "richmenu-old-home" },
                },
                newState: {
                    parent: CHANNEL_URN,
                    inputs: { ...menuInputs("Home v2", "sale"), imageSha256: "cd" },
                },
                replaceReasons: ["name", "areas", "imageSha256"],
            },
            { op: "create-replacement", urn: urn("RichMenu", "home") },
            { op: "delete-replaced", urn: urn("RichMenu", "home") },
            {
                op: "same",
                urn: urn("RichMenu", "shop"),
                oldState: {
                    parent: CHANNEL_URN,
                    inputs: menuInputs("Shop", "home"),
                    outputs: { ...menuInputs("Shop", "home"), richMenuId: "richmenu-shop" },
                },
                newState: { parent: CHANNEL_URN, inputs: menuInputs("Shop", "home") },
            },
            {
                op: "update",
                urn: urn("RichMenuAlias", "home"),
                oldState: {
                    parent: CHANNEL_URN,
                    inputs: { richMenuAliasId: "home", richMenuId: "richmenu-old-home" },
                },
                newState: {
                    parent: CHANNEL_URN,
                    inputs: { richMenuAliasId: "home", richMenuId: UNKNOWN },
                    propertyDependencies: { richMenuId: [urn("RichMenu", "home")] },
                },
            },
            {
                op: "update",
                urn: urn("UserRichMenuLinks", "testers"),
                oldState: {
                    parent: CHANNEL_URN,
                    inputs: { richMenuId: "richmenu-old-home", userIdsDigest: "1" },
                    outputs: { userCount: 2 },
                },
                newState: {
                    parent: CHANNEL_URN,
                    inputs: { richMenuId: UNKNOWN, userIdsDigest: "2" },
                    propertyDependencies: { richMenuId: [urn("RichMenu", "home")] },
                },
            },
            {
                op: "delete",
                urn: urn("RichMenuAlias", "old"),
                oldState: {
                    parent: CHANNEL_URN,
                    inputs: { richMenuAliasId: "old", richMenuId: "richmenu-shop" },
                },
            },
        ],
        diagnostics: [
            {
                urn: urn("RichMenu", "home"),
                severity: "warning",
                message: "\u001b[33mtakes over a menu it did not create\u001b[0m\n",
            },
            {
                urn: urn("RichMenu", "home"),
                severity: "warning",
                message: "takes over a menu it did not create",
            },
            { severity: "info#err", message: 'pulumi-line: channel "default" is LINE bot @dev1234\n' },
            { severity: "info#err", message: "pulumi-line: warning: alias old is not the stack's\n" },
            {
                urn: "urn:pulumi:dev::shop::aws:s3/bucket:Bucket::b",
                severity: "warning",
                message: "not ours",
            },
            ...extraDiagnostics,
        ],
    });
}

describe("the review of a stack", () => {
    const line = useEmulator({
        rateLimits: false,
        channels: [{ name: "dev", accessToken: "report-spec-token-1f3a", basicId: "@dev1234" }],
    });
    const config = (values: Record<string, string>): pulumi.dynamic.Config => ({
        get: key => values[key],
        require: key => values[key]!,
    });
    const credentials = () => ({
        "line:channelAccessToken": line.token,
        "line:apiBaseUrl": line.url,
        "line:dataBaseUrl": line.url,
    });

    before(async () => {
        // The channel holds two menus (one with its image) and one alias.
        const first = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
            json: menuRequest(),
        });
        await line.call("POST", `/v2/bot/richmenu/${first.body.richMenuId}/content`, {
            body: pngOf(),
            contentType: "image/png",
        });
        await line.call("POST", "/v2/bot/richmenu", { json: menuRequest() });
        await line.call("POST", "/v2/bot/richmenu/alias", {
            json: { richMenuAliasId: "home", richMenuId: first.body.richMenuId },
        });
    });

    it("reads this package's changes, with reasons, and its warnings from the preview digest", () => {
        const preview = parsePreview(previewText(), "preview.json");
        assert.deepEqual(
            preview.changes.map(c => `${c.kind} ${c.name} ${c.op} [${c.reasons.join(", ")}]`),
            [
                "RichMenu home replace [areas, image, name]",
                "RichMenu shop same []",
                "RichMenuAlias home update [richMenuId]",
                "UserRichMenuLinks testers update [members, richMenuId]",
                "RichMenuAlias old delete []",
            ],
        );
        assert.deepEqual(preview.diagnostics, [
            { severity: "warning", message: "takes over a menu it did not create", resource: "home" },
            { severity: "warning", message: "pulumi-line: warning: alias old is not the stack's" },
        ]);
    });

    it("counts the changes against LINE's hourly limits and the channel's 1,000 menus and aliases", async () => {
        const live = await readLiveChannel("default", config(credentials()));
        assert.equal(live.bot?.startsWith("@dev1234 "), true);
        assert.equal(live.wrongBot, false);
        const review = reviewStack("dev", parsePreview(previewText(), "preview.json"), [live]);
        assert.deepEqual(review.counts, { create: 0, update: 2, replace: 1, delete: 1 });
        assert.equal(review.unchanged, 1);
        assert.deepEqual(
            review.channels[0]!.budget.map(b => `${b.group} ${b.calls}+${b.possibly}/${b.limit}`),
            [
                "createRichMenu 1+0/100",
                "deleteRichMenu 1+0/100",
                "deleteRichMenuAlias 1+0/100",
                "richMenuBatch 1+1/3",
            ],
        );
        assert.deepEqual(
            review.channels[0]!.quota.map(q => `${q.what} ${q.now} +${q.created} -${q.deleted}`),
            ["rich menus 2 +1 -1", "aliases 1 +0 -1"],
        );
        assert.deepEqual(
            review.changes.map(c => `${c.name}: ${c.reasons.join(", ")}`),
            [
                "home: areas, image, name",
                "home: menu home is replaced",
                "old: ",
                "testers: members, menu home is replaced",
            ],
        );
        assert.equal(
            review.summary,
            "replaces home, re-points alias home, removes alias old and updates user links testers",
        );
        const markdown = reportMarkdown([{ review, pictures: [] }]);
        assert.match(markdown, /\| batch runs \(users moved or unlinked\) \| 1 \(up to 2\) \| 3 per hour \|/);
        assert.match(markdown, /\| rich menus in the channel \| 2 → 2 \(3 during the update\) \| 1,000 \|/);
        assert.match(markdown, /\| aliases in the channel \| 1 → 0 \| 1,000 \|/);
        assert.doesNotMatch(markdown, new RegExp(line.token));
    });

    it("warns of the wrong bot, the provider's warnings and switches to undeclared aliases", async () => {
        const live = await readLiveChannel(
            "default",
            config({ ...credentials(), "line:expectedBot": "@prod5678" }),
        );
        assert.equal(live.wrongBot, true);
        const review = reviewStack("prod", parsePreview(previewText(), "preview.json"), [live]);
        assert.deepEqual(review.warnings, [
            `channel "default": the stack's credentials belong to bot ${live.bot}, not the expected bot @prod5678: ` +
                "every change to it will be refused",
            "home: takes over a menu it did not create",
            "pulumi-line: warning: alias old is not the stack's",
            'tab graph: menu "home" area 1 switches to alias "sale", which is not declared: the tab does nothing ' +
                "for users unless the alias exists in the channel",
            'tab graph: menu "shop" is reached by no tab, is not the default and is linked to no user: nobody can see it',
        ]);
    });

    it("a channel it cannot read is said so, and the quota is left open", async () => {
        const live = await readLiveChannel("default", config({ "line:apiBaseUrl": line.url }));
        assert.equal(live.bot, undefined);
        assert.match(live.problem ?? "", /No credentials for LINE channel "default"/);
        const review = reviewStack("dev", parsePreview(previewText(), "preview.json"), [live]);
        assert.match(
            reportMarkdown([{ review, pictures: [] }]),
            /\| rich menus in the channel \| \+1 −1 \(channel not read\) \| 1,000 \|/,
        );
    });

    it("a preview's errors fail the review of that stack", () => {
        const preview = parsePreview(
            previewText([
                { urn: CHANNEL_URN, severity: "error", message: "line.yaml:3:5 richMenus.home: bad" },
            ]),
            "preview.json",
        );
        const review = reviewStack("dev", preview, []);
        assert.deepEqual(review.errors, ["channel: line.yaml:3:5 richMenus.home: bad"]);
        assert.match(reportMarkdown([{ review, pictures: [] }]), /\*\*The preview of `dev` failed\*\*/);
    });

    it("text that is not a preview digest is refused, naming where it came from", () => {
        assert.throws(
            () => parsePreview("Previewing update (dev)", "dev.json"),
            /^Error: dev\.json is not the JSON of `pulumi preview --json`/,
        );
        assert.throws(() => parsePreview("[]", "dev.json"), /expected an object/);
    });

    it("a plan with nothing to do says so in one phrase", () => {
        assert.equal(summarize([]), "no change");
    });
});
