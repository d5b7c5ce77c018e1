import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { OPENAPI_DIR, toJsonSchema } from "./openapi";

const WEBHOOK_FILE = "webhook.yml";
const ID = "https://line-openapi.invalid/webhook.yml";

/**
 * LINE's webhook.yml: a delivered body is checked against `CallbackRequest`, and each event against
 * the schema its `type` maps to (ajv ignores OpenAPI's `discriminator`, so the mapping is followed here).
 */
class WebhookSchema {
    private readonly callback: ValidateFunction;
    private readonly events = new Map<string, ValidateFunction>();

    private constructor(dir: string) {
        const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
        addFormats(ajv);
        ajv.addFormat("int32", true);
        ajv.addFormat("int64", true);
        const doc = toJsonSchema(parse(readFileSync(join(dir, WEBHOOK_FILE), "utf8"))) as {
            components: { schemas: { Event: { discriminator: { mapping: Record<string, string> } } } };
        };
        ajv.addSchema({ ...doc, $id: ID });
        this.callback = ajv.compile({ $ref: `${ID}#/components/schemas/CallbackRequest` });
        for (const [type, ref] of Object.entries(doc.components.schemas.Event.discriminator.mapping))
            this.events.set(type, ajv.compile({ $ref: `${ID}${ref}` }));
    }

    static load(): WebhookSchema | undefined {
        return existsSync(join(OPENAPI_DIR, WEBHOOK_FILE)) ? new WebhookSchema(OPENAPI_DIR) : undefined;
    }

    /** The schema's complaints about a delivered body; empty when LINE's schema allows it. */
    problems(body: unknown): string[] {
        const problems: string[] = [];
        if (!this.callback(body)) problems.push(JSON.stringify(this.callback.errors));
        for (const event of (body as { events?: { type?: string }[] }).events ?? []) {
            const validate = this.events.get(String(event.type));
            const type = String(event.type);
            if (validate === undefined) problems.push(`no schema for event type ${type}`);
            else if (!validate(event)) problems.push(`${type}: ${JSON.stringify(validate.errors)}`);
        }
        return problems;
    }
}

/** Checks delivered bodies against LINE's schema, or says once that the schema is absent. */
export function webhookBodyChecker(): (bodies: readonly unknown[]) => void {
    const schema = WebhookSchema.load();
    let warned = false;
    return bodies => {
        if (schema === undefined) {
            if (!warned)
                process.stderr.write(
                    `LINE's ${WEBHOOK_FILE} is not in ${OPENAPI_DIR}: webhook bodies not checked against it\n`,
                );
            warned = true;
            return;
        }
        for (const body of bodies) {
            const problems = schema.problems(body);
            if (problems.length > 0) throw new Error(`${JSON.stringify(body)}\n${problems.join("\n")}`);
        }
    };
}
