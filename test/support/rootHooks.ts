import { forgetAliasListings } from "../../provider/resources/ownership";

/**
 * Every unit spec starts as a new provider process would: with no alias listing kept from another
 * spec (ownership.ts keeps one for a few seconds so a run's alias checks share it).
 */
export const mochaHooks = {
    beforeEach(): void {
        forgetAliasListings();
    },
};
