/**
 * bench/README.md, written from a run's results: what is measured and how, then the numbers. Generated
 * whole, so the text can never describe a different method than the one that produced the table.
 */
import type { BenchResults } from "./results";
import { count, formatMs, mb, resultTables } from "./tables";

/** Explanations of calls beyond the minimum, for the operations that appear in this run's tables. */
function extraCallNotes(results: BenchResults): string {
    const extras = results.scale.flatMap(r => [r.up.extra, r.preview.extra, r.refresh.extra]).join(" ");
    const notes: string[] = [];
    if (extras.includes("getBotInfo")) {
        notes.push(
            "`getBotInfo` is the provider saying which LINE bot the credentials belong to, once per run and " +
                "channel (`announceBot` in `provider/resources/botGuard.ts`), so a preview shows what an up " +
                "would act on.",
        );
    }
    if (/getRichMenuAlias|getDefaultRichMenuId/.test(extras)) {
        notes.push(
            "`getRichMenuAliasList` and `getDefaultRichMenuId` in an up are the provider asking, before it creates " +
                "aliases or sets the default, whether that would take over one someone else set " +
                "(`provider/resources/ownership.ts`): the alias checks of a run share one listing of the channel's " +
                "aliases, since the engine checks one resource at a time. LINE answers 404 when no default is set, " +
                "which is not counted as a failed call.",
        );
    }
    return notes.length === 0 ? "" : `\n\n${notes.join(" ")}`;
}

