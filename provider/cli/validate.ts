import { readFileSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { formatIssue, sortIssues, type DeclarationIssue } from "../declarations/errors";
import { inspectDeclarations } from "../declarations/load";
import type { ChannelDeclaration } from "../declarations/model";
import { channelPreflightHandlers, type MessageTemplateInput } from "../declarations/preflight";
import { parsePath, parseYaml, type JsonPath, type YamlSource } from "../declarations/source";
import { audienceHandlers } from "../resources/audience";
import { clientFor, DEFAULT_CHANNEL } from "../resources/credentials";
import { defaultRichMenuHandlers } from "../resources/defaultRichMenu";
import { UNKNOWN } from "../resources/lifecycle";
import { richMenuHandlers } from "../resources/richMenu";
import { richMenuAliasHandlers } from "../resources/richMenuAlias";
import { userRichMenuLinksHandlers } from "../resources/userRichMenuLinks";
import { webhookEndpointHandlers } from "../resources/webhookEndpoint";
import { UsageError, stringValue } from "./arguments";
import type { Command, CommandArgs, CommandIO } from "./command";
import { configOverrides, STACK_OPTIONS, stackConfigFor } from "./stackConfig";

/**
 * `pulumi-line validate`: every problem `pulumi preview` would find in a declaration file, without
 * Pulumi and, unless credentials are at hand, without LINE. It runs the same checks in the same order:
 * the file's own (syntax, schema, references, images), then each resource's `check` (user-ID files,
 * rich menu images), then, with credentials, LINE's message validation and the expected bot.
 */

const USAGE = `usage: pulumi-line validate <line.yaml>... [options]

Reports every problem in the declaration files as file:line:column path: message, and exits 1 if there
is any error (warnings alone exit 0). Needs neither Pulumi nor credentials; with credentials in the
environment (LINE_CHANNEL_ACCESS_TOKEN, or LINE_CHANNEL_ID + LINE_CHANNEL_SECRET) message templates
also go through LINE's message validation and expectedBot is checked against the channel's bot.

Options:
  --stack NAME          the stack whose entries and config to use (default: dev)
  --config KEY=VALUE    a config value (a secret, or to override Pulumi.<stack>.yaml's); repeatable
  --channel NAME        the credentials to use for LINE's checks (default: the file's channel)
  -h, --help            this help

Example (a pre-commit hook or an editor task):
  npx pulumi-line validate line.yaml --stack prod
`;

type Check = (
    olds: Record<string, unknown>,
    news: Record<string, unknown>,
) => Promise<pulumi.dynamic.CheckResult>;

interface ResourceCheck {
    /** The entry in the declaration, `audiences.vip`. */
    readonly at: JsonPath;
    readonly check: Check;
    readonly inputs: Record<string, unknown>;
}

/** The resources a declaration makes, with the inputs LineChannel gives them (IDs LINE assigns unknown). */
function resourceChecks(declaration: ChannelDeclaration, channel: string | undefined): ResourceCheck[] {
    const onChannel = channel === undefined ? {} : { channel };
    const checks: ResourceCheck[] = [];
    const add = (at: JsonPath, check: unknown, inputs: Record<string, unknown>) =>
        checks.push({ at, check: check as Check, inputs: { ...inputs, ...onChannel } });
    for (const [key, menu] of Object.entries(declaration.richMenus)) {
        add(["richMenus", key], richMenuHandlers.check, {
            ...menu.definition,
            image: menu.imageFile,
            ...(menu.adoptRichMenuId !== undefined ? { adoptRichMenuId: menu.adoptRichMenuId } : {}),
        });
    }
    for (const [key, alias] of Object.entries(declaration.aliases)) {
        add(["aliases", key], richMenuAliasHandlers.check, {
            richMenuAliasId: alias.richMenuAliasId,
            richMenuId: UNKNOWN,
            ...(alias.adopt !== undefined ? { adopt: alias.adopt } : {}),
        });
    }
    if (declaration.defaultRichMenu !== undefined)
        add(["defaultRichMenu"], defaultRichMenuHandlers.check, { richMenuId: UNKNOWN });
    for (const [key, links] of Object.entries(declaration.userLinks)) {
        const { key: _key, richMenu: _menu, ...rest } = links;
        add(["userLinks", key], userRichMenuLinksHandlers.check, { ...rest, richMenuId: UNKNOWN });
    }
    if (declaration.webhook !== undefined)
        add(["webhook"], webhookEndpointHandlers.check, { ...declaration.webhook });
    for (const [key, audience] of Object.entries(declaration.audiences)) {
        const { key: _key, ...rest } = audience;
        add(["audiences", key], audienceHandlers.check, { ...rest });
    }
    return checks;
}

/** `vip.txt:3:1 userIdsFile: must be …`: a check's reason that already says where. */
const LOCATED = /^(.+?):(\d+):(\d+) (?:([^\s:]+): )?(.*)$/s;

/** A resource check's failure as a declaration issue at the property's place in the file. */
function issueOf(
    failure: pulumi.dynamic.CheckFailure,
    at: JsonPath,
    file: string,
    source: YamlSource,
    cwd: string,
): DeclarationIssue {
    const located = LOCATED.exec(failure.reason);
    if (located !== null) {
        const [, where = "", line = "1", column = "1", property, message = ""] = located;
        const shown = path.isAbsolute(where) ? path.relative(cwd, where) : where;
        return {
            file: shown,
            line: Number(line),
            column: Number(column),
            path: [...at.map(String), property ?? failure.property].join("."),
            message,
        };
    }
    const full = [...at, ...parsePath(failure.property)];
    const { line, column } = source.locate(full);
    const shownPath = [at.join("."), failure.property].filter(Boolean).join(".");
    return { file, line, column, path: shownPath, message: failure.reason };
}

function isMissingCredentials(error: unknown): boolean {
    return error instanceof Error && error.name === "MissingCredentialsError";
}

export interface ValidateResult {
    readonly errors: readonly DeclarationIssue[];
    readonly warnings: readonly DeclarationIssue[];
    /** Why LINE's checks did not run, when they did not. */
    readonly skippedLine?: string;
}

export interface ValidateOptions {
    readonly stack: string;
    readonly config: Record<string, string>;
    readonly channel?: string;
    readonly cwd: string;
}

/** Every problem preview would report for `file`, in reading order. */
export async function validateFile(file: string, options: ValidateOptions): Promise<ValidateResult> {
    const absolute = path.resolve(options.cwd, file);
    const config = stackConfigFor(absolute, options.stack, options.config);
    const inspected = inspectDeclarations(absolute, { config, cwd: options.cwd });
    const warnings = inspected.declaration.warnings;
    // Preview stops at the file's own errors: the resources are never registered.
    if (inspected.errors.length > 0) return { errors: inspected.errors, warnings };

    const declaration = inspected.declaration;
    const source = parseYaml(readFileSync(absolute, "utf8"));
    const channel = options.channel ?? declaration.channel;
    const errors: DeclarationIssue[] = [];
    for (const { at, check, inputs } of resourceChecks(declaration, channel)) {
        const result = await check({}, inputs);
        for (const failure of result.failures ?? [])
            errors.push(issueOf(failure, at, declaration.file, source, options.cwd));
    }

    const templates: Record<string, MessageTemplateInput> = {};
    for (const [key, t] of Object.entries(declaration.messages)) {
        templates[key] = {
            validateAs: t.validateAs,
            messages: [...t.messages],
            locations: { ...t.locations },
        };
    }
    let skippedLine: string | undefined;
    if (declaration.expectedBot !== undefined || Object.keys(templates).length > 0) {
        const name = channel ?? DEFAULT_CHANNEL;
        let withCredentials = true;
        try {
            await clientFor(channel);
        } catch (error) {
            if (!isMissingCredentials(error)) throw error;
            withCredentials = false;
        }
        if (!withCredentials) {
            skippedLine = `no credentials for channel "${name}": message templates and expectedBot were not checked with LINE`;
        } else {
            const inputs = {
                ...(channel !== undefined ? { channel } : {}),
                ...(declaration.expectedBot !== undefined ? { expectedBot: declaration.expectedBot } : {}),
                ...(declaration.expectedBotLocation !== undefined
                    ? { expectedBotLocation: declaration.expectedBotLocation }
                    : {}),
                templates,
            };
            const result = await channelPreflightHandlers.check(inputs, inputs);
            for (const failure of result.failures ?? [])
                errors.push(issueOf(failure, [], declaration.file, source, options.cwd));
        }
    }
    return { errors: sortIssues(errors), warnings, ...(skippedLine !== undefined ? { skippedLine } : {}) };
}

function validateOptions(args: CommandArgs, cwd: string): ValidateOptions {
    if (args.positionals.length === 0) throw new UsageError("give the declaration file(s) to validate");
    const channel = stringValue(args.values.channel);
    return {
        stack: stringValue(args.values.stack) ?? "dev",
        config: configOverrides(args.values.config),
        ...(channel !== undefined ? { channel } : {}),
        cwd,
    };
}

async function run(args: CommandArgs, io: CommandIO): Promise<number> {
    const options = validateOptions(args, io.cwd);
    let errors = 0;
    for (const file of args.positionals) {
        const result = await validateFile(file, options);
        for (const issue of result.errors) io.stdout.write(`${formatIssue(issue)}\n`);
        for (const issue of result.warnings) io.stdout.write(`${formatIssue(issue)} (warning)\n`);
        if (result.skippedLine !== undefined) io.stderr.write(`note: ${result.skippedLine}\n`);
        errors += result.errors.length;
    }
    const files = args.positionals.length === 1 ? args.positionals[0] : `${args.positionals.length} files`;
    io.stderr.write(
        errors === 0
            ? `${files}: no errors (stack ${options.stack})\n`
            : `${files}: ${errors === 1 ? "1 error" : `${errors} errors`} (stack ${options.stack})\n`,
    );
    return errors > 0 ? 1 : 0;
}

export const validateCommand: Command = {
    name: "validate",
    summary: "report every problem in line.yaml (file:line:column), exit 1 on any error",
    usage: USAGE,
    options: {
        ...STACK_OPTIONS,
        channel: { type: "string" },
    },
    allowPositionals: true,
    run,
};
