import type * as pulumi from "@pulumi/pulumi";
import { containsUnknown } from "./lifecycle";
import { typeOf, type AudienceInputs, type AudienceType } from "./audienceModel";

/**
 * The rules of an audience's declared shape, checked before anything reaches LINE: the description
 * (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group: 1-120
 * characters, no control characters), and which inputs belong to which audience type. The resource's
 * `check` and the declarations' `line.yaml` checks both use them.
 */

const DESCRIPTION_MAX = 120;
const TYPES: readonly AudienceType[] = ["upload", "click", "imp"];

export function descriptionFailures(description: unknown): pulumi.dynamic.CheckFailure[] {
    const property = "description";
    if (typeof description !== "string" || description.trim() === "") {
        return [{ property, reason: "must be given and not blank" }];
    }
    const failures: pulumi.dynamic.CheckFailure[] = [];
    // eslint-disable-next-line no-control-regex -- control characters are exactly what LINE refuses
    if (/[\u0000-\u001f\u007f]/.test(description)) {
        failures.push({ property, reason: "must not contain control characters such as line breaks" });
    }
    if (description.length > DESCRIPTION_MAX) {
        failures.push({
            property,
            reason: `must be at most ${DESCRIPTION_MAX} characters (it has ${description.length})`,
        });
    }
    return failures;
}

export function shapeFailures(news: AudienceInputs): pulumi.dynamic.CheckFailure[] {
    const failures: pulumi.dynamic.CheckFailure[] = [];
    const type = news.type;
    if (type !== undefined && !containsUnknown(type) && !TYPES.includes(type)) {
        failures.push({
            property: "type",
            reason: `must be one of ${TYPES.map(t => JSON.stringify(t)).join(", ")}`,
        });
        return failures;
    }
    if (typeOf(news) === "upload") {
        if (news.userIds !== undefined && news.userIdsFile !== undefined) {
            failures.push({ property: "userIdsFile", reason: "give userIds or userIdsFile, not both" });
        }
        if (news.requestId !== undefined)
            failures.push({ property: "requestId", reason: "is only for click and imp audiences" });
        if (news.clickUrl !== undefined)
            failures.push({ property: "clickUrl", reason: "is only for click audiences" });
    } else {
        if (news.requestId === undefined || news.requestId === "") {
            failures.push({
                property: "requestId",
                reason: `a ${type} audience needs the requestId of a broadcast or narrowcast`,
            });
        }
        for (const key of ["userIds", "userIdsFile"] as const) {
            if (news[key] !== undefined)
                failures.push({ property: key, reason: "is only for upload audiences" });
        }
        if (news.isIfaAudience === true) {
            failures.push({ property: "isIfaAudience", reason: "is only for upload audiences" });
        }
        if (type === "imp" && news.clickUrl !== undefined) {
            failures.push({ property: "clickUrl", reason: "is only for click audiences" });
        }
    }
    const timeout = news.readyTimeoutSeconds;
    if (timeout !== undefined && !containsUnknown(timeout) && !(typeof timeout === "number" && timeout > 0)) {
        failures.push({ property: "readyTimeoutSeconds", reason: "must be a positive number of seconds" });
    }
    return failures;
}
