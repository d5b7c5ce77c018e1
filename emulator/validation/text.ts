/**
 * LINE counts most text in UTF-16 code units, but rich menu `name`/`chatBarText` and action
 * labels and texts in grapheme clusters (https://developers.line.biz/en/docs/messaging-api/text-character-count/): "👨‍👩‍👧" is one character there, eight here.
 */
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function graphemeLength(text: string): number {
    let count = 0;
    for (const _ of graphemes.segment(text)) count++;
    return count;
}

function utf16Length(text: string): number {
    return text.length;
}

/** How a limit counts characters. */
export type CharacterCount = "utf16" | "grapheme";

export function textLength(text: string, count: CharacterCount): number {
    return count === "grapheme" ? graphemeLength(text) : utf16Length(text);
}
