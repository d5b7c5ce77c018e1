import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { forgetBots } from "../../../provider/resources/botGuard";
import { defaultRichMenuHandlers } from "../../../provider/resources/defaultRichMenu";
import { UNKNOWN } from "../../../provider/resources/lifecycle";
import { ownValue, refreshedProps } from "../../../provider/resources/ownership";
import { useTiming } from "../../../provider/resources/polling";
import { richMenuAliasHandlers } from "../../../provider/resources/richMenuAlias";
import { webhookEndpointHandlers } from "../../../provider/resources/webhookEndpoint";
import { useEmulator } from "../../support/emulator";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { createUsableRichMenu } from "../../support/menus";
import { stderrOf } from "../../support/stderr";

/**
 * Own only what is yours: before a create, `check` (which runs in every preview) asks LINE whether the
 * default menu, the alias ID or the webhook URL is already set by someone else, and says so, naming
 * the holder: a warning by default, a check failure with strict ownership, nothing with `adopt: true`.
 * Delete leaves what someone else set since. Against the emulator; no case writes anything.
 */

interface ChannelView {
    readonly aliases: readonly { richMenuAliasId: string; richMenuId: string }[];
    readonly defaultRichMenuId?: string | null;
    readonly webhook: { readonly endpoint?: string | null };
}

const MINE = "https://mine.example.com/line/webhook";
const THEIRS = "https://theirs.example.com/line/webhook";

