import assert from "node:assert/strict";
import { detectImageContentType } from "../../../provider/client/image";
import { makeJpeg, makePng } from "../../support/images";

describe("client image type detection", () => {
    const rows: { name: string; bytes: Uint8Array; expected: string | undefined }[] = [
        { name: "a PNG", bytes: makePng(8, 4), expected: "image/png" },
        { name: "a JPEG", bytes: makeJpeg(8, 4), expected: "image/jpeg" },
        { name: "a GIF", bytes: Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), expected: undefined },
        { name: "text", bytes: Buffer.from("not an image"), expected: undefined },
        {
            name: "a truncated PNG signature",
            bytes: Uint8Array.from([0x89, 0x50, 0x4e]),
            expected: undefined,
        },
        { name: "nothing", bytes: new Uint8Array(0), expected: undefined },
    ];
    for (const { name, bytes, expected } of rows) {
        it(`reads ${name} as ${expected ?? "neither PNG nor JPEG"}`, () => {
            assert.equal(detectImageContentType(bytes), expected);
        });
    }
});
