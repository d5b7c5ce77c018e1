import type { GetAudienceDataResponse, LineClient } from "../client";
import { labelOf, note, outputsOf, typeOf, type AudienceInputs, type AudienceOutputs } from "./audienceModel";
import { ResourceInitFailedError, withProviderOf } from "./lifecycle";
import { pollUntil } from "./polling";

/**
 * Waiting for an audience: LINE makes it asynchronously (IN_PROGRESS, possibly for hours, then READY;
 * https://developers.line.biz/en/reference/messaging-api/#get-audience-group), and each upload is a
 * job that finishes on its own.
 */

const DEFAULT_READY_TIMEOUT_SECONDS = 600;

/** LINE gave up on the audience or one of its uploads: nothing to wait for. */
class AudienceFailedError extends Error {
    override readonly name = "AudienceFailedError";
}

class ReadyTimeoutError extends Error {
    override readonly name = "ReadyTimeoutError";
}

/** Polls until READY with every job FINISHED, printing each new state; the last answer is returned. */
async function waitUntilReady(
    client: LineClient,
    audienceGroupId: number,
    inputs: AudienceInputs,
): Promise<GetAudienceDataResponse> {
    const label = labelOf(inputs, audienceGroupId);
    const timeoutSeconds = inputs.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS;
    let last = "";
    return pollUntil({
        poll: () => client.getAudienceData(audienceGroupId),
        done: data => {
            const ready = isReady(label, data);
            const line = progressLine(label, data);
            if (line !== last) note(ready ? `${line}; ready` : line);
            last = line;
            return ready;
        },
        timeoutMs: timeoutSeconds * 1000,
        timedOut: (waitedMs, data) =>
            new ReadyTimeoutError(
                `${label} is still ${data.audienceGroup.status} after ${Math.round(waitedMs / 1000)}s ` +
                    `(readyTimeoutSeconds ${timeoutSeconds}); LINE can take hours. It is kept; the next ` +
                    "`pulumi up` waits again.",
            ),
        initialDelayMs: 500,
        maxDelayMs: 10_000,
    });
}

/** Whether the audience is READY with every upload job FINISHED; throws when LINE gave up on it. */
function isReady(label: string, data: GetAudienceDataResponse): boolean {
    const { status, failedType } = data.audienceGroup;
    const failedJob = data.jobs.find(j => j.jobStatus === "FAILED");
    if (status === "FAILED" || failedJob !== undefined) {
        const why = failedJob?.failedType ?? failedType ?? "no reason given";
        throw new AudienceFailedError(
            `LINE failed ${label}${failedJob !== undefined ? ` (upload job ${failedJob.audienceGroupJobId})` : ""}: ${why}`,
        );
    }
    if (status === "EXPIRED")
        throw new AudienceFailedError(`${label} has expired; it can never become READY`);
    return status === "READY" && data.jobs.every(j => j.jobStatus === "FINISHED");
}

function progressLine(label: string, data: GetAudienceDataResponse): string {
    const { status, audienceCount } = data.audienceGroup;
    const finished = data.jobs.filter(j => j.jobStatus === "FINISHED").length;
    return `${label}: ${status}, ${finished}/${data.jobs.length} upload jobs finished, ${audienceCount} users counted`;
}

/**
 * Waits if asked (an empty upload audience is never READY, so never waited for), else reads LINE's
 * view once, and answers the outputs. A wait that times out becomes an initialisation failure carrying
 * the outputs, so state keeps the audience and the next `up` waits again.
 */
export async function settle(
    client: LineClient,
    audienceGroupId: number,
    inputs: AudienceInputs,
): Promise<AudienceOutputs> {
    const emptyUpload = typeOf(inputs) === "upload" && (inputs.memberCount ?? 0) === 0;
    if (inputs.waitUntilReady && emptyUpload) {
        note(
            `${labelOf(inputs, audienceGroupId)} is empty; LINE never marks an empty upload audience READY, so it is not waited for`,
        );
    }
    if (inputs.waitUntilReady && !emptyUpload) {
        try {
            return outputsOf(inputs, (await waitUntilReady(client, audienceGroupId, inputs)).audienceGroup);
        } catch (error) {
            if (!(error instanceof ReadyTimeoutError)) throw error;
            const live = await client.getAudienceData(audienceGroupId);
            throw new ResourceInitFailedError(
                error.message,
                String(audienceGroupId),
                withProviderOf(inputs, outputsOf(inputs, live.audienceGroup)),
            );
        }
    }
    return outputsOf(inputs, (await client.getAudienceData(audienceGroupId)).audienceGroup);
}
