/* eslint-disable @typescript-eslint/no-require-imports -- requires must run in the provider host, at call time */
import type * as pulumi from "@pulumi/pulumi";

/** The dynamic resource types this package defines, as `pulumi-nodejs:dynamic/line:<kind>`. */
export type ResourceKind =
    "RichMenu" | "RichMenuAlias" | "DefaultRichMenu" | "UserRichMenuLinks" | "WebhookEndpoint" | "Audience";

/** The package's name, which the serialized provider resolves from the program's directory. */
export const PACKAGE_NAME = "pulumi-line";

/** Where each layer's handlers are, inside the installed package. */
export const RESOURCES_IMPLEMENTATION = "dist/provider/resources/implementation.js";

/**
 * The provider Pulumi serializes into every resource's state.
 *
 * Pulumi stores this object's source text in state and runs it for refresh and destroy, so it is kept
 * to a few lines that capture nothing but `kind`: no client, no credential, no validator. Each call
 * loads the implementation from the installed package, so refresh and delete run today's code, and a
 * fix to a handler needs no `pulumi up` to take effect.
 *
 * The implementation is resolved from the program's directory (the provider host's working
 * directory), where the package is installed; a program inside this repository resolves it by
 * self-reference. Comments inside the closure would be serialized too, so they stay out here.
 */
export function thinProvider<Kind extends string = ResourceKind>(
    kind: Kind,
    module: string = RESOURCES_IMPLEMENTATION,
): pulumi.dynamic.ResourceProvider {
    const implementation = () => {
        const nodeModule = require("node:module") as typeof import("node:module");
        const nodePath = require("node:path") as typeof import("node:path");
        const load = nodeModule.createRequire(nodePath.join(process.cwd(), "package.json"));
        const entry = load(`${PACKAGE_NAME}/${module}`) as {
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
