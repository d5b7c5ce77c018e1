import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    CHECK_INTERVAL_MS,
    chainToEngine,
    ENGINE_COMMAND,
    systemProcessTable,
    watchEngine,
    type ProcessTable,
    type Scheduler,
} from "../../../provider/resources/engineWatchdog";

/**
 * The watchdog that ends a plugin process once the Pulumi engine that started it is gone: it finds
 * the engine among the process's ancestors, notices when the chain to it breaks, and says so once.
 */

/** A process table the test edits: pid → [parent, command]. This process is 100. */
function table(processes: Record<number, readonly [number, string | undefined]>): ProcessTable & {
    reparent(pid: number, parent: number): void;
} {
    const rows = new Map<number, [number, string | undefined]>(
        Object.entries(processes).map(([pid, [parent, command]]) => [Number(pid), [parent, command]]),
    );
    return {
        self: 100,
        parentOf: pid => rows.get(pid)?.[0],
        commandOf: pid => rows.get(pid)?.[1],
        reparent(pid, parent) {
            rows.get(pid)![0] = parent;
        },
    };
}

/** A scheduler the test ticks by hand. */
function manualScheduler(): Scheduler & { tick(): void; intervals: number[]; cancelled: boolean } {
    const checks: (() => void)[] = [];
    const scheduler = Object.assign(
        ((ms: number, check: () => void) => {
            scheduler.intervals.push(ms);
            checks.push(check);
            return {
                cancel: () => {
                    scheduler.cancelled = true;
                },
            };
        }) as Scheduler,
        {
            intervals: [] as number[],
            cancelled: false,
            tick: () => {
                for (const check of checks) if (!scheduler.cancelled) check();
            },
        },
    );
    return scheduler;
}

