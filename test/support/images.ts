import { PNG } from "pngjs";
import * as jpeg from "jpeg-js";

/** A solid-colour PNG of the given size: real bytes that LINE's image checks can read. */
export function makePng(
    width: number,
    height: number,
    rgb: [number, number, number] = [0x06, 0xc7, 0x55],
): Buffer {
    const png = new PNG({ width, height });
    for (let i = 0; i < width * height; i++) {
        png.data[i * 4] = rgb[0];
        png.data[i * 4 + 1] = rgb[1];
        png.data[i * 4 + 2] = rgb[2];
        png.data[i * 4 + 3] = 0xff;
    }
    return PNG.sync.write(png);
}

/** A JPEG of the given size; `noise` makes it incompressible, to build files over LINE's 1 MB cap. */
export function makeJpeg(
    width: number,
    height: number,
    opts: { quality?: number; noise?: boolean } = {},
): Buffer {
    const data = Buffer.alloc(width * height * 4);
    let seed = 42;
    for (let i = 0; i < width * height; i++) {
        if (opts.noise) {
            // A fixed-seed LCG keeps the bytes identical run to run.
            seed = (seed * 1103515245 + 12345) & 0x7fffffff;
            data[i * 4] = seed & 0xff;
            data[i * 4 + 1] = (seed >> 8) & 0xff;
            data[i * 4 + 2] = (seed >> 16) & 0xff;
        } else {
            data[i * 4] = 0x06;
            data[i * 4 + 1] = 0xc7;
            data[i * 4 + 2] = 0x55;
        }
        data[i * 4 + 3] = 0xff;
    }
    return Buffer.from(jpeg.encode({ data, width, height }, opts.quality ?? 80).data);
}
