/**
 * One declaration file for every stack: line.yaml holds what dev and prod share, each stack's config
 * (Pulumi.dev.yaml, Pulumi.prod.yaml) what differs, through ${config:…} references.
 */
import * as path from "node:path";
// In your own project: import { LineChannel } from "pulumi-line";
import { LineChannel } from "../../provider";

// Beside this program, so it runs from any working directory; in your project simply "line.yaml".
const channel = new LineChannel("channel", { file: path.join(__dirname, "line.yaml") });

export const richMenuIds = channel.richMenuIds;
export const audienceGroupIds = channel.audienceGroupIds;
/** For the bot server: the greeting, as LINE accepted it at preview. */
export const messageTemplates = channel.messageTemplates;
