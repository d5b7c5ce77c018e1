import { createRequire } from "node:module";

/**
 * The Pulumi package schema the native provider answers `GetSchema` with: what Pulumi YAML checks a
 * program's properties against, and what `pulumi import` writes code from. It describes the same
 * inputs and outputs the dynamic resources take (provider/resources/*.ts); the handlers' own `check`
 * stays the one place that validates values.
 *
 * https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/
 */

type Property = Readonly<Record<string, unknown>>;

/** The package's own version, by self-reference (the same from the sources and from dist/). */
function packageVersion(): string {
    return (createRequire(__filename)("pulumi-line/package.json") as { version: string }).version;
}

/** The package name: type tokens are `line:index:<Kind>`, provider config is `line:<key>`. */
export const PACKAGE = "line";

const str = (description: string): Property => ({ type: "string", description });
const int = (description: string): Property => ({ type: "integer", description });
const bool = (description: string): Property => ({ type: "boolean", description });
const num = (description: string): Property => ({ type: "number", description });
const strings = (description: string): Property => ({
    type: "array",
    items: { type: "string" },
    description,
});
const ref = (type: string, description: string): Property => ({
    $ref: `#/types/line:index:${type}`,
    description,
});
const secret = (property: Property): Property => ({ ...property, secret: true });

const CHANNEL = str(
    "The channel this resource belongs to, when the stack manages several (`line:channels`); `default` if omitted.",
);

/** The provider's settings, the same keys the dynamic resources read from stack config (credentials.ts). */
const CONFIG: Readonly<Record<string, Property>> = {
    channelAccessToken: secret(
        str("The channel access token, kept secret. A new token updates the provider, no resource."),
    ),
    channelId: str("The channel ID, to issue stateless channel access tokens with `channelSecret`."),
    channelSecret: secret(str("The channel secret, to issue stateless channel access tokens.")),
    expectedBot: str(
        "The bot the credentials must belong to (`@basicId` or a bot user ID); others are refused.",
    ),
    apiBaseUrl: str("The Messaging API's base URL (the emulator's URL for local runs)."),
    dataBaseUrl: str(
        "The base URL for content such as rich menu images (the emulator's URL for local runs).",
    ),
};

const TYPES = {
    "line:index:RichMenuSize": {
        type: "object",
        description:
            "A rich menu's size in pixels: https://developers.line.biz/en/reference/messaging-api/#size-object",
        properties: { width: int("800 to 2500."), height: int("At least 250.") },
        required: ["width", "height"],
    },
    "line:index:RichMenuBounds": {
        type: "object",
        description:
            "A tappable area, in image pixels: https://developers.line.biz/en/reference/messaging-api/#bounds-object",
        properties: {
            x: int("Left edge."),
            y: int("Top edge."),
            width: int("Width."),
            height: int("Height."),
        },
        required: ["x", "y", "width", "height"],
    },
    "line:index:AltUri": {
        type: "object",
        description: "The URI opened on LINE for macOS and Windows.",
        properties: { desktop: str("The desktop URI.") },
    },
    "line:index:Action": {
        type: "object",
        description:
            "What a tap does: https://developers.line.biz/en/reference/messaging-api/#action-objects " +
            "(`postback`, `message`, `uri`, `datetimepicker`, `richmenuswitch`, `camera`, `cameraRoll`, `location`, `clipboard`).",
        properties: {
            type: str("The action type."),
            label: str("The action's label."),
            data: str("Postback data (`postback`, `datetimepicker`, `richmenuswitch`)."),
            text: str("The text sent (`message`; `postback`, deprecated there)."),
            displayText: str("The text shown in the chat (`postback`)."),
            inputOption: str("`closeRichMenu`, `openRichMenu`, `openKeyboard` or `openVoice` (`postback`)."),
            fillInText: str("Text put in the keyboard (`postback` with `openKeyboard`)."),
            uri: str("The URI opened (`uri`)."),
            altUri: ref("AltUri", "The URI opened on desktop (`uri`)."),
            mode: str("`date`, `time` or `datetime` (`datetimepicker`)."),
            initial: str("The initial value (`datetimepicker`)."),
            max: str("The largest value (`datetimepicker`)."),
            min: str("The smallest value (`datetimepicker`)."),
            richMenuAliasId: str("The alias of the menu switched to (`richmenuswitch`)."),
            clipboardText: str("The text copied (`clipboard`)."),
        },
        required: ["type"],
    },
    "line:index:RichMenuArea": {
        type: "object",
        description: "A tappable area of a rich menu and its action.",
        properties: { bounds: ref("RichMenuBounds", "Where."), action: ref("Action", "What a tap does.") },
        required: ["bounds", "action"],
    },
};

