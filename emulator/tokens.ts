import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Channel } from "./channels";
import type { Clock } from "./clock";
import type { IdGenerator } from "./ids";
import {
    LONG_LIVED_TOKEN_VERIFY_EXPIRES_IN,
    SHORT_LIVED_TOKENS_PER_CHANNEL,
    SHORT_LIVED_TOKEN_TTL_SECONDS,
    STATELESS_TOKEN_TTL_SECONDS,
} from "./limits";
import type { ChannelStore } from "./store";

/** What `POST /oauth2/v3/token` and `POST /v2/oauth/accessToken` answer. */
export interface IssuedTokenResponse {
    readonly access_token: string;
    readonly expires_in: number;
    readonly token_type: "Bearer";
}

const STATELESS_PREFIX = "st1";

function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

/**
 * Which channel a bearer token belongs to, and the token endpoints behind it. Three kinds:
 * - the configured token (long-lived: no expiry, revocable);
 * - short-lived tokens (30 days, 30 per channel, oldest evicted), kept in the store by hash;
 * - stateless tokens (15 minutes, not revocable), signed with the channel secret so they need no
 *   storage and stay valid across a restart, as LINE's do.
 * Expiry is judged on the emulator clock.
 */
export class TokenAuthority {
    constructor(
        private readonly channels: readonly Channel[],
        private readonly store: ChannelStore,
        private readonly clock: Clock,
        private readonly ids: IdGenerator,
    ) {}

    /** The channel a token authenticates as, or undefined for unknown, expired or revoked tokens. */
    authenticate(token: string): Channel | undefined {
        return this.inspect(token)?.channel;
    }

    channelByClientId(clientId: string): Channel | undefined {
        return this.channels.find(c => c.channelId === clientId);
    }

    issueStateless(channel: Channel): IssuedTokenResponse {
        const payload = Buffer.from(
            JSON.stringify({
                c: channel.channelId,
                e: this.clock.now() + STATELESS_TOKEN_TTL_SECONDS * 1000,
                n: randomBytes(6).toString("hex"),
            }),
        ).toString("base64url");
        const token = `${STATELESS_PREFIX}.${payload}.${this.sign(channel, payload)}`;
        return { token_type: "Bearer", access_token: token, expires_in: STATELESS_TOKEN_TTL_SECONDS };
    }

    issueShortLived(channel: Channel): IssuedTokenResponse {
        const token = this.ids.accessToken();
        const now = this.clock.now();
        this.store.write(channel.name, state => {
            for (const [hash, stored] of state.shortLivedTokens) {
                if (stored.expiresAt <= now) state.shortLivedTokens.delete(hash);
            }
            // At the cap LINE revokes the oldest live token rather than refusing (https://developers.line.biz/en/reference/messaging-api/#channel-access-token).
            while (state.shortLivedTokens.size >= SHORT_LIVED_TOKENS_PER_CHANNEL) {
                const oldest = state.shortLivedTokens.keys().next().value;
                if (oldest === undefined) break;
                state.shortLivedTokens.delete(oldest);
            }
            const tokenSha256 = sha256(token);
            state.shortLivedTokens.set(tokenSha256, {
                tokenSha256,
                issuedAt: now,
                expiresAt: now + SHORT_LIVED_TOKEN_TTL_SECONDS * 1000,
            });
        });
        return { access_token: token, expires_in: SHORT_LIVED_TOKEN_TTL_SECONDS, token_type: "Bearer" };
    }

    /** `POST /v2/oauth/verify`: the channel and seconds left, or undefined if the token is not valid. */
    verify(token: string): { channel: Channel; expiresIn: number } | undefined {
        const found = this.inspect(token);
        if (found === undefined) return undefined;
        const expiresIn =
            found.expiresAt === undefined
                ? LONG_LIVED_TOKEN_VERIFY_EXPIRES_IN
                : Math.max(0, Math.floor((found.expiresAt - this.clock.now()) / 1000));
        return { channel: found.channel, expiresIn };
    }

    /** `POST /v2/oauth/revoke`: unknown tokens are not an error; stateless tokens cannot be revoked. */
    revoke(token: string): void {
        const configured = this.channels.find(c => c.accessToken === token);
        if (configured !== undefined) {
            this.store.write(configured.name, state => {
                state.accessTokenRevoked = true;
            });
            return;
        }
        const hash = sha256(token);
        for (const channel of this.channels) {
            if (this.store.read(channel.name).shortLivedTokens.has(hash)) {
                this.store.write(channel.name, state => state.shortLivedTokens.delete(hash));
            }
        }
    }

    private inspect(token: string): { channel: Channel; expiresAt?: number } | undefined {
        const configured = this.channels.find(c => c.accessToken === token);
        if (configured !== undefined) {
            return this.store.read(configured.name).accessTokenRevoked ? undefined : { channel: configured };
        }
        if (token.startsWith(`${STATELESS_PREFIX}.`)) return this.inspectStateless(token);
        const hash = sha256(token);
        for (const channel of this.channels) {
            const stored = this.store.read(channel.name).shortLivedTokens.get(hash);
            if (stored !== undefined && stored.expiresAt > this.clock.now()) {
                return { channel, expiresAt: stored.expiresAt };
            }
        }
        return undefined;
    }

    private inspectStateless(token: string): { channel: Channel; expiresAt: number } | undefined {
        const [, payload, signature] = token.split(".");
        if (payload === undefined || signature === undefined) return undefined;
        let claims: { c?: unknown; e?: unknown };
        try {
            claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
                c?: unknown;
                e?: unknown;
            };
        } catch {
            return undefined;
        }
        const channel = this.channels.find(c => c.channelId === claims.c);
        if (channel === undefined || typeof claims.e !== "number") return undefined;
        const expected = Buffer.from(this.sign(channel, payload));
        const given = Buffer.from(signature);
        if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
        if (claims.e <= this.clock.now()) return undefined;
        return { channel, expiresAt: claims.e };
    }

    private sign(channel: Channel, payload: string): string {
        return createHmac("sha256", channel.channelSecret).update(payload).digest("base64url");
    }
}
