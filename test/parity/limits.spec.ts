import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as limits from "../../emulator/limits";

/**
 * LINE's limits live twice on purpose: the provider checks a declaration against its JSON Schemas
 * (schema/*.schema.json) before anything reaches LINE, and the emulator answers as LINE does from
 * emulator/limits.ts, each an implementation of its own. This spec keeps them equal, so a preview never
 * passes what LINE (and the emulator) would refuse, nor refuses what LINE accepts.
 */

const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "schema");
const schemas = {
    common: JSON.parse(readFileSync(path.join(SCHEMA_DIR, "common.schema.json"), "utf8")) as unknown,
    richMenu: JSON.parse(readFileSync(path.join(SCHEMA_DIR, "rich-menu.schema.json"), "utf8")) as unknown,
};

/** The value at a JSON pointer-like path (`definitions/size/properties/width/minimum`). */
function at(document: unknown, pointer: string): unknown {
    return pointer
        .split("/")
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

const CASES: readonly (readonly [keyof typeof schemas, string, unknown])[] = [
    ["common", "definitions/size/properties/width/minimum", limits.RICH_MENU_MIN_WIDTH],
    ["common", "definitions/size/properties/width/maximum", limits.RICH_MENU_MAX_WIDTH],
    ["common", "definitions/size/properties/height/minimum", limits.RICH_MENU_MIN_HEIGHT],
    ["richMenu", "properties/name/maxGraphemes", limits.RICH_MENU_NAME_MAX_GRAPHEMES],
    ["richMenu", "properties/chatBarText/maxGraphemes", limits.RICH_MENU_CHAT_BAR_TEXT_MAX_GRAPHEMES],
    ["richMenu", "properties/areas/maxItems", limits.RICH_MENU_MAX_AREAS],
    ["common", "definitions/label/maxGraphemes", limits.ACTION_LABEL_MAX_GRAPHEMES],
    ["common", "definitions/data/maxLength", limits.POSTBACK_DATA_MAX_LENGTH],
    [
        "common",
        "definitions/postbackAction/properties/displayText/maxGraphemes",
        limits.POSTBACK_TEXT_MAX_GRAPHEMES,
    ],
    ["common", "definitions/postbackAction/properties/text/maxGraphemes", limits.POSTBACK_TEXT_MAX_GRAPHEMES],
    [
        "common",
        "definitions/messageAction/properties/text/maxGraphemes",
        limits.MESSAGE_ACTION_TEXT_MAX_GRAPHEMES,
    ],
    ["common", "definitions/uri/maxLength", limits.URI_MAX_LENGTH],
    [
        "common",
        "definitions/clipboardAction/properties/clipboardText/minLength",
        limits.CLIPBOARD_TEXT_MIN_LENGTH,
    ],
    [
        "common",
        "definitions/clipboardAction/properties/clipboardText/maxLength",
        limits.CLIPBOARD_TEXT_MAX_LENGTH,
    ],
    ["common", "definitions/httpsUrl/maxLength", limits.WEBHOOK_ENDPOINT_MAX_LENGTH],
    ["common", "definitions/richMenuAliasId/pattern", limits.RICH_MENU_ALIAS_ID_PATTERN.source],
    ["common", "definitions/userId/pattern", limits.USER_ID_PATTERN.source],
];

describe("LINE's limits: the provider's schemas and the emulator's constants", () => {
    for (const [schema, pointer, emulated] of CASES) {
        it(`${schema}.schema ${pointer} is the emulator's ${String(emulated)}`, () => {
            assert.equal(at(schemas[schema], pointer), emulated);
        });
    }

    it("the picker dates span the emulator's range", () => {
        const date = new RegExp(at(schemas.common, "definitions/pickerDate/pattern") as string);
        for (const inside of [limits.DATETIME_PICKER_MIN_DATE, limits.DATETIME_PICKER_MAX_DATE])
            assert.match(inside, date);
        assert.doesNotMatch("1899-12-31", date);
        assert.doesNotMatch("2101-01-01", date);
    });
});
