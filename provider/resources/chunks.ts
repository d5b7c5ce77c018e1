/**
 * `items` cut into runs of at most `size`, in order: LINE caps how many IDs one call takes (500 per
 * bulk link, 10,000 per audience upload), so long lists go as several calls.
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}
