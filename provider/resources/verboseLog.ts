/**
 * At `-v=9` and above, Pulumi's engine log holds every secret of the stack config in clear: the engine
 * passes a dynamic provider the whole config in Configure and logs the inner value of each secret it
 * marshals (Pulumi CLI v3.259.0; see README, "Credentials and Pulumi's -v=9 logs"). Nothing here can
 * mark them more secret, so the provider says so when it can tell: the engine passes its `-v` level
 * to plugins only with `--logflow`, which is how the leak was reported.
 */

/** The lowest verbosity at which the engine logs every property it marshals. */
const LEAKING_VERBOSITY = 9;

/** The `-v=N` the engine passed this plugin (only with `--logflow`), or 0. */
export function engineVerbosity(argv: readonly string[]): number {
    let level = 0;
    for (const arg of argv) {
        const match = /^--?v=(\d+)$/.exec(arg);
        if (match) level = Number(match[1]);
    }
    return level;
}

/** The warning for a run logging at `argv`'s verbosity, if it leaks. */
export function verboseLogWarning(argv: readonly string[]): string | undefined {
    const level = engineVerbosity(argv);
    if (level < LEAKING_VERBOSITY) return undefined;
    return (
        `pulumi-line: this run logs at -v=${level}: Pulumi's engine log holds every secret of this stack's config ` +
        "in clear, LINE credentials included. Do not share it; for verbose runs give credentials through " +
        "environment variables (LINE_CHANNEL_ACCESS_TOKEN, or LINE_CHANNEL_ID and LINE_CHANNEL_SECRET) instead " +
        "(README: Credentials and Pulumi's -v=9 logs)"
    );
}

let warned = false;

/** Prints {@link verboseLogWarning} once per provider process. */
export function warnOfVerboseLog(argv: readonly string[] = process.argv): void {
    if (warned) return;
    const warning = verboseLogWarning(argv);
    if (warning === undefined) return;
    warned = true;
    process.stderr.write(`${warning}\n`);
}
