import { randomBytes, randomInt, randomUUID } from "node:crypto";

/**
 * Where every identifier the emulator hands out comes from, so a test can inject a predictable
 * sequence. Formats follow what LINE returns: rich menu IDs `richmenu-` + 32 hex, request IDs as
 * UUIDs, audience IDs as int64 (kept below 2^53 so JSON clients read them exactly).
 */
export interface IdGenerator {
    richMenuId(): string;
    requestId(): string;
    audienceGroupId(): number;
    audienceGroupJobId(): number;
    /** A short-lived channel access token. */
    accessToken(): string;
    /** A friend's user ID, `U` + 32 hex. */
    userId(): string;
}

/** Random identifiers: what the CLI and most tests use. */
export function randomIds(): IdGenerator {
    return {
        richMenuId: () => `richmenu-${randomBytes(16).toString("hex")}`,
        requestId: () => randomUUID(),
        // 13 digits, like LINE's examples (1234567890123).
        audienceGroupId: () => randomInt(1_000_000_000_000, 9_999_999_999_999),
        audienceGroupJobId: () => randomInt(10_000_000, 99_999_999),
        accessToken: () => randomBytes(96).toString("base64url"),
        userId: () => `U${randomBytes(16).toString("hex")}`,
    };
}

/** Counting identifiers: the same run gives the same IDs, so assertions can name them. */
export function sequentialIds(): IdGenerator {
    let n = 0;
    const next = (): number => ++n;
    const hex32 = (value: number): string => value.toString(16).padStart(32, "0");
    return {
        richMenuId: () => `richmenu-${hex32(next())}`,
        requestId: () => {
            const tail = next().toString(16).padStart(12, "0");
            return `00000000-0000-4000-8000-${tail}`;
        },
        audienceGroupId: () => 1_000_000_000_000 + next(),
        audienceGroupJobId: () => 10_000_000 + next(),
        accessToken: () => `emulator-issued-token-${next()}`,
        userId: () => `U${hex32(next())}`,
    };
}
