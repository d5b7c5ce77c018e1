/* eslint-disable @typescript-eslint/no-require-imports -- the handlers load at call time: they import this layer's resources, which import the stub */
import type * as implementation from "./implementation";
import { providerMethods } from "./providerStub";

/**
 * The methods of the provider in state (see thinProvider in providerStub.ts): this module's exports
 * are its prototype, which the provider host requires by name from the installed package. State
 * names this file, so it stays here for as long as stacks written by this release exist.
 */
export = providerMethods(kind => (require("./implementation") as typeof implementation).providerFor(kind));
