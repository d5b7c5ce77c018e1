import { canonicalJson } from "../resources/canonicalJson";

/**
 * What `pulumi preview --json` says a stack would do, narrowed to this package's resources.
 *
 * The JSON is the engine's preview digest: `steps` (one per resource: `op`, `urn`, `oldState`,
 * `newState`, `diffReasons`, `replaceReasons`), `diagnostics` (`severity`, `message`, `urn`) and
 * `changeSummary`. See https://www.pulumi.com/docs/iac/cli/commands/pulumi_preview/ (`--json`).
 */

/** The dynamic resource types of this package are `pulumi-nodejs:dynamic/line:<kind>`. */
const LINE_RESOURCE_TYPE = /^pulumi-nodejs:dynamic\/line:(\w+)$/;
/** Components of this package (`line:index:Channel`). */
const LINE_COMPONENT_TYPE = /^line:index:(\w+)$/;

export type ChangeOp = "create" | "update" | "replace" | "delete" | "same";

export interface PlannedChange {
    readonly urn: string;
    /** `RichMenu`, `RichMenuAlias`, `DefaultRichMenu`, `UserRichMenuLinks`, `WebhookEndpoint`, `Audience`, … */
    readonly kind: string;
    /** The resource's name, without its LineChannel's prefix (`channel-home` → `home`). */
    readonly name: string;
    readonly op: ChangeOp;
    /** The inputs whose change causes the update or replacement, in the engine's order. */
    readonly reasons: readonly string[];
    readonly oldInputs?: Readonly<Record<string, unknown>>;
    readonly oldOutputs?: Readonly<Record<string, unknown>>;
    readonly newInputs?: Readonly<Record<string, unknown>>;
    /** The URNs each input of the new state comes from (`richMenuId` → the menu's URN). */
    readonly inputSources: Readonly<Record<string, readonly string[]>>;
}

export interface PreviewDiagnostic {
    readonly severity: "warning" | "error";
    readonly message: string;
    /** The resource's display name when the diagnostic is attached to one. */
    readonly resource?: string;
}

export interface PlannedPreview {
    readonly changes: readonly PlannedChange[];
    /** Warnings and errors of this package's resources (and of its provider, which names itself). */
    readonly diagnostics: readonly PreviewDiagnostic[];
}

interface RawState {
    readonly urn?: string;
    readonly type?: string;
    readonly parent?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
    readonly propertyDependencies?: Record<string, string[]>;
}

interface RawStep {
    readonly op?: string;
    readonly urn?: string;
    readonly oldState?: RawState;
    readonly newState?: RawState;
    readonly diffReasons?: string[];
    readonly replaceReasons?: string[];
    readonly detailedDiff?: Record<string, unknown>;
}

interface RawDiagnostic {
    readonly urn?: string;
    readonly message?: string;
    readonly severity?: string;
}

interface RawPreview {
    readonly steps?: RawStep[];
    readonly diagnostics?: RawDiagnostic[];
}

/** Inputs a reader should not see as reasons: the serialized provider changes with the package alone. */
const HIDDEN_REASONS: ReadonlySet<string> = new Set(["__provider"]);

/** What a reason is called in the report: the digests stand for the thing they digest. */
const REASON_NAMES: Readonly<Record<string, string>> = {
    imageSha256: "image",
    userIdsDigest: "members",
};

const OPS: Readonly<Record<string, ChangeOp | undefined>> = {
    create: "create",
    update: "update",
    delete: "delete",
    same: "same",
    replace: "replace",
    "create-replacement": "replace",
    // The second half of a replacement, already counted by its `replace` step.
    "delete-replaced": undefined,
    // A resource imported or read is not a change to the channel.
    read: "same",
    refresh: "same",
    import: "create",
    "import-replacement": "replace",
    "discard-replaced": undefined,
    "remove-pending-replace": undefined,
};

// The escape character is what these sequences match.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

function typeOfUrn(urn: string): string {
    const parts = urn.split("::");
    const qualified = parts[2] ?? "";
    const types = qualified.split("$");
    return types[types.length - 1] ?? "";
}

function nameOfUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.slice(3).join("::");
}

/** Whether the URN is one of this package's resources or components. */
function isLineUrn(urn: string | undefined): boolean {
    if (urn === undefined) return false;
    const type = typeOfUrn(urn);
    return LINE_RESOURCE_TYPE.test(type) || LINE_COMPONENT_TYPE.test(type);
}

