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
