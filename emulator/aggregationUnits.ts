import { CUSTOM_AGGREGATION_UNITS_PER_MONTH } from "./limits";
import { lineMonth } from "./lineDates";
import type { ChannelState, DeepReadonly } from "./store";

/**
 * Custom aggregation units (https://developers.line.biz/en/docs/messaging-api/unit-based-statistics-aggregation/):
 * the names a channel's pushes and multicasts were tagged with, per UTC+9 month, in the order each
 * was first used. LINE counts them per month, so a new month starts with none.
 */

/** The names used in the UTC+9 month of `now`. */
export function aggregationUnitsOf(state: DeepReadonly<ChannelState>, now: number): readonly string[] {
    return state.customAggregationUnits.get(lineMonth(now)) ?? [];
}

/**
 * Notes a sent message's unit name. Past 1,000 distinct names in the month LINE keeps the message and
 * drops the name without an error, so a new name then leaves nothing behind.
 */
export function recordAggregationUnit(state: ChannelState, name: string | undefined, now: number): void {
    if (name === undefined) return;
    const month = lineMonth(now);
    const names = state.customAggregationUnits.get(month) ?? [];
    if (names.includes(name) || names.length >= CUSTOM_AGGREGATION_UNITS_PER_MONTH) return;
    state.customAggregationUnits.set(month, [...names, name]);
}
