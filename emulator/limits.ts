/**
 * LINE's documented limits, in one place, each group under the page of LINE's documentation that states
 * it. Validators and routes import these; none of them spells a limit as a literal.
 */

// Rich menu object: https://developers.line.biz/en/reference/messaging-api/#rich-menu-object
export const RICH_MENU_MIN_WIDTH = 800;
export const RICH_MENU_MAX_WIDTH = 2500;
export const RICH_MENU_MIN_HEIGHT = 250;
export const RICH_MENU_MIN_ASPECT_RATIO = 1.45;
export const RICH_MENU_NAME_MAX_GRAPHEMES = 300;
export const RICH_MENU_CHAT_BAR_TEXT_MAX_GRAPHEMES = 14;
export const RICH_MENU_MAX_AREAS = 20;
export const ACTION_LABEL_MAX_GRAPHEMES = 20;
export const POSTBACK_DATA_MAX_LENGTH = 300;
export const POSTBACK_TEXT_MAX_GRAPHEMES = 300;
export const MESSAGE_ACTION_TEXT_MAX_GRAPHEMES = 300;
export const URI_MAX_LENGTH = 1000;
export const URI_ACTION_SCHEMES: readonly string[] = ["http", "https", "line", "tel"];
export const DATETIME_PICKER_MIN_DATE = "1900-01-01";
export const DATETIME_PICKER_MAX_DATE = "2100-12-31";
export const RICH_MENU_ALIAS_ID_MAX_LENGTH = 32;
export const CLIPBOARD_TEXT_MIN_LENGTH = 1;
export const CLIPBOARD_TEXT_MAX_LENGTH = 1000;

// Rich menu images: https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image
export const RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024;
export const RICH_MENU_IMAGE_CONTENT_TYPES: readonly string[] = ["image/jpeg", "image/png"];

// Counts per LINE Official Account: https://developers.line.biz/en/reference/messaging-api/#create-rich-menu, https://developers.line.biz/en/reference/messaging-api/#create-rich-menu-alias
export const MAX_RICH_MENUS = 1000;
export const MAX_RICH_MENU_ALIASES = 1000;
export const RICH_MENU_ALIAS_ID_PATTERN = /^[a-z0-9_-]{1,32}$/;

// Per-user and bulk: https://developers.line.biz/en/reference/messaging-api/#link-rich-menu-to-users
export const USER_ID_PATTERN = /^U[0-9a-f]{32}$/;
export const BULK_MAX_USER_IDS = 500;

// Batch control: https://developers.line.biz/en/reference/messaging-api/#batch-control-rich-menus-of-users
export const BATCH_MAX_OPERATIONS = 1000;
export const BATCH_RESUME_REQUEST_KEY_PATTERN = /^[a-zA-Z0-9_-]{1,100}$/;
export const BATCH_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;
/** How long an accepted batch reports `ongoing` before `succeeded` (an emulator choice; LINE says "async"). */
export const BATCH_PROCESSING_MS = 5_000;

// Webhook: https://developers.line.biz/en/reference/messaging-api/#set-webhook-endpoint-url
export const WEBHOOK_ENDPOINT_MAX_LENGTH = 500;
/** How long the test-webhook call waits for the bot server (an emulator choice; LINE does not publish it). */
export const WEBHOOK_TEST_TIMEOUT_MS = 5_000;
/** A webhook is delivered when the bot server answers 2xx within 2 s (https://developers.line.biz/en/docs/messaging-api/receiving-messages/#webhook-redelivery). */
export const WEBHOOK_DELIVERY_TIMEOUT_MS = 2_000;
/** How many webhook deliveries the emulator remembers per channel (an emulator choice; LINE keeps only statistics). */
export const DELIVERY_LOG_MAX_ENTRIES = 1_000;

// Reply tokens (https://developers.line.biz/en/reference/messaging-api/#send-reply-message-reply-token):
// one use, within about a minute of receipt; a redelivered one dies 20 minutes after the event anyway.
export const REPLY_TOKEN_TTL_MS = 60_000;
export const REDELIVERED_REPLY_TOKEN_MAX_AGE_MS = 20 * 60_000;

