import { LineErrorFactory } from "./errors";

/**
 * The `start`/`next` continuation tokens of LINE's paged lists (follower IDs, group and room member
 * IDs, aggregation unit names): opaque to the bot, here the offset into the list, tagged with the
 * list's kind so one list's token is no valid `start` for another
 * (https://developers.line.biz/en/reference/messaging-api/#get-follower-ids).
 */

function continuationToken(kind: string, offset: number): string {
    return Buffer.from(`${kind}:${offset}`).toString("base64url");
}

/** Where a page starts: 0 without `start`; a token not issued for this list answers 400 `Invalid start param`. */
export function startOffset(start: string | null, kind: string, total: number): number {
    if (start === null) return 0;
    const text = Buffer.from(start, "base64url").toString("utf8");
    const match = /^([a-z]+):(\d{1,9})$/.exec(text);
    const offset = Number(match?.[2] ?? Number.NaN);
    if (match?.[1] !== kind || offset > total || continuationToken(kind, offset) !== start)
        throw LineErrorFactory.invalidStartParam();
    return offset;
}

/** One page of `items` from `offset`, and the `next` token while more remain. */
export function pageOf<T>(
    items: readonly T[],
    kind: string,
    offset: number,
    size: number,
): { readonly items: readonly T[]; readonly next?: string } {
    const end = offset + size;
    return {
        items: items.slice(offset, end),
        ...(end < items.length && { next: continuationToken(kind, end) }),
    };
}
