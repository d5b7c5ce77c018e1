import assert from "node:assert/strict";
import type { RichMenuRequest } from "../../emulator";
import type { EmulatorHandle } from "./emulator";
import { makePng } from "./images";

/** The smallest size LINE accepts (ratio 3.2), so its image encodes in a millisecond. */
export const SMALL_SIZE = { width: 800, height: 250 } as const;

/** A valid rich menu object of {@link SMALL_SIZE}; the emulator's and the client's specs share it. */
export function menuRequest<T extends object = Record<string, never>>(overrides: T = {} as T) {
    return {
        size: { ...SMALL_SIZE },
        selected: false,
        name: "Main menu",
        chatBarText: "Menu",
        areas: [
            { bounds: { x: 0, y: 0, width: 400, height: 250 }, action: { type: "postback", data: "tab=1" } },
        ],
        ...overrides,
    };
}

const pngs = new Map<string, Buffer>();

/** A PNG of the given size, made once per size. */
export function pngOf(size: { readonly width: number; readonly height: number } = SMALL_SIZE): Buffer {
    const key = `${size.width}x${size.height}`;
    let png = pngs.get(key);
    if (png === undefined) {
        png = makePng(size.width, size.height);
        pngs.set(key, png);
    }
    return png;
}

/** Creates a rich menu on the emulator, which must accept it, and answers its ID. */
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

/** Gives a rich menu its image on the emulator, which must accept it. */
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
