/**
 * The real Pulumi engine against the emulator: a stack of this repository's program in a work
 * directory inside the repository (so `pulumi-line` resolves to this checkout), state in a temporary
 * file backend, every CLI call offline.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readdirSync,
    readlinkSync,
    rmSync,
    writeFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    installPulumi,
    pulumiEnvironment,
    runCommand,
    runPulumi,
    type PulumiRun,
} from "../../scripts/pulumiCli";
import type { ChannelOptions } from "../../emulator";
import { callEmulator } from "../support/emulator";
import { endMarkedProcesses, MARK_VARIABLE, markedProcesses, newMark } from "./processes";

export const ROOT = path.resolve(__dirname, "..", "..");

let pulumiBin: string | undefined;

/** Every stack a spec has made (and not disposed), for the secrets scan after each test. */
const liveStacks = new Set<TestStack>();
/** Every credential a spec has handed to a stack or an emulator channel. */
const knownSecrets = new Set<string>();

/** Registers credentials the secrets scan must never find anywhere. */
export function registerSecrets(...secrets: string[]): void {
    for (const secret of secrets) knownSecrets.add(secret);
}

/** Builds or finds the CLI once per test process. */
export function pulumiBinDir(): string {
    pulumiBin ??= installPulumi(ROOT);
    return pulumiBin;
}

export interface StackOptions {
    /** Extra environment, e.g. LINE_* variables. */
    readonly env?: Record<string, string>;
    /**
     * The program's JavaScript source; this repository's program when absent. It can
     * `require(PULUMI_LINE)` for the package and find the demo images under `ASSETS`.
     */
    readonly program?: string;
    /** Project options for Pulumi.yaml's `options:`, e.g. `{ refresh: "always" }`. */
    readonly projectOptions?: Readonly<Record<string, string>>;
}

export class TestStack {
    readonly dir: string;
    private readonly stateDir: string;
    /** The environment every CLI run of this stack gets (PATH with the CLI, its backend and home). */
    readonly env: NodeJS.ProcessEnv;
    /** In the environment of every process this stack's runs start (see processes.ts). */
    readonly mark: string;
    /** Everything every CLI run of this stack printed, for the secrets scan. */
    readonly transcript: string[] = [];

    constructor(
        readonly name: string,
        options: StackOptions = {},
    ) {
        const work = path.join(ROOT, "test", "e2e", ".work");
        mkdirSync(work, { recursive: true });
        this.dir = mkdtempSync(path.join(work, `${name}-`));
        this.stateDir = mkdtempSync(path.join(os.tmpdir(), "pulumi-line-e2e-"));
        const program = path.relative(this.dir, path.join(ROOT, "dist", "index.js"));
        const projectOptions = Object.entries(options.projectOptions ?? {})
            .map(([key, value]) => `  ${key}: ${value}\n`)
            .join("");
        writeFileSync(
            path.join(this.dir, "Pulumi.yaml"),
            "name: line-channel\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n" +
                (projectOptions === "" ? "" : `options:\n${projectOptions}`),
        );
        const relative = (...parts: string[]) =>
            JSON.stringify(path.relative(this.dir, path.join(ROOT, ...parts)));
        const source =
            options.program === undefined
                ? `module.exports = require(${JSON.stringify(program)});\n`
                : `const PULUMI_LINE = ${relative("dist", "provider", "index.js")};\n` +
                  `const ASSETS = ${relative("examples", "assets")};\n${options.program}`;
        writeFileSync(path.join(this.dir, "index.js"), source);
        this.mark = newMark(name);
        this.env = {
            ...pulumiEnvironment(pulumiBinDir(), this.stateDir),
            ...options.env,
            [MARK_VARIABLE]: this.mark,
        };
        for (const [key, value] of Object.entries(options.env ?? {})) {
            if (/TOKEN|SECRET/.test(key)) registerSecrets(value);
        }
        liveStacks.add(this);
    }

    /** A new stack, initialised in its own work directory. */
    static async create(name: string, options: StackOptions = {}): Promise<TestStack> {
        const stack = new TestStack(name, options);
        await stack.pulumi(["stack", "init", name]);
        return stack;
    }

