import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import commonSchema from "../../schema/common.schema.json";
import richMenuSchema from "../../schema/rich-menu.schema.json";
import declarationsSchema from "../../schema/line-declarations.schema.json";
import declarationsEditorSchema from "../../schema/line-declarations.editor.schema.json";

/** Every schema in `schema/`, registered by its `$id` so they can reference each other. */
const SCHEMAS: readonly { readonly $id: string }[] = [
    commonSchema,
    richMenuSchema,
    declarationsSchema,
    declarationsEditorSchema,
];

export const SCHEMA_IDS = {
    common: "urn:pulumi-line:schema:common",
    richMenu: "urn:pulumi-line:schema:rich-menu",
} as const;

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** LINE counts some texts in grapheme clusters ("👨‍👩‍👧" is one), which `maxLength` cannot express. */
function graphemeLength(text: string): number {
    let n = 0;
    for (const _ of segmenter.segment(text)) n++;
    return n;
}

let instance: Ajv | undefined;

/** The one Ajv instance; schemas are compiled once, on first use. */
function getAjv(): Ajv {
    if (instance === undefined) {
        const ajv = new Ajv({
            allErrors: true,
            strict: true,
            strictRequired: false,
            strictTypes: false,
            allowUnionTypes: true,
            verbose: true,
        });
        ajv.addKeyword({
            keyword: "maxGraphemes",
            type: "string",
            schemaType: "number",
            error: { message: ctx => `must NOT have more than ${String(ctx.schema)} characters` },
            validate: (max: number, data: string) => graphemeLength(data) <= max,
        });
        for (const schema of SCHEMAS) ajv.addSchema(schema);
        instance = ajv;
    }
    return instance;
}

/** The compiled validator for a schema `$id` (or `$id#/definitions/x`). */
export function validatorFor<T>(id: string): ValidateFunction<T> {
    const validate = getAjv().getSchema<T>(id);
    if (validate === undefined) throw new Error(`no JSON Schema registered as ${id}`);
    return validate;
}

export type { ErrorObject };
