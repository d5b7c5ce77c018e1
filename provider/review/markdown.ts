import { tabGraphMermaid } from "../declarations/tabGraph";
import type { RateLimitGroup } from "../client/rateLimiter";
import type { BudgetLine, QuotaLine } from "./budget";
import type { MenuPictureFile } from "./pictures";
import type { StackReview } from "./report";

/**
 * The review as GitHub-flavoured Markdown: one summary table of what each stack gets, then per stack
 * its changes and why, LINE's budget and quota, warnings, the tab graph (Mermaid, which GitHub draws)
 * and before/after pictures. Long parts fold into `<details>`. The first line is a marker a workflow
 * finds its own comment by, so it updates one comment instead of adding another.
 */

const REPORT_MARKER = "<!-- pulumi-line review -->";

/** Above this many changes a stack's table is folded. */
const FOLD_CHANGES_OVER = 10;

export interface StackReport {
    readonly review: StackReview;
    readonly pictures: readonly MenuPictureFile[];
}

export interface MarkdownOptions {
    /** Prefix for picture links (a URL where the pictures are published); relative links without it. */
    readonly imageBaseUrl?: string;
}

const GROUP_NAMES: Readonly<Partial<Record<RateLimitGroup, string>>> = {
    createRichMenu: "rich menu creates",
    deleteRichMenu: "rich menu deletes",
    deleteRichMenuAlias: "alias deletes",
    richMenuBatch: "batch runs (users moved or unlinked)",
};

function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function thousands(value: number): string {
    return value.toLocaleString("en-US");
}

function period(ms: number): string {
    if (ms === 3_600_000) return "hour";
    if (ms === 60_000) return "minute";
    if (ms === 1_000) return "second";
    return `${ms / 1000} s`;
}

function budgetRow(b: BudgetLine): string {
    const calls = b.possibly > 0 ? `${b.calls} (up to ${b.calls + b.possibly})` : String(b.calls);
    return `| ${GROUP_NAMES[b.group] ?? b.group} | ${calls} | ${thousands(b.limit)} per ${period(b.periodMs)} |`;
}

function quotaRow(q: QuotaLine): string {
    if (q.now === undefined) {
        return `| ${q.what} in the channel | +${q.created} −${q.deleted} (channel not read) | ${thousands(q.limit)} |`;
    }
    const after = q.now + q.created - q.deleted;
    const peak = q.now + q.created;
    const during = peak > Math.max(q.now, after) ? ` (${thousands(peak)} during the update)` : "";
    return `| ${q.what} in the channel | ${thousands(q.now)} → ${thousands(after)}${during} | ${thousands(q.limit)} |`;
}

function link(file: string, options: MarkdownOptions): string {
    const base = options.imageBaseUrl?.replace(/\/+$/, "");
    return base === undefined ? file : `${base}/${file}`;
}

function counts(review: StackReview): string {
    const c = review.counts;
    return `${c.create} | ${c.update} | ${c.replace} | ${c.delete}`;
}

function botOf(review: StackReview): string {
    const bots = review.channels.map(c => c.live.bot ?? "not read");
    return bots.length === 0 ? "no channel" : bots.join("; ");
}

function stackSection(report: StackReport, options: MarkdownOptions): string[] {
    const { review, pictures } = report;
    const out: string[] = [`### Stack \`${review.stack}\``, ""];
    for (const channel of review.channels) {
        const l = channel.live;
        const expected = l.expectedBot === undefined ? "" : `, expected ${l.expectedBot}`;
        out.push(`Channel \`${l.channel}\`: bot ${l.bot ?? "not read"}${expected}.`, "");
    }
    if (review.errors.length > 0) {
        out.push("**The preview failed:**", "", ...review.errors.map(e => `- ${cell(e)}`), "");
    }
    if (review.changes.length === 0) {
        out.push(`No changes: the stack's ${review.unchanged} resources match the program.`, "");
    } else {
        const table = [
            "| resource | kind | change | why |",
            "| --- | --- | --- | --- |",
            ...review.changes.map(
                c => `| ${cell(c.name)} | ${c.kind} | ${c.op} | ${cell(c.reasons.join(", ")) || " "} |`,
            ),
        ];
        const fold = review.changes.length > FOLD_CHANGES_OVER;
        if (fold) out.push(`<details><summary>${review.changes.length} changes</summary>`, "");
        out.push(...table, "");
        if (fold) out.push("</details>", "");
        out.push(`${review.unchanged} resources unchanged.`, "");
    }
    for (const channel of review.channels) {
        const title = review.channels.length > 1 ? ` (channel \`${channel.live.channel}\`)` : "";
        out.push(
            `**LINE's limits${title}**`,
            "",
            "| | this change | LINE's limit |",
            "| --- | --- | --- |",
            ...channel.budget.map(budgetRow),
            ...channel.quota.map(quotaRow),
            "",
        );
    }
    if (review.warnings.length > 0) {
        out.push("**Warnings**", "", ...review.warnings.map(w => `- ${cell(w)}`), "");
    }
    if (review.tabGraph.menus.length > 0) {
        out.push(
            "<details><summary>Tab graph: which menu's tap leads where</summary>",
            "",
            "```mermaid",
            tabGraphMermaid(review.tabGraph),
            "```",
            "",
            "</details>",
            "",
        );
    }
    if (pictures.length > 0) {
        out.push(
            `<details open><summary>Before and after: ${pictures.map(p => p.menu).join(", ")}</summary>`,
            "",
        );
        for (const p of pictures) {
            const why = p.reasons.length > 0 ? ` (${p.reasons.join(", ")})` : "";
            out.push(
                `**${p.menu}**: ${p.change}${why}; changed areas are outlined on the after side`,
                "",
                `![${p.menu}: before and after](${link(p.file, options)})`,
                "",
            );
        }
        out.push("</details>", "");
    }
    return out;
}

/** The whole report. */
export function reportMarkdown(reports: readonly StackReport[], options: MarkdownOptions = {}): string {
    const names = reports.map(r => `\`${r.review.stack}\``);
    const anyChange = reports.some(r => r.review.changes.length > 0);
    const failed = reports.filter(r => r.review.errors.length > 0).map(r => `\`${r.review.stack}\``);
    const out: string[] = [REPORT_MARKER, "## pulumi-line review", ""];
    if (!anyChange && failed.length === 0) {
        out.push(`**No changes.** ${names.join(" and ")} already match the program.`, "");
    } else {
        out.push("What each stack would get from this change:", "");
        for (const r of reports) out.push(`- **${r.review.stack}**: ${r.review.summary}`);
        out.push("");
    }
    if (failed.length > 0) out.push(`**The preview of ${failed.join(" and ")} failed**; see below.`, "");
    out.push(
        "| stack | bot | create | update | replace | delete | warnings |",
        "| --- | --- | --: | --: | --: | --: | --: |",
        ...reports.map(
            r =>
                `| ${r.review.stack} | ${cell(botOf(r.review))} | ${counts(r.review)} | ${r.review.warnings.length} |`,
        ),
        "",
    );
    for (const r of reports) out.push(...stackSection(r, options));
    return `${out.join("\n").trimEnd()}\n`;
}
