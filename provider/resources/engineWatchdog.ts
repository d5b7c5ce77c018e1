import { readFileSync } from "node:fs";

/**
 * Ends a process the Pulumi engine started once the engine is gone.
 *
 * Why: the engine starts each plugin (the dynamic provider host that runs this package's handlers, a
 * language host, the program) in a process group of its own, and tells them to stop over gRPC. When
 * the engine dies without saying so (SIGKILL, a cancelled CI job, an OOM kill), nothing tells them:
 * they live on under PID 1, and a provider host in the middle of an `up` goes on calling LINE for a
 * run nobody will record, creating menus no state knows about. Worse, once the engine's end of stderr
 * is closed, Pulumi's provider host reports the EPIPE of its own error report as a new uncaught error
 * and loops, at full CPU and growing memory.
 *
 * How it notices: the process's ancestors up to the engine (the first one whose command is `pulumi`;
 * Pulumi's `pulumi-resource-pulumi-nodejs` is a shell script that runs node as its child, so the
 * engine is the grandparent there) are recorded when the watchdog starts. The engine is gone as soon
 * as any of them has another parent than recorded: a dead process's children are re-parented (to PID
 * 1 or a subreaper), and a process whose parent died is re-parented in turn. Checking is a few reads
 * of /proc, done on an unref'd timer (so it never keeps a process alive) and again, synchronously,
 * whenever a caller asks before doing something irreversible (the client's send gate).
 *
 * Where /proc is not available, only `process.ppid` is watched, which covers plugins the engine
 * starts directly. With no engine among the ancestors (unit tests, `pulumi-line` commands, a program
 * run by mocks), there is nothing to watch and nothing is installed.
 */

/** The command name of the Pulumi CLI, which hosts the engine. */
export const ENGINE_COMMAND = "pulumi";

/** How often the ancestry is checked when no one asks: well inside the 5 s an orphan may live. */
export const CHECK_INTERVAL_MS = 250;

/** Ancestors looked through for the engine; wrappers add one or two levels, not more. */
const MAX_ANCESTRY = 6;

/** What the watchdog reads of the process table; injectable so the rules are tested without killing. */
export interface ProcessTable {
    /** This process's ID. */
    readonly self: number;
    /** The parent of `pid`, or `undefined` when `pid` is gone (or cannot be read). */
    parentOf(pid: number): number | undefined;
    /** The command name of `pid` (`comm`), or `undefined` when unknown. */
    commandOf(pid: number): string | undefined;
}

/** Runs `check` every `ms` until cancelled, without keeping the process alive. */
export type Scheduler = (ms: number, check: () => void) => { cancel(): void };

/** One link of the chain to the engine: `pid`'s parent was `parent` when the watch began. */
interface Link {
    readonly pid: number;
    readonly parent: number;
}

/** Linux's process table, through /proc; `process.ppid` for this process elsewhere. */
export function systemProcessTable(): ProcessTable {
    const stat = (pid: number): string | undefined => {
        try {
            return readFileSync(`/proc/${pid}/stat`, "utf8");
        } catch {
            return undefined;
        }
    };
    return {
        self: process.pid,
        parentOf(pid) {
            if (pid === process.pid) return process.ppid;
            // "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split after the last ')'.
            const text = stat(pid);
            if (text === undefined) return undefined;
            const ppid = Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
            return Number.isInteger(ppid) ? ppid : undefined;
        },
        commandOf(pid) {
            const text = stat(pid);
            if (text === undefined) return undefined;
            return text.slice(text.indexOf("(") + 1, text.lastIndexOf(")"));
        },
    };
}

const unrefInterval: Scheduler = (ms, check) => {
    const timer = setInterval(check, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
};

/**
 * The chain from this process up to the engine, or `undefined` when no ancestor is the engine. When
 * ancestors cannot be read at all (no /proc), the chain is the parent alone.
 */
export function chainToEngine(table: ProcessTable): readonly Link[] | undefined {
    const links: Link[] = [];
    let pid = table.self;
    for (let depth = 0; depth < MAX_ANCESTRY; depth++) {
        const parent = table.parentOf(pid);
        if (parent === undefined || parent <= 1) return undefined;
        links.push({ pid, parent });
        const command = table.commandOf(parent);
        if (command === undefined) return depth === 0 ? links : undefined;
        if (command === ENGINE_COMMAND) return links;
        pid = parent;
    }
    return undefined;
}

export interface EngineWatch {
    /** Whether the engine is still there, checked now. Once gone, it stays gone. */
    engineAlive(): boolean;
    /** Stops watching (tests; a process that outlives its engine on purpose). */
    stop(): void;
}

export interface WatchOptions {
    readonly table?: ProcessTable;
    readonly every?: Scheduler;
    readonly intervalMs?: number;
    /** Called once, when the engine is found gone. */
    readonly onGone: () => void;
}

/** Watches the chain to the engine; `undefined` when the process was not started by an engine. */
export function watchEngine(options: WatchOptions): EngineWatch | undefined {
    const table = options.table ?? systemProcessTable();
    const chain = chainToEngine(table);
    if (chain === undefined) return undefined;
    let gone = false;
    const check = (): boolean => {
        if (gone) return false;
        if (chain.every(link => table.parentOf(link.pid) === link.parent)) return true;
        gone = true;
        timer.cancel();
        options.onGone();
        return false;
    };
    const timer = (options.every ?? unrefInterval)(options.intervalMs ?? CHECK_INTERVAL_MS, check);
    return { engineAlive: check, stop: () => timer.cancel() };
}

/**
 * Exits when stdout or stderr breaks: the engine reads them, so a broken pipe means it is gone. An
 * 'error' listener also keeps the EPIPE from becoming the uncaught error that Pulumi's provider host
 * would try to print to the same broken pipe, again and again.
 */
export function exitOnBrokenOutput(exit: (code: number) => void = code => process.exit(code)): void {
    for (const stream of [process.stdout, process.stderr]) {
        stream.on("error", (error: NodeJS.ErrnoException) => {
            if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") exit(1);
        });
    }
}

const INSTALLED = Symbol.for("pulumi-line.engineWatchdog");

/**
 * Installs, once per process, the watchdog that ends the process when its engine is gone, and the
 * exit on broken output. Returns the watch (shared by every caller), or `undefined` when there is no
 * engine to watch.
 */
export function installEngineWatchdog(): EngineWatch | undefined {
    const global = globalThis as { [INSTALLED]?: { watch: EngineWatch | undefined } };
    if (global[INSTALLED] === undefined) {
        const watch = watchEngine({
            // Exit code 1 and nothing printed: whoever would read it is gone.
            onGone: () => process.exit(1),
        });
        if (watch !== undefined) exitOnBrokenOutput();
        global[INSTALLED] = { watch };
    }
    return global[INSTALLED].watch;
}
