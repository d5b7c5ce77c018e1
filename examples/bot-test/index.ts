/** The channel the bot test deploys: line.yaml, with the bot's webhook URL from stack config. */
import * as path from "node:path";
// In your own project: import { LineChannel } from "pulumi-line";
import { LineChannel } from "../../provider";

const channel = new LineChannel("channel", { file: path.join(__dirname, "line.yaml") });

export const richMenuIds = channel.richMenuIds;
