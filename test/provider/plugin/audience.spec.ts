import assert from "node:assert/strict";
import { manageAudience } from "@line/bot-sdk";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { EMPTY_DIGEST } from "../../../provider/resources/audienceModel";
import { useEmulator } from "../../support/emulator";
import { stderrOf } from "../../support/stderr";
import { plain, usePluginClient } from "./pluginClient";

/**
 * `line:index:Audience` through the native provider's gRPC service, against the emulator: an upload
 * audience made with the resource's own handlers (state keeps a digest and a count, never the IDs),
 * planned property by property, and audiences made with LINE's SDK imported by their audienceGroupId
 * with no members (LINE reports a count, never who), then declared with no change.
 */

const TYPE = "line:index:Audience";
const Changes = providerPb.DiffResponse.DiffChanges;
const Kind = providerPb.PropertyDiff.Kind;

interface AudienceView {
    readonly audienceGroupId: number;
    readonly type: string;
    readonly description: string;
}

describe("the native provider plugin: line:index:Audience", () => {
    const line = useEmulator({ rateLimits: false });
    const plugin = usePluginClient(line);

    const requests = async () => (await line.control.requests()).map(r => `${r.method} ${r.path}`);
    const writes = async () => (await requests()).filter(r => !r.startsWith("GET "));
    const audiences = async () => (await line.control.state<{ audiences: AudienceView[] }>()).audiences;
    const sdk = () =>
        new manageAudience.ManageAudienceClient({ channelAccessToken: line.token, baseURL: line.url });
    const detailed = (diff: providerPb.DiffResponse) =>
        [...diff.getDetaileddiffMap().entries()].map(([k, d]) => [k, d.getKind()]).sort();

    it("has a schema entry whose inline IDs are secret, and outputs of what LINE assigns", async () => {
        const schema = (await plugin.getSchema()) as {
            resources: Record<
                string,
                {
                    requiredInputs: string[];
                    inputProperties: Record<string, { secret?: boolean }>;
                    required: string[];
                }
            >;
        };
        const audience = schema.resources[TYPE]!;
        assert.deepEqual(audience.requiredInputs, ["description"]);
        assert.equal(audience.inputProperties.userIds!.secret, true);
        assert.deepEqual(audience.required, [
            "description",
            "audienceGroupId",
            "status",
            "audienceCount",
            "created",
            "membersDigest",
            "memberCount",
        ]);
    });

    it("creates an upload audience; state keeps the IDs' digest and count, never the IDs", async () => {
        const users = await line.control.addFriends(2);
        const inputs = await plugin.check(TYPE, { description: "VIP", userIds: users });
        assert.equal(inputs.memberCount, 2);
        const { id, outs } = await plugin.create(TYPE, inputs);
        assert.match(id, /^[0-9]+$/);
        assert.equal(outs.audienceGroupId, Number(id));
        assert.deepEqual(
            [outs.memberCount, outs.membersDigest, outs.type],
            [2, inputs.membersDigest, "upload"],
        );
        assert.equal(outs.userIds, undefined);
        for (const user of users)
            assert.ok(!JSON.stringify(outs).includes(user), "no user ID in the outputs");
        assert.deepEqual(await writes(), ["POST /v2/bot/audienceGroup/upload"]);
        assert.deepEqual(
            (await audiences()).map(a => [a.audienceGroupId, a.type, a.description]),
            [[Number(id), "UPLOAD", "VIP"]],
        );
    });

    it("plans a rename as an update and reordered IDs as a replacement, naming the property", async () => {
        const users = await line.control.addFriends(2);
        const oldInputs = await plugin.check(TYPE, { description: "VIP", userIds: users });
        const { id, outs } = await plugin.create(TYPE, oldInputs);
        const state = { olds: outs, oldInputs };

        const renamed = await plugin.check(TYPE, { description: "VIP 2", userIds: users }, oldInputs);
        const rename = await plugin.diff(TYPE, id, state, renamed);
        assert.deepEqual([rename.getChanges(), rename.getReplacesList()], [Changes.DIFF_SOME, []]);
        assert.deepEqual(detailed(rename), [["description", Kind.UPDATE]]);

        const reordered = await plugin.check(
            TYPE,
            { description: "VIP", userIds: [...users].reverse() },
            oldInputs,
        );
        const reorder = await plugin.diff(TYPE, id, state, reordered);
        assert.deepEqual(reorder.getReplacesList(), ["userIds"]);
        assert.ok(detailed(reorder).some(([k, kind]) => k === "userIds" && kind === Kind.UPDATE_REPLACE));
        assert.deepEqual(await writes(), ["POST /v2/bot/audienceGroup/upload"]);
    });

    it("imports an audience made with LINE's SDK by its ID: no members, and saying why; then no change", async () => {
        const users = await line.control.addFriends(2);
        const { audienceGroupId } = await sdk().createAudienceGroup({
            description: "VIP customers",
            audiences: users.map(id => ({ id })),
        });
        const { audienceCount } = (await sdk().getAudienceData(audienceGroupId!)).audienceGroup!;
        await line.control.clearRequests();

        const { result, printed } = await stderrOf(() => plugin.read(TYPE, String(audienceGroupId)));
        assert.equal(result.getId(), String(audienceGroupId));
        const inputs = plain(result.getInputs());
        assert.deepEqual(inputs, { description: "VIP customers", type: "upload", isIfaAudience: false });
        const outputs = plain(result.getProperties());
        assert.deepEqual(
            [outputs.audienceGroupId, outputs.memberCount, outputs.membersDigest, outputs.audienceCount],
            [audienceGroupId, 0, EMPTY_DIGEST, audienceCount],
        );
        assert.ok(
            printed.includes(`reports ${audienceCount} members but cannot list them, so none were imported`),
            printed,
        );
        assert.deepEqual(await requests(), [`GET /v2/bot/audienceGroup/${audienceGroupId}`]);

        // The program declaring it as LINE describes it plans nothing.
        const news = await plugin.check(TYPE, { description: "VIP customers" }, inputs);
        const diff = await plugin.diff(
            TYPE,
            String(audienceGroupId),
            { olds: outputs, oldInputs: inputs },
            news,
        );
        assert.equal(diff.getChanges(), Changes.DIFF_NONE);
        assert.deepEqual(await writes(), []);
    });

    it("imports a click audience with the message it was made from", async () => {
        const requestId = await line.control.recordBroadcast();
        const { audienceGroupId } = await sdk().createClickBasedAudienceGroup({
            description: "Clicked the sale",
            requestId,
        });
        const { result } = await stderrOf(() => plugin.read(TYPE, String(audienceGroupId)));
        assert.deepEqual(plain(result.getInputs()), {
            description: "Clicked the sale",
            type: "click",
            isIfaAudience: false,
            requestId,
        });
        assert.equal(plain(result.getProperties()).type, "click");
        assert.deepEqual(await writes(), ["POST /v2/bot/audienceGroup/click"]);
    });

    const refusals: readonly { readonly id: string; readonly answer: RegExp | "gone" }[] = [
        { id: "richmenu-1", answer: /imported by its audienceGroupId \(a number\), not "richmenu-1"/ },
        { id: "0", answer: /imported by its audienceGroupId/ },
        { id: "987654321", answer: "gone" },
    ];
    for (const { id, answer } of refusals) {
        it(`answers an import of ${JSON.stringify(id)} ${answer === "gone" ? "with no object" : "with an error"}`, async () => {
            if (answer === "gone") {
                assert.equal((await plugin.read(TYPE, id)).getId(), "");
                assert.deepEqual(await requests(), [`GET /v2/bot/audienceGroup/${id}`]);
            } else {
                await assert.rejects(plugin.read(TYPE, id), answer);
                assert.deepEqual(await requests(), []);
            }
            assert.deepEqual(await audiences(), []);
        });
    }
});
