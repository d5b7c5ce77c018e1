import { isLineNotFound } from "../client";

/**
 * LINE's "it is not there" answers, read one way everywhere: a 404, or the 400
 * `AUDIENCE_GROUP_NOT_FOUND` the audience endpoints answer instead
 * (https://developers.line.biz/en/reference/messaging-api/#get-audience-group). `read` turns them
 * into "gone" and `delete` into success; anything else is a real failure and is thrown.
 */

/** LINE's answer to `call`, or undefined when LINE says the thing does not exist. */
export async function readOrGone<T>(call: Promise<T>): Promise<T | undefined> {
    try {
        return await call;
    } catch (error) {
        if (isLineNotFound(error)) return undefined;
        throw error;
    }
}

/** Waits for `call`, a deletion: something already gone counts as deleted. */
export async function deleteIgnoringNotFound(call: Promise<unknown>): Promise<void> {
    try {
        await call;
    } catch (error) {
        if (!isLineNotFound(error)) throw error;
    }
}
