import { handlersOf } from "./kinds/handlers";
import { providerMethods } from "./providerStub";

/**
 * The methods of the provider in state written before the per-kind modules (see providerMethods in
 * providerStub.ts): this module's exports were its prototype, which the provider host requires by name
 * from the installed package. State names this file, so it stays here for as long as such stacks exist.
 */
export = providerMethods(handlersOf);
