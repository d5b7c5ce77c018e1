import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { useEmulator } from "../../support/emulator";
import { USER_A, USER_B, USER_C, bodyErrors, createRichMenu, createUsableRichMenu } from "../fixtures";

describe("emulator: batch control of linked rich menus", () => {
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true, clock });

    async function linkUsers(links: Record<string, string>): Promise<void> {
        await line.control.addFriendIds(Object.keys(links));
        for (const [userId, richMenuId] of Object.entries(links)) {
            assert.equal(
                (await line.call("POST", `/v2/bot/user/${userId}/richmenu/${richMenuId}`)).status,
                200,
            );
        }
    }

    it("relinks and unlinks in one call (202), without chaining operations", async () => {
        const [a, b, c] = [
            await createUsableRichMenu(line),
            await createUsableRichMenu(line),
            await createUsableRichMenu(line),
        ];
        await linkUsers({ [USER_A]: a, [USER_B]: b, [USER_C]: c });
        const res = await line.call("POST", "/v2/bot/richmenu/batch", {
            json: {
                operations: [
                    { type: "link", from: a, to: b },
                    { type: "link", from: b, to: c },
                    { type: "unlink", from: c },
                ],
            },
        });
        assert.equal(res.status, 202);
        assert.deepEqual(res.body, {});
        // A's users move to B only; B's to C; C's are unlinked.
        assert.deepEqual((await line.control.state()).userLinks, { [USER_A]: b, [USER_B]: c });
    });

    it("reports progress by the run's X-Line-Request-Id: ongoing, then succeeded on the clock", async () => {
        const a = await createUsableRichMenu(line);
        const run = await line.call("POST", "/v2/bot/richmenu/batch", {
            json: { operations: [{ type: "unlinkAll" }] },
        });
        assert.ok(run.requestId);
        const acceptedTime = new Date(clock.now()).toISOString();
        const progress = () => line.call("GET", `/v2/bot/richmenu/progress/batch?requestId=${run.requestId}`);
        assert.deepEqual((await progress()).body, { phase: "ongoing", acceptedTime });
        clock.advance(5_000);
        const done = await progress();
        assert.equal(done.status, 200);
        assert.deepEqual(done.body, {
            phase: "succeeded",
            acceptedTime,
            completedTime: new Date(clock.now()).toISOString(),
        });
        assert.ok(a);
    });

    it("forgets a batch after 14 days and answers 404 for unknown request IDs, 400 for none", async () => {
        const run = await line.call("POST", "/v2/bot/richmenu/batch", {
            json: { operations: [{ type: "unlinkAll" }] },
        });
        clock.advance(14 * 24 * 60 * 60 * 1000);
        const expired = await line.call("GET", `/v2/bot/richmenu/progress/batch?requestId=${run.requestId}`);
        assert.equal(expired.status, 404);
        assert.deepEqual(expired.body, { message: "Not found" });
        assert.equal((await line.call("GET", "/v2/bot/richmenu/progress/batch?requestId=nope")).status, 404);
        const none = await line.call("GET", "/v2/bot/richmenu/progress/batch");
        assert.equal(none.status, 400);
        assert.deepEqual(none.body, { message: "The value for the 'requestId' parameter is invalid" });
    });

    it("does not re-apply a resubmission with the same resumeRequestKey", async () => {
        const [a, b] = [await createUsableRichMenu(line), await createUsableRichMenu(line)];
        await linkUsers({ [USER_A]: a });
        const body = { operations: [{ type: "link", from: a, to: b }], resumeRequestKey: "plan-42" };
        assert.equal((await line.call("POST", "/v2/bot/richmenu/batch", { json: body })).status, 202);
        await line.call("POST", `/v2/bot/user/${USER_A}/richmenu/${a}`);
        assert.equal((await line.call("POST", "/v2/bot/richmenu/batch", { json: body })).status, 202);
        assert.deepEqual((await line.control.state()).userLinks, { [USER_A]: a });
    });

    it("unlinkAll removes every per-user link", async () => {
        const a = await createUsableRichMenu(line);
        await linkUsers({ [USER_A]: a, [USER_B]: a });
        await line.call("POST", "/v2/bot/richmenu/batch", { json: { operations: [{ type: "unlinkAll" }] } });
        assert.deepEqual((await line.control.state()).userLinks, {});
    });

    describe("refusals (run and validate alike; nothing applied)", () => {
        const unknown = `richmenu-${"0".repeat(32)}`;
        const cases: {
            name: string;
            body: (a: string, bare: string) => unknown;
            status: number;
            expected: (a: string, bare: string) => unknown;
        }[] = [
            {
                name: "no operations",
                body: () => ({}),
                status: 400,
                expected: () => bodyErrors({ property: "operations", message: "must be specified" }),
            },
            {
                name: "an empty operations array",
                body: () => ({ operations: [] }),
                status: 400,
                expected: () =>
                    bodyErrors({ property: "operations", message: "Size must be between 1 and 1000" }),
            },
            {
                name: "1,001 operations",
                body: () => ({
                    operations: Array.from({ length: 1001 }, (_, i) => ({
                        type: "unlink",
                        from: `richmenu-${i.toString(16).padStart(32, "0")}`,
                    })),
                }),
                status: 400,
                expected: () =>
                    bodyErrors({ property: "operations", message: "Size must be between 1 and 1000" }),
            },
            {
                name: "an unknown operation type",
                body: () => ({ operations: [{ type: "swap" }] }),
                status: 400,
                expected: () => bodyErrors({ property: "operations[0].type", message: "invalid value" }),
            },
            {
                name: "a link without to",
                body: a => ({ operations: [{ type: "link", from: a }] }),
                status: 400,
                expected: () => bodyErrors({ property: "operations[0].to", message: "must be specified" }),
            },
            {
                name: "an unlink without from",
                body: () => ({ operations: [{ type: "unlink" }] }),
                status: 400,
                expected: () => bodyErrors({ property: "operations[0].from", message: "must be specified" }),
            },
            {
                name: "a malformed rich menu ID",
                body: () => ({ operations: [{ type: "unlink", from: "menu-1" }] }),
                status: 400,
                expected: () => bodyErrors({ property: "operations[0].from", message: "invalid richMenuId" }),
            },
            {
                name: "unlinkAll beside other operations",
                body: a => ({ operations: [{ type: "unlinkAll" }, { type: "unlink", from: a }] }),
                status: 400,
                expected: () =>
                    bodyErrors({
                        property: "operations",
                        message: "unlinkAll must be the only operation in the request",
                    }),
            },
            {
                name: "the same from twice",
                body: (a, bare) => ({
                    operations: [
                        { type: "unlink", from: a },
                        { type: "link", from: a, to: bare },
                    ],
                }),
                status: 400,
                expected: a =>
                    bodyErrors({
                        property: "operations[].from",
                        message: `Richmenu (${a}) is specified as 'from' more than once`,
                    }),
            },
            {
                name: "a bad resumeRequestKey",
                body: a => ({ operations: [{ type: "unlink", from: a }], resumeRequestKey: "has space" }),
                status: 400,
                expected: () =>
                    bodyErrors({ property: "resumeRequestKey", message: "invalid resumeRequestKey" }),
            },
            {
                name: "a menu that does not exist (404)",
                body: a => ({ operations: [{ type: "link", from: a, to: unknown }] }),
                status: 404,
                expected: () => ({
                    message: "richmenu not found",
                    details: [
                        { message: `Richmenu (${unknown}) is not found`, property: "operations[0].to" },
                    ],
                }),
            },
            {
                name: "a to menu without an image",
                body: (a, bare) => ({ operations: [{ type: "link", from: a, to: bare }] }),
                status: 400,
                expected: (_a, bare) => ({
                    message: "must upload richmenu image before applying it to user",
                    details: [{ message: `Richmenu (${bare}) has no image`, property: "operations[0].to" }],
                }),
            },
        ];
        for (const c of cases) {
            it(`refuses ${c.name}`, async () => {
                const a = await createUsableRichMenu(line);
                const bare = await createRichMenu(line);
                await linkUsers({ [USER_A]: a });
                for (const path of ["/v2/bot/richmenu/validate/batch", "/v2/bot/richmenu/batch"]) {
                    const res = await line.call("POST", path, { json: c.body(a, bare) });
                    assert.equal(res.status, c.status, `${path}: ${res.text.slice(0, 300)}`);
                    assert.deepEqual(res.body, c.expected(a, bare));
                }
                const state = await line.control.state<{ userLinks: unknown; batches: unknown[] }>();
                assert.deepEqual(state.userLinks, { [USER_A]: a });
                assert.deepEqual(state.batches, []);
            });
        }

        it("validate answers 200 {} for a good batch and applies nothing", async () => {
            const [a, b] = [await createUsableRichMenu(line), await createUsableRichMenu(line)];
            await linkUsers({ [USER_A]: a });
            const res = await line.call("POST", "/v2/bot/richmenu/validate/batch", {
                json: { operations: [{ type: "link", from: a, to: b }] },
            });
            assert.equal(res.status, 200);
            assert.deepEqual(res.body, {});
            assert.deepEqual((await line.control.state()).userLinks, { [USER_A]: a });
        });
    });
});
