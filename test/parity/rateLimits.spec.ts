import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { ManualClock } from "../../emulator";
import { RateLimiter } from "../../emulator/rateLimits";
import { API_ROUTES } from "../../emulator/server";
import { LINE_RATE_LIMITS, rateLimitGroupOf } from "../../provider/client/rateLimiter";

/**
 * LINE's rate limits live twice on purpose: the provider's client paces itself by them
 * (provider/client/rateLimiter.ts, keyed by endpoint group) and the emulator enforces them
 * (emulator/rateLimits.ts, keyed by LINE's operation name), each an implementation of its own. This
 * spec keeps the two equal for every endpoint the client calls: a client pacing slower than LINE wastes
 * time, a faster one collects 429s.
 */

const CLIENT_DIR = path.resolve(__dirname, "..", "..", "provider", "client");

/** The path templates the client's source names (`"/v2/bot/richmenu/{richMenuId}"` …). */
function clientPathTemplates(): Set<string> {
    const templates = new Set<string>();
    for (const file of readdirSync(CLIENT_DIR).filter(f => f.endsWith(".ts"))) {
        const source = readFileSync(path.join(CLIENT_DIR, file), "utf8");
        for (const match of source.matchAll(/["'`](\/(?:v2|oauth2?|v3)\/[^"'`]*)["'`]/g))
            templates.add(match[1]!);
    }
    return templates;
}

describe("LINE's rate limits: the client's pacing and the emulator's buckets", () => {
    const emulator = new RateLimiter({ clock: new ManualClock() });
    const called = clientPathTemplates();
    const routes = API_ROUTES.filter(route => called.has(route.path));

    it("finds the endpoints the client calls among the emulator's routes", () => {
        // Rich menus, aliases, per-user links, batches, webhook, audiences, bot info, tokens, validation.
        assert.ok(routes.length >= 40, `only ${routes.length} of the client's endpoints matched`);
    });

    for (const route of routes) {
        it(`${route.method} ${route.path}: the same limit on both sides`, () => {
            const group = rateLimitGroupOf(route.method, route.path);
            assert.deepEqual(
                LINE_RATE_LIMITS[group],
                emulator.limitFor(route.operation),
                `client group ${group}, emulator operation ${route.operation}`,
            );
        });
    }
});
