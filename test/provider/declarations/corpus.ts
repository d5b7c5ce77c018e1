import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { formatIssue, type DeclarationIssue } from "../../../provider/declarations/errors";
import { staticStackConfig, type StackConfig } from "../../../provider/declarations/references";

/**
 * The declaration corpus under test/fixtures/declarations: every file states in its header comment
 * what loading it must report, so adding a case is adding a file.
 *
 *   # expect: name.yaml:12:9 richMenus.home.chatBarText: must NOT have more than 14   (an error)
 *   # expect-warning: name.yaml:17:9 areas 1 and 2 overlap                            (a warning)
 *   # stack: prod                    (the stack to load for; dev when absent)
 *   # config: verifyWebhook=maybe    (a config value on top of the corpus's own)
 *
 * The location is `file:line:column` (the file where the problem is, which may be a messages file the
 * declaration names); the rest is a fragment of the formatted issue.
 */

export const CORPUS = path.resolve(__dirname, "..", "..", "fixtures", "declarations");

/** What every corpus file may refer to. */
export const CORPUS_CONFIG: Readonly<Record<string, string>> = {
    siteUrl: "https://example.com",
    webhookUrl: "https://example.com/webhook",
    newsletterUser: "U00000000000000000000000000000009",
};

export interface Expectation {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly fragment: string;
}

export interface CorpusCase {
    readonly name: string;
    readonly file: string;
    readonly errors: readonly Expectation[];
    readonly warnings: readonly Expectation[];
    readonly config: StackConfig;
}

function expectationsOf(text: string, tag: string): Expectation[] {
    const out: Expectation[] = [];
    for (const match of text.matchAll(new RegExp(`^# ${tag}: (\\S+?):(\\d+):(\\d+) (.+)$`, "gm"))) {
        out.push({
            file: match[1]!,
            line: Number(match[2]),
            column: Number(match[3]),
            fragment: match[4]!.trim(),
        });
    }
    return out;
}

export function corpus(kind: "valid" | "invalid"): CorpusCase[] {
    const dir = path.join(CORPUS, kind);
    return readdirSync(dir)
        .filter(name => name.endsWith(".yaml"))
        .sort()
        .map(name => {
            const file = path.join(dir, name);
            const text = readFileSync(file, "utf8");
            const stack = /^# stack: (\S+)$/m.exec(text)?.[1] ?? "dev";
            const values: Record<string, string> = { ...CORPUS_CONFIG };
            for (const match of text.matchAll(/^# config: ([^=]+)=(.*)$/gm)) values[match[1]!] = match[2]!;
            return {
                name,
                file,
                errors: expectationsOf(text, "expect"),
                warnings: expectationsOf(text, "expect-warning"),
                config: staticStackConfig(stack, "corpus", values),
            };
        });
}

/** An issue as the header states it: `name.yaml:12:9 path: message`, the file by its base name. */
function describeIssue(issue: DeclarationIssue): string {
    return formatIssue({ ...issue, file: path.basename(issue.file) });
}

/** The expectations no issue meets, and the issues no expectation names. */
export function mismatches(
    expected: readonly Expectation[],
    issues: readonly DeclarationIssue[],
): { readonly missing: string[]; readonly unexpected: string[] } {
    const left = issues.map(describeIssue);
    const missing: string[] = [];
    for (const e of expected) {
        const prefix = `${e.file}:${e.line}:${e.column} `;
        const at = left.findIndex(issue => issue.startsWith(prefix) && issue.includes(e.fragment));
        if (at < 0) missing.push(`${prefix}${e.fragment}`);
        else left.splice(at, 1);
    }
    return { missing, unexpected: left };
}
