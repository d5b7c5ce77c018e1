import assert from "node:assert/strict";
import type { messagingApi } from "@line/bot-sdk";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { assertConforms, chatOf, clients, sdkError, text } from "../messaging";

/** One push per name, tagged with it, one after another so the names are first used in order. */
async function pushNamed(api: messagingApi.MessagingApiClient, to: string, names: readonly string[]) {
    for (const name of names)
        await api.pushMessage({ to, messages: [text(name)], customAggregationUnits: [name] });
}

const unitNames = (count: number, prefix = "unit"): string[] =>
    Array.from({ length: count }, (_, i) => `${prefix}_${String(i).padStart(4, "0")}`);

describe("emulator: custom aggregation units (push, multicast, aggregation/info and list)", function () {
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock, resetBeforeEach: true });
    beforeEach(() => clock.set(Date.UTC(2026, 0, 10)));

    const unitsHeld = async () =>
        (await line.control.state<{ customAggregationUnits: Record<string, string[]> }>())
            .customAggregationUnits;

    it("counts each name once a month, from push and multicast, and lists them in first-use order", async () => {
        const { api } = clients(line);
        const [a, b] = await line.control.addFriends(2);
        await api.pushMessage({ to: a!, messages: [text("1")], customAggregationUnits: ["promotion_a"] });
        await api.multicast({ to: [a!, b!], messages: [text("2")], customAggregationUnits: ["promotion_b"] });
        await api.pushMessage({ to: b!, messages: [text("3")], customAggregationUnits: ["promotion_a"] });
        await api.pushMessage({ to: b!, messages: [text("4")] });

        const usage = await api.getAggregationUnitUsage();
        assert.deepEqual(usage, { numOfCustomAggregationUnits: 2 });
        assertConforms("getAggregationUnitUsage", 200, usage);
        const list = await api.getAggregationUnitNameList();
        assert.deepEqual(list, { customAggregationUnits: ["promotion_a", "promotion_b"] });
        assertConforms("getAggregationUnitNameList", 200, list);
        assert.deepEqual(await unitsHeld(), { "202601": ["promotion_a", "promotion_b"] });
        assert.deepEqual(
            (await chatOf(line, b!)).map(m => m.message),
            [text("2"), text("3"), text("4")],
        );
    });

    it("keeps the name of a send that reached nobody: LINE answered it as sent", async () => {
        const { api } = clients(line);
        const [a] = await line.control.addFriends(1);
        assert.equal((await line.controlCall("POST", `/users/${a!}/block`)).status, 200);
        await api.pushMessage({ to: a!, messages: [text("1")], customAggregationUnits: ["blocked_push"] });
        await api.multicast({ to: [a!], messages: [text("2")], customAggregationUnits: ["blocked_multi"] });
        assert.deepEqual(await api.getAggregationUnitNameList(), {
            customAggregationUnits: ["blocked_push", "blocked_multi"],
        });
        assert.deepEqual(await unitsHeld(), { "202601": ["blocked_push", "blocked_multi"] });
        assert.deepEqual(await chatOf(line, a!), []);
    });

    it("starts a new month when the month turns in Japan (UTC+9), not in UTC", async () => {
        const { api } = clients(line);
        const [a] = await line.control.addFriends(1);
        clock.set(Date.UTC(2026, 0, 31, 14, 59, 59));
        await api.pushMessage({ to: a!, messages: [text("Jan")], customAggregationUnits: ["january"] });
        assert.deepEqual(await api.getAggregationUnitUsage(), { numOfCustomAggregationUnits: 1 });

        clock.advance(1_000);
        assert.deepEqual(await api.getAggregationUnitUsage(), { numOfCustomAggregationUnits: 0 });
        const empty = await api.getAggregationUnitNameList();
        assert.deepEqual(empty, { customAggregationUnits: [] });
        assertConforms("getAggregationUnitNameList", 200, empty);

        await api.pushMessage({ to: a!, messages: [text("Feb")], customAggregationUnits: ["february"] });
        await api.multicast({ to: [a!], messages: [text("again")], customAggregationUnits: ["january"] });
        assert.deepEqual(await api.getAggregationUnitNameList(), {
            customAggregationUnits: ["february", "january"],
        });
        assert.deepEqual(await unitsHeld(), { "202601": ["january"], "202602": ["february", "january"] });
        assert.equal((await chatOf(line, a!)).length, 3);
    });

    const pattern = 'must match "^[a-zA-Z0-9_]{1,30}$"';
    const refusals: readonly { name: string; units: string[]; detail: object }[] = [
        { name: "a hyphen", units: ["spring-sale"], detail: { property: "customAggregationUnits[0]" } },
        { name: "31 characters", units: ["x".repeat(31)], detail: { property: "customAggregationUnits[0]" } },
        { name: "an empty name", units: [""], detail: { property: "customAggregationUnits[0]" } },
        { name: "a non-ASCII letter", units: ["café"], detail: { property: "customAggregationUnits[0]" } },
        {
            name: "two names",
            units: ["a", "b"],
            detail: { message: "Size must be between 0 and 1", property: "customAggregationUnits" },
        },
    ];
    for (const { name, units, detail } of refusals) {
        it(`refuses ${name} on push and multicast with LINE's 400, sending and keeping nothing`, async () => {
            const { api } = clients(line);
            const [a] = await line.control.addFriends(1);
            const sends = {
                pushMessage: () =>
                    api.pushMessage({ to: a!, messages: [text("x")], customAggregationUnits: units }),
                multicast: () =>
                    api.multicast({ to: [a!], messages: [text("x")], customAggregationUnits: units }),
            };
            for (const [operationId, send] of Object.entries(sends)) {
                const error = await sdkError(send());
                assert.equal(error.status, 400);
                assert.deepEqual(error.body, {
                    message: "The request body has 1 error(s)",
                    details: [{ message: pattern, ...detail }],
                });
                assertConforms(operationId, 400, error.body);
            }
            assert.deepEqual(await chatOf(line, a!), []);
            assert.deepEqual(await unitsHeld(), {});
            assert.deepEqual(await api.getAggregationUnitUsage(), { numOfCustomAggregationUnits: 0 });
        });
    }

    it("past 1,000 names in a month drops a new name silently and still sends the message", async function () {
        this.timeout(20_000);
        const { api } = clients(line);
        const [a] = await line.control.addFriends(1);
        const names = unitNames(1000);
        await pushNamed(api, a!, names);
        const sent = await api.pushMessage({
            to: a!,
            messages: [text("one too many")],
            customAggregationUnits: ["one_too_many"],
        });
        assert.equal(sent.sentMessages.length, 1);
        await api.multicast({ to: [a!], messages: [text("known")], customAggregationUnits: ["unit_0999"] });

        assert.deepEqual(await api.getAggregationUnitUsage(), { numOfCustomAggregationUnits: 1000 });
        assert.deepEqual(await unitsHeld(), { "202601": names });
        const chat = await chatOf(line, a!);
        assert.equal(chat.length, 1002);
        assert.deepEqual(
            chat.slice(-2).map(m => m.message),
            [text("one too many"), text("known")],
        );
    });

    it("pages the names: 100 by default, `limit` up to 100, `next` while more remain", async function () {
        this.timeout(10_000);
        const { api } = clients(line);
        const [a] = await line.control.addFriends(1);
        const names = unitNames(250);
        await pushNamed(api, a!, names);

        const pages: string[][] = [];
        let start: string | undefined;
        do {
            const page = await api.getAggregationUnitNameList(undefined, start);
            assertConforms("getAggregationUnitNameList", 200, page);
            pages.push(page.customAggregationUnits);
            start = page.next;
        } while (start !== undefined);
        assert.deepEqual(
            pages.map(p => p.length),
            [100, 100, 50],
        );
        assert.deepEqual(pages.flat(), names);

        const first = await api.getAggregationUnitNameList("30");
        assert.deepEqual(first.customAggregationUnits, names.slice(0, 30));
        const second = await api.getAggregationUnitNameList("30", first.next);
        assert.deepEqual(second.customAggregationUnits, names.slice(30, 60));
        assert.ok(second.next);
    });

    const badQueries: readonly { name: string; limit?: string; start?: string; body: object }[] = [
        { name: "a start LINE never gave", start: "bogus", body: { message: "Invalid start param" } },
        {
            name: "another list's token",
            start: Buffer.from("followers:0").toString("base64url"),
            body: { message: "Invalid start param" },
        },
        {
            name: "a limit over 100",
            limit: "101",
            body: {
                message: "limit: must be less than or equal to 100",
                details: [{ message: "TOO_HIGH", property: "limit" }],
            },
        },
        {
            name: "a limit of 0",
            limit: "0",
            body: {
                message: "limit: must be greater than or equal to 1",
                details: [{ message: "TOO_LOW", property: "limit" }],
            },
        },
    ];
    for (const { name, limit, start, body } of badQueries) {
        it(`answers the name list 400 for ${name}`, async () => {
            const { api } = clients(line);
            const [a] = await line.control.addFriends(1);
            await api.pushMessage({ to: a!, messages: [text("1")], customAggregationUnits: ["kept"] });
            const error = await sdkError(api.getAggregationUnitNameList(limit, start));
            assert.deepEqual([error.status, error.body], [400, body]);
            assert.deepEqual(await unitsHeld(), { "202601": ["kept"] });
        });
    }
});