describe("ownership", () => {
    const line = useEmulator({ rateLimits: false });
    useLineEnvironment(line);
    const state = () => line.control.state<ChannelView>();
    const writes = async () => calls((await line.control.requests()).filter(r => r.method !== "GET"));

    /** A menu with its image, made the way another stack or a person would make it. */
    const menu = (name: string) => createUsableRichMenu(line, { name });
    const setDefault = (id: string) => line.call("POST", `/v2/bot/user/all/richmenu/${id}`);
    const setAlias = (aliasId: string, id: string) =>
        line.call("POST", "/v2/bot/richmenu/alias", { json: { richMenuAliasId: aliasId, richMenuId: id } });
    const setWebhook = (endpoint: string) =>
        line.call("PUT", "/v2/bot/channel/webhook/endpoint", { json: { endpoint } });

    beforeEach(async () => {
        forgetBots();
        delete process.env.LINE_OWNERSHIP;
        await line.control.reset();
    });
    after(() => {
        delete process.env.LINE_OWNERSHIP;
    });

    describe("what a create would take over", () => {
        interface Case {
            readonly title: string;
            readonly ownership?: string;
            /** Sets up the channel; answers the menu "theirs" and the menu "mine" (both made here). */
            readonly arrange: (menus: { theirs: string; mine: string }) => Promise<unknown>;
            /** The check under test, given the two menus. */
            readonly check: (menus: {
                theirs: string;
                mine: string;
            }) => Promise<pulumi.dynamic.CheckResult<unknown>>;
            /** What a warning or failure must say (with the menus' IDs filled in), or undefined for silence. */
            readonly says?: (menus: { theirs: string; mine: string }) => RegExp;
            readonly outcome: "warning" | "failure" | "silence";
        }

        const checkDefault = (richMenuId: string, extra: object = {}) =>
            defaultRichMenuHandlers.check({} as never, { richMenuId, ...extra });
        const checkAlias = (richMenuId: string, extra: object = {}) =>
            richMenuAliasHandlers.check({} as never, { richMenuAliasId: "home", richMenuId, ...extra });
        const checkWebhook = (endpoint: string, extra: object = {}) =>
            webhookEndpointHandlers.check({} as never, { endpoint, ...extra });

        const defaultHeld = ({ theirs }: { theirs: string }) =>
            new RegExp(
                `the default rich menu of channel "default" is ${theirs} \\("Theirs"\\), not set by this stack`,
            );
        const aliasHeld = ({ theirs }: { theirs: string }) =>
            new RegExp(
                `rich menu alias "home" of channel "default" already exists, pointing at ${theirs} \\("Theirs"\\), ` +
                    "and was not created by this stack",
            );
        const webhookHeld = () =>
            new RegExp(
                `the webhook URL of channel "default" is ${THEIRS.replace(/\./g, "\\.")}, not set by this stack`,
            );

        const CASES: readonly Case[] = [
            {
                title: "a default set to another menu: a warning naming it",
                arrange: ({ theirs }) => setDefault(theirs),
                check: ({ mine }) => checkDefault(mine),
                says: defaultHeld,
                outcome: "warning",
            },
            {
                title: "a default set to another menu, with strict ownership: a failure naming it",
                ownership: "strict",
                arrange: ({ theirs }) => setDefault(theirs),
                check: ({ mine }) => checkDefault(mine),
                says: defaultHeld,
                outcome: "failure",
            },
            {
                title: "a default set to another menu, adopted: silence",
                ownership: "strict",
                arrange: ({ theirs }) => setDefault(theirs),
                check: ({ mine }) => checkDefault(mine, { adopt: true }),
                outcome: "silence",
            },
            {
                title: "a default set while this run creates the menu (ID unknown): a warning",
                arrange: ({ theirs }) => setDefault(theirs),
                check: () => checkDefault(UNKNOWN),
                says: defaultHeld,
                outcome: "warning",
            },
            {
                title: "a default already the wanted menu: silence",
                ownership: "strict",
                arrange: ({ mine }) => setDefault(mine),
                check: ({ mine }) => checkDefault(mine),
                outcome: "silence",
            },
            {
                title: "no default: silence",
                ownership: "strict",
                arrange: async () => undefined,
                check: ({ mine }) => checkDefault(mine),
                outcome: "silence",
            },
            {
                title: "a taken alias ID: a warning naming its menu, and that LINE refuses the create",
                arrange: ({ theirs }) => setAlias("home", theirs),
                check: ({ mine }) => checkAlias(mine),
                says: t => new RegExp(`${aliasHeld(t).source}; LINE refuses to create it again`),
                outcome: "warning",
            },
            {
                title: "a taken alias ID, with strict ownership: a failure naming its menu",
                ownership: "strict",
                arrange: ({ theirs }) => setAlias("home", theirs),
                check: ({ mine }) => checkAlias(mine),
                says: aliasHeld,
                outcome: "failure",
            },
            {
                title: "a taken alias ID, adopted: silence",
                ownership: "strict",
                arrange: ({ theirs }) => setAlias("home", theirs),
                check: ({ mine }) => checkAlias(mine, { adopt: true }),
                outcome: "silence",
            },
            {
                title: "a free alias ID: silence",
                ownership: "strict",
                arrange: ({ theirs }) => setAlias("other", theirs),
                check: ({ mine }) => checkAlias(mine),
                outcome: "silence",
            },
            {
                title: "a webhook set to another URL: a warning naming it",
                arrange: () => setWebhook(THEIRS),
                check: () => checkWebhook(MINE),
                says: webhookHeld,
                outcome: "warning",
            },
            {
                title: "a webhook set to another URL, with strict ownership: a failure naming it",
                ownership: "strict",
                arrange: () => setWebhook(THEIRS),
                check: () => checkWebhook(MINE),
                says: webhookHeld,
                outcome: "failure",
            },
            {
                title: "a webhook set to another URL, adopted: silence",
                ownership: "strict",
                arrange: () => setWebhook(THEIRS),
                check: () => checkWebhook(MINE, { adopt: true }),
                outcome: "silence",
            },
            {
                title: "a webhook already the wanted URL: silence",
                ownership: "strict",
                arrange: () => setWebhook(MINE),
                check: () => checkWebhook(MINE),
                outcome: "silence",
            },
            {
                title: "a default this stack already manages (in its state): silence, whatever LINE holds",
                ownership: "strict",
                arrange: ({ theirs }) => setDefault(theirs),
                check: ({ mine }) =>
                    defaultRichMenuHandlers.check({ richMenuId: mine }, { richMenuId: mine }),
                outcome: "silence",
            },
            {
                title: "an ownership setting that is neither warn nor strict: a failure naming the setting",
                ownership: "loose",
                arrange: ({ theirs }) => setDefault(theirs),
                check: ({ mine }) => checkDefault(mine),
                says: () => /^line:ownership \/ LINE_OWNERSHIP must be "warn" or "strict", got "loose"$/,
                outcome: "failure",
            },
        ];

        for (const c of CASES) {
            it(c.title, async () => {
                const menus = { theirs: await menu("Theirs"), mine: await menu("Mine") };
                await c.arrange(menus);
                const before = await state();
                await line.control.clearRequests();
                if (c.ownership !== undefined) process.env.LINE_OWNERSHIP = c.ownership;
                const { result, printed } = await stderrOf(() => c.check(menus));
                const warnings = printed.split("\n").filter(l => l.startsWith("pulumi-line: warning: "));
                const failures = result.failures ?? [];
                if (c.outcome === "silence") {
                    assert.deepEqual(failures, []);
                    assert.deepEqual(warnings, []);
                } else if (c.outcome === "warning") {
                    assert.deepEqual(failures, []);
                    assert.equal(warnings.length, 1, printed);
                    assert.match(warnings[0]!, c.says!(menus));
                    assert.match(warnings[0]!, /Set `adopt: true` on this \w+ to take it over knowingly/);
                } else {
                    assert.equal(failures.length, 1, JSON.stringify(failures));
                    assert.equal(failures[0]!.property, "");
                    assert.match(failures[0]!.reason, c.says!(menus));
                    assert.deepEqual(warnings, []);
                    if (c.ownership === "strict") {
                        assert.match(
                            failures[0]!.reason,
                            /ownership is strict \(line:ownership \/ LINE_OWNERSHIP\): nothing was changed\. Set `adopt: true` on this \w+ to take it over\.$/,
                        );
                    }
                }
                assert.deepEqual(await writes(), [], "a check writes nothing");
                assert.deepEqual(await state(), before);
            });
        }

        it("asks LINE nothing without credentials", async () => {
            await setDefault(await menu("Theirs"));
            await line.control.clearRequests();
            const saved = process.env.LINE_CHANNEL_ACCESS_TOKEN;
            delete process.env.LINE_CHANNEL_ACCESS_TOKEN;
            process.env.LINE_OWNERSHIP = "strict";
            try {
                const { result, printed } = await stderrOf(() => checkDefault(UNKNOWN));
                assert.deepEqual(result.failures, []);
                assert.equal(printed, "");
            } finally {
                process.env.LINE_CHANNEL_ACCESS_TOKEN = saved;
            }
            assert.deepEqual(await line.control.requests(), []);
        });
    });

    describe("the alias checks of a run share one listing of the channel's aliases", () => {
        // The engine checks one resource at a time, so one LINE call per alias check would queue up.
        const checkAliasId = (richMenuAliasId: string, richMenuId: string) =>
            richMenuAliasHandlers.check({} as never, { richMenuAliasId, richMenuId });
        const aliasReads = async () =>
            calls((await line.control.requests()).filter(r => r.path.startsWith("/v2/bot/richmenu/alias")));
        let now = 0;
        beforeEach(() => {
            now = 1_000_000;
            useTiming({ now: () => now, sleep: async ms => void (now += ms) });
        });
        afterEach(() => useTiming(undefined));

        it("20 alias checks ask LINE once for the list, and still name the one alias someone else holds", async () => {
            const theirs = await menu("Theirs");
            await setAlias("tab-07", theirs);
            await line.control.clearRequests();
            const results = [];
            for (let i = 0; i < 20; i++) {
                const id = `tab-${String(i).padStart(2, "0")}`;
                results.push(
                    await stderrOf(() => checkAliasId(id, "richmenu-00000000000000000000000000000000")),
                );
            }
            assert.deepEqual(await aliasReads(), ["GET /v2/bot/richmenu/alias/list"]);
            const warned = results.map((r, i) => [i, /already exists/.test(r.printed)]).filter(([, w]) => w);
            assert.deepEqual(warned, [[7, true]]);
            assert.match(
                results[7]!.printed,
                new RegExp(`rich menu alias "tab-07" .* pointing at ${theirs}`),
            );
            assert.deepEqual(await writes(), []);
        });

        it("a listing older than 10 s is taken again, so a later run sees an alias made since", async () => {
            const theirs = await menu("Theirs");
            await checkAliasId("home", theirs);
            await setAlias("home", theirs);
            now += 9_999;
            const stale = await stderrOf(() => checkAliasId("home", theirs));
            assert.doesNotMatch(stale.printed, /already exists/, "within its 10 s the listing is reused");
            now += 1;
            const fresh = await stderrOf(() => checkAliasId("home", theirs));
            assert.match(fresh.printed, /rich menu alias "home" of channel "default" already exists/);
            assert.deepEqual(
                (await aliasReads()).filter(c => c.endsWith("/alias/list")),
                ["GET /v2/bot/richmenu/alias/list", "GET /v2/bot/richmenu/alias/list"],
            );
        });

        it("a create still finds an alias taken after the listing, and names its holder from a live read", async () => {
            const theirs = await menu("Theirs");
            const mine = await menu("Mine");
            const checked = await checkAliasId("home", mine);
            assert.deepEqual(checked.failures, []);
            await setAlias("home", theirs);
            await assert.rejects(
                richMenuAliasHandlers.create({ richMenuAliasId: "home", richMenuId: mine }),
                new RegExp(
                    `rich menu alias "home" of channel "default" already exists, pointing at ${theirs}`,
                ),
            );
            assert.deepEqual((await state()).aliases, [{ richMenuAliasId: "home", richMenuId: theirs }]);
        });
    });

    describe("delete touches only what is still its own", () => {
        interface Case {
            readonly title: string;
            /** Creates the resource as this stack, answering its id and outputs. */
            readonly create: (mine: string) => Promise<{ id: string; outs: Record<string, unknown> }>;
            /** Someone else changes it. */
            readonly takeOver: (theirs: string) => Promise<unknown>;
            readonly read: (id: string, outs: Record<string, unknown>) => Promise<Record<string, unknown>>;
            readonly remove: (id: string, outs: Record<string, unknown>) => Promise<void>;
            /** What the channel holds after the delete, when someone else took it over first. */
            readonly left: (view: ChannelView, theirs: string) => void;
            /** ... and when it was still this stack's. */
            readonly removed: (view: ChannelView) => void;
        }

        const CASES: readonly Case[] = [
            {
                title: "the default rich menu is cleared only while it is this stack's menu",
                create: async mine => {
                    const r = await defaultRichMenuHandlers.create({ richMenuId: mine });
                    return { id: r.id, outs: { ...r.outs } };
                },
                takeOver: setDefault,
                read: async (id, outs) =>
                    (await defaultRichMenuHandlers.read(id, outs as never)).props as unknown as Record<
                        string,
                        unknown
                    >,
                remove: (id, outs) => defaultRichMenuHandlers.delete(id, outs as never),
                left: (view, theirs) => assert.equal(view.defaultRichMenuId, theirs),
                removed: view => assert.equal(view.defaultRichMenuId ?? null, null),
            },
            {
                title: "the alias is deleted only while it points at this stack's menu",
                create: async mine => {
                    const r = await richMenuAliasHandlers.create({
                        richMenuAliasId: "home",
                        richMenuId: mine,
                    });
                    return { id: r.id, outs: { ...r.outs } };
                },
                takeOver: theirs =>
                    line.call("POST", "/v2/bot/richmenu/alias/home", { json: { richMenuId: theirs } }),
                read: async (id, outs) =>
                    (await richMenuAliasHandlers.read(id, outs as never)).props as unknown as Record<
                        string,
                        unknown
                    >,
                remove: (id, outs) => richMenuAliasHandlers.delete(id, outs as never),
                left: (view, theirs) =>
                    assert.deepEqual(view.aliases, [{ richMenuAliasId: "home", richMenuId: theirs }]),
                removed: view => assert.deepEqual(view.aliases, []),
            },
            {
                title: "the webhook URL is put back only while it is this stack's URL",
                create: async () => {
                    await setWebhook("https://before.example.com/line/webhook");
                    const r = await webhookEndpointHandlers.create({ endpoint: MINE });
                    return { id: r.id, outs: { ...r.outs } };
                },
                takeOver: () => setWebhook(THEIRS),
                read: async (id, outs) =>
                    (await webhookEndpointHandlers.read(id, outs as never)).props as unknown as Record<
                        string,
                        unknown
                    >,
                remove: (id, outs) => webhookEndpointHandlers.delete(id, outs as never),
                left: view => assert.equal(view.webhook.endpoint, THEIRS),
                removed: view =>
                    assert.equal(view.webhook.endpoint, "https://before.example.com/line/webhook"),
            },
        ];

        for (const c of CASES) {
            it(`${c.title}, even after a refresh saw the other value`, async () => {
                const [mine, theirs] = [await menu("Mine"), await menu("Theirs")];
                const { id, outs } = await c.create(mine);
                await c.takeOver(theirs);
                // Refresh (`refresh: always` runs one before every destroy) stores the live value...
                const refreshed = await c.read(id, outs);
                await line.control.clearRequests();
                await c.remove(id, refreshed);
                assert.deepEqual(await writes(), [], "someone else's is left alone");
                c.left(await state(), theirs);
            });

            it(`${c.title}: still its own, it goes`, async () => {
                const mine = await menu("Mine");
                const { id, outs } = await c.create(mine);
                const refreshed = await c.read(id, outs);
                await c.remove(id, refreshed);
                c.removed(await state());
            });
        }

        it("a refresh keeps the value this stack set beside the live one only while they differ", () => {
            const set = { richMenuId: "mine" };
            const drifted = refreshedProps(set, "richMenuId", "theirs");
            assert.deepEqual(drifted, { richMenuId: "theirs", ownRichMenuId: "mine" });
            assert.equal(ownValue(drifted, "richMenuId"), "mine");
            assert.deepEqual(
                refreshedProps(drifted, "richMenuId", "theirs"),
                drifted,
                "kept on every refresh",
            );
            assert.deepEqual(refreshedProps(drifted, "richMenuId", "mine"), set, "back in step: gone");
            assert.deepEqual(refreshedProps(set, "richMenuId", "mine"), set, "no drift, no new output");
        });
    });
});
