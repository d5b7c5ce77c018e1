import { Resvg } from "@resvg/resvg-js";

/**
 * A review picture's SVG as PNG, `width` pixels wide: what a pull request comment can show (GitHub
 * does not display SVG attachments inline). Drawn by resvg with the machine's fonts; without any
 * installed font the text is left out, and shapes and colours still show.
 */
export function svgToPng(svg: string, width: number): Buffer {
    const resvg = new Resvg(svg, {
        fitTo: { mode: "width", value: width },
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    });
    return resvg.render().asPng();
}
