/**
 * Redaction of credentials from anything the client stores on an error or hands to a log hook.
 *
 * Redaction happens when the error or log event is built, not when it is printed: once a string holding
 * a token sits on an error object, any `console.log`, Pulumi diagnostic or crash report can leak it.
 */

/** What every credential is replaced with. */
export const REDACTED = "[REDACTED]";

/** Form fields of LINE's token endpoints whose values are credentials. */
const SECRET_FORM_FIELDS: readonly string[] = ["access_token", "client_secret", "client_assertion"];

/**
 * Secrets shorter than this are not replaced literally: replacing every occurrence of a two-letter
 * string would mangle messages, and no real LINE credential is that short. The patterns below still
 * catch such a value wherever it appears as a bearer token or a credential field.
 */
const MIN_LITERAL_SECRET_LENGTH = 6;

const fieldAlternation = SECRET_FORM_FIELDS.join("|");
const PATTERNS: readonly (readonly [RegExp, string])[] = [
    // `Authorization: Bearer <token>` in whatever text an error or header dump contains.
    [/(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
    // URL-encoded form bodies and query strings: `access_token=...&`.
    [new RegExp(`((?:${fieldAlternation})=)[^&\\s"']+`, "g"), `$1${REDACTED}`],
    // JSON bodies: `"access_token": "..."`.
    [new RegExp(`("(?:${fieldAlternation})"\\s*:\\s*")[^"]*(")`, "g"), `$1${REDACTED}$2`],
];

/** Replaces credentials in a string. */
export type Redact = (text: string) => string;

/**
 * Builds a redactor that replaces each given secret (raw and URL-encoded) and anything that looks like
 * a bearer token or a credential field.
 */
export function createRedactor(secrets: Iterable<string | undefined>): Redact {
    const literals = new Set<string>();
    for (const secret of secrets) {
        if (secret === undefined || secret.length < MIN_LITERAL_SECRET_LENGTH) continue;
        literals.add(secret);
        literals.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret containing another secret is replaced whole.
    const ordered = [...literals].sort((a, b) => b.length - a.length);
    return (text: string): string => {
        let out = text;
        for (const literal of ordered) out = out.split(literal).join(REDACTED);
        for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
        return out;
    };
}

/** The credential values in a form body, so a request's redactor can also scrub them. */
export function secretsInForm(form: URLSearchParams): string[] {
    return SECRET_FORM_FIELDS.flatMap(field => form.getAll(field));
}
