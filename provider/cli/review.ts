import * as path from "node:path";
import { runReview } from "../review";
import type { Command } from "./command";

/**
 * `pulumi-line review`: what a change would do to each stack, as one Markdown report with pictures, for
 * a pull request comment.
 */

function strings(value: string | boolean | (string | boolean)[] | undefined): string[] {
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string");
}

export const reviewCommand: Command = {
    name: "review",
    summary: "Write one Markdown report of what a change does to each stack, with before/after pictures",
    usage: [
        "usage: pulumi-line review --stack NAME [--stack NAME]... [--cwd DIR] [--out DIR]",
        "                          [--preview STACK=FILE]... [--image-base-url URL]",
        "",
        "Runs `pulumi preview --json` for each stack (or reads it from --preview), reads each stack's live",
        "channel with the stack's credentials, and writes DIR/report.md: per stack the bot it acts on, what",
        "is created, updated, replaced and deleted and why, the rate-limit budget and quota the change uses,",
        "warnings, the tab graph, and before/after pictures (DIR/<stack>/<menu>.png) of every menu that",
        "changes. The report holds no times or IDs, so it changes only when the plan does.",
        "",
        "The live channel is read (never written) with the stack's credentials, from its config",
        "(`pulumi config --show-secrets`) or the environment (LINE_CHANNEL_ACCESS_TOKEN, ...), as the",
        "provider reads them. Exit 1 when a stack's preview fails; the report says why.",
        "",
        "  --stack NAME           a stack to review (repeat for promotion: --stack dev --stack prod)",
        "  --cwd DIR              the Pulumi project's directory (default: the current directory)",
        "  --out DIR              where the report and pictures go (default: line-review)",
        "  --preview STACK=FILE   read STACK's `pulumi preview --json` output from FILE instead of running it",
        "  --image-base-url URL   prefix picture links with URL (where the pictures are published)",
        "",
        "Example (what the pull request workflow runs):",
        "  npx pulumi-line review --stack dev --stack prod --out review",
        "",
    ].join("\n"),
    options: {
        stack: { type: "string", multiple: true },
        cwd: { type: "string" },
        out: { type: "string" },
        preview: { type: "string", multiple: true },
        "image-base-url": { type: "string" },
    },
    async run(args, io) {
        const stacks = strings(args.values.stack);
        if (stacks.length === 0) throw new Error("give at least one --stack");
        const previewFiles: Record<string, string> = {};
        for (const pair of strings(args.values.preview)) {
            const eq = pair.indexOf("=");
            if (eq <= 0) throw new Error(`--preview takes STACK=FILE, not ${pair}`);
            previewFiles[pair.slice(0, eq)] = path.resolve(io.cwd, pair.slice(eq + 1));
        }
        const projectDir = path.resolve(io.cwd, strings(args.values.cwd)[0] ?? ".");
        const outDir = path.resolve(io.cwd, strings(args.values.out)[0] ?? "line-review");
        const imageBaseUrl = strings(args.values["image-base-url"])[0];
        const result = await runReview({
            stacks,
            projectDir,
            env: io.env,
            outDir,
            previewFiles,
            ...(imageBaseUrl !== undefined ? { imageBaseUrl } : {}),
        });
        for (const { review, pictures } of result.reports) {
            io.stderr.write(
                `${review.stack}: ${review.summary}; ${review.warnings.length} warning(s), ` +
                    `${pictures.length} picture(s)${review.errors.length > 0 ? "; the preview failed" : ""}\n`,
            );
        }
        io.stdout.write(`${path.relative(io.cwd, result.reportFile) || result.reportFile}\n`);
        return result.reports.some(r => r.review.errors.length > 0) ? 1 : 0;
    },
};