function displayName(urn: string, parent: string | undefined): string {
    const name = nameOfUrn(urn);
    if (parent === undefined || !LINE_COMPONENT_TYPE.test(typeOfUrn(parent))) return name;
    const prefix = `${nameOfUrn(parent)}-`;
    return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}

/** The inputs that differ between the old and the new state; an unknown value counts as different. */
function changedInputs(step: RawStep): string[] {
    const olds = step.oldState?.inputs ?? {};
    const news = step.newState?.inputs ?? {};
    return [...new Set([...Object.keys(olds), ...Object.keys(news)])]
        .filter(key => canonicalJson(olds[key]) !== canonicalJson(news[key]))
        .sort();
}

function reasonsOf(step: RawStep, op: ChangeOp): string[] {
    const given =
        op === "replace" && (step.replaceReasons?.length ?? 0) > 0
            ? step.replaceReasons!
            : (step.diffReasons ?? Object.keys(step.detailedDiff ?? {}));
    // Dynamic providers answer the engine's diff with `replaces` only, so an update comes without
    // reasons: then they are the inputs that differ.
    const raw = given.length > 0 ? given : changedInputs(step);
    const named = raw.filter(r => !HIDDEN_REASONS.has(r)).map(r => REASON_NAMES[r] ?? r);
    // The engine's order varies between runs of the same plan; the report must not.
    return [...new Set(named)].sort();
}

function parseJson(text: string, source: string): RawPreview {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new Error(
            `${source} is not the JSON of \`pulumi preview --json\`: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new Error(`${source} is not the JSON of \`pulumi preview --json\`: expected an object`);
    }
    return value as RawPreview;
}

/**
 * This package's planned changes and diagnostics from `pulumi preview --json` output. `source` names
 * the input in errors (`preview of stack dev`).
 */
export function parsePreview(text: string, source: string): PlannedPreview {
    const raw = parseJson(text, source);
    const names = new Map<string, string>();
    const changes = new Map<string, PlannedChange>();
    for (const step of raw.steps ?? []) {
        const urn = step.urn ?? step.newState?.urn ?? step.oldState?.urn;
        const op = step.op === undefined ? undefined : OPS[step.op];
        if (urn === undefined) continue;
        const parent = step.newState?.parent ?? step.oldState?.parent;
        // The halves of a replacement come without states; the step that has one names the resource.
        if (!names.has(urn) || parent !== undefined) names.set(urn, displayName(urn, parent));
        const match = LINE_RESOURCE_TYPE.exec(typeOfUrn(urn));
        if (op === undefined || match === null || changes.has(urn)) continue;
        changes.set(urn, {
            urn,
            kind: match[1]!,
            name: displayName(urn, parent),
            op,
            reasons: op === "same" || op === "create" || op === "delete" ? [] : reasonsOf(step, op),
            ...(step.oldState?.inputs !== undefined ? { oldInputs: step.oldState.inputs } : {}),
            ...(step.oldState?.outputs !== undefined ? { oldOutputs: step.oldState.outputs } : {}),
            ...(step.newState?.inputs !== undefined && op !== "delete"
                ? { newInputs: step.newState.inputs }
                : {}),
            inputSources: step.newState?.propertyDependencies ?? {},
        });
    }
    const diagnostics: PreviewDiagnostic[] = [];
    const seen = new Set<string>();
    for (const d of raw.diagnostics ?? []) {
        const message = (d.message ?? "").replace(ANSI, "").trim();
        // What the provider prints reaches the engine as its stderr (`info#err`), without a resource;
        // it names itself, and says `warning` when it is one.
        const printed = message.startsWith("pulumi-line") && /\bwarning\b/i.test(message);
        const severity =
            d.severity === "warning" || printed ? "warning" : d.severity === "error" ? "error" : undefined;
        if (severity === undefined || message === "") continue;
        if (!isLineUrn(d.urn) && !message.startsWith("pulumi-line")) continue;
        const resource = d.urn === undefined ? undefined : (names.get(d.urn) ?? nameOfUrn(d.urn));
        const key = `${severity}\u0000${resource ?? ""}\u0000${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.push({ severity, message, ...(resource !== undefined ? { resource } : {}) });
    }
    return { changes: [...changes.values()], diagnostics };
}
