/**
 * The `line` package's names as the plugin serves them: type tokens `line:index:<Kind>` and the
 * provider type `pulumi:providers:line`.
 * https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/#resources
 */

/** The Pulumi package the plugin `pulumi-resource-line` serves. */
export const PACKAGE = "line";

/** The kinds the plugin serves, each a class in this folder. */
export type NativeKind =
    "RichMenu" | "RichMenuAlias" | "DefaultRichMenu" | "WebhookEndpoint" | "UserRichMenuLinks" | "Audience";

/** `RichMenu` → `line:index:RichMenu`. */
export function typeToken(kind: NativeKind): string {
    return `${PACKAGE}:index:${kind}`;
}
