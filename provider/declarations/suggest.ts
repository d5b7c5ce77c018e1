import { distance } from "fastest-levenshtein";

/**
 * "Did you mean" for a misspelt key, action type or reference: the closest candidate, if it is close
 * enough to be the likely intent (a third of the word's letters wrong at most, ignoring case).
 */
function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
    const lower = word.toLowerCase();
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        if (candidate === word) continue;
        const d = distance(lower, candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    const allowed = Math.max(1, Math.ceil(Math.max(word.length, 3) / 3));
    return best !== undefined && bestDistance <= allowed ? best : undefined;
}

/** `; did you mean "chatBarText"?`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
    const match = closestMatch(word, candidates);
    return match === undefined ? "" : `; did you mean "${match}"?`;
}
