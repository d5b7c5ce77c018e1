/**
 * A Pulumi language host for Node.js programs: the gRPC `LanguageRuntime` service the engine starts to
 * run a `runtime: nodejs` program.
 *
 * Why this exists: Pulumi's own host (Go, `sdk/nodejs/cmd/pulumi-language-nodejs/v3`) is an untagged
 * nested module that the Go module proxy these machines reach refuses (403), while the CLI and engine
 * build fine from tagged modules. The host's job is small: the engine calls `Run`, and the host starts
 * `@pulumi/pulumi/cmd/run` (the SDK's own program runner, from the program's directory) with the monitor
 * address, project, stack, config and preview flag, then reports how the program exited. Everything
 * else (the engine, the resource monitor, the dynamic provider host, state, secrets) is Pulumi's.
 *
 * It serves any Node.js Pulumi program, not only pulumi-line's: install.sh bundles this file with
 * its gRPC and protobuf code into the CLI's cache, so nothing but the program's own @pulumi/pulumi is
 * looked up in the program's directory, exactly as Pulumi's own host does.
 *
 * The engine starts it as `pulumi-language-nodejs [flags] <engine address>` and reads the port it
 * prints on stdout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import * as languageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as languagePb from "@pulumi/pulumi/proto/language_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import { exitOnBrokenOutput, watchEngine } from "../provider/resources/engineWatchdog";

/** run.js exits with this code after it has already reported the error to the engine. */
const EXIT_AFTER_LOGGED_ERROR = 32;

import { version as SDK_VERSION } from "@pulumi/pulumi/package.json";

/** Preloaded into every program (watchdog.ts, bundled next to this file by install.sh). */
const WATCHDOG = path.join(__dirname, "watchdog.js");

/** The programs running now, ended with the host when the engine is gone. */
const programs = new Set<ChildProcess>();

function engineAddressFrom(argv: readonly string[]): string {
    // Go-style flags (-root=…, -tracing …) may precede it; the engine address is the last argument.
    const positional = argv.filter(a => !a.startsWith("-"));
    return positional[positional.length - 1] ?? "";
}

function optionsOf(info: languagePb.ProgramInfo | undefined): Record<string, unknown> {
    const options: structPb.Struct | undefined = info?.getOptions();
    return options ? (options.toJavaScript() as Record<string, unknown>) : {};
}

/** The program's runner, from the program's own @pulumi/pulumi (like `pulumi-resource-pulumi-nodejs`). */
function runnerFor(programDirectory: string): string {
    const load = createRequire(path.join(programDirectory, "package.json"));
    return load.resolve("@pulumi/pulumi/cmd/run");
}

function runProgram(request: languagePb.RunRequest, engineAddress: string): Promise<languagePb.RunResponse> {
    const info = request.getInfo();
    const programDirectory = info?.getProgramDirectory() || request.getPwd();
    const options = optionsOf(info);
    const args = [
        ...(typeof options.nodeargs === "string" ? options.nodeargs.split(/\s+/).filter(Boolean) : []),
        ...(existsSync(WATCHDOG) ? ["--require", WATCHDOG] : []),
        runnerFor(programDirectory),
        `--monitor=${request.getMonitorAddress()}`,
        `--engine=${engineAddress}`,
        `--organization=${request.getOrganization()}`,
        `--project=${request.getProject()}`,
        `--stack=${request.getStack()}`,
        `--pwd=${request.getPwd()}`,
        `--parallel=${request.getParallel()}`,
        ...(info?.getRootDirectory() ? [`--root-directory=${info.getRootDirectory()}`] : []),
        ...(request.getDryrun() ? ["--dry-run"] : []),
        ...(request.getQuerymode() ? ["--query-mode"] : []),
        info?.getEntryPoint() || request.getProgram() || ".",
        ...request.getArgsList(),
    ];
    const config: Record<string, string> = {};
    request.getConfigMap().forEach((value, key) => {
        config[key] = value;
    });
    const env = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(request.getConfigsecretkeysList()),
        PULUMI_NODEJS_TYPESCRIPT: String(options.typescript !== false),
        ...(typeof options.tsconfig === "string" ? { PULUMI_NODEJS_TSCONFIG_PATH: options.tsconfig } : {}),
    };
    return new Promise(resolve => {
        const child = spawn(process.execPath, args, {
            cwd: request.getPwd(),
            env,
            stdio: ["ignore", "inherit", "inherit"],
        });
        programs.add(child);
        const response = new languagePb.RunResponse();
        child.on("error", error => resolve(response.setError(`could not start node: ${error.message}`)));
        child.on("exit", (code, signal) => {
            programs.delete(child);
            if (code === 0) resolve(response);
            else if (code === EXIT_AFTER_LOGGED_ERROR) resolve(response.setBail(true));
            else
                resolve(
                    response.setError(
                        `Program exited with ${signal ? `signal ${signal}` : `non-zero exit code: ${code}`}`,
                    ),
                );
        });
    });
}

function unary<Req, Res>(handler: (request: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
        Promise.resolve()
            .then(() => handler(call.request))
            .then(
                response => callback(null, response),
                (error: unknown) =>
                    callback({
                        code: grpc.status.INTERNAL,
                        details: error instanceof Error ? error.message : String(error),
                    }),
            );
    };
}

async function main(): Promise<void> {
    // The engine starts this host in a process group of its own, so a kill of the engine's group does
    // not reach it: without this it would outlive the engine, and keep the program running with it.
    watchEngine({
        onGone: () => {
            for (const program of programs) program.kill("SIGKILL");
            process.exit(1);
        },
    });
    exitOnBrokenOutput();
    const engineAddress = engineAddressFrom(process.argv.slice(2));
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    const implementation: Partial<languageGrpc.ILanguageRuntimeServer> = {
        handshake: unary(() => new languagePb.LanguageHandshakeResponse()),
        getPluginInfo: unary(() => new pluginPb.PluginInfo().setVersion(SDK_VERSION)),
        // Reported empty: the list only lets the engine download plugins ahead of the run, which the
        // offline CLI never does; a resource plugin a program uses is still loaded, from those
        // installed, when the program registers its first resource.
        getRequiredPlugins: unary(() => new languagePb.GetRequiredPluginsResponse()),
        getRequiredPackages: unary(() => new languagePb.GetRequiredPackagesResponse()),
        getProgramDependencies: unary(() => new languagePb.GetProgramDependenciesResponse()),
        about: unary(() =>
            new languagePb.AboutResponse().setExecutable(process.execPath).setVersion(process.version),
        ),
        run: unary((request: languagePb.RunRequest) => runProgram(request, engineAddress)),
        installDependencies: call => call.end(),
        cancel: unary(() => new emptyPb.Empty()),
        runtimeOptionsPrompts: unary(() => new languagePb.RuntimeOptionsResponse()),
        // Template, RunPlugin, code generation, Pack and Link are for `pulumi new`, `convert` and
        // `package`: grpc-js answers UNIMPLEMENTED for them.
    };
    server.addService(
        languageGrpc.LanguageRuntimeService,
        implementation as grpc.UntypedServiceImplementation,
    );
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
            error ? reject(error) : resolve(bound),
        ),
    );
    // The engine reads the port from the first line of stdout.
    process.stdout.write(`${port}\n`);
}

main().catch((error: unknown) => {
    console.error(`pulumi-language-nodejs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
