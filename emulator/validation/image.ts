import { createHash } from "node:crypto";
import { imageSize } from "image-size";
import { LineErrorFactory } from "../errors";
import {
    RICH_MENU_IMAGE_CONTENT_TYPES,
    RICH_MENU_IMAGE_MAX_BYTES,
    RICH_MENU_MAX_WIDTH,
    RICH_MENU_MIN_ASPECT_RATIO,
    RICH_MENU_MIN_HEIGHT,
    RICH_MENU_MIN_WIDTH,
} from "../limits";
import type { RichMenuImage, RichMenuSize } from "../model";

type ImageFormat = "jpeg" | "png";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** The IEND chunk every complete PNG ends with: length 0, type, CRC. */
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function formatOf(bytes: Buffer): ImageFormat | undefined {
    if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
    if (bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return "png";
    return undefined;
}

/** A cut-off upload still has a readable header; its end marker tells it apart. */
function isComplete(bytes: Buffer, format: ImageFormat): boolean {
    if (format === "png") return bytes.subarray(bytes.length - PNG_END.length).equals(PNG_END);
    // JPEG ends at the EOI marker; tolerate padding some encoders leave after it.
    const end = bytes.lastIndexOf(Buffer.from([0xff, 0xd9]));
    return end >= 0 && bytes.subarray(end + 2).every(b => b === 0);
}

/** Whether a `Content-Type` is one LINE takes for a rich menu image; anything else is 415. */
export function isRichMenuImageContentType(mediaType: string | undefined): mediaType is string {
    return mediaType !== undefined && RICH_MENU_IMAGE_CONTENT_TYPES.includes(mediaType);
}

/**
 * Checks an uploaded rich menu image on its real bytes (https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image): at most 1 MB, a whole JPEG or PNG
 * of the declared type, within LINE's size rules, and exactly the menu's size.
 */
export function readRichMenuImage(bytes: Buffer, mediaType: string, menuSize: RichMenuSize): RichMenuImage {
    if (bytes.length > RICH_MENU_IMAGE_MAX_BYTES) throw LineErrorFactory.richMenuImageSizeNotAllowed();
    const format = formatOf(bytes);
    if (format === undefined || `image/${format}` !== mediaType || !isComplete(bytes, format)) {
        throw LineErrorFactory.richMenuImageInvalid();
    }
    let width: number;
    let height: number;
    try {
        ({ width, height } = imageSize(bytes));
    } catch {
        throw LineErrorFactory.richMenuImageInvalid();
    }
    const allowed =
        width >= RICH_MENU_MIN_WIDTH &&
        width <= RICH_MENU_MAX_WIDTH &&
        height >= RICH_MENU_MIN_HEIGHT &&
        width / height >= RICH_MENU_MIN_ASPECT_RATIO;
    // LINE's guides always make the image the menu's size, and area bounds are image pixels (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object).
    if (!allowed || width !== menuSize.width || height !== menuSize.height) {
        throw LineErrorFactory.richMenuImageSizeNotAllowed();
    }
    return { contentType: mediaType, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}