    async pulumi(
        args: readonly string[],
        options: { allowFailure?: boolean; env?: Record<string, string> } = {},
    ): Promise<PulumiRun> {
        const run = await runPulumi(args, {
            cwd: this.dir,
            env: { ...this.env, ...options.env },
            allowFailure: true,
        });
        // What the CLI printed, not the command line: that holds the values a test passes to `config set`.
        this.transcript.push(`${run.stdout}\n${run.stderr}`);
        if (run.status !== 0 && !options.allowFailure) {
            throw new Error(
                `pulumi ${args.join(" ")} failed (exit ${run.status})\n${run.stdout}\n${run.stderr}`,
            );
        }
        return run;
    }

    /**
     * Starts `pulumi args…` in its own process group and returns at once, so a test can kill the CLI
     * and every plugin it started (language host, program, provider host) at a moment of its choosing.
     */
    start(args: readonly string[]): {
        readonly child: ChildProcess;
        readonly exited: Promise<number | null>;
    } {
        const child = spawn("pulumi", [...args], {
            cwd: this.dir,
            env: this.env,
            detached: true,
            stdio: "ignore",
        });
        const exited = new Promise<number | null>(resolve => child.on("exit", code => resolve(code)));
        return { child, exited };
    }

    /** Runs the built `pulumi-line args…` in the stack's directory, with the stack's environment. */
    async pulumiLine(
        args: readonly string[],
        options: { allowFailure?: boolean; env?: Record<string, string> } = {},
    ): Promise<PulumiRun> {
        const cli = path.join(ROOT, "dist", "provider", "cli", "index.js");
        const run = await runCommand(process.execPath, [cli, ...args], {
            cwd: this.dir,
            env: { ...this.env, ...options.env },
            allowFailure: true,
        });
        this.transcript.push(`${run.stdout}\n${run.stderr}`);
        if (run.status !== 0 && !options.allowFailure) {
            throw new Error(
                `pulumi-line ${args.join(" ")} failed (exit ${run.status})\n${run.stdout}\n${run.stderr}`,
            );
        }
        return run;
    }

    /**
     * Runs a shell command line in the stack's directory and environment, as a user would type it
     * (`pulumi stack export | npx pulumi-line orphans`); rejects with its output unless `allowFailure`.
     */
    async shell(
        command: string,
        options: { allowFailure?: boolean; env?: Record<string, string> } = {},
    ): Promise<PulumiRun> {
        const run = await runCommand("sh", ["-c", command], {
            cwd: this.dir,
            env: { ...this.env, ...options.env },
            allowFailure: true,
        });
        this.transcript.push(`${run.stdout}\n${run.stderr}`);
        if (run.status !== 0 && !options.allowFailure) {
            throw new Error(`${command} failed (exit ${run.status})\n${run.stdout}\n${run.stderr}`);
        }
        return run;
    }

    /**
     * Ends, by PID, every process still running in the stack's directory. Killing the CLI's process
     * group does not reach its plugins (the provider hosts run in process groups of their own), and a
     * killed CLI never stops them; they all run in the program's directory. Linux (/proc) only.
     */
    endLeftoverProcesses(): number {
        if (!existsSync("/proc")) return 0;
        let ended = 0;
        for (const entry of readdirSync("/proc")) {
            if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
            let cwd: string;
            try {
                cwd = readlinkSync(path.join("/proc", entry, "cwd"));
            } catch {
                continue; // gone already, or not ours to read
            }
            if (cwd !== this.dir && !cwd.startsWith(`${this.dir} `)) continue;
            try {
                process.kill(Number(entry), "SIGKILL");
                ended++;
            } catch {
                // exited meanwhile
            }
        }
        return ended;
    }

    /**
     * Puts a command into the stack directory's `node_modules/.bin`, where `npx` finds a dependency's
     * bin, so the commands README shows run here unchanged.
     */
    installBin(name: string, script: string): void {
        const bin = path.join(this.dir, "node_modules", ".bin");
        mkdirSync(bin, { recursive: true });
        // A launcher rather than npm's symlink: npm also marks the target executable, and dist/ is not.
        writeFileSync(path.join(bin, name), `#!/bin/sh\nexec node ${JSON.stringify(script)} "$@"\n`, {
            mode: 0o755,
        });
    }