describe("the engine watchdog", () => {
    describe("finding the engine", () => {
        const CASES: {
            readonly name: string;
            readonly processes: Record<number, readonly [number, string | undefined]>;
            readonly chain: readonly (readonly [number, number])[] | undefined;
        }[] = [
            {
                name: "the engine is the parent (a plugin it starts directly, like the language host)",
                processes: { 100: [50, "node"], 50: [10, ENGINE_COMMAND], 10: [1, "bash"] },
                chain: [[100, 50]],
            },
            {
                name: "a shell wrapper sits between (Pulumi's pulumi-resource-pulumi-nodejs)",
                processes: { 100: [60, "node"], 60: [50, "sh"], 50: [10, ENGINE_COMMAND], 10: [1, "bash"] },
                chain: [
                    [100, 60],
                    [60, 50],
                ],
            },
            {
                name: "the program, started by the language host",
                processes: { 100: [70, "node"], 70: [50, "node"], 50: [1, ENGINE_COMMAND] },
                chain: [
                    [100, 70],
                    [70, 50],
                ],
            },
            {
                name: "no engine among the ancestors (a test run, a pulumi-line command)",
                processes: { 100: [60, "node"], 60: [10, "npm"], 10: [1, "bash"] },
                chain: undefined,
            },
            {
                name: "already orphaned when it starts",
                processes: { 100: [1, "node"] },
                chain: undefined,
            },
            {
                name: "no /proc: only the parent is known",
                processes: { 100: [50, undefined] },
                chain: [[100, 50]],
            },
        ];
        for (const { name, processes, chain } of CASES) {
            it(name, () => {
                const found = chainToEngine(table(processes));
                assert.deepEqual(
                    found?.map(link => [link.pid, link.parent]),
                    chain?.map(link => [...link]),
                );
            });
        }
    });

    describe("watching", () => {
        const start = (processes: Record<number, readonly [number, string | undefined]>) => {
            const processTable = table(processes);
            const every = manualScheduler();
            let gone = 0;
            const watch = watchEngine({ table: processTable, every, onGone: () => gone++ });
            return { processTable, every, watch, gone: () => gone };
        };
        const WRAPPED = { 100: [60, "node"], 60: [50, "sh"], 50: [10, ENGINE_COMMAND] } as const;

        it(`checks every ${CHECK_INTERVAL_MS} ms and stays quiet while the engine is there`, () => {
            const { every, watch, gone } = start(WRAPPED);
            every.tick();
            every.tick();
            assert.deepEqual(every.intervals, [CHECK_INTERVAL_MS]);
            assert.equal(watch?.engineAlive(), true);
            assert.equal(gone(), 0);
        });

        const DEATHS: { readonly what: string; readonly pid: number }[] = [
            { what: "the engine dies (its child is re-parented)", pid: 60 },
            { what: "the wrapper between dies (this process is re-parented)", pid: 100 },
        ];
        for (const { what, pid } of DEATHS) {
            it(`reports once, and stops checking, when ${what}`, () => {
                const { processTable, every, watch, gone } = start(WRAPPED);
                processTable.reparent(pid, 1);
                every.tick();
                every.tick();
                assert.equal(gone(), 1);
                assert.equal(every.cancelled, true);
                assert.equal(watch?.engineAlive(), false);
                assert.equal(gone(), 1);
            });
        }

        it("answers from the process table at the moment it is asked, not at the last tick", () => {
            const { processTable, watch, gone } = start(WRAPPED);
            processTable.reparent(60, 1);
            assert.equal(watch?.engineAlive(), false);
            assert.equal(gone(), 1);
        });

        it("installs nothing when no engine started the process", () => {
            const { every, watch } = start({ 100: [60, "node"], 60: [1, "bash"] });
            assert.equal(watch, undefined);
            assert.deepEqual(every.intervals, []);
        });
    });

    const linux = existsSync("/proc/self/stat");

    (linux ? describe : describe.skip)("on Linux's process table", () => {
        it("reads this process's parent and command", () => {
            const system = systemProcessTable();
            assert.equal(system.self, process.pid);
            assert.equal(system.parentOf(process.pid), process.ppid);
            assert.equal(system.parentOf(process.ppid), systemProcessTable().parentOf(process.ppid));
            assert.equal(typeof system.commandOf(process.pid), "string");
            assert.equal(
                system.parentOf(2 ** 22 + 1),
                undefined,
                "a PID above Linux's maximum is no process",
            );
        });

        // A real engine stand-in: a shell started through a link named `pulumi`, which the kernel
        // reports as the process's command. The watchdog runs in a node process below it.
        const TREES: { readonly name: string; readonly script: string }[] = [
            { name: "a plugin the engine starts directly", script: 'exec "$NODE" -e "$WATCHED"' },
            {
                name: "a plugin behind a shell wrapper",
                script: 'sh -c "\\"$NODE\\" -e \\"\\$WATCHED\\"; true"',
            },
        ];
        for (const { name, script } of TREES) {
            it(`ends ${name} once the engine is killed`, async function () {
                this.timeout(20_000);
                const dir = mkdtempSync(path.join(os.tmpdir(), "pulumi-line-watchdog-"));
                let plugin: number | undefined;
                try {
                    symlinkSync("/bin/sh", path.join(dir, ENGINE_COMMAND));
                    const watchdog = path.resolve(__dirname, "../../../provider/resources/engineWatchdog.ts");
                    const engine = spawn(path.join(dir, ENGINE_COMMAND), ["-c", `${script} & wait`], {
                        env: {
                            ...process.env,
                            NODE: process.execPath,
                            NODE_OPTIONS: "--import tsx",
                            WATCHED:
                                `require(${JSON.stringify(watchdog)}).installEngineWatchdog();` +
                                "console.log(process.pid); setInterval(() => {}, 1000);",
                        },
                        stdio: ["ignore", "pipe", "inherit"],
                    });
                    plugin = await new Promise<number>(resolve =>
                        engine.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
                    );
                    assert.ok(existsSync(`/proc/${plugin}`), "the plugin runs while the engine does");
                    engine.kill("SIGKILL");
                    const deadline = Date.now() + 5_000;
                    while (isAlive(plugin) && Date.now() < deadline)
                        await new Promise(resolve => setTimeout(resolve, 50));
                    assert.equal(isAlive(plugin), false, "the plugin is gone within 5 s of the engine");
                } finally {
                    // A plugin the watchdog failed to end must not outlive the test either.
                    if (plugin !== undefined && isAlive(plugin)) process.kill(plugin, "SIGKILL");
                    rmSync(dir, { recursive: true, force: true });
                }
            });
        }
    });
});

describe("a broken stdout or stderr", () => {
    it("ends the process instead of reporting the EPIPE to the same pipe, again and again", async function () {
        this.timeout(20_000);
        const watchdog = path.resolve(__dirname, "../../../provider/resources/engineWatchdog.ts");
        // What Pulumi's provider host does with an uncaught error: print it to stderr.
        const child = spawn(
            process.execPath,
            [
                "--import",
                "tsx",
                "-e",
                `require(${JSON.stringify(watchdog)}).exitOnBrokenOutput();` +
                    'process.on("uncaughtException", e => console.error(e.stack));' +
                    'console.log("ready"); setInterval(() => console.error("still here"), 20);',
            ],
            { stdio: ["ignore", "pipe", "pipe"] },
        );
        try {
            await new Promise(resolve => child.stdout.once("data", resolve));
            const exited = new Promise<number | null>(resolve => child.on("exit", code => resolve(code)));
            child.stderr.destroy();
            assert.equal(await exited, 1);
        } finally {
            child.kill("SIGKILL");
        }
    });
});

/** Alive and not a zombie waiting for its new parent to reap it. */
function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
    } catch {
        return false;
    }
    return !/^\d+ \(.*\) Z/.test(safeRead(`/proc/${pid}/stat`));
}

function safeRead(file: string): string {
    try {
        return readFileSync(file, "utf8");
    } catch {
        return "";
    }
}
