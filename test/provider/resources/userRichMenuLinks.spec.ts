import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    DRIFT_CHECK_MAX_USERS,
    memberHash,
    userRichMenuLinksHandlers,
    type UserRichMenuLinksInputs,
    type UserRichMenuLinksOutputs,
} from "../../../provider/resources/userRichMenuLinks";
import { useEmulator } from "../../support/emulator";
import { calls, useLineEnvironment } from "../../support/lineEnvironment";
import { createUsableRichMenu } from "../../support/menus";
import { stderrOf } from "../../support/stderr";

/**
 * Drift of per-user links: `read` (refresh) asks LINE about each member state records as linked and
 * records the ones whose menu changed behind Pulumi's back; the next update links exactly them again.
 */

interface ChannelView {
    readonly userLinks: Readonly<Record<string, string>>;
}

describe("UserRichMenuLinks drift", () => {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });
    useLineEnvironment(line);
    const dir = mkdtempSync(path.join(os.tmpdir(), "user-links-"));
    const handlers = userRichMenuLinksHandlers;
    const state = () => line.control.state<ChannelView>();

    const menu = (name: string) => createUsableRichMenu(line, { name });

    /** What `pulumi up` does for a new set: check, then create. */
    async function linked(inputs: UserRichMenuLinksInputs): Promise<UserRichMenuLinksOutputs> {
        const checked = (await handlers.check({} as UserRichMenuLinksInputs, inputs)).inputs!;
        return (await handlers.create(checked)).outs!;
    }

    /** What `pulumi up` does after a refresh: check the same inputs, diff against the refreshed state, update. */
    async function upAfterRefresh(
        refreshed: UserRichMenuLinksOutputs,
        inputs: UserRichMenuLinksInputs,
    ): Promise<{ changes: boolean | undefined; outs: UserRichMenuLinksOutputs }> {
        const checked = (await handlers.check(refreshed as UserRichMenuLinksInputs, inputs)).inputs!;
        const diff = await handlers.diff("links", refreshed, checked);
        if (diff.changes !== true) return { changes: diff.changes, outs: refreshed };
        return { changes: true, outs: (await handlers.update("links", refreshed, checked)).outs! };
    }

    it("finds nothing when every member still has the menu, and asks LINE once per member", async () => {
        const home = await menu("Home");
        const users = await line.control.addFriends(3);
        const outs = await linked({ richMenuId: home, userIds: users });
        await line.control.clearRequests();

        const { result, printed } = await stderrOf(() => handlers.read(`user-links/${home}`, outs));

        assert.deepEqual(result, { id: `user-links/${home}`, props: outs });
        assert.equal(printed, "");
        assert.deepEqual(calls(await line.control.requests()).sort(), [
            `GET /v2/bot/richmenu/${home}`,
            ...users.map(u => `GET /v2/bot/user/${u}/richmenu`).sort(),
        ]);
    });

    it("records unlinked and re-linked members as not linked, and the next update links exactly them", async () => {
        const [home, other] = [await menu("Home"), await menu("Other")];
        const users = await line.control.addFriends(4);
        const inputs = { richMenuId: home, userIds: users };
        const outs = await linked(inputs);
        // Behind Pulumi's back: one user unlinked, one moved to another menu.
        await line.call("DELETE", `/v2/bot/user/${users[1]}/richmenu`);
        await line.call("POST", `/v2/bot/user/${users[2]}/richmenu/${other}`);

        const { result, printed } = await stderrOf(() => handlers.read(`user-links/${home}`, outs));
        const refreshed = result.props as UserRichMenuLinksOutputs;

        assert.equal(refreshed.userCount, 2);
        assert.deepEqual(refreshed.memberHashes, [users[0]!, users[3]!].map(memberHash).sort());
        assert.notEqual(refreshed.userIdsDigest, outs.userIdsDigest);
        assert.equal(
            printed,
            `pulumi-line: users linked to rich menu ${home}: 2 users of 4 no longer have this menu ` +
                "(1 with no rich menu, 1 linked to another menu); `pulumi up` links exactly them again\n",
        );
        assert.ok(!printed.includes(users[1]!) && !printed.includes(users[2]!), "no user ID is printed");

        await line.control.clearRequests();
        const up = await upAfterRefresh(refreshed, inputs);
        assert.equal(up.changes, true);
        const log = await line.control.requests();
        assert.deepEqual(calls(log), ["POST /v2/bot/richmenu/bulk/link"]);
        assert.equal(
            log[0]!.bodySize,
            Buffer.byteLength(JSON.stringify({ richMenuId: home, userIds: [users[1], users[2]] })),
            "the bulk link names the two drifted users and nobody else",
        );
        assert.deepEqual(up.outs, outs, "state is back to what the first up recorded");
        const after = await state();
        assert.deepEqual(
            users.map(u => after.userLinks[u]),
            users.map(() => home),
            "every member has the menu again",
        );
    });

    it("reads a file's IDs again at refresh; members no longer in the file are left to the next up", async () => {
        const home = await menu("Home");
        const users = await line.control.addFriends(3);
        const file = path.join(dir, "members.txt");
        writeFileSync(file, `# VIP\n${users.join("\n")}\n`);
        const outs = await linked({ richMenuId: home, userIdsFile: file });
        assert.equal(outs.userIds, undefined, "a file's IDs are never put in state");
        await line.call("DELETE", `/v2/bot/user/${users[0]}/richmenu`);
        writeFileSync(file, `${users[0]}\n${users[1]}\n`);

        const { result, printed } = await stderrOf(() => handlers.read(`user-links/${home}`, outs));

        assert.deepEqual((result.props as UserRichMenuLinksOutputs).memberHashes, [
            ...[users[1]!, users[2]!].map(memberHash).sort(),
        ]);
        assert.equal(
            printed,
            `pulumi-line: users of ${file} linked to rich menu ${home}: 1 user of 3 no longer has this menu ` +
                "(1 with no rich menu); `pulumi up` links that user again; " +
                `1 user could not be checked: their IDs are no longer in ${file}\n`,
        );
    });

    it("checks no member of a set larger than the limit, and says so at preview and at refresh", async () => {
        const home = await menu("Home");
        const users = await line.control.addFriends(DRIFT_CHECK_MAX_USERS + 1);
        const inputs = { richMenuId: home, userIds: users };
        const preview = await stderrOf(() => handlers.check({} as UserRichMenuLinksInputs, inputs));
        assert.equal(
            preview.printed,
            `pulumi-line: users linked to rich menu ${home}: 1,001 users; refresh checks each user's link ` +
                "only in sets of up to 1,000, so it will not find these users' links changed outside Pulumi " +
                "(only a deleted menu)\n",
        );
        const outs = (await handlers.create(preview.result.inputs!)).outs!;
        await line.call("DELETE", `/v2/bot/user/${users[0]}/richmenu`);
        await line.control.clearRequests();

        const { result, printed } = await stderrOf(() => handlers.read(`user-links/${home}`, outs));

        assert.deepEqual(result.props, outs);
        assert.deepEqual(calls(await line.control.requests()), [`GET /v2/bot/richmenu/${home}`]);
        assert.equal(
            printed,
            `pulumi-line: users linked to rich menu ${home}: 1,001 users, more than the 1,000 whose links ` +
                "refresh checks one by one; refresh checked only that the menu exists, not who is linked to it\n",
        );
    });

    it("gives state written before inline IDs were kept its IDs on the next up, without a LINE call", async () => {
        const home = await menu("Home");
        const users = await line.control.addFriends(2);
        const inputs = { richMenuId: home, userIds: users };
        const { userIds: _kept, ...older } = await linked(inputs);

        const { printed } = await stderrOf(() => handlers.read(`user-links/${home}`, older));
        assert.match(printed, /2 users could not be checked: the state has no IDs to ask about/);

        await line.control.clearRequests();
        const up = await upAfterRefresh(older, inputs);
        assert.equal(up.changes, true);
        assert.deepEqual(up.outs.userIds, [...users].sort());
        assert.deepEqual(calls(await line.control.requests()), []);
    });
});
