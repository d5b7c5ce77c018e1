import { LineErrorFactory } from "./errors";
import { lineDayRange } from "./lineDates";

/**
 * The `date` query of LINE's statistics (https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages,
 * https://developers.line.biz/en/reference/messaging-api/#get-number-of-delivery-messages): a UTC+9
 * `yyyyMMdd`. A day is counted once it is over; before LINE started counting it is `out_of_service`.
 */
export type DayStatus =
    | { readonly status: "ready"; readonly start: number; readonly end: number }
    | { readonly status: "unready" | "out_of_service" };

export function statisticsDay(date: string | null, firstDate: string, now: number): DayStatus {
    const range = lineDayRange(date ?? "");
    if (date === null || range === undefined) throw LineErrorFactory.invalidPathParameter("date");
    if (date < firstDate) return { status: "out_of_service" };
    if (range.end > now) return { status: "unready" };
    return { status: "ready", ...range };
}
