/* eslint-disable @typescript-eslint/no-require-imports -- the handlers load at call time: they import this layer's resources, which import the stub */
import { providerMethods } from "../resources/providerStub";
import type * as implementation from "./implementation";

/**
 * The methods of the provider in state for this layer's kinds (see thinProvider in
 * provider/resources/providerStub.ts). State names this file, so it stays here for as long as stacks
 * written by this release exist.
 */
export = providerMethods(kind => (require("./implementation") as typeof implementation).providerFor(kind));
