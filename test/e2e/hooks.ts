import { scanLiveStacksForSecrets } from "./harness";
import { endMarkedProcesses } from "./processes";

/**
 * Root hooks of the end-to-end suite: after every scenario, no token or channel secret may appear in
 * any stack's state or in anything the CLI printed (errors included). At the end, every process any
 * stack's runs started is gone, even those of a spec that failed before disposing of its stacks.
 */
export const mochaHooks = {
    async afterEach(): Promise<void> {
        await scanLiveStacksForSecrets();
    },
    afterAll(): void {
        endMarkedProcesses();
    },
};
