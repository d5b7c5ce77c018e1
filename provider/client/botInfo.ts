import type { LineHttp } from "./http";
import type { BotInfoResponse } from "./types";

/**
 * Gets the bot's profile: user ID, basic ID, display name, chat mode. Everything in it is read-only
 * through the API; it is mostly useful as a "whose token is this?" check.
 *
 * Calls `GET https://api.line.me/v2/bot/info`.
 * @see https://developers.line.biz/en/reference/messaging-api/#get-bot-info
 */
export async function getBotInfo(http: LineHttp): Promise<BotInfoResponse> {
    const response = await http.request<BotInfoResponse>({ method: "GET", path: "/v2/bot/info" });
    return response.data;
}
