/* eslint-disable @typescript-eslint/no-require-imports -- the handlers load at call time: they import this layer's resources, which import the stub */
import { kindProvider } from "../../resources/providerStub";
import type * as implementation from "../implementation";

/** The provider in state of every ChannelPreflight: state names this file (see thinProvider in providerStub.ts). */
export = kindProvider("ChannelPreflight", kind =>
    (require("../implementation") as typeof implementation).providerFor(kind),
);
