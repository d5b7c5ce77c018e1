import assert from "node:assert/strict";
import * as path from "node:path";
import { DeclarationError } from "../../../provider/declarations/errors";
import { LineChannel } from "../../../provider/declarations/lineChannel";
import { staticStackConfig } from "../../../provider/declarations/references";
import { CORPUS, CORPUS_CONFIG } from "./corpus";

describe("LineChannel", () => {
    it("throws the DeclarationError before anything is registered", () => {
        // Outside a Pulumi program, registering the component would fail differently: the error below
        // proves the file was checked first.
        assert.throws(
            () =>
                new LineChannel("channel", {
                    file: path.join(CORPUS, "invalid", "many-errors-at-once.yaml"),
                    stackConfig: staticStackConfig("dev", "corpus", CORPUS_CONFIG),
                }),
            (error: unknown) => error instanceof DeclarationError && error.issues.length === 6,
        );
    });

    it("is a Pulumi RunError, so a program prints the list without a stack trace", () => {
        try {
            new LineChannel("channel", {
                file: path.join(CORPUS, "invalid", "version-wrong.yaml"),
                stackConfig: staticStackConfig("dev", "corpus", CORPUS_CONFIG),
            });
            assert.fail("expected a DeclarationError");
        } catch (error) {
            assert.equal((error as { __pulumiRunError?: boolean }).__pulumiRunError, true);
            assert.match((error as Error).message, /version-wrong\.yaml:3:10 version: must be 1/);
        }
    });
});
