import assert from "node:assert/strict";
import { inspectDeclarations, loadDeclarations } from "../../../provider/declarations/load";
import { DeclarationError } from "../../../provider/declarations/errors";
import { corpus, mismatches } from "./corpus";

/**
 * The corpus, one `it` per file: each invalid file must produce exactly the errors its header names
 * (file:line:column and a fragment of the message), all of them from one load; each valid file must
 * load without errors and with exactly the warnings its header names.
 */

function explain(label: string, result: { missing: string[]; unexpected: string[] }): string {
    return [
        `${label}:`,
        ...result.missing.map(m => `  missing:    ${m}`),
        ...result.unexpected.map(u => `  unexpected: ${u}`),
    ].join("\n");
}

describe("declaration corpus", () => {
    describe("invalid files", () => {
        const cases = corpus("invalid");

        it("has at least 60 cases, each stating the errors it must produce", () => {
            assert.ok(cases.length >= 60, `only ${cases.length} invalid files`);
            for (const c of cases) assert.ok(c.errors.length > 0, `${c.name} states no expected error`);
        });

        for (const c of cases) {
            it(c.name, () => {
                const { errors } = inspectDeclarations(c.file, { config: c.config });
                const result = mismatches(c.errors, errors);
                assert.ok(result.missing.length + result.unexpected.length === 0, explain(c.name, result));
                // The same problems, thrown as one error by the loader the component uses.
                assert.throws(
                    () => loadDeclarations(c.file, { config: c.config }),
                    (error: unknown) =>
                        error instanceof DeclarationError && error.issues.length === errors.length,
                );
            });
        }
    });

    describe("valid files", () => {
        for (const c of corpus("valid")) {
            it(c.name, () => {
                const { errors, declaration } = inspectDeclarations(c.file, { config: c.config });
                assert.deepEqual(mismatches([], errors), { missing: [], unexpected: [] });
                const result = mismatches(c.warnings, declaration.warnings);
                assert.ok(result.missing.length + result.unexpected.length === 0, explain(c.name, result));
            });
        }
    });
});
