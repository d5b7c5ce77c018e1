import assert from "node:assert/strict";
import { audienceHandlers as handlers } from "../../../provider/resources/audience";
import { ResourceInitFailedError } from "../../../provider/resources/lifecycle";
import { stderrOf } from "../../support/stderr";
import { base, checked, useAudienceFixture, userIds } from "./audienceFixture";

describe("Audience", () => {
    const { clock, line, audiences, requests, created } = useAudienceFixture();

    describe("waiting and expiry", () => {
        it("waits until READY with every job FINISHED, printing progress", async () => {
            const { result, printed } = await stderrOf(() =>
                created(base({ userIds: userIds(3), waitUntilReady: true })),
            );
            assert.equal(result.outs.status, "READY");
            assert.equal(result.outs.audienceCount, 3);
            const lines = printed.trim().split("\n");
            assert.match(
                lines[0]!,
                /^pulumi-line: audience \d+ "Spring campaign": IN_PROGRESS, 0\/1 upload jobs finished/,
            );
            assert.match(lines.at(-1)!, /READY, 1\/1 upload jobs finished, 3 users counted; ready$/);
        });

        it("keeps an audience that is not ready in time, as created but not initialised", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 10 });
            const inputs = await checked(
                base({ type: "imp", requestId, waitUntilReady: true, readyTimeoutSeconds: 1 }),
            );
            const { result } = await stderrOf(() =>
                handlers.create(inputs).then(
                    () => assert.fail("expected a timeout"),
                    (error: unknown) => error,
                ),
            );
            assert.ok(result instanceof ResourceInitFailedError, String(result));
            assert.match(result.message, /still IN_PROGRESS .* the next `pulumi up` waits again/);
            assert.equal((result.properties as { status: string }).status, "IN_PROGRESS");
            assert.equal((await audiences()).length, 1);
        });

        it("warns in the diff when the audience expires within 14 days", async () => {
            const { inputs, outs } = await created(base({ userIds: userIds(1) }));
            const soon = { ...outs, expireTimestamp: Math.floor(clock.now() / 1000) + 5 * 86_400 };
            const { printed } = await stderrOf(() =>
                handlers.diff(String(outs.audienceGroupId), soon, inputs),
            );
            assert.match(
                printed,
                /warning: audience \d+ "Spring campaign" expires on .* \(in 5 days\); LINE deletes expired/,
            );
            const { printed: quiet } = await stderrOf(() =>
                handlers.diff(String(outs.audienceGroupId), outs, inputs),
            );
            assert.equal(quiet, "");
        });
    });

    describe("click and impression audiences", () => {
        it("creates them from a broadcast's request ID, and replaces on a new request ID", async () => {
            const requestId = await line.control.recordBroadcast({ recipients: 80 });
            const click = await created(
                base({ type: "click", requestId, clickUrl: "https://shop.example.com/sale" }),
            );
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/click",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            assert.equal(click.outs.type, "click");
            assert.equal(click.outs.requestId, requestId);
            assert.equal(click.outs.clickUrl, "https://shop.example.com/sale");

            const imp = await created(base({ type: "imp", requestId }));
            assert.deepEqual(await requests(), [
                "POST /v2/bot/audienceGroup/imp",
                "GET /v2/bot/audienceGroup/{id}",
            ]);
            const live = await audiences();
            assert.deepEqual(live.map(a => [a.type, a.requestId]).sort(), [
                ["CLICK", requestId],
                ["IMP", requestId],
            ]);

            const id = String(imp.outs.audienceGroupId);
            const same = await checked(base({ type: "imp", requestId }), imp.inputs);
            assert.equal((await handlers.diff(id, imp.outs, same)).changes, false);
            const other = await line.control.recordBroadcast({ recipients: 80 });
            const next = await checked(base({ type: "imp", requestId: other }), imp.inputs);
            assert.deepEqual((await handlers.diff(id, imp.outs, next)).replaces, ["requestId"]);
            const toClick = await checked(base({ type: "click", requestId }), imp.inputs);
            assert.deepEqual((await handlers.diff(id, imp.outs, toClick)).replaces, ["type"]);
        });
    });
});
