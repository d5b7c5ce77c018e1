import { scanLiveStacksForSecrets } from "./harness";

/**
 * Root hooks of the end-to-end suite: after every scenario, no token or channel secret may appear in
 * any stack's state or in anything the CLI printed (errors included).
 */
export const mochaHooks = {
    async afterEach(): Promise<void> {
        await scanLiveStacksForSecrets();
    },
};
