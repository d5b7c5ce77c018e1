import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ManualClock } from "../../../emulator";
import {
    audienceHandlers as handlers,
    type AudienceInputs,
    type AudienceOutputs,
} from "../../../provider/resources/audience";
import { announceBot } from "../../../provider/resources/botGuard";
import { useTiming } from "../../../provider/resources/polling";
import { type EmulatorHandle, useEmulator } from "../../support/emulator";
import { useLineEnvironment } from "../../support/lineEnvironment";
import { stderrOf } from "../../support/stderr";

interface AudienceView {
    readonly audienceGroupId: number;
    readonly type: string;
    readonly description: string;
    readonly status: string;
    readonly isIfaAudience: boolean;
    readonly requestId?: string;
    readonly jobs: { readonly audienceCount: number; readonly jobStatus: string }[];
}

/** Distinct, valid user IDs, the same for the same `from`. */
export function userIds(count: number, from = 0): string[] {
    return Array.from(
        { length: count },
        (_, i) =>
            `U${createHash("sha256")
                .update(String(from + i))
                .digest("hex")
                .slice(0, 32)}`,
    );
}

export function ifas(count: number): string[] {
    return Array.from({ length: count }, (_, i) => {
        const h = createHash("sha256").update(`ifa${i}`).digest("hex");
        return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    });
}

export const base = (overrides: Partial<AudienceInputs> = {}): AudienceInputs => ({
    description: "Spring campaign",
    ...overrides,
});

/** The inputs `check` answers for `news`, which it must pass. */
export async function checked(
    news: AudienceInputs,
    olds: Partial<AudienceInputs> = {},
): Promise<AudienceInputs> {
    const result = await handlers.check(olds as AudienceInputs, news);
    assert.deepEqual(result.failures, []);
    return result.inputs!;
}

export interface AudienceFixture {
    readonly clock: ManualClock;
    readonly line: EmulatorHandle;
    /** A directory for the spec's files of IDs, removed afterwards. */
    readonly dir: string;
    /** The channel's audiences, as the emulator's control state shows them. */
    audiences(): Promise<AudienceView[]>;
    /** The accounts each upload job added, once the emulator has finished them (0 until then). */
    jobCounts(): Promise<number[]>;
    /** The request log as `METHOD /path`, with audience IDs shown as {id}. */
    requests(): Promise<string[]>;
    /** Checks and creates; the request log then holds the create's calls only. */
    created(news: AudienceInputs): Promise<{ inputs: AudienceInputs; outs: AudienceOutputs }>;
}

/**
 * The set-up the Audience specs share: the handlers pointed at an emulator emptied before each test,
 * and a directory for files of IDs.
 */
export function useAudienceFixture(): AudienceFixture {
    // One clock for the emulator and the provider's waits: a wait for READY moves emulated time, so
    // upload jobs finish after as many polls as against LINE, without sleeping.
    const clock = new ManualClock();
    const line = useEmulator({ rateLimits: false, clock });
    useLineEnvironment(line);
    // `check` tells, once per process and channel, which bot the channel is; told here, it is in no
    // test's captured output, whichever test checks first.
    before(() => stderrOf(() => announceBot(undefined)));
    before(() => useTiming({ now: () => clock.now(), sleep: async ms => clock.advance(ms) }));
    after(() => useTiming(undefined));
    const dir = mkdtempSync(path.join(os.tmpdir(), "audience-spec-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    beforeEach(async () => {
        await line.control.reset();
    });

    const audiences = async () => (await line.control.state<{ audiences: AudienceView[] }>()).audiences;
    return {
        clock,
        line,
        dir,
        audiences,
        async jobCounts() {
            for (let attempt = 0; ; attempt++) {
                const [live] = await audiences();
                const jobs = live?.jobs ?? [];
                if (jobs.every(j => j.jobStatus === "FINISHED") || attempt === 40)
                    return jobs.map(j => j.audienceCount);
                clock.advance(1_000);
            }
        },
        async requests() {
            return (await line.control.requests()).map(
                e => `${e.method} ${e.path.replace(/\/\d+(?=\/|$)/, "/{id}")}`,
            );
        },
        async created(news) {
            const inputs = await checked(news);
            await line.control.clearRequests();
            const result = await handlers.create(inputs);
            assert.equal(result.id, String(result.outs!.audienceGroupId));
            return { inputs, outs: result.outs! };
        },
    };
}
