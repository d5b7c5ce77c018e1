/**
 * The channel of this repository's root program (index.ts), declared in YAML: the program only loads
 * line.yaml. Everything about the channel is in that file.
 */
import * as path from "node:path";
// In your own project: import { LineChannel } from "pulumi-line";
import { LineChannel } from "../../provider";

// Beside this program, so it runs from any working directory; in your project simply "line.yaml".
const channel = new LineChannel("channel", { file: path.join(__dirname, "line.yaml") });

export const richMenuIds = channel.richMenuIds;
