/**
 * Where LINE delivers the channel's events (the webhook endpoint), and audiences to send narrowcasts
 * to: uploaded user IDs, and, once a campaign was broadcast, the users who clicked it.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
// In your own project: import * as line from "pulumi-line";
import * as line from "../../provider";

const config = new pulumi.Config();

/** A file beside this program, relative to the working directory the provider resolves paths from. */
function beside(file: string): string {
    return path.relative(process.cwd(), path.join(__dirname, file));
}

const webhook = new line.WebhookEndpoint("webhook", {
    endpoint: config.get("webhookUrl") ?? "https://example.com/line/webhook",
    // With `true`, LINE sends a test event after setting the URL and the update fails unless the bot
    // server answers 200; example.com does not, so it is off unless the stack turns it on.
    verify: config.getBoolean("verifyWebhook") ?? false,
});

// User IDs are personal data: state keeps a digest and a count, never the IDs. The file has one ID a
// line and nothing else.
const vip = new line.Audience("vip", {
    description: "VIP customers",
    userIdsFile: beside("vip-users.txt"),
});

const newsletter = new line.Audience("newsletter", {
    description: "Newsletter subscribers",
    userIds: ["U000000000000000000000000000000c1", "U000000000000000000000000000000c2"],
});

// The users who clicked a campaign: needs the request ID of the broadcast that sent it.
const campaign = config.get("campaignRequestId");
const clicked =
    campaign === undefined
        ? undefined
        : new line.Audience("campaign-clicks", {
              description: "Clicked the spring campaign",
              type: "click",
              requestId: campaign,
          });

export const webhookEndpoint = webhook.endpoint;
/** The console's "Use webhook" switch: LINE delivers events only while it is on. */
export const webhookActive = webhook.active;
export const audienceGroupIds = {
    vip: vip.audienceGroupId,
    newsletter: newsletter.audienceGroupId,
    ...(clicked !== undefined ? { campaignClicks: clicked.audienceGroupId } : {}),
};
