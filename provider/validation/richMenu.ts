import { SCHEMA_IDS } from "./ajv";
import { failuresAgainstSchema, type ValidationFailure } from "./failures";

/** LINE's minimum width/height ratio for a rich menu (and its image). */
const MIN_RICH_MENU_ASPECT_RATIO = 1.45;

interface Size {
    readonly width: number;
    readonly height: number;
}

interface AreaLike {
    readonly bounds?: {
        readonly x?: unknown;
        readonly y?: unknown;
        readonly width?: unknown;
        readonly height?: unknown;
    };
    readonly action?: {
        readonly type?: unknown;
        readonly mode?: unknown;
        readonly min?: unknown;
        readonly max?: unknown;
    };
}

/**
 * Validates a rich menu object before any API call: LINE's limits from the JSON Schema, then the rules
 * that span fields. `base` prefixes every property path (e.g. `definition`).
 */
export function validateRichMenuObject(value: unknown, base = ""): ValidationFailure[] {
    const failures = failuresAgainstSchema(SCHEMA_IDS.richMenu, value, base);
    if (typeof value !== "object" || value === null) return failures;
    const menu = value as { size?: Partial<Size>; areas?: unknown };
    const at = (p: string) => (base === "" ? p : `${base}.${p}`);

    const size = menu.size;
    const hasSize = typeof size?.width === "number" && typeof size?.height === "number";
    if (hasSize && size.width! / size.height! < MIN_RICH_MENU_ASPECT_RATIO) {
        failures.push({
            property: at("size"),
            reason: `width/height must be at least ${MIN_RICH_MENU_ASPECT_RATIO} (got ${size.width}x${size.height})`,
        });
    }
    if (Array.isArray(menu.areas)) {
        menu.areas.forEach((area: AreaLike, i) => {
            const b = area?.bounds;
            const numeric = b && [b.x, b.y, b.width, b.height].every(n => typeof n === "number");
            // LINE does not document this rule, but an area outside the image can never be tapped:
            // reject it here rather than ship a dead button.
            if (hasSize && numeric) {
                const [x, y, w, h] = [b.x, b.y, b.width, b.height] as number[];
                if (x + w > size.width! || y + h > size.height!) {
                    failures.push({
                        property: at(`areas[${i}].bounds`),
                        reason: `area ${x},${y} ${w}x${h} extends outside the ${size.width}x${size.height} menu`,
                    });
                }
            }
            const action = area?.action;
            if (
                action?.type === "datetimepicker" &&
                typeof action.min === "string" &&
                typeof action.max === "string" &&
                action.max.toLowerCase() <= action.min.toLowerCase()
            ) {
                failures.push({ property: at(`areas[${i}].action.max`), reason: "must be later than min" });
            }
        });
    }
    return failures;
}
