import { StringDecoder } from "node:string_decoder";
import type { AudienceErrorCode } from "../errors";
import {
    AUDIENCE_DESCRIPTION_MAX_LENGTH,
    AUDIENCE_UPLOAD_DESCRIPTION_MAX_LENGTH,
    IFA_PATTERN,
    USER_ID_PATTERN,
} from "../limits";

/** https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group: the audience name. Answers LINE's code for the first rule broken, or undefined. */
export function checkAudienceDescription(description: string | undefined): AudienceErrorCode | undefined {
    if (description === undefined || description.trim() === "") return "AUDIENCE_GROUP_NAME_EMPTY";
    // eslint-disable-next-line no-control-regex -- control characters are exactly what LINE refuses
    if (/[\u0000-\u001f\u007f]/.test(description)) return "AUDIENCE_GROUP_NAME_WRONG";
    if (description.length > AUDIENCE_DESCRIPTION_MAX_LENGTH) return "AUDIENCE_GROUP_NAME_SIZE_OVER";
    return undefined;
}

/** https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group: the job label, at most 300 characters. */
export function checkUploadDescription(uploadDescription: string | undefined): AudienceErrorCode | undefined {
    return uploadDescription !== undefined &&
        uploadDescription.length > AUDIENCE_UPLOAD_DESCRIPTION_MAX_LENGTH
        ? "AUDIENCE_GROUP_UPLOAD_DESCRIPTION_SIZE_OVER"
        : undefined;
}

/** What was in an ID list, before knowing (for files) whether it is meant to hold IFAs. */
export interface AudienceIdTally {
    readonly userIds: number;
    readonly ifas: number;
    readonly invalid: number;
    /** The valid user IDs themselves, while there were no more than the counter was told to keep. */
    readonly userIdList?: readonly string[];
}

/** The verdict on a tally: the count to add, or LINE's code for the whole request failing. */
export function judgeAudienceIds(
    tally: AudienceIdTally,
    isIfaAudience: boolean,
    max: number,
    allowEmpty: boolean,
): { count: number } | { code: AudienceErrorCode } {
    const count = isIfaAudience ? tally.ifas : tally.userIds;
    const wrong = tally.invalid + (isIfaAudience ? tally.userIds : tally.ifas);
    if (count + wrong > max) return { code: "UPLOAD_AUDIENCE_GROUP_TOO_MANY_AUDIENCE_IDS" };
    if (wrong > 0) return { code: "UPLOAD_AUDIENCE_GROUP_INVALID_AUDIENCE_ID_FORMAT" };
    if (count === 0 && !allowEmpty) return { code: "UPLOAD_AUDIENCE_GROUP_NO_VALID_AUDIENCE_IDS" };
    return { count };
}

/**
 * Counts the IDs of an uploaded file one chunk at a time, so a 1,500,000-line file is never held
 * whole: only the unfinished last line is kept between chunks, and the user IDs only up to `keepUpTo`
 * (past it the list is dropped and the file is counted only). Blank lines are skipped.
 */
export class AudienceIdCounter implements AudienceIdTally {
    userIds = 0;
    ifas = 0;
    invalid = 0;
    userIdList: string[] | undefined = [];
    private readonly decoder = new StringDecoder("utf8");
    private pending = "";

    constructor(private readonly keepUpTo: number) {}

    write(chunk: Buffer): void {
        const text = this.pending + this.decoder.write(chunk);
        const lines = text.split("\n");
        this.pending = lines.pop() ?? "";
        for (const line of lines) this.count(line);
    }

    end(): AudienceIdTally {
        this.count(this.pending + this.decoder.end());
        this.pending = "";
        return this;
    }

    private count(raw: string): void {
        const id = raw.trim();
        if (id === "") return;
        if (USER_ID_PATTERN.test(id)) {
            this.userIds++;
            this.userIdList = this.userIds <= this.keepUpTo ? this.userIdList : undefined;
            this.userIdList?.push(id);
        } else if (IFA_PATTERN.test(id)) this.ifas++;
        else this.invalid++;
    }
}

/** The same tally for the `audiences[].id` of a JSON body. */
export function tallyAudienceIds(ids: readonly string[]): AudienceIdTally {
    const userIdList = ids.filter(id => USER_ID_PATTERN.test(id));
    const ifas = ids.filter(id => IFA_PATTERN.test(id)).length;
    return { userIds: userIdList.length, ifas, invalid: ids.length - userIdList.length - ifas, userIdList };
}