    /**
     * Whether a run still holds the stack's lock: the file backend keeps one file per lock under
     * `.pulumi/locks/`, which a run killed before it could release it leaves behind.
     */
    /** The folder of the stack's local (`file://`) backend, which holds `.pulumi/`. */
    get backendDir(): string {
        return path.join(this.stateDir, "backend");
    }

    isLocked(): boolean {
        const locks = path.join(this.backendDir, ".pulumi", "locks");
        if (!existsSync(locks)) return false;
        return readdirSync(locks, { recursive: true, withFileTypes: true }).some(entry => entry.isFile());
    }

    /** The processes this stack's runs started that are still alive, wherever they are in the tree. */
    processes(): number[] {
        return markedProcesses(mark => mark === this.mark);
    }

    async config(key: string, value: string, secret = false): Promise<void> {
        if (secret) registerSecrets(value);
        await this.pulumi(["config", "set", ...(secret ? ["--secret"] : ["--plaintext"]), key, value]);
    }

    up(extra: readonly string[] = []): Promise<PulumiRun> {
        return this.pulumi(["up", "--yes", "--non-interactive", "--skip-preview", ...extra]);
    }

    preview(extra: readonly string[] = [], allowFailure = false): Promise<PulumiRun> {
        return this.pulumi(["preview", "--non-interactive", ...extra], { allowFailure });
    }

    async outputs(): Promise<Record<string, unknown>> {
        return JSON.parse((await this.pulumi(["stack", "output", "--json"])).stdout) as Record<
            string,
            unknown
        >;
    }

    async exportState(): Promise<string> {
        return (await this.pulumi(["stack", "export"])).stdout;
    }

    /** Ends every process this stack's runs left (there should be none), then removes its files. */
    dispose(): void {
        endMarkedProcesses(this.mark);
        liveStacks.delete(this);
        rmSync(this.dir, { recursive: true, force: true });
        rmSync(this.stateDir, { recursive: true, force: true });
    }
}

/**
 * Fails if any credential appears in any of the texts (CLI output, exported state, error messages,
 * the emulator's request log), naming where.
 */
export function assertNoSecrets(texts: Readonly<Record<string, string>>, secrets: readonly string[]): void {
    for (const [where, text] of Object.entries(texts)) {
        for (const secret of secrets) {
            if (text.includes(secret)) throw new Error(`a credential appears in ${where}`);
        }
    }
}

/**
 * The scan run after every end-to-end test (test/e2e/hooks.ts): no registered credential may appear in
 * anything any live stack printed or in its exported state.
 */
export async function scanLiveStacksForSecrets(): Promise<void> {
    const secrets = [...knownSecrets];
    for (const stack of liveStacks) {
        const exported = await stack.pulumi(["stack", "export"], { allowFailure: true });
        assertNoSecrets(
            {
                [`stack ${stack.name}'s CLI output`]: stack.transcript.join("\n"),
                [`stack ${stack.name}'s exported state`]: exported.stdout,
            },
            secrets,
        );
    }
}

/**
 * The emulator's `/_emulator` control surface for engine specs, which run the emulator themselves
 * rather than through useEmulator(): `control("GET", "/channels/dev/state")`.
 */
export function emulatorControl(url: () => string) {
    return async <T>(method: string, route: string, body?: unknown): Promise<T> =>
        (
            await callEmulator<T>(
                url(),
                null,
                method,
                `/_emulator${route}`,
                body === undefined ? {} : { json: body },
            )
        ).body;
}

/**
 * The two channels of the specs about promotion and the wrong bot: dev's bot and prod's, told apart by
 * their basic IDs (what `expectedBot` names) and display names. `prod` may add its channel ID and secret.
 */
export function devAndProdChannels(
    devToken: string,
    prodToken: string,
    prod: Partial<ChannelOptions> = {},
): ChannelOptions[] {
    return [
        { name: "dev", accessToken: devToken, basicId: "@dev-bot", displayName: "Shop (dev)" },
        { name: "prod", accessToken: prodToken, basicId: "@prod-bot", displayName: "Shop", ...prod },
    ];
}
