import { readdirSync, readFileSync } from "node:fs";

/**
 * Finding every process an end-to-end run started, wherever it ended up in the process tree.
 *
 * The engine starts its plugins in process groups of their own, and a plugin whose engine died is
 * re-parented to PID 1, so neither the process group nor the tree finds them. The environment does:
 * every process inherits it, so a marker variable the harness puts into the CLI's environment is in
 * the language host, the program and the provider host too. Linux's /proc shows each process's
 * environment as it was started; reading another user's fails, and those are not ours.
 */

/** The variable that marks a test's processes; its value names the stack and the test process. */
export const MARK_VARIABLE = "PULUMI_LINE_E2E_MARK";

/** The marks of this test process all start so; {@link endMarkedProcesses} ends them at the close. */
const MARK_PREFIX = `pulumi-line-e2e-${process.pid}-`;

let counter = 0;

/** A new mark, unique within this test process. */
export function newMark(name: string): string {
    counter += 1;
    return `${MARK_PREFIX}${counter}-${name}`;
}

/** The IDs of live processes whose environment holds a mark for which `matches` is true. */
export function markedProcesses(matches: (mark: string) => boolean): number[] {
    const found: number[] = [];
    const assignment = `${MARK_VARIABLE}=`;
    for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        let environ: string;
        try {
            environ = readFileSync(`/proc/${entry}/environ`, "latin1");
        } catch {
            continue; // gone meanwhile, or not ours
        }
        const variable = environ.split("\0").find(v => v.startsWith(assignment));
        if (variable !== undefined && matches(variable.slice(assignment.length))) found.push(Number(entry));
    }
    return found;
}

/** What a run's process is, from its command line, for reports: `provider host`, `program`, … */
export function roleOf(pid: number): string {
    let commandLine: string;
    try {
        commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
    } catch {
        return "gone";
    }
    const roles: readonly (readonly [RegExp, string])[] = [
        [/dynamic-provider/, "provider host"],
        [/pulumi-resource-pulumi-nodejs/, "provider host launcher"],
        [/languageHost\.js|pulumi-language-nodejs/, "language host"],
        [/cmd\/run/, "program"],
        [/^\S*pulumi /, "engine"],
    ];
    return roles.find(([pattern]) => pattern.test(commandLine))?.[1] ?? commandLine.slice(0, 60);
}

/** Ends the processes holding `mark` (all of this test process's marks when absent); returns how many. */
export function endMarkedProcesses(mark?: string): number {
    const pids = markedProcesses(m => (mark === undefined ? m.startsWith(MARK_PREFIX) : m === mark));
    for (const pid of pids) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // exited between the scan and the kill
        }
    }
    return pids.length;
}

/** Polls until no process holds `mark` or `withinMs` has passed; returns how many are left. */
export async function waitUntilGone(mark: string, withinMs: number): Promise<number> {
    const deadline = Date.now() + withinMs;
    for (;;) {
        const left = markedProcesses(m => m === mark).length;
        if (left === 0 || Date.now() >= deadline) return left;
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}
