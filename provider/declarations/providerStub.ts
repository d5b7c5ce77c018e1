/* eslint-disable @typescript-eslint/no-require-imports -- requires must run in the provider host, at call time */
import type * as pulumi from "@pulumi/pulumi";

/** The dynamic resource types the declarations layer adds, as `pulumi-nodejs:dynamic/line:<kind>`. */
export type DeclarationResourceKind = "ChannelPreflight";

/** Where the provider host finds today's handlers: the installed package's build. */
const IMPLEMENTATION = "pulumi-line/dist/provider/declarations/implementation.js";

/**
 * The provider Pulumi serializes into state, built like the resources' own (see
 * provider/resources/providerStub.ts): a few lines that capture nothing but `kind` and the module
 * name, and load the handlers from the package resolved from the program's directory at each call.
 */
export function declarationsProvider(kind: DeclarationResourceKind): pulumi.dynamic.ResourceProvider {
    const implementation = () => {
        const nodeModule = require("node:module") as typeof import("node:module");
        const nodePath = require("node:path") as typeof import("node:path");
        const load = nodeModule.createRequire(nodePath.join(process.cwd(), "package.json"));
        const entry = load(IMPLEMENTATION) as {
            providerFor(k: string): Required<pulumi.dynamic.ResourceProvider>;
        };
        return entry.providerFor(kind);
    };
    return {
        configure: req => implementation().configure(req),
        check: (olds, news) => implementation().check(olds, news),
        diff: (id, olds, news) => implementation().diff(id, olds, news),
        create: inputs => implementation().create(inputs),
        read: (id, props) => implementation().read(id, props),
        update: (id, olds, news) => implementation().update(id, olds, news),
        delete: (id, props) => implementation().delete(id, props),
    };
}