const RICH_MENU_INPUTS: Readonly<Record<string, Property>> = {
    size: ref("RichMenuSize", "`{width, height}` in pixels: width 800-2500, height at least 250."),
    selected: bool("Whether the menu is shown open when it is displayed."),
    name: str("A name for managing the menu (never shown to users), at most 300 characters."),
    chatBarText: str("The text on the chat bar toggle, at most 14 characters."),
    areas: {
        type: "array",
        items: { $ref: "#/types/line:index:RichMenuArea" },
        description: "At most 20 tappable areas, in image pixels.",
    },
    image: str(
        "The image: a PNG or JPEG file of exactly `size` pixels, at most 1 MB, relative to the program.",
    ),
    channel: CHANNEL,
    adoptRichMenuId: str(
        "Adopt this existing menu while it is still the declared one, instead of creating one.",
    ),
};

const ALIAS_INPUTS: Readonly<Record<string, Property>> = {
    richMenuAliasId: str("The alias ID: 1-32 characters of a-z, 0-9, `_` and `-`."),
    richMenuId: str("The menu the alias points at; it must have its image."),
    channel: CHANNEL,
    adopt: bool("Take over the alias if it already exists in the channel."),
};

const DEFAULT_INPUTS: Readonly<Record<string, Property>> = {
    richMenuId: str("The menu shown to users without a per-user menu; it must have its image."),
    channel: CHANNEL,
    adopt: bool("Take over a default menu someone else set."),
};

const WEBHOOK_INPUTS: Readonly<Record<string, Property>> = {
    endpoint: str("The webhook URL: HTTPS, at most 500 characters."),
    verify: bool(
        "Have LINE send a test event after setting the URL, and fail unless the bot server answers 200.",
    ),
    restoreOnDelete: bool("On delete, put back the URL that was set before this stack (default true)."),
    channel: CHANNEL,
    adopt: bool("Take over a webhook URL someone else set."),
};

const USER_LINKS_INPUTS: Readonly<Record<string, Property>> = {
    richMenuId: str(
        "The menu these users see; it must have its image (a `line:index:RichMenu`'s `richMenuId`).",
    ),
    userIds: secret(
        strings("The user IDs, inline: personal data, so secret (encrypted in state, inputs and outputs)."),
    ),
    userIdsFile: str("A file with one user ID per line, relative to the program; its IDs never enter state."),
    channel: CHANNEL,
    batchTimeoutSeconds: num(
        "How long to wait for a batch move or unlink to finish, in seconds (default 600).",
    ),
};

const AUDIENCE_INPUTS: Readonly<Record<string, Property>> = {
    description: str("The audience's name: 1-120 characters, no line breaks. A rename is an update."),
    type: str(
        "`upload` (default): user IDs or IFAs; `click` or `imp`: the users who clicked or saw a sent message.",
    ),
    isIfaAudience: bool("Upload audiences: the IDs are IFAs (advertising IDs). Fixed at creation."),
    userIds: secret(
        strings(
            "Upload audiences: the IDs, inline, in order. Personal data, so secret; state keeps a digest and a count.",
        ),
    ),
    userIdsFile: str("Upload audiences: a file with one ID per line, relative to the program."),
    requestId: str("Click and impression audiences: the `x-line-request-id` of a broadcast or narrowcast."),
    clickUrl: str("Click audiences: only the users who clicked this URL."),
    waitUntilReady: bool(
        "Wait until LINE reports the audience READY and every upload FINISHED (default false).",
    ),
    readyTimeoutSeconds: num("How long to wait for READY, in seconds (default 600)."),
    channel: CHANNEL,
    adoptAudienceGroupId: int(
        "Adopt this existing audience while it is still the declared one (same type, ID type and source message, no IDs declared).",
    ),
};

interface ResourceSpec {
    readonly description: string;
    readonly inputs: Readonly<Record<string, Property>>;
    readonly required: readonly string[];
    readonly outputs?: Readonly<Record<string, Property>>;
    /** Outputs a resource may lack. */
    readonly optionalOutputs?: readonly string[];
}

