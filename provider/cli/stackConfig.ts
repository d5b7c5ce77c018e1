import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { staticStackConfig, type StackConfig } from "../declarations/references";
import { pair, stringValues } from "./arguments";

/**
 * A stack's config as the commands that run without Pulumi (`render`, `validate`) know it: the project
 * (from the nearest Pulumi.yaml up from the file) and the plain values of its `Pulumi.<stack>.yaml`;
 * `overrides` (`--config key=value`, for secrets, which cannot be read here) win.
 */
export function stackConfigFor(
    file: string,
    stack: string,
    overrides: Record<string, string> = {},
): StackConfig {
    let dir = path.dirname(path.resolve(file));
    let project = "project";
    const values: Record<string, string> = {};
    for (;;) {
        const projectFile = path.join(dir, "Pulumi.yaml");
        if (existsSync(projectFile)) {
            const parsed = parseYaml(readFileSync(projectFile, "utf8")) as { name?: unknown } | null;
            if (typeof parsed?.name === "string") project = parsed.name;
            const stackFile = path.join(dir, `Pulumi.${stack}.yaml`);
            if (existsSync(stackFile)) {
                const settings = parseYaml(readFileSync(stackFile, "utf8")) as { config?: unknown } | null;
                const config = (settings?.config ?? {}) as Record<string, unknown>;
                for (const [key, value] of Object.entries(config)) {
                    // Secure values cannot be read here; --config gives them.
                    if (typeof value === "object" && value !== null && "secure" in value) continue;
                    values[key] = typeof value === "string" ? value : JSON.stringify(value);
                }
            }
            break;
        }
        const parent = path.dirname(dir);
        if (parent === dir) break;
        dir = parent;
    }
    return staticStackConfig(stack, project, { ...values, ...overrides });
}

/** The repeatable `--config KEY=VALUE` option. */
export function configOverrides(value: Parameters<typeof stringValues>[0]): Record<string, string> {
    const config: Record<string, string> = {};
    for (const text of stringValues(value)) {
        const [key, v] = pair("--config", text);
        config[key] = v;
    }
    return config;
}

/** The options both commands take to name the stack and its config. */
export const STACK_OPTIONS = {
    stack: { type: "string" },
    config: { type: "string", multiple: true },
} as const;
