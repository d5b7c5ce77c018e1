/**
 * Declarations: a whole LINE channel in one YAML file (`line.yaml`), checked against its JSON Schema
 * and cross-referenced before any API call, promoted between stacks with `${config:…}` references, and
 * turned into resources by the {@link LineChannel} component. See examples/tabbed-menus-yaml and
 * examples/promotion.
 */
export { LineChannel, pulumiStackConfig, type LineChannelArgs } from "./lineChannel";
export { ChannelPreflight, type ChannelPreflightArgs, type MessageTemplateInput } from "./preflight";
export { DeclarationError, formatIssue, type DeclarationIssue } from "./errors";
export {
    fileSystemFiles,
    inspectDeclarations,
    loadDeclarations,
    type DeclarationFiles,
    type InspectedDeclarations,
    type LoadOptions,
} from "./load";
export type * from "./model";
export { staticStackConfig, type StackConfig } from "./references";
export { fingertipPx, reviewRichMenu, type FindingKind, type MenuFinding } from "./review";
export { DECLARATIONS_EDITOR_SCHEMA_ID, DECLARATIONS_SCHEMA_ID } from "./schema";
export {
    describeAction,
    renderComparisonSvg,
    renderRichMenuSvg,
    richMenuChange,
    type MenuChange,
    type RenderableMenu,
    type RenderOptions,
} from "./render";
