import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { Reply } from "../http";
import { type Route, publicRoute } from "../router";
import { CONTROL_PREFIX } from "./control";

/**
 * The browser console (`pulumi-line emulator --console`): static files beside the emulator's code,
 * served under the control surface, which they call. The same folder sits beside the compiled code in
 * dist/ (the build copies it), so the console works from the source tree and from the installed package.
 */

const CONSOLE_DIR = path.join(__dirname, "..", "console");

const CONSOLE_PATH = `${CONTROL_PREFIX}/console`;

const FILES: Readonly<Record<string, string>> = {
    "index.html": "text/html; charset=utf-8",
    "console.js": "text/javascript; charset=utf-8",
    "console.css": "text/css; charset=utf-8",
};

function file(name: string): Reply {
    const contentType = FILES[name];
    if (contentType === undefined) throw new Error(`not a console file: ${name}`);
    // Read at each request: the files are small, and a console edited while the emulator runs shows at once.
    return { status: 200, bytes: readFileSync(path.join(CONSOLE_DIR, name)), contentType };
}

export const consoleRoutes: readonly Route[] = [
    // The page names its folder in <base href>, so it loads the same with or without the trailing slash.
    publicRoute("GET", CONSOLE_PATH, "console", () => file("index.html")),
    publicRoute("GET", `${CONSOLE_PATH}/`, "console", () => file("index.html")),
    ...Object.keys(FILES).map(name =>
        publicRoute("GET", `${CONSOLE_PATH}/${name}`, "console", () => file(name)),
    ),
];
