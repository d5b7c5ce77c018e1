/**
 * Rich menu images: LINE accepts only PNG and JPEG, and takes the type from the `Content-Type` header,
 * so the client reads it from the bytes rather than trusting a file name or a caller's label.
 */

export type RichMenuImageContentType = "image/png" | "image/jpeg";

const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// SOI marker followed by the first byte of the next marker; every JPEG (JFIF, Exif, raw) starts so.
const JPEG_SIGNATURE: readonly number[] = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
    return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}

/** The image's media type from its magic number, or `undefined` when it is neither PNG nor JPEG. */
export function detectImageContentType(bytes: Uint8Array): RichMenuImageContentType | undefined {
    if (startsWith(bytes, PNG_SIGNATURE)) return "image/png";
    if (startsWith(bytes, JPEG_SIGNATURE)) return "image/jpeg";
    return undefined;
}
