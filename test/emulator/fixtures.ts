import type { RichMenuRequest, RichMenuSize } from "../../emulator";
import { makeJpeg } from "../support/images";
import { SMALL_SIZE, menuRequest as sharedMenuRequest } from "../support/menus";

export { createRichMenu, createUsableRichMenu, pngOf, uploadImage } from "../support/menus";

export function menuRequest(overrides: Partial<RichMenuRequest> = {}): RichMenuRequest {
    return sharedMenuRequest(overrides);
}

export function jpegOf(size: RichMenuSize = SMALL_SIZE): Buffer {
    return makeJpeg(size.width, size.height);
}

/** LINE's validation error body. */
export function bodyErrors(...details: { property: string; message: string }[]): unknown {
    return {
        message: `The request body has ${details.length} error(s)`,
        details: details.map(({ message, property }) => ({ message, property })),
    };
}

export const USER_A = `U${"a".repeat(32)}`;
export const USER_B = `U${"b".repeat(32)}`;
export const USER_C = `U${"c".repeat(32)}`;