/** The resources the native provider serves, by type token. */
export const RESOURCES: Readonly<Record<string, ResourceSpec>> = {
    "line:index:RichMenu": {
        description:
            "A rich menu and its image (https://developers.line.biz/en/reference/messaging-api/#rich-menu). " +
            "Any change replaces it, as LINE cannot edit menus: the new menu is created and given its image, " +
            "dependents are re-pointed, then the old menu is deleted. Import it by its rich menu ID.",
        inputs: RICH_MENU_INPUTS,
        required: ["size", "selected", "name", "chatBarText", "areas", "image"],
        outputs: {
            richMenuId: str("LINE's ID of the menu, `richmenu-…`."),
            imageSha256: str("The sha-256 of the uploaded image bytes."),
            imageContentType: str("`image/png` or `image/jpeg`."),
        },
    },
    "line:index:RichMenuAlias": {
        description:
            "A rich menu alias, the name `richmenuswitch` actions switch tabs with " +
            "(https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias). " +
            "Re-pointing is an update; a new alias ID replaces it. Import it by its alias ID.",
        inputs: ALIAS_INPUTS,
        required: ["richMenuAliasId", "richMenuId"],
    },
    "line:index:DefaultRichMenu": {
        description:
            "The channel's default rich menu " +
            "(https://developers.line.biz/en/reference/messaging-api/#set-default-rich-menu). Moving it is an " +
            "update; deleting clears it only while it is still this stack's menu. Import it as " +
            "`default-rich-menu/<channel>` (`default-rich-menu/default` for the stack's channel).",
        inputs: DEFAULT_INPUTS,
        required: ["richMenuId"],
    },
    "line:index:WebhookEndpoint": {
        description:
            "The channel's webhook URL (https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url). " +
            "LINE has no call to clear it: delete puts back the URL set before this stack, while the URL is still " +
            "this stack's. Import it as `webhook-endpoint/<channel>` (`webhook-endpoint/default` for the stack's channel).",
        inputs: WEBHOOK_INPUTS,
        required: ["endpoint"],
        outputs: {
            active: bool(
                'The console\'s "Use webhook" switch, as last read: events are delivered only while it is on.',
            ),
            previousEndpoint: str("The URL set before this stack took over the channel's webhook, if any."),
        },
        optionalOutputs: ["previousEndpoint"],
    },
    "line:index:UserRichMenuLinks": {
        description:
            "Users linked to one rich menu (https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users). " +
            "State keeps a digest, a count and a one-way hash per user, never an ID in clear. A new member list is an " +
            "update; removing users unlinks the menu's users in one batch and links the declared ones again. It cannot " +
            "be imported: LINE answers which menu one user sees, never who is linked to a menu.",
        inputs: USER_LINKS_INPUTS,
        required: ["richMenuId"],
        outputs: {
            userIdsDigest: str("The sha-256 of the sorted user IDs known to be linked."),
            userCount: int("How many users are known to be linked."),
            memberHashes: strings(
                "One-way hashes of the users known to be linked (16 hex digits each), sorted.",
            ),
        },
    },
    "line:index:Audience": {
        description:
            "An audience to narrowcast to (https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group). " +
            "LINE only adds members: IDs appended at the end are an update that uploads just them, IDs removed or reordered " +
            "replace the audience (a new `audienceGroupId`); a rename is an update. State keeps a digest and a count of the " +
            "IDs, never the IDs. Import it by its audienceGroupId: LINE reports a count of its members, never the members, " +
            "so none are imported.",
        inputs: AUDIENCE_INPUTS,
        required: ["description"],
        outputs: {
            audienceGroupId: int("LINE's ID of the audience, what a narrowcast's recipient names."),
            status: str("`IN_PROGRESS`, `READY`, `FAILED`, `EXPIRED`, … as last read."),
            audienceCount: int("LINE's count of members as last read."),
            created: int("When LINE made it, in UNIX seconds."),
            expireTimestamp: int("When it expires, in UNIX seconds; LINE deletes it about a month later."),
            membersDigest: str("The sha-256 of the declared IDs, in order."),
            memberCount: int("How many IDs are declared."),
        },
        optionalOutputs: ["expireTimestamp"],
    },
};

/** The schema's resource entry: outputs are the inputs (state keeps them) plus what LINE assigns. */
function resourceSchema(spec: ResourceSpec): Record<string, unknown> {
    const properties = { ...spec.inputs, ...spec.outputs };
    return {
        description: spec.description,
        inputProperties: spec.inputs,
        requiredInputs: spec.required,
        properties,
        required: [
            ...spec.required,
            ...Object.keys(spec.outputs ?? {}).filter(key => !spec.optionalOutputs?.includes(key)),
        ],
    };
}

/** The package schema, as `GetSchema` returns it (JSON text). */
export function packageSchema(): Record<string, unknown> {
    return {
        name: PACKAGE,
        displayName: "LINE",
        version: packageVersion(),
        description:
            "A LINE Official Account as code: rich menus, aliases, the default menu, per-user menus, the webhook URL and audiences.",
        homepage: "https://developers.line.biz/en/docs/messaging-api/using-rich-menus/",
        license: "Apache-2.0",
        config: { variables: CONFIG },
        provider: { description: "The LINE channel the resources act on.", inputProperties: CONFIG },
        types: TYPES,
        resources: Object.fromEntries(
            Object.entries(RESOURCES).map(([type, spec]) => [type, resourceSchema(spec)]),
        ),
        language: { nodejs: { packageName: "pulumi-line" } },
    };
}

/** The input property names of a resource type (what an import reads back as inputs). */
export function inputNamesOf(type: string): readonly string[] {
    return Object.keys(RESOURCES[type]?.inputs ?? {});
}

/** Every property of a resource type: its inputs and what LINE assigns (what a detailed diff may name). */
export function propertyNamesOf(type: string): readonly string[] {
    const spec = RESOURCES[type];
    return spec === undefined ? [] : [...Object.keys(spec.inputs), ...Object.keys(spec.outputs ?? {})];
}
