/**
 * The result tables of a run, as Markdown: printed at the end of every run and placed in
 * bench/README.md by report.ts.
 */
import { PROVIDER_MODES, type ProviderMode } from "./channel";
import { median } from "./measure";
import type {
    BackendOperation,
    BackendSample,
    BenchResults,
    LatencyResult,
    RemoteBackendResult,
    ScaleResult,
    StateBackend,
} from "./results";

export function formatMs(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
    if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
    return `${(ms / 60_000).toFixed(1)} min`;
}

function ratio(value: number): string {
    return `×${value < 10 ? value.toFixed(1) : Math.round(value)}`;
}

function kb(bytes: number): string {
    return bytes >= 1024 * 1024
        ? `${(bytes / (1024 * 1024)).toFixed(2)} MB`
        : `${(bytes / 1024).toFixed(1)} KB`;
}

export function mb(value: number): string {
    return `${Math.round(value)} MB`;
}

export function count(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function mix(s: ScaleResult): string {
    return `${s.menus} + ${s.aliases} + ${s.defaults}`;
}

/** `12.3 s (11.8–13.1)`: the median, and the spread when there was more than one sample. */
function timed(medianMs: number, samplesMs: readonly number[]): string {
    if (samplesMs.length < 2) return formatMs(medianMs);
    return `${formatMs(medianMs)} (${formatMs(Math.min(...samplesMs))}–${formatMs(Math.max(...samplesMs))})`;
}

/** How each provider mode's rows are labelled in the tables. */
const PROVIDER_LABELS: Readonly<Record<ProviderMode, string>> = {
    dynamic: "dynamic (`pulumi-line`)",
    native: "native (`pulumi-line/native`)",
};

/**
 * One row per size and provider mode, dynamic first: a mode the run did not measure at a size keeps
 * its row, marked as such, so the table's layout is the same whatever was measured.
 */
function scaleRows(results: BenchResults, row: (s: ScaleResult) => string, columns: number): string[] {
    return results.settings.sizes.flatMap(resources =>
        PROVIDER_MODES.map(mode => {
            const measured = results.scale.find(s => s.resources === resources && s.provider === mode);
            if (measured !== undefined)
                return `| ${resources} | ${PROVIDER_LABELS[mode]} | ${row(measured)} |`;
            const empty = Array.from({ length: columns }, () => "not measured").join(" | ");
            return `| ${resources} | ${PROVIDER_LABELS[mode]} | ${empty} |`;
        }),
    );
}

function scaleTimesTable(results: BenchResults): string {
    const rows = scaleRows(
        results,
        s =>
            `${mix(s)} | ${timed(s.up.wallMs, s.up.samplesMs)} | ${formatMs(s.up.apiSpanMs)} ` +
            `| ${timed(s.preview.wallMs, s.preview.samplesMs)} | ${timed(s.refresh.wallMs, s.refresh.samplesMs)} ` +
            `| ${kb(s.stateBytes)} (${kb(s.stateBytes / s.resources)} per resource)`,
        6,
    );
    return [
        "| resources | provider | menus + aliases + default | `pulumi up` from empty | of which first to last API call | no-op `pulumi preview` | `pulumi refresh` | state file |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ...rows,
    ].join("\n");
}

function scaleCallsTable(results: BenchResults): string {
    const rows = scaleRows(
        results,
        s => {
            const { up, preview, refresh } = s;
            const extra = [
                ["up", up.extra],
                ["preview", preview.extra],
                ["refresh", refresh.extra],
            ]
                .filter(([, text]) => text !== "none")
                .map(([op, text]) => `${op}: ${text}`)
                .join("; ");
            return (
                `${up.calls.writes} / ${up.calls.minimum.writes} (+${count(up.calls.reads, "read")}) ` +
                `| ${preview.calls.writes} / 0 (+${count(preview.calls.reads, "read")}) ` +
                `| ${refresh.calls.reads} / ${refresh.calls.minimum.reads} (+${count(refresh.calls.writes, "write")}) ` +
                `| ${extra === "" ? "none" : extra}`
            );
        },
        4,
    );
    return [
        "| resources | provider | `up`: writes / minimum | `preview`: writes / minimum | `refresh`: reads / minimum | calls beyond the minimum |",
        "| ---: | --- | ---: | ---: | ---: | --- |",
        ...rows,
    ].join("\n");
}

function latencyTable(latency: readonly LatencyResult[]): string {
    const rows = latency.flatMap(l => {
        const line = (name: string, r: LatencyResult["provider"], apiLabel: string): string =>
            `| ${l.resources} | ${name} | ${r.calls.total} | ${timed(
                r.wallMs,
                r.samples.map(x => x.wallMs),
            )} ` +
            `| ${ratio(r.wallRatio)} | ${formatMs(r.apiMs)} ${apiLabel} | ${ratio(r.apiRatio)} | ${r.peakInFlight} |`;
        return [
            line("`pulumi up` (this provider)", l.provider, "API span"),
            line(`\`pulumi up --parallel=${l.wideParallel}\``, l.providerWide, "API span"),
            line("`pulumi up`, PULUMI_SKIP_CHECKPOINTS=true", l.providerSkipCheckpoints, "API span"),
            line("@line/bot-sdk script, sequential", l.sdkSequential, "apply"),
            line("@line/bot-sdk script, concurrent", l.sdkConcurrent, "apply"),
        ];
    });
    const cp = latency[0];
    const header =
        cp === undefined
            ? ""
            : `Critical path: ${cp.criticalPathCalls} dependent calls × ${cp.latencyMs} ms = ` +
              `${formatMs(cp.criticalPathMs)}, at every size (the menus' chains run side by side).\n\n`;
    return (
        header +
        [
            "| resources | applier | calls | process wall time | × critical path | time calling LINE | × critical path | most calls in flight |",
            "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
            ...rows,
        ].join("\n")
    );
}

function fixedCostTable(results: BenchResults): string {
    const rungs = results.fixedCost.rungs;
    return [
        "| process | adds | wall time | more than the rung before |",
        "| --- | --- | ---: | ---: |",
        ...rungs.map((rung, i) => {
            // Two ladders: the `node -e` rungs, then the CLI's, from `pulumi version` up.
            const before = i === 0 || i === 2 ? undefined : rungs[i - 1];
            const more = before === undefined ? "" : formatMs(rung.wallMs - before.wallMs);
            return `| ${rung.name} | ${rung.adds} | ${timed(rung.wallMs, rung.samplesMs)} | ${more} |`;
        }),
    ].join("\n");
}

/** `401`, or `401 (399–403)` when the samples differed. */
function counted(values: readonly number[]): string {
    const mid = Math.round(median(values));
    const low = Math.min(...values);
    const high = Math.max(...values);
    return low === high ? `${mid}` : `${mid} (${low}–${high})`;
}

function backendLabel(backend: StateBackend, delayMs: number): string {
    switch (backend) {
        case "file":
            return "local file (`file://…?metadata=skip`)";
        case "s3":
            return "S3 API: s3rver on this machine";
        case "s3-delayed":
            return `S3 API: s3rver, ${delayMs} ms each way (a bucket in the same region)`;
    }
}

function remoteBackendTable(remote: RemoteBackendResult): string {
    const time = (op: BackendOperation): string =>
        timed(
            op.wallMs,
            op.samples.map(s => s.wallMs),
        );
    /** What the object store counted, median over the samples; the file backend has no counts. */
    const kept = (op: BackendOperation, pick: (s: BackendSample) => number | undefined): number[] =>
        op.samples.map(pick).filter((v): v is number => v !== undefined);
    const writes = (op: BackendOperation): string => {
        const puts = kept(op, s => s.statePuts);
        const requests = kept(op, s => s.requests);
        return puts.length === 0 ? "—" : `${counted(puts)} / ${counted(requests)}`;
    };
    const requests = (op: BackendOperation): string => {
        const values = kept(op, s => s.requests);
        return values.length === 0 ? "—" : counted(values);
    };
    const uploaded = (op: BackendOperation): string => {
        const values = kept(op, s => s.statePutBytes);
        return values.length === 0 ? "—" : kb(median(values));
    };
    const rows = remote.backends.map(
        b =>
            `| ${backendLabel(b.backend, remote.delayMs)} | ${time(b.up)} | ${writes(b.up)} | ${uploaded(b.up)} ` +
            `| ${time(b.preview)} | ${requests(b.preview)} ` +
            `| ${time(b.upSkipCheckpoints)} | ${writes(b.upSkipCheckpoints)} |`,
    );
    return [
        `${remote.resources} resources, dynamic provider; the state after the up is ${kb(remote.stateBytes)}.`,
        "",
        "| state backend | `pulumi up` from empty | state PUTs / store requests | state uploaded | no-op `pulumi preview` | store requests | `pulumi up`, PULUMI_SKIP_CHECKPOINTS=true | state PUTs / store requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ...rows,
    ].join("\n");
}

function audienceTable(results: BenchResults): string {
    const a = results.audience;
    const calls = Object.entries(a.calls.byOperation)
        .map(([op, n]) => `${op} ×${n}`)
        .join(", ");
    return [
        "| IDs | file | `check` | `create` | process wall time | peak RSS (maxRSS) | RSS before the upload | added by the upload | API calls |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        `| ${a.ids.toLocaleString("en-US")} | ${mb(a.fileMb)} ` +
            `| ${
                a.source === "audienceHandlers"
                    ? timed(
                          a.checkMs,
                          a.samples.map(x => x.checkMs),
                      )
                    : "n/a"
            } ` +
            `| ${timed(
                a.createMs,
                a.samples.map(x => x.createMs),
            )} | ${formatMs(a.processWallMs)} | ${mb(a.maxRssMb)} ` +
            `| ${mb(a.baselineRssMb)} | ${mb(a.maxRssMb - a.baselineRssMb)} | ${calls} |`,
    ].join("\n");
}

/** The summary printed at the end of every run, quick or full. */
export function resultTables(results: BenchResults): string {
    return [
        "### Scale: wall time (emulator rate limits off, no injected latency)",
        "",
        scaleTimesTable(results),
        "",
        "### Scale: API calls per operation",
        "",
        scaleCallsTable(results),
        "",
        `### \`pulumi up\` against the critical path, ${results.settings.latencyMs} ms per API call`,
        "",
        latencyTable(results.latency),
        "",
        "### The fixed cost of a run",
        "",
        fixedCostTable(results),
        "### Remote backend: state in an S3-compatible object store (rate limits off, no LINE latency)",
        "",
        remoteBackendTable(results.remoteBackend),
        "",
        "### Audience upload from a file",
        "",
        audienceTable(results),
    ].join("\n");
}