// Users (https://developers.line.biz/en/reference/messaging-api/#get-follower-ids)
export const FOLLOWER_IDS_DEFAULT_LIMIT = 300;
export const FOLLOWER_IDS_MAX_LIMIT = 1000;

// Group chats (https://developers.line.biz/en/reference/messaging-api/#get-group-member-user-ids)
export const GROUP_ID_PATTERN = /^C[0-9a-f]{32}$/;
/** Room IDs start with `R` in LINE's examples (https://developers.line.biz/en/reference/messaging-api/#source-room). */
export const ROOM_ID_PATTERN = /^R[0-9a-f]{32}$/;
export const GROUP_MEMBER_IDS_PAGE_SIZE = 100;

// Account linking (https://developers.line.biz/en/reference/messaging-api/#issue-link-token): one use, 10 minutes.
export const LINK_TOKEN_TTL_MS = 10 * 60_000;

// Audiences: https://developers.line.biz/en/reference/messaging-api/#create-upload-audience-group
export const MAX_AUDIENCE_GROUPS = 1000;
export const AUDIENCE_DESCRIPTION_MAX_LENGTH = 120;
export const AUDIENCE_UPLOAD_DESCRIPTION_MAX_LENGTH = 300;
export const AUDIENCE_CLICK_URL_MAX_LENGTH = 2000;
export const AUDIENCE_MAX_IDS_PER_JSON = 10_000;
export const AUDIENCE_MAX_IDS_PER_FILE = 1_500_000;
/**
 * How many uploaded user IDs an audience keeps, so a narrowcast to it reaches its members: an emulator
 * bound, not LINE's (the size of one JSON upload), since every write saves the whole state file, which
 * must stay small.
 * A larger audience, such as a 1,500,000-ID file upload, keeps only its count and reaches nobody.
 */
export const AUDIENCE_MAX_KEPT_USER_IDS = 10_000;
export const AUDIENCE_MAX_CONCURRENT_JOBS = 10;
export const AUDIENCE_LIST_DEFAULT_SIZE = 20;
export const AUDIENCE_LIST_MAX_SIZE = 40;
export const AUDIENCE_JOBS_SHOWN = 50;
/** Click and impression audiences stay IN_PROGRESS below this many users. */
export const AUDIENCE_MIN_RETARGETING_USERS = 50;
/** Below this, `audienceCount` reads 0 for privacy (except upload audiences). */
export const AUDIENCE_PRIVACY_THRESHOLD = 20;
export const AUDIENCE_RETENTION_MS = 180 * 24 * 60 * 60 * 1000;
/** EXPIRED audiences disappear "about a month later". */
export const AUDIENCE_EXPIRED_DELETION_MS = 30 * 24 * 60 * 60 * 1000;
export const AUDIENCE_REQUEST_ID_MAX_AGE_MS = 60 * 24 * 60 * 60 * 1000;
export const IFA_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Emulated job timeline (LINE: "may take hours"; the emulator keeps it short, on its clock). */
export const AUDIENCE_JOB_QUEUED_MS = 2_000;
export const AUDIENCE_JOB_WORKING_MS = 8_000;
/** How long a click/impression audience takes to build once it has enough users. */
export const AUDIENCE_RETARGETING_BUILD_MS = 10_000;

// Channel access tokens: https://developers.line.biz/en/reference/messaging-api/#issue-stateless-channel-access-token
export const STATELESS_TOKEN_TTL_SECONDS = 900;
export const SHORT_LIVED_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
export const SHORT_LIVED_TOKENS_PER_CHANNEL = 30;

// Message validation: https://developers.line.biz/en/reference/messaging-api/#validate-message-objects-of-reply-message
export const VALIDATE_MIN_MESSAGES = 1;
export const VALIDATE_MAX_MESSAGES = 5;
export const TEXT_MESSAGE_MAX_LENGTH = 5000;
export const ALT_TEXT_MAX_LENGTH = 1500;
export const MESSAGE_URL_MAX_LENGTH = 2000;
export const LOCATION_TEXT_MAX_LENGTH = 100;

