import assert from "node:assert/strict";
import { ManualClock } from "../../../emulator";
import { type EmulatorHandle, useEmulator } from "../../support/emulator";

export const SECOND = 1000;
export const DAY = 24 * 60 * 60 * SECOND;
/** Long enough for any emulated upload job to finish. */
export const JOB_DONE = 10 * SECOND;

export interface AudienceGroup {
    audienceGroupId: number;
    status: string;
    audienceCount: number;
    description: string;
    type: string;
}
interface AudienceData {
    audienceGroup: AudienceGroup;
    jobs: { jobStatus: string; audienceCount: number; description?: string }[];
}

/** LINE's audience error body: the message, and the code (with the property it is about) as its one detail. */
export function audienceError(code: string, message: string, property?: string): unknown {
    return { message, details: [property === undefined ? { message: code } : { message: code, property }] };
}

export const NOT_FOUND = audienceError("AUDIENCE_GROUP_NOT_FOUND", "audience group not found");

/** `n` distinct, valid user IDs. */
export function userIds(n: number): string[] {
    return Array.from({ length: n }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
}

export interface AudienceChannel {
    readonly clock: ManualClock;
    readonly line: EmulatorHandle;
    /** Creates an upload audience (which must be accepted) and answers its ID. */
    createUpload(body: Record<string, unknown>): Promise<number>;
    /** The audience and its jobs, as `getAudienceData` answers them. */
    getAudience(id: number): Promise<AudienceData>;
}

/**
 * The set-up the audience route specs share: the emulator on a ManualClock (upload jobs finish as it
 * is advanced), emptied before each test, with two channels, `shop` (the default) and `cafe`.
 */
export function useAudienceChannel(): AudienceChannel {
    const clock = new ManualClock();
    const line = useEmulator({
        rateLimits: false,
        resetBeforeEach: true,
        clock,
        channels: [
            { name: "shop", accessToken: "shop-token" },
            { name: "cafe", accessToken: "cafe-token" },
        ],
    });
    return {
        clock,
        line,
        async createUpload(body) {
            const res = await line.call<{ audienceGroupId: number }>("POST", "/v2/bot/audienceGroup/upload", {
                json: body,
            });
            assert.equal(res.status, 202, res.text);
            return res.body.audienceGroupId;
        },
        async getAudience(id) {
            const res = await line.call<AudienceData>("GET", `/v2/bot/audienceGroup/${id}`);
            assert.equal(res.status, 200, res.text);
            return res.body;
        },
    };
}
