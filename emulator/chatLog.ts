import type { ChannelState, StoredChatMessage } from "./store";

/**
 * Each chat's messages as its user sees them: what users typed or tapped, and what the bot delivered
 * through reply, push, multicast, broadcast or narrowcast. The control surface and the console read it.
 */

export function appendChatMessage(state: ChannelState, message: StoredChatMessage): void {
    state.chatLog.push(message);
}

/** One chat's messages, oldest first. */
export function chatMessages(
    state: { readonly chatLog: readonly StoredChatMessage[] },
    chatId: string,
): readonly StoredChatMessage[] {
    return state.chatLog.filter(message => message.chatId === chatId);
}