// Sending messages (https://developers.line.biz/en/reference/messaging-api/#messages)
/** Recipients of one multicast (https://developers.line.biz/en/reference/messaging-api/#send-multicast-message). */
export const MULTICAST_MAX_RECIPIENTS = 500;
/** A non-friend who wrote to the bot in a 1:1 chat can be pushed to for this long (https://developers.line.biz/en/reference/messaging-api/#send-push-message). */
export const PUSH_NON_FRIEND_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** The message types whose sent copies carry a quote token (https://developers.line.biz/en/reference/messaging-api/#send-reply-message-response). */
export const QUOTABLE_MESSAGE_TYPES: readonly string[] = [
    "text",
    "textV2",
    "sticker",
    "image",
    "video",
    "template",
    "flex",
];
/** An accepted `X-Line-Retry-Key` is remembered this long (https://developers.line.biz/en/docs/messaging-api/retrying-api-request/). */
export const RETRY_KEY_TTL_MS = 24 * 60 * 60 * 1000;
export const RETRY_KEY_PATTERN =
    /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Audience and redelivery objects in one narrowcast `recipient` (https://developers.line.biz/en/reference/messaging-api/#send-narrowcast-message). */
export const NARROWCAST_MAX_RECIPIENT_OBJECTS = 10;
/** With audiences or attributes, fewer final recipients than this fails the narrowcast (errorCode 2), and an audience this small fails it too (errorCode 4). */
export const NARROWCAST_MIN_RECIPIENTS = 50;
/** How long a narrowcast reads `waiting`, then `sending` (emulator choices; LINE says only "asynchronously"). */
export const NARROWCAST_WAITING_MS = 2_000;
export const NARROWCAST_SENDING_MS = 3_000;
/** Progress is kept 14 days (https://developers.line.biz/en/reference/messaging-api/#get-narrowcast-progress-status). */
export const NARROWCAST_RETENTION_MS = 14 * 24 * 60 * 60 * 1000;
/**
 * Custom aggregation units (https://developers.line.biz/en/docs/messaging-api/unit-based-statistics-aggregation/):
 * one name per push or multicast, of letters, digits and underscores; past 1,000 distinct names in a
 * UTC+9 month LINE drops the name silently and still sends the message.
 */
export const CUSTOM_AGGREGATION_UNITS_PER_MESSAGE = 1;
export const CUSTOM_AGGREGATION_UNIT_NAME_PATTERN = /^[a-zA-Z0-9_]{1,30}$/;
export const CUSTOM_AGGREGATION_UNITS_PER_MONTH = 1000;
/** Names per page of the name list (https://developers.line.biz/en/reference/messaging-api/#get-name-list-of-units-used-this-month). */
export const AGGREGATION_UNIT_LIST_DEFAULT_LIMIT = 100;
export const AGGREGATION_UNIT_LIST_MAX_LIMIT = 100;
/** LINE counts statistics and the monthly quota in Japan time, UTC+9 (https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages). */
export const LINE_TIME_ZONE_OFFSET_MS = 9 * 60 * 60 * 1000;
/** The first day LINE has delivery statistics for (https://developers.line.biz/en/reference/messaging-api/#get-number-of-reply-messages). */
export const DELIVERY_STATISTICS_START_DATE = "20180331";
/** The first day of the followers and delivery insights (https://developers.line.biz/en/reference/messaging-api/#get-number-of-followers). */
export const INSIGHT_START_DATE = "20161101";

// Requests: https://developers.line.biz/en/reference/messaging-api/#status-codes
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;
/** OAuth form bodies are tiny; anything larger is refused before parsing. */
export const MAX_FORM_BODY_BYTES = 64 * 1024;
/** Verify on a long-lived token: it never expires, so the emulator reports the int32 maximum (an emulator choice). */
export const LONG_LIVED_TOKEN_VERIFY_EXPIRES_IN = 2_147_483_647;

/** The shape of the rich menu IDs LINE issues (`richmenu-` + 32 hex); anything else is "invalid richMenuId". */
export const RICH_MENU_ID_PATTERN = /^richmenu-[0-9a-f]{32}$/;
/** Rich menu images go to api-data.line.me, which takes bodies past the 2 MB JSON cap. */
export const MAX_IMAGE_BODY_BYTES = 16 * 1024 * 1024;
