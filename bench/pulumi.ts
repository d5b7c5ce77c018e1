/**
 * The real Pulumi CLI on a generated program, timed: the same offline set-up as the demo and the
 * end-to-end tests (scripts/pulumiCli.ts), with state in a local file backend under bench/.work unless
 * a measurement gives another backend.
 */
import { statSync } from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { pulumiEnvironment, runPulumi, type PulumiRun } from "../scripts/pulumiCli";
import { PROJECT } from "./channel";

export interface TimedRun {
    readonly wallMs: number;
    readonly run: PulumiRun;
}

/** Where a stack's state lives: the CLI's PULUMI_BACKEND_URL and what else the CLI needs to reach it. */
export interface Backend {
    readonly url: string;
    readonly env: Readonly<Record<string, string>>;
}

export class BenchStack {
    private readonly env: NodeJS.ProcessEnv;

    private constructor(
        readonly dir: string,
        readonly name: string,
        private readonly stateDir: string,
        env: NodeJS.ProcessEnv,
    ) {
        this.env = env;
    }

    /**
     * `pulumi stack init` of `name` in the project at `dir`, the CLI's home under `stateDir`, state in
     * `backend` (the file backend under `stateDir` unless given); `extraEnv` holds the LINE_* settings
     * and any PULUMI_* switch a measurement needs.
     */
    static async create(
        dir: string,
        name: string,
        pulumiBin: string,
        stateDir: string,
        extraEnv: Readonly<Record<string, string>>,
        backend: Backend = fileBackend(stateDir),
    ): Promise<BenchStack> {
        const env = {
            ...withoutAwsSettings(pulumiEnvironment(pulumiBin, stateDir)),
            PULUMI_BACKEND_URL: backend.url,
            ...backend.env,
            ...extraEnv,
        };
        const stack = new BenchStack(dir, name, stateDir, env);
        await runPulumi(["stack", "init", name], { cwd: dir, env });
        return stack;
    }

    /**
     * The size of the stack's state file in the file backend. The backend rewrites the whole file after
     * every step, so its size per resource drives how an up's time grows with the channel.
     */
    stateBytes(): number {
        return statSync(
            path.join(this.stateDir, "backend", ".pulumi", "stacks", PROJECT, `${this.name}.json`),
        ).size;
    }

    pulumi(args: readonly string[]): Promise<PulumiRun> {
        return runPulumi([...args, "--stack", this.name], { cwd: this.dir, env: this.env });
    }

    private async timed(args: readonly string[]): Promise<TimedRun> {
        const started = performance.now();
        const run = await this.pulumi(args);
        return { wallMs: performance.now() - started, run };
    }

    /** An apply alone: `--skip-preview`, so it compares with a script that just makes the calls. */
    up(extraArgs: readonly string[] = []): Promise<TimedRun> {
        return this.timed(["up", "--yes", "--non-interactive", "--skip-preview", ...extraArgs]);
    }

    /** Fails unless the preview finds nothing to change, so a drifting benchmark cannot pass as a no-op. */
    noOpPreview(): Promise<TimedRun> {
        return this.timed(["preview", "--non-interactive", "--expect-no-changes"]);
    }

    refresh(): Promise<TimedRun> {
        return this.timed(["refresh", "--yes", "--non-interactive", "--skip-preview"]);
    }
}

/**
 * The local file backend as README.md tells a team to log in to it (`file://DIR?metadata=skip`): no
 * `.attrs` sidecar beside each state file, so no MD5 of the whole state on every checkpoint (about a
 * fifth of the engine's CPU in an up of 200 resources, by `pulumi up --profiling`) and no sidecar a
 * cancelled run can leave empty. The state file itself is the same.
 */
function backendUrl(stateDir: string): string {
    return `file://${path.join(stateDir, "backend")}?metadata=skip`;
}

/** The local file backend under `stateDir`, where every bench stack keeps its state unless told otherwise. */
export function fileBackend(stateDir: string): Backend {
    return { url: backendUrl(stateDir), env: {} };
}

/**
 * The environment without the machine's own AWS_* settings (a profile, a region, an endpoint, a CA
 * bundle, credentials), so an S3 backend reaches only the object store the bench gave it and no
 * stack ever reads a real AWS account's configuration.
 */
function withoutAwsSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith("AWS_")));
}

/** `v3.259.0`, as the CLI reports itself. */
export async function pulumiVersion(pulumiBin: string, stateDir: string): Promise<string> {
    const run = await runPulumi(["version"], { env: pulumiEnvironment(pulumiBin, stateDir) });
    return run.stdout.trim();
}
