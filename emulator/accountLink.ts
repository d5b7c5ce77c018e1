import { LINK_TOKEN_TTL_MS } from "./limits";

/**
 * Link tokens of account linking (https://developers.line.biz/en/docs/messaging-api/linking-accounts/):
 * the bot issues one for a user, the user's browser brings it back with a nonce, and LINE reports the
 * outcome in an `accountLink` event. A token serves once, for its user, for 10 minutes. Kept in memory:
 * a token outliving an emulator restart would outlive the 10 minutes anyway in most runs.
 */

interface IssuedLinkToken {
    readonly userId: string;
    readonly issuedAt: number;
    used: boolean;
}

export class LinkTokenBook {
    private readonly byChannel = new Map<string, Map<string, IssuedLinkToken>>();

    issue(channel: string, userId: string, linkToken: string, now: number): void {
        const tokens = this.byChannel.get(channel) ?? new Map<string, IssuedLinkToken>();
        tokens.set(linkToken, { userId, issuedAt: now, used: false });
        this.byChannel.set(channel, tokens);
    }

    /** Spends the token: true when it was issued to this user, is unused and is not yet 10 minutes old. */
    redeem(channel: string, userId: string, linkToken: string, now: number): boolean {
        const token = this.byChannel.get(channel)?.get(linkToken);
        if (token === undefined || token.used || token.userId !== userId) return false;
        if (now - token.issuedAt > LINK_TOKEN_TTL_MS) return false;
        token.used = true;
        return true;
    }

    clear(): void {
        this.byChannel.clear();
    }
}
