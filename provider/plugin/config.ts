import type * as pulumi from "@pulumi/pulumi";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import { fromStruct, type PlainObject } from "./marshal";
import { PACKAGE } from "./schema";

/**
 * The provider's configuration: `line:channelAccessToken` (secret), `line:channelId`,
 * `line:channelSecret` (secret), `line:expectedBot`, `line:apiBaseUrl`, `line:dataBaseUrl`, and
 * the rest the dynamic resources read from stack config (`line:channels`, `line:ownership`, …).
 *
 * The values are handed to the handlers as the stack config the dynamic provider host hands them
 * (`configure({ config })`, read by provider/resources/credentials.ts), so both kinds of program resolve
 * a channel's settings by the same rules. They live in this process only: the engine keeps the
 * provider's inputs in state, encrypted where the stack config is secret, and nothing here writes them
 * anywhere else.
 */

/** `CheckConfig`: the settings are passed on unchanged (the handlers check them when they use them). */
export function checkConfig(request: providerPb.CheckRequest): providerPb.CheckResponse {
    const news = request.getNews();
    const response = new providerPb.CheckResponse();
    return news === undefined ? response : response.setInputs(news);
}

/** Config values as the handlers read them from stack config: strings, objects as JSON text. */
function asConfigText(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : JSON.stringify(value);
}

/** The settings that matter to a diff, every value as text (the engine's own `__` keys left out). */
function comparable(settings: PlainObject): Map<string, string> {
    const out = new Map<string, string>();
    for (const [key, value] of Object.entries(settings)) {
        const text = asConfigText(value);
        if (!key.startsWith("__") && text !== undefined) out.set(key, text);
    }
    return out;
}

/**
 * `DiffConfig`: which settings changed, an update of the provider and never a replacement, so no
 * resource is replaced or updated for it. Credentials count too: the engine keeps a provider it finds
 * unchanged configured as it was in state, so a rotated token (or dev's token given to prod's provider)
 * reported as no change would never reach the handlers, and `expectedBot` could not refuse it. Only the
 * key is named; the engine shows no secret value.
 */
export function diffConfig(request: providerPb.DiffRequest): providerPb.DiffResponse {
    const olds = comparable(fromStruct(request.getOldInputs() ?? request.getOlds()));
    const news = comparable(fromStruct(request.getNews()));
    const changed = [...new Set([...olds.keys(), ...news.keys()])].filter(
        key => olds.get(key) !== news.get(key),
    );
    const response = new providerPb.DiffResponse().setDiffsList(changed);
    return response.setChanges(
        changed.length > 0
            ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
            : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
    );
}

/** `line:config:apiBaseUrl` (the engine's variables) or `apiBaseUrl` (its args) → `apiBaseUrl`. */
function settingName(key: string): string {
    const prefix = `${PACKAGE}:config:`;
    return key.startsWith(prefix) ? key.slice(prefix.length) : key;
}

/** The provider's settings from a `Configure` request, as `line:<key>` → text. */
export function settingsOf(request: providerPb.ConfigureRequest): Map<string, string> {
    const settings = new Map<string, string>();
    request.getVariablesMap().forEach((value, key) => {
        settings.set(`${PACKAGE}:${settingName(key)}`, value);
    });
    for (const [key, value] of Object.entries(fromStruct(request.getArgs()))) {
        const text = asConfigText(value);
        if (text !== undefined && !key.startsWith("__")) settings.set(`${PACKAGE}:${key}`, text);
    }
    return settings;
}

/** The settings as the dynamic providers' `configure` receives stack config. */
export function asStackConfig(settings: ReadonlyMap<string, string>): pulumi.dynamic.Config {
    return {
        get: key => settings.get(key),
        require: key => {
            const value = settings.get(key);
            if (value === undefined) throw new Error(`missing required provider configuration ${key}`);
            return value;
        },
    };
}
