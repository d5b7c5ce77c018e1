import assert from "node:assert/strict";
import * as native from "../../../provider/native";
import { packageSchema } from "../../../provider/plugin/schema";

/**
 * The typed classes of `pulumi-line/native` and the schema the plugin answers `GetSchema` with name the
 * same properties, kind by kind: a class registers what the plugin's handlers read, and a Pulumi YAML
 * program and a TypeScript program declare a resource with the same words. The classes' name lists
 * are checked complete against the dynamic resources' `*Args` and `*Outputs` by the compiler.
 */

interface ResourceEntry {
    readonly inputProperties: Record<string, unknown>;
    readonly properties: Record<string, unknown>;
}

interface Schema {
    readonly resources: Record<string, ResourceEntry>;
    readonly provider: { readonly inputProperties: Record<string, unknown> };
    readonly config: { readonly variables: Record<string, unknown> };
}

const schema = packageSchema() as unknown as Schema;
const sorted = (names: Iterable<string>) => [...names].sort();

const CLASSES = [
    { type: "line:index:RichMenu", cls: native.RichMenu },
    { type: "line:index:RichMenuAlias", cls: native.RichMenuAlias },
    { type: "line:index:DefaultRichMenu", cls: native.DefaultRichMenu },
    { type: "line:index:WebhookEndpoint", cls: native.WebhookEndpoint },
    { type: "line:index:UserRichMenuLinks", cls: native.UserRichMenuLinks },
    { type: "line:index:Audience", cls: native.Audience },
] as const;

describe("pulumi-line/native against the plugin's schema", () => {
    it("has one class per resource type the plugin serves, and no other", () => {
        assert.deepEqual(sorted(CLASSES.map(c => c.type)), sorted(Object.keys(schema.resources)));
        const exported = Object.keys(native).filter(name => name !== "Provider");
        assert.deepEqual(sorted(exported), sorted(CLASSES.map(c => c.type.split(":")[2]!)));
    });

    for (const { type, cls } of CLASSES) {
        it(`${type}: the class's inputs are the schema's inputProperties`, () => {
            assert.deepEqual(
                sorted(cls.inputNames),
                sorted(Object.keys(schema.resources[type]!.inputProperties)),
            );
        });

        it(`${type}: the class's outputs are the schema's properties`, () => {
            assert.deepEqual(
                sorted(cls.outputNames),
                sorted(Object.keys(schema.resources[type]!.properties)),
            );
        });
    }

    it("the Provider's args are the schema's provider inputs and config variables", () => {
        assert.deepEqual(
            sorted(native.Provider.inputNames),
            sorted(Object.keys(schema.provider.inputProperties)),
        );
        assert.deepEqual(sorted(native.Provider.inputNames), sorted(Object.keys(schema.config.variables)));
    });
});
