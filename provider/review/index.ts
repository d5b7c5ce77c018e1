import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { readLiveChannel, type LiveChannel } from "./liveChannel";
import { reportMarkdown, type StackReport } from "./markdown";
import { pictureName, writeMenuPictures } from "./pictures";
import { parsePreview } from "./preview";
import { channelOf, channelsOf, declaredExpectedBots, reviewStack } from "./report";
import { previewJson, readStackConfig } from "../stack/pulumiStack";

/**
 * The review of a change for a pull request: for each stack, its preview (run, or read from a file),
 * its live channel, and one Markdown report with pictures. See provider/cli/review.ts.
 */

export interface ReviewOptions {
    readonly stacks: readonly string[];
    /** The Pulumi project's directory. */
    readonly projectDir: string;
    readonly env: NodeJS.ProcessEnv;
    /** Where `report.md` and the pictures (`<stack>/<menu>.png`) go; emptied of old pictures first. */
    readonly outDir: string;
    /** Stack → a file holding its `pulumi preview --json` output, instead of running the preview. */
    readonly previewFiles?: Readonly<Record<string, string>>;
    readonly imageBaseUrl?: string;
}

export interface ReviewResult {
    readonly reportFile: string;
    readonly markdown: string;
    readonly reports: readonly StackReport[];
}

export async function runReview(options: ReviewOptions): Promise<ReviewResult> {
    const call = { cwd: options.projectDir, env: options.env };
    mkdirSync(options.outDir, { recursive: true });
    const reports: StackReport[] = [];
    for (const stack of options.stacks) {
        const file = options.previewFiles?.[stack];
        const text = file !== undefined ? readFileSync(file, "utf8") : await previewJson(stack, call);
        const preview = parsePreview(text, file ?? `the preview of stack ${stack}`);
        // Without the CLI's config (a preview read from a file on a machine without the stack), the
        // environment's credentials are used, as the provider would.
        let config: pulumi.dynamic.Config | undefined;
        try {
            config = await readStackConfig(stack, call);
        } catch {
            config = undefined;
        }
        const expected = declaredExpectedBots(preview);
        const live: LiveChannel[] = [];
        for (const channel of channelsOf(preview))
            live.push(await readLiveChannel(channel, config, expected.get(channel)));
        const review = reviewStack(stack, preview, live);
        const dir = path.join(options.outDir, pictureName(stack));
        rmSync(dir, { recursive: true, force: true });
        const pictures = await writeMenuPictures(review.changes, {
            live: new Map(live.map(l => [l.channel, l])),
            channelOf,
            tabGraph: review.tabGraph,
            projectDir: options.projectDir,
            reportDir: options.outDir,
            dir,
            write: (target, bytes) => {
                mkdirSync(path.dirname(target), { recursive: true });
                writeFileSync(target, bytes);
            },
        });
        reports.push({ review, pictures });
    }
    const markdown = reportMarkdown(reports, {
        ...(options.imageBaseUrl !== undefined ? { imageBaseUrl: options.imageBaseUrl } : {}),
    });
    const reportFile = path.join(options.outDir, "report.md");
    writeFileSync(reportFile, markdown);
    return { reportFile, markdown, reports };
}
