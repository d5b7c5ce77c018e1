import assert from "node:assert/strict";
import type { RichMenuRequest, RichMenuSize } from "../../emulator";
import type { EmulatorHandle } from "../support/emulator";
import { makeJpeg } from "../support/images";
import { SMALL_SIZE, menuRequest as sharedMenuRequest, pngOf } from "../support/menus";

export { pngOf };

export function menuRequest(overrides: Partial<RichMenuRequest> = {}): RichMenuRequest {
    return sharedMenuRequest(overrides);
}

export function jpegOf(size: RichMenuSize = SMALL_SIZE): Buffer {
    return makeJpeg(size.width, size.height);
}

export async function createRichMenu(
    line: EmulatorHandle,
    overrides: Partial<RichMenuRequest> = {},
    token?: string,
): Promise<string> {
    const res = await line.call<{ richMenuId: string }>("POST", "/v2/bot/richmenu", {
        json: menuRequest(overrides),
        ...(token !== undefined && { token }),
    });
    assert.equal(res.status, 200, res.text);
    return res.body.richMenuId;
}

export async function uploadImage(
    line: EmulatorHandle,
    richMenuId: string,
    image = pngOf(),
    token?: string,
): Promise<void> {
    const res = await line.call("POST", `/v2/bot/richmenu/${richMenuId}/content`, {
        body: image,
        contentType: "image/png",
        ...(token !== undefined && { token }),
    });
    assert.equal(res.status, 200, res.text);
}

/** A menu that can be used: created and given its image. */
export async function createUsableRichMenu(
    line: EmulatorHandle,
    overrides: Partial<RichMenuRequest> = {},
    token?: string,
): Promise<string> {
    const id = await createRichMenu(line, overrides, token);
    await uploadImage(line, id, pngOf(overrides.size ?? SMALL_SIZE), token);
    return id;
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
