/**
 * A local LINE Messaging API: rich menus, aliases, per-user and batch links, webhook settings,
 * audiences, bot info, channel access tokens and message validation, answering as LINE does; and the
 * platform around a bot: simulated users, what they see and tap, and webhook delivery.
 * Point a LINE client's base URL (both api.line.me and api-data.line.me) at `emulator.url`.
 */
export { startEmulator } from "./server";
export type { Emulator, EmulatorOptions } from "./server";
export { DEFAULT_CHANNEL } from "./channels";
export type { Channel, ChannelOptions } from "./channels";
export { ManualClock, SystemClock } from "./clock";
export type { Clock } from "./clock";
export { randomIds, sequentialIds } from "./ids";
export type { IdGenerator } from "./ids";
export { MemoryChannelStore } from "./store";
export { FileChannelStore } from "./stateFile";
export type { ChannelState, ChannelStore } from "./store";
export { DEFAULT_RATE_LIMIT, LINE_RATE_LIMITS, RateLimiter } from "./rateLimits";
export type { RateLimit } from "./rateLimits";
export type { Fault, FaultSpec } from "./faults";
export type { RequestLogEntry } from "./requestLog";
export type { DeliveryFailureReason, DeliveryView } from "./deliveryLog";
export type { ScreenView } from "./richMenuDisplay";
export type { TapEffect, RichMenuSwitchStatus } from "./richMenuTap";
export type { UserView } from "./users";
export type { ErrorDetail, LineErrorBody, OAuthErrorBody } from "./errors";
export type * from "./model";
