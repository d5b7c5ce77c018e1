/**
 * pulumi-line: run a LINE Official Account as code with Pulumi.
 *
 * The public surface: the resource classes with their `*Args` types, the typed LINE API client, and
 * the error classes.
 */
export { RichMenu, type RichMenuArgs } from "./resources/richMenu";
export { RichMenuAlias, type RichMenuAliasArgs } from "./resources/richMenuAlias";
export { DefaultRichMenu, type DefaultRichMenuArgs } from "./resources/defaultRichMenu";
export { UserRichMenuLinks, type UserRichMenuLinksArgs } from "./resources/userRichMenuLinks";
export { WebhookEndpoint, type WebhookEndpointArgs } from "./resources/webhookEndpoint";
export { Audience, type AudienceArgs } from "./resources/audience";
export { DEFAULT_CHANNEL, MissingCredentialsError, type ChannelSettings } from "./resources/credentials";
export { WrongBotError } from "./resources/botGuard";
export * from "./client";
export * from "./declarations";