export function renderReadme(results: BenchResults): string {
    const m = results.machine;
    const a = results.audience;
    const { latencyMs, repeats } = results.settings;
    const audienceSource =
        a.source === "audienceHandlers"
            ? "the `Audience` resource's own handlers (`audienceHandlers` in\n  `provider/resources/audience.ts`, " +
              "loaded from `dist/`): `check`, which streams the file for its digest\n  and count, then `create`, " +
              "which streams it again into an upload file and sends it"
            : "the client's `createAudienceForUploadingUserIds` (the `Audience` resource was not\n  in `dist/` " +
              "when this was run, so `check` was not measured)";
    const minutes = Math.max(1, Math.round(results.durationMs / 60_000));
    const r = results.remoteBackend;
    const s3Url = r.backends.find(b => b.backend === "s3")?.url ?? "s3://…";
    return `# Benchmarks

Speed and memory of pulumi-line, measured with the real Pulumi CLI against the local LINE emulator.
These numbers, not timed tests, are where the project's speed and memory targets are shown. Each
release commits its run (this file and \`bench/results/latest.json\`, the raw numbers with every
sample), so releases compare through git history.

## Running

\`\`\`sh
npx tsx bench/run.ts                # full run (~${minutes} min here): rewrites this file and results/latest.json
npx tsx bench/run.ts --quick        # smoke run (10 resources, 100,000 IDs, one sample): prints the tables only
npx tsx bench/run.ts --sizes=10,50  # only some channel sizes: prints the tables only
\`\`\`

The run first builds \`dist/\` (\`tsc -p tsconfig.build.json\`; \`--no-build\` measures \`dist/\` as it is)
and takes the Pulumi CLI from \`pulumi-offline/install.sh\` (cached after its first build). Only a full
run writes this file and \`results/latest.json\`; the others write \`bench/.work/quick.json\` or
\`custom.json\`. Work files go to \`bench/.work/\` (git-ignored): the generated programs, compiled
child scripts, stack state and the object store's files are deleted after each run; the menu images
and the ID file are kept as caches.

## What is measured, and how

- **The channel.** N resources: half of them rich menus (each with its own 2500×843 PNG, a solid shade
  of its own so every image has a different sha-256), one default rich menu, and rich menu aliases for
  the rest, each pointing at a menu. It is a generated plain-JavaScript Pulumi program in
  \`bench/.work/nN/\` with this checkout's build installed in its \`node_modules/pulumi-line\`, the way
  npm leaves a team's project (\`test/support/installedPackage.ts\`).
  Menus stop at 100 (at 200 resources) because LINE allows 100 rich menu creations an hour and the
  client paces itself to that budget: more menus would measure an hour's wait.
- **Two provider modes.** The same channel, from the same \`channel.json\`, is declared twice: with
  pulumi-line's dynamic resources (\`require("pulumi-line")\`, run by the Node.js dynamic provider host,
  each resource's serialized provider in state; the *dynamic* rows) and with \`pulumi-line/native\`'s
  classes over the native provider plugin \`pulumi-resource-line\` (found through the project's
  \`plugins.providers\` naming \`node_modules/pulumi-line/bin\`, as README.md shows; the *native* rows), in \`bench/.work/nN-native/\`. Both run the same handlers
  and are timed and counted by the same code (\`scale.ts\`); the latency comparison below is of the
  dynamic program.
- **The emulator** runs inside the bench process with **LINE's rate limits off** (\`rateLimits: false\`),
  so what is timed is the provider and the engine, not LINE's budget. It is reset before every sample.
- **Samples.** Every measurement is taken ${count(repeats, "time")}; a time in the tables is the median,
  with the fastest and slowest sample in brackets. Each sample of an \`up\` starts from a new stack and
  an empty channel.
- **Scale.** \`pulumi up --skip-preview\` from empty, then a no-op \`pulumi preview --expect-no-changes\`
  (which fails the run if anything would change), then \`pulumi refresh --skip-preview\`, each timed as
  a whole CLI process with the default \`--parallel\`. State is kept in a local file backend logged in
  to as README.md tells a team to, \`file://DIR?metadata=skip\` (no \`.attrs\` sidecar, so no MD5 of
  the whole state at every checkpoint); that backend rewrites the whole state file after every step,
  so the state file's size per resource matters as a channel grows. "First to last API call" is the part of
  the up between its first and its last call to LINE: the rest is the CLI, the engine and the program
  starting and finishing. API calls come from the emulator's request log and are set against the
  least LINE allows: an up writes a create and an image upload per menu, a create per alias and one
  set-default; a no-op preview writes nothing; a refresh reads each resource once.
- **Latency.** The emulator delays every \`/v2/*\` call by ${latencyMs} ms (the fault
  \`{path: "/v2/*", delayMs: ${latencyMs}, probability: 1}\`, which never runs out). The critical path is the
  longest chain of dependent calls, create menu → upload its image → create its alias or set it as
  default, × ${latencyMs} ms; every menu's chain can run beside the others, so it is the same at every
  size. \`pulumi up\` of a fresh stack is set against it twice: its whole wall time, and the span from
  its first API call's start to its last call's end. A second up sets \`PULUMI_SKIP_CHECKPOINTS=true\`
  (Pulumi's experimental switch that writes the state once at the end instead of after every step):
  a diagnostic, not a recommendation, showing how much of the up is the file backend's checkpoints.
  The same channel is then applied by a plain
  script on LINE's official SDK (\`sdkApply.ts\`: @line/bot-sdk \`MessagingApiClient\` and
  \`MessagingApiBlobClient\` with \`baseURL\` set to the emulator), once call after call (the script most
  people would write) and once with every menu's chain started at the same time (the fastest any
  client can be). "Most calls in flight" is the peak number of calls LINE was answering at once.
- **Remote backend.** The dynamic program at the run's largest size (${r.resources} resources), LINE's
  rate limits and latency off as in the scale table, with its state in three DIY backends in turn: the
  local file backend of the scale table, measured again here beside the others; an S3-compatible
  object store on this machine (s3rver from npm, served by the bench process from \`bench/.work/s3/\`,
  which is deleted afterwards); and the same store behind a TCP proxy in the bench process that holds
  every chunk ${r.delayMs} ms in each direction, so every request waits ${2 * r.delayMs} ms more for its
  answer, a stand-in for a bucket in the same region. The CLI reaches the store as
  \`PULUMI_BACKEND_URL=${s3Url}\`, with s3rver's key pair in \`AWS_ACCESS_KEY_ID\` and
  \`AWS_SECRET_ACCESS_KEY\`, \`AWS_CONFIG_FILE\` and \`AWS_SHARED_CREDENTIALS_FILE\` pointing at empty
  files and \`AWS_EC2_METADATA_DISABLED=true\` (every other \`AWS_*\` variable removed), so no real AWS
  endpoint, profile or credential is consulted. Each backend gets \`pulumi up --skip-preview\` from empty,
  a no-op \`pulumi preview\`, and a second up from empty with \`PULUMI_SKIP_CHECKPOINTS=true\`, the
  diagnostic of the latency table. The DIY backend saves the whole state after every step of an up,
  and on an object store each save is a listing of the stack's state objects, a check that the last
  state exists, a server-side copy of it to \`.json.bak\` and a PUT of the whole new state. "State
  PUTs" and "state uploaded" count the PUTs of the stack's state object and their bytes, "store
  requests" every request the store answered during the command, all as the bench's HTTP server in
  front of s3rver saw them.
- **Audience.** ${a.ids.toLocaleString("en-US")} valid user IDs (\`U\` + 32 hex, ${mb(a.fileMb)}) in a file,
  uploaded by ${audienceSource}.
  It runs in a Node process of its own (\`audienceUpload.ts\`), so its peak resident memory
  (\`process.resourceUsage().maxRSS\`) is the provider's alone. "RSS before the upload"
  is that process with Node, @pulumi/pulumi and the package loaded; "added by the upload" is the peak
  less that. The child scripts run on plain Node (transpiled by \`line.ts\`), not through tsx, whose
  loader would add tens of megabytes of its own.

**Noise.** The machine below was shared: other engineers were running test suites during the run (see
the load averages; above ${m.cores} the CPUs were oversubscribed). Wall times taken under load are noisy,
easily by ±30 %, even as medians. Compare call counts exactly, and times only for large changes or
against a rerun on an idle machine.

## Results

- **Machine:** ${m.description}; 1-minute load average ${m.loadAverage.start.toFixed(1)} at the start of the
  run and ${m.loadAverage.end.toFixed(1)} at its end.
- **Software:** Node ${m.node}; Pulumi CLI ${m.pulumiCli} (@pulumi/pulumi ${m.pulumiSdk}); @line/bot-sdk ${m.lineBotSdk}.
- **Measured:** pulumi-line ${m.pulumiLine} at \`${m.commit}\`, on ${results.date.slice(0, 10)}; the run took
  ${formatMs(results.durationMs)}.

${resultTables(results)}${extraCallNotes(results)}

## State size

What each resource writes into state, measured apart from the full run by \`bench/stateSize.ts\`: one
\`pulumi up --skip-preview\` of the bench channel per size and variant against the emulator, then
\`pulumi stack export\` and the size of the file backend's state file (the "state file" column of the
scale table above).

\`\`\`sh
npm run build
npx tsx bench/stateSize.ts --sizes=10,200   # prints this table; --keep-exports keeps each export in bench/.work/
\`\`\`

Every dynamic resource stores its serialized provider twice, as \`__provider\` in its inputs and in its
outputs. Release 0.1.0's is a module text of eight functions (2.7 KB). This build's, when the program
loads the package from \`node_modules/pulumi-line\` (an ordinary install, as the full run above does),
is the exports of the kind's own module, which Pulumi's serializer writes as
\`const provider = require("pulumi-line/dist/provider/resources/kinds/RichMenu.js")\` (309 bytes
as JSON in state; the builds before wrote the kind on a \`providerMethods.js\` prototype, 382 bytes,
and that module stays for the stacks they wrote). A program that reaches the package anywhere else (inside this
repository; \`npm link\`; a \`file:\` dependency; pnpm's versioned store) gets a stand-alone stub of
one function per method the provider host calls (2.2 KB), since the serializer copies by value any
module it finds outside \`node_modules\`.

| resources | package                                         | \`__provider\` per copy (JSON) |                   state file | \`pulumi stack export\` (indented) |
| --------: | ----------------------------------------------- | ---------------------------: | ---------------------------: | -------------------------------: |
|        10 | release 0.1.0, installed in node_modules        |                      2,915 B |  75.5 KB (7.5 KB per resource) |    96.3 KB (9.6 KB per resource) |
|        10 | this build, installed in node_modules           |                        309 B |  24.6 KB (2.5 KB per resource) |    45.4 KB (4.5 KB per resource) |
|        10 | this build, inside this repository (as npm link) |                      2,321 B |  63.6 KB (6.4 KB per resource) |    84.4 KB (8.4 KB per resource) |
|       200 | release 0.1.0, installed in node_modules        |                      2,915 B |  1.46 MB (7.5 KB per resource) |    1.85 MB (9.5 KB per resource) |
|       200 | this build, installed in node_modules           |                        309 B | 472.2 KB (2.4 KB per resource) |   878.5 KB (4.4 KB per resource) |
|       200 | this build, inside this repository (as npm link) |                      2,321 B |  1.22 MB (6.3 KB per resource) |    1.62 MB (8.3 KB per resource) |

Measured on 2026-12-04 (Node v20.20.2, Pulumi CLI v3.259.0, @pulumi/pulumi 3.248.0; 1-minute load
average about 3). Of the 2.4 KB per resource an installed stack still holds, about 0.6 KB is the two
copies of the provider and about 0.5 KB the stack trace the SDK records for each resource
(\`sourcePosition\`, \`stackTrace\`); the rest is the resource's own inputs and outputs. A stack written
by release 0.1.0 keeps that release's provider in its outputs until the resource is next updated; it
keeps working, since that stub too loads today's handlers from the installed package
(\`test/e2e/providerUpgrade.spec.ts\`).

## Files

| file | what it does |
| --- | --- |
| \`run.ts\` | the one command: builds, starts the emulator, runs every measurement, writes the results |
| \`channel.ts\` | the bench channel: the resource mix, the menu images, the generated Pulumi program of each provider mode |
| \`measure.ts\` | what every measurement shares: work paths, progress, medians, checked call counts |
| \`scale.ts\` | the scale measurement (up, no-op preview, refresh, state file) of either provider mode |
| \`pulumi.ts\` | the timed CLI runs (up, no-op preview, refresh) |
| \`line.ts\` | the emulator (rate limits off, latency fault, reset), channel checks, child processes |
| \`calls.ts\` | API calls from the request log, by LINE operation, against the minimum |
| \`remoteBackend.ts\` | the remote-backend measurement (up, no-op preview, checkpoint-less up) on each state backend |
| \`objectStore.ts\` | the S3-compatible object store (s3rver), its request counts, its backend URL, the delay proxy |
| \`sdkApply.ts\` | the imperative @line/bot-sdk baseline (child process) |
| \`audienceUpload.ts\` | the audience upload with its time and peak memory (child process) |
| \`userIds.ts\` | the file of user IDs |
| \`stateSize.ts\` | what each resource writes into state ("State size"), apart from the full run |
| \`results.ts\`, \`tables.ts\`, \`report.ts\` | the results' JSON shape (\`results/latest.json\`), their Markdown tables, and this README around them |
`;
}
