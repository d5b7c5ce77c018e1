import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { manageAudience, messagingApi } from "@line/bot-sdk";
import { forgetBots } from "../../provider/resources/botGuard";
import { type EmulatorHandle, useEmulator } from "./emulator";
import { useLineEnvironment } from "./lineEnvironment";
import { pngOf } from "./menus";

/**
 * A channel someone built by hand with LINE's official SDK, before any Pulumi: three menus with
 * images, two of them tabs switching to each other through aliases (`richmenuswitch`), the first the
 * default, the third linked to two users, a webhook URL and an upload audience. What `pulumi-line
 * import` is for.
 */

const SDK_SIZE = { width: 800, height: 250 } as const;

export interface SdkChannel {
    readonly menus: { readonly home: string; readonly shop: string; readonly vip: string };
    readonly users: readonly string[];
    readonly audienceGroupId: number;
    readonly webhook: string;
}

const tab = (name: string, other: string): messagingApi.RichMenuRequest => ({
    size: { ...SDK_SIZE },
    selected: true,
    name,
    chatBarText: name,
    areas: [
        {
            bounds: { x: 0, y: 0, width: 400, height: 250 },
            action: {
                type: "uri",
                label: "Site",
                uri: "https://example.com/shop",
            } as messagingApi.URIAction,
        },
        {
            bounds: { x: 400, y: 0, width: 400, height: 250 },
            action: {
                type: "richmenuswitch",
                richMenuAliasId: other,
                data: `tab=${other}`,
            } as messagingApi.RichMenuSwitchAction,
        },
    ],
});

export async function buildSdkChannel(
    url: string,
    token: string,
    addFriends: (count: number) => Promise<string[]>,
): Promise<SdkChannel> {
    const config = { channelAccessToken: token, baseURL: url };
    const api = new messagingApi.MessagingApiClient(config);
    const blob = new messagingApi.MessagingApiBlobClient(config);
    const audience = new manageAudience.ManageAudienceClient(config);

    const create = async (menu: messagingApi.RichMenuRequest): Promise<string> => {
        const { richMenuId } = await api.createRichMenu(menu);
        await blob.setRichMenuImage(richMenuId, new Blob([pngOf(SDK_SIZE)], { type: "image/png" }));
        return richMenuId;
    };
    const home = await create(tab("Home", "shop"));
    const shop = await create(tab("Shop", "home"));
    const vip = await create({
        size: { ...SDK_SIZE },
        selected: false,
        name: "VIP lounge",
        chatBarText: "VIP",
        areas: [
            {
                bounds: { x: 0, y: 0, width: 800, height: 250 },
                action: { type: "postback", data: "vip=${level}" } as messagingApi.PostbackAction,
            },
        ],
    });
    await api.createRichMenuAlias({ richMenuAliasId: "home", richMenuId: home });
    await api.createRichMenuAlias({ richMenuAliasId: "shop", richMenuId: shop });
    await api.setDefaultRichMenu(home);
    const users = await addFriends(2);
    await api.linkRichMenuIdToUsers({ richMenuId: vip, userIds: [...users] });
    const webhook = "https://bot.example.com/webhook";
    await api.setWebhookEndpoint({ endpoint: webhook });
    const { audienceGroupId } = await audience.createAudienceGroup({
        description: "VIP customers",
        audiences: users.map(id => ({ id })),
    });
    return { menus: { home, shop, vip }, users, audienceGroupId: audienceGroupId ?? 0, webhook };
}

/** What an import spec works on: the emulator, the hand-built channel in it, and a directory to write into. */
export interface ChannelToImport {
    readonly line: EmulatorHandle;
    /** A new empty directory for each test, removed after it. */
    dir: string;
    /** The channel {@link buildSdkChannel} made for this test. */
    built: SdkChannel;
}

/**
 * The set-up every `pulumi-line import` spec shares: before each test, an emptied emulator holding a
 * channel built with LINE's SDK (its request log cleared, so a spec sees only what the import sends),
 * credentials in the environment, and an empty directory named `prefix…`.
 */
export function useChannelToImport(prefix: string): ChannelToImport {
    const line = useEmulator({ rateLimits: false, resetBeforeEach: true });
    useLineEnvironment(line);
    const fixture: ChannelToImport = { line, dir: "", built: undefined as unknown as SdkChannel };
    beforeEach(async () => {
        forgetBots();
        fixture.dir = mkdtempSync(path.join(os.tmpdir(), prefix));
        fixture.built = await buildSdkChannel(line.url, line.token, n => line.control.addFriends(n));
        await line.control.clearRequests();
    });
    afterEach(() => rmSync(fixture.dir, { recursive: true, force: true }));
    return fixture;
}
