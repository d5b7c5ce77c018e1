import type { LineClient, RichMenuBatchRequest } from "../client";
import { chunks } from "./chunks";
import { sha256 } from "./lifecycle";
import { pollUntil } from "./polling";

/**
 * The calls that link users to rich menus: bulk link, 500 IDs a call
 * (https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users), and batch
 * operations (https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users),
 * polled until LINE has applied them.
 */

/** LINE's cap on user IDs per bulk link/unlink call. */
const BULK_LINK_CHUNK = 500;

export async function linkAll(client: LineClient, richMenuId: string, ids: readonly string[]): Promise<void> {
    for (const userIds of chunks(ids, BULK_LINK_CHUNK)) {
        await client.linkRichMenuIdToUsers({ richMenuId, userIds });
    }
}

/** A key LINE accepts (`[0-9a-zA-Z_-]{1,100}`), the same on every retry of the same move. */
export function resumeKeyFor(...parts: string[]): string {
    return `pulumi-line-${sha256(parts.join("\u0000")).slice(0, 40)}`;
}

/**
 * Runs one batch operation to completion: validate (free), run (3/hour), then poll progress. The same
 * `resumeRequestKey` makes a rerun after a timeout or failure pick up only the unfinished users.
 */
export async function runBatch(
    client: LineClient,
    request: RichMenuBatchRequest,
    timeoutSeconds: number,
): Promise<void> {
    await client.validateRichMenuBatchRequest(request);
    const { requestId } = await client.richMenuBatch(request);
    await pollUntil({
        poll: () => client.getRichMenuBatchProgress(requestId),
        done: progress => {
            if (progress.phase !== "failed") return progress.phase === "succeeded";
            throw new Error(
                `LINE's rich menu batch ${requestId} failed for some users; run the update again to resume it ` +
                    `(resumeRequestKey ${request.resumeRequestKey ?? "none"})`,
            );
        },
        timeoutMs: timeoutSeconds * 1000,
        timedOut: () =>
            new Error(
                `LINE's rich menu batch ${requestId} is still running after ${timeoutSeconds}s; run the update again to resume it`,
            ),
        initialDelayMs: 500,
        maxDelayMs: 15_000,
    });
}
