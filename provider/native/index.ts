/**
 * `pulumi-line/native`: typed classes over the native provider plugin `pulumi-resource-line`, for
 * programs that want explicit providers (one per channel, `{ provider }`) or the same resources a
 * Pulumi YAML program declares. They take the dynamic resources' args (`import * as line from
 * "pulumi-line"`), and their handlers are the same; only where they run differs: in the plugin's process,
 * configured by a {@link Provider}, rather than in a dynamic provider serialized into state.
 */
export { Provider, type ProviderArgs } from "./provider";
export { RichMenu } from "./richMenu";
export { RichMenuAlias } from "./richMenuAlias";
export { DefaultRichMenu } from "./defaultRichMenu";
export { WebhookEndpoint } from "./webhookEndpoint";
export { UserRichMenuLinks } from "./userRichMenuLinks";
export { Audience } from "./audience";
export type { RichMenuArgs } from "../resources/richMenu";
export type { RichMenuAliasArgs } from "../resources/richMenuAlias";
export type { DefaultRichMenuArgs } from "../resources/defaultRichMenu";
export type { WebhookEndpointArgs } from "../resources/webhookEndpoint";
export type { UserRichMenuLinksArgs } from "../resources/userRichMenuLinks";
export type { AudienceArgs } from "../resources/audienceModel";
