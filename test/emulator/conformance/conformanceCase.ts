import type { CallOptions, EmulatorHandle, EmulatorResponse } from "../../support/emulator";

/** What the conformance set-up made before the cases run, for the cases that need an existing object. */
export interface Fixture {
    /** A menu with its image. */
    readonly menu: string;
    /** A menu without an image. */
    readonly bare: string;
    readonly audienceGroupId: number;
    readonly broadcast: string;
    readonly batchRequestId: string;
    readonly groupId: string;
    readonly roomId: string;
}

/** One call, the status the emulator must answer it with, and what LINE's OpenAPI spec says of it. */
export interface ConformanceCase {
    readonly operationId: string;
    readonly status: number;
    /**
     * The status LINE's spec lists, where the emulator follows LINE's documentation instead
     * (where LINE's OpenAPI file and its rendered reference at https://developers.line.biz/en/reference/messaging-api/ disagree).
     */
    readonly specStatus?: number;
    readonly mediaType?: string;
    readonly call: (f: Fixture) => Promise<EmulatorResponse>;
}

/** The emulator the cases call, as the conformance spec runs it. */
export interface ConformanceContext {
    readonly line: EmulatorHandle;
    call(method: string, path: string, options?: CallOptions): Promise<EmulatorResponse>;
}
