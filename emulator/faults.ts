import { randomUUID } from "node:crypto";

/** What a test asks to go wrong, as posted to `POST /_emulator/faults`. */
export interface FaultSpec {
    /** Only this method (any when absent). */
    readonly method?: string;
    /** An exact path, a template with `{param}` segments, or a prefix ending in `*`. */
    readonly path: string;
    /** Answer with this status instead of handling the request. */
    readonly status?: number;
    /** The body for `status`; LINE's usual body for that status when absent. */
    readonly body?: Readonly<Record<string, unknown>>;
    /** Wait this long first; alone, the request is then handled normally (a slow LINE). */
    readonly delayMs?: number;
    /** Destroy the connection without an answer. */
    readonly reset?: boolean;
    /** How many requests it hits: 1 by default, unlimited by default when `probability` is given. */
    readonly times?: number;
    /** Hit each matching request with this probability (0–1). */
    readonly probability?: number;
}

export interface Fault extends FaultSpec {
    readonly id: string;
    /** Requests this fault has hit so far. */
    hits: number;
}

/** Checks a posted fault; answers the problem in words, or undefined when it is usable. */
export function checkFaultSpec(value: unknown): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value))
        return "the fault must be a JSON object";
    const spec = value as Record<string, unknown>;
    if (typeof spec.path !== "string" || !spec.path.startsWith("/"))
        return "path must be a string starting with /";
    if (spec.method !== undefined && typeof spec.method !== "string") return "method must be a string";
    if (
        spec.status !== undefined &&
        !(Number.isInteger(spec.status) && Number(spec.status) >= 100 && Number(spec.status) <= 599)
    ) {
        return "status must be an HTTP status code";
    }
    if (
        spec.body !== undefined &&
        (typeof spec.body !== "object" || spec.body === null || Array.isArray(spec.body))
    ) {
        return "body must be a JSON object";
    }
    if (spec.delayMs !== undefined && !(typeof spec.delayMs === "number" && spec.delayMs >= 0)) {
        return "delayMs must be a non-negative number";
    }
    if (spec.reset !== undefined && typeof spec.reset !== "boolean") return "reset must be a boolean";
    if (spec.times !== undefined && !(Number.isInteger(spec.times) && Number(spec.times) >= 1)) {
        return "times must be a positive integer";
    }
    if (
        spec.probability !== undefined &&
        !(typeof spec.probability === "number" && spec.probability >= 0 && spec.probability <= 1)
    ) {
        return "probability must be between 0 and 1";
    }
    if (spec.status === undefined && spec.reset !== true && spec.delayMs === undefined) {
        return "a fault needs status, reset or delayMs";
    }
    return undefined;
}

function pathMatches(pattern: string, path: string): boolean {
    if (pattern.endsWith("*")) return path.startsWith(pattern.slice(0, -1));
    const want = pattern.split("/");
    const got = path.split("/");
    return (
        want.length === got.length &&
        want.every((segment, i) => /^\{[^/]+\}$/.test(segment) || segment === got[i])
    );
}

/** The faults in force. The first matching fault that fires decides the request's fate. */
export class FaultInjector {
    private faults: Fault[] = [];

    /** @param random the source for `probability`; tests can make it predictable. */
    constructor(private readonly random: () => number = Math.random) {}

    add(spec: FaultSpec): Fault {
        const fault: Fault = { ...spec, id: randomUUID(), hits: 0 };
        this.faults.push(fault);
        return fault;
    }

    list(): readonly Fault[] {
        return this.faults;
    }

    clear(): void {
        this.faults = [];
    }

    /** The fault that hits this request, if any; counts the hit and retires spent faults. */
    take(method: string, path: string): Fault | undefined {
        for (const fault of this.faults) {
            if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
            if (!pathMatches(fault.path, path)) continue;
            if (fault.probability !== undefined && this.random() >= fault.probability) continue;
            fault.hits++;
            const times = fault.times ?? (fault.probability === undefined ? 1 : Infinity);
            if (fault.hits >= times) this.faults = this.faults.filter(f => f !== fault);
            return fault;
        }
        return undefined;
    }
}
