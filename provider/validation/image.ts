import { createHash } from "node:crypto";
import { imageSize } from "image-size";
import { detectImageContentType, type RichMenuImageContentType } from "../client/image";
import type { ValidationFailure } from "./failures";

/** LINE's cap on a rich menu image. */
export const MAX_RICH_MENU_IMAGE_BYTES = 1024 * 1024;

export type RichMenuImageType = RichMenuImageContentType;

/** What the provider knows about an image once its bytes are read. */
export interface RichMenuImageInfo {
    readonly contentType: RichMenuImageType;
    readonly width: number;
    readonly height: number;
    readonly bytes: number;
    readonly sha256: string;
}

function sha256Hex(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Checks image bytes against LINE's rules for a menu of `size`: JPEG or PNG, at most 1 MB, and pixel
 * dimensions equal to the menu's size (areas are given in image pixels, so anything else misplaces taps).
 */
export function inspectRichMenuImage(
    bytes: Uint8Array,
    size: { readonly width: number; readonly height: number } | undefined,
    property = "image",
): { readonly info?: RichMenuImageInfo; readonly failures: ValidationFailure[] } {
    const failures: ValidationFailure[] = [];
    // The same reading of the bytes the client does before it uploads (the file name is not trusted).
    const contentType = detectImageContentType(bytes);
    if (contentType === undefined) {
        return { failures: [{ property, reason: "must be a PNG or JPEG image" }] };
    }
    if (bytes.length > MAX_RICH_MENU_IMAGE_BYTES) {
        failures.push({
            property,
            reason: `is ${bytes.length} bytes; LINE allows at most 1 MB (1048576 bytes)`,
        });
    }
    if (!isComplete(bytes, contentType)) {
        return {
            failures: [...failures, { property, reason: "cannot be read: the image data is truncated" }],
        };
    }
    let dims: { width?: number; height?: number };
    try {
        dims = imageSize(bytes);
    } catch {
        return {
            failures: [
                ...failures,
                { property, reason: "cannot be read: the image data is truncated or corrupt" },
            ],
        };
    }
    const width = dims.width ?? 0;
    const height = dims.height ?? 0;
    if (size !== undefined && (width !== size.width || height !== size.height)) {
        failures.push({
            property,
            reason: `is ${width}x${height} pixels but the menu size is ${size.width}x${size.height}; they must be equal`,
        });
    }
    return { info: { contentType, width, height, bytes: bytes.length, sha256: sha256Hex(bytes) }, failures };
}

/** image-size reads only the header, so a cut-off file would pass it; LINE decodes the whole image. */
function isComplete(bytes: Uint8Array, type: RichMenuImageType): boolean {
    if (type === "image/png") {
        // Every PNG ends with the IEND chunk: its type and fixed CRC.
        const tail = Buffer.from(bytes.subarray(bytes.length - 8)).toString("hex");
        return tail === "49454e44ae426082";
    }
    // A JPEG ends with the EOI marker, possibly followed by padding some encoders add.
    for (let i = bytes.length - 1; i > 1 && i >= bytes.length - 64; i--) {
        if (bytes[i - 1] === 0xff && bytes[i] === 0xd9) return true;
    }
    return false;
}
