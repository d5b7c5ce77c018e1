import busboy from "busboy";
import { LineErrorFactory } from "../errors";
import type { ChannelContext } from "../http";
import { AUDIENCE_MAX_KEPT_USER_IDS } from "../limits";
import { type AudienceIdTally, AudienceIdCounter } from "../validation/audience";

/**
 * The `multipart/form-data` body of the upload-by-file routes on api-data.line.me
 * (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file):
 * text fields and one `file` of IDs, one per line.
 */

export interface UploadForm {
    readonly fields: ReadonlyMap<string, string>;
    readonly tally?: AudienceIdTally;
}

/**
 * Stream-parses a `multipart/form-data` upload with busboy: the `file` part is counted line by line
 * as it arrives, never buffered. A file part that is not `text/plain` is 415 (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group-by-file).
 */
export async function readUploadForm(ctx: ChannelContext): Promise<UploadForm> {
    if (ctx.mediaType !== "multipart/form-data") {
        await ctx.discardBody();
        throw LineErrorFactory.unsupportedContentType(ctx.contentTypeHeader);
    }
    let parser: busboy.Busboy;
    try {
        parser = busboy({ headers: ctx.req.headers, limits: { files: 1, fields: 20, fieldSize: 64 * 1024 } });
    } catch {
        await ctx.discardBody();
        throw LineErrorFactory.unparsableMultipart();
    }
    const fields = new Map<string, string>();
    let counter: AudienceIdCounter | undefined;
    let fileType: string | undefined;
    await new Promise<void>((resolve, reject) => {
        parser.on("field", (name, value) => fields.set(name, value));
        parser.on("file", (name, stream, info) => {
            if (name !== "file" || counter !== undefined) {
                stream.resume();
                return;
            }
            const lines = new AudienceIdCounter(AUDIENCE_MAX_KEPT_USER_IDS);
            counter = lines;
            fileType = info.mimeType.toLowerCase();
            stream.on("data", (chunk: Buffer) => lines.write(chunk));
        });
        parser.on("close", resolve);
        parser.on("error", () => reject(LineErrorFactory.unparsableMultipart()));
        ctx.req.on("data", (chunk: Buffer) => {
            ctx.bodySize += chunk.length;
        });
        ctx.req.pipe(parser);
    });
    if (counter !== undefined && fileType !== "text/plain")
        throw LineErrorFactory.unsupportedContentType(fileType);
    return counter === undefined ? { fields } : { fields, tally: counter.end() };
}

export function requireFile(form: UploadForm): AudienceIdTally {
    if (form.tally === undefined)
        throw LineErrorFactory.invalidRequestBody([{ message: "must be specified", property: "file" }]);
    return form.tally;
}
