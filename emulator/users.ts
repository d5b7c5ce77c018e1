import type { ChannelState, DeepReadonly, StoredUser } from "./store";

/**
 * The channel's simulated LINE users and their friendship with the bot: adding the account as a friend,
 * blocking it and unblocking it (https://developers.line.biz/en/reference/messaging-api/#follow-event,
 * https://developers.line.biz/en/reference/messaging-api/#unfollow-event). `friends` holds who follows
 * now; `users` everyone the channel has met, with the profile LINE's get-profile answers.
 */

/** The profile fields a caller may give; LINE users set these in their app. */
export interface UserProfileInput {
    readonly userId?: string;
    readonly displayName?: string;
    readonly pictureUrl?: string;
    readonly statusMessage?: string;
    readonly language?: string;
}

/** What the control surface shows about a user. */
export interface UserView {
    readonly userId: string;
    readonly displayName: string;
    readonly pictureUrl?: string;
    readonly statusMessage?: string;
    readonly language?: string;
    readonly friend: boolean;
    readonly blocked: boolean;
}

/** What changed for one user: whether the user now follows the bot anew (and was blocking it before). */
export interface FriendshipChange {
    readonly userId: string;
    readonly followed: boolean;
    readonly wasBlocked: boolean;
}

/** Profile fields LINE leaves out when unset, copied only when given. */
function optionalProfile(input: UserProfileInput): Partial<StoredUser> {
    return {
        ...(input.pictureUrl !== undefined && { pictureUrl: input.pictureUrl }),
        ...(input.statusMessage !== undefined && { statusMessage: input.statusMessage }),
        ...(input.language !== undefined && { language: input.language }),
    };
}

/**
 * Makes the user a friend, creating the profile if the channel never met them: the n-th user gets
 * `User n` as display name unless one is given, so the same steps always give the same names. A user
 * who was blocking the bot unblocks it by being added again.
 */
export function befriendUser(state: ChannelState, userId: string, input: UserProfileInput): FriendshipChange {
    let user = state.users.get(userId);
    if (user === undefined) {
        user = meetUser(state.users, userId, input);
    } else {
        Object.assign(
            user,
            optionalProfile(input),
            input.displayName !== undefined && { displayName: input.displayName },
        );
    }
    const wasBlocked = user.blocked;
    user.blocked = false;
    const followed = !state.friends.has(userId);
    state.friends.add(userId);
    return { userId, followed, wasBlocked };
}

/** A user the channel meets for the first time, as the n-th: `User n` unless a name is given. */
export function meetUser(
    users: Map<string, StoredUser>,
    userId: string,
    input: UserProfileInput = {},
): StoredUser {
    const user: StoredUser = {
        userId,
        displayName: input.displayName ?? `User ${users.size + 1}`,
        ...optionalProfile(input),
        blocked: false,
    };
    users.set(userId, user);
    return user;
}

/** The user blocks the bot: no longer a friend, the profile kept. Answers whether they were a friend. */
export function blockUser(state: ChannelState, user: StoredUser): boolean {
    user.blocked = true;
    return state.friends.delete(user.userId);
}

/** The user unblocks the bot and follows it again. */
export function unblockUser(state: ChannelState, user: StoredUser): void {
    user.blocked = false;
    state.friends.add(user.userId);
}

export function userView(state: DeepReadonly<ChannelState>, user: DeepReadonly<StoredUser>): UserView {
    return {
        userId: user.userId,
        displayName: user.displayName,
        ...(user.pictureUrl !== undefined && { pictureUrl: user.pictureUrl }),
        ...(user.statusMessage !== undefined && { statusMessage: user.statusMessage }),
        ...(user.language !== undefined && { language: user.language }),
        friend: state.friends.has(user.userId),
        blocked: user.blocked,
    };
}
