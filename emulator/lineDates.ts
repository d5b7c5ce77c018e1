import { LINE_TIME_ZONE_OFFSET_MS } from "./limits";

/**
 * LINE's calendar: statistics take a `date` of `yyyyMMdd` in UTC+9, and the monthly message quota
 * resets when the month turns in Japan, not in UTC
 * (https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages,
 * https://developers.line.biz/en/docs/messaging-api/pricing/). Everything here is computed from
 * epoch milliseconds of the emulator's clock.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})(\d{2})(\d{2})$/;

function japanTime(epochMs: number): Date {
    return new Date(epochMs + LINE_TIME_ZONE_OFFSET_MS);
}

/** The UTC+9 day of an instant, as `yyyyMMdd`. */
export function lineDate(epochMs: number): string {
    return japanTime(epochMs).toISOString().slice(0, 10).replaceAll("-", "");
}

/** When a `yyyyMMdd` UTC+9 day starts and ends, or undefined when the text is no real date. */
export function lineDayRange(date: string): { readonly start: number; readonly end: number } | undefined {
    const match = DATE_PATTERN.exec(date);
    if (match === null) return undefined;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const utcMidnight = Date.UTC(year, month - 1, day);
    const check = new Date(utcMidnight);
    if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
        return undefined;
    }
    const start = utcMidnight - LINE_TIME_ZONE_OFFSET_MS;
    return { start, end: start + DAY_MS };
}

/** The UTC+9 calendar month an instant falls in. */
export function lineMonthRange(epochMs: number): { readonly start: number; readonly end: number } {
    const local = japanTime(epochMs);
    const year = local.getUTCFullYear();
    const month = local.getUTCMonth();
    return {
        start: Date.UTC(year, month, 1) - LINE_TIME_ZONE_OFFSET_MS,
        end: Date.UTC(year, month + 1, 1) - LINE_TIME_ZONE_OFFSET_MS,
    };
}

/** The UTC+9 month of an instant, as `yyyyMM`: the key of what LINE counts per month. */
export function lineMonth(epochMs: number): string {
    return lineDate(epochMs).slice(0, 6);
}
