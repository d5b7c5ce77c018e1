import { kindProvider } from "../providerStub";
import { handlersOf } from "./handlers";

/** The provider in state of every RichMenuAlias: state names this file (see thinProvider in providerStub.ts). */
export = kindProvider("RichMenuAlias", handlersOf);
