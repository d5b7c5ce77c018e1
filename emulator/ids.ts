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
    /** A webhook event's reply token, 32 hex like LINE's examples. */
    replyToken(): string;
    /** A message ID: LINE's are decimal digit strings (`"444573844083572737"`). */
    messageId(): string;
    /** A quote token for a sent or received message. */
    quoteToken(): string;
    /** A webhook event ID: a ULID, 26 characters of Crockford base 32. */
    webhookEventId(): string;
    /** An account-link token: 32 URL-safe characters like LINE's example. */
    linkToken(): string;
    /** A group chat's ID: `C` + 32 hex. */
    groupId(): string;
    /** A multi-person chat's (room's) ID: `R` + 32 hex. */
    roomId(): string;
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function crockford(value: bigint, length: number): string {
    let text = "";
    for (let i = 0; i < length; i++) {
        text = CROCKFORD[Number(value % 32n)] + text;
        value /= 32n;
    }
    return text;
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
        replyToken: () => randomBytes(16).toString("hex"),
        messageId: () => String(randomInt(100_000_000_000_000, 281_474_976_710_655)),
        quoteToken: () => randomBytes(24).toString("base64url"),
        // A ULID's 128 bits; all random here, since only uniqueness matters to a bot (it dedupes on it).
        webhookEventId: () => crockford(BigInt(`0x${randomBytes(16).toString("hex")}`), 26),
        linkToken: () => randomBytes(24).toString("base64url"),
        groupId: () => `C${randomBytes(16).toString("hex")}`,
        roomId: () => `R${randomBytes(16).toString("hex")}`,
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
        replyToken: () => `replytoken${next().toString(16).padStart(22, "0")}`,
        messageId: () => String(100_000_000_000_000 + next()),
        quoteToken: () => `quote-token-${next()}`,
        webhookEventId: () => crockford(BigInt(next()), 26),
        linkToken: () => `link-token-${next()}`,
        groupId: () => `C${hex32(next())}`,
        roomId: () => `R${hex32(next())}`,
    };
}
