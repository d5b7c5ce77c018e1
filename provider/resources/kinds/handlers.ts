/* eslint-disable @typescript-eslint/no-require-imports -- the handlers load at call time: they import the resources, which import the stub */
import type * as implementation from "../implementation";

/** Today's handlers of `kind`, loaded at the provider host's first call, not when state is read. */
export function handlersOf(kind: string): ReturnType<typeof implementation.providerFor> {
    return (require("../implementation") as typeof implementation).providerFor(kind);
}
