import type { EmulatorHandle } from "./emulator";

/**
 * Points the provider's handlers at an emulator the way users point them at LINE: through the
 * environment variables the provider reads at call time. Restores the environment afterwards.
 */
export function useLineEnvironment(
    line: EmulatorHandle,
    extra: () => Record<string, string> = () => ({}),
): void {
    const saved: Record<string, string | undefined> = {};
    const set = (vars: Record<string, string>) => {
        for (const [key, value] of Object.entries(vars)) {
            if (!(key in saved)) saved[key] = process.env[key];
            process.env[key] = value;
        }
    };
    before(() => {
        set({
            LINE_CHANNEL_ACCESS_TOKEN: line.token,
            LINE_API_BASE_URL: line.url,
            LINE_DATA_BASE_URL: line.url,
            ...extra(),
        });
    });
    after(() => {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    });
}

/** `METHOD /path` of each logged request, with rich menu IDs kept (they are what the assertions name). */
export function calls(entries: readonly { method: string; path: string }[]): string[] {
    return entries.map(e => `${e.method} ${e.path}`);
}
