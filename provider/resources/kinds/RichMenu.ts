import { kindProvider } from "../providerStub";
import { handlersOf } from "./handlers";

/** The provider in state of every RichMenu: state names this file (see thinProvider in providerStub.ts). */
export = kindProvider("RichMenu", handlersOf);
