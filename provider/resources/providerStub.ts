/* eslint-disable @typescript-eslint/no-require-imports -- requires must run in the provider host, at call time */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/** The dynamic resource types this package defines, as `pulumi-nodejs:dynamic/line:<kind>`. */
export type ResourceKind =
    "RichMenu" | "RichMenuAlias" | "DefaultRichMenu" | "UserRichMenuLinks" | "WebhookEndpoint" | "Audience";

/*
 * Exported though nothing here imports them: the provider in state of every stack release 0.1.0
 * deployed reads `PACKAGE_NAME` by name from this module at each call (its serialized closure refers
 * to this module's exports; test/fixtures/release-0.1.0), so they stay exported under these names.
 */

/**
 * The package's name, which the serialized provider resolves from the program's directory.
 * @public
 */
export const PACKAGE_NAME = "pulumi-line";

/**
 * Where each layer's handlers are, inside the installed package.
 * @public
 */
export const RESOURCES_IMPLEMENTATION = "dist/provider/resources/implementation.js";

type Handlers = Required<pulumi.dynamic.ResourceProvider>;

/** A provider object in state written by the builds before the per-kind modules (see {@link providerMethods}). */
interface StateProvider {
    readonly kind: string;
}

/**
 * A layer of the package as the provider in state reaches it: one module per kind whose exports are
 * that kind's provider (see {@link kindProvider}), and the handlers' module the stand-alone stub loads.
 */
export interface ProviderLayer {
    /** Loads the kind's provider module (from this package, so from where the program loaded it). */
    readonly providerModule: (kind: string) => Handlers;
    /** The handlers' module inside the installed package, exporting `providerFor(kind)`. */
    readonly implementation: string;
}

const RESOURCES_LAYER: ProviderLayer = {
    providerModule: kind => require(`./kinds/${kind}`) as Handlers,
    implementation: RESOURCES_IMPLEMENTATION,
};

/**
 * The seven methods the provider host calls, each looking up today's handlers for the kind `kindOf`
 * names with `load` and calling them. The provider host loads them from the installed package; they
 * are never serialized, so they may be as long as they need.
 */
function forwardingMethods(kindOf: (self: unknown) => string, load: (kind: string) => Handlers): Handlers {
    return {
        configure(request) {
            return load(kindOf(this)).configure(request);
        },
        check(olds, news) {
            return load(kindOf(this)).check(olds, news);
        },
        diff(id, olds, news) {
            return load(kindOf(this)).diff(id, olds, news);
        },
        create(inputs) {
            return load(kindOf(this)).create(inputs);
        },
        read(id, props) {
            return load(kindOf(this)).read(id, props);
        },
        update(id, olds, news) {
            return load(kindOf(this)).update(id, olds, news);
        },
        delete(id, props) {
            return load(kindOf(this)).delete(id, props);
        },
    };
}

/**
 * The exports of a kind's provider module (`kinds/<Kind>.ts`): the provider in state of every resource
 * of that kind, which state names by that module's path. It keeps `kind` for whoever inspects it.
 */
export function kindProvider(
    kind: string,
    load: (kind: string) => Handlers,
): Handlers & { readonly kind: string } {
    return Object.assign(
        forwardingMethods(() => kind, load),
        { kind },
    );
}

/**
 * The methods of a provider in state written by the builds before the per-kind modules: an object
 * holding only `kind` whose prototype is a layer's `providerMethods` module. State names those modules,
 * so they stay for as long as such stacks exist; each call reads the kind from the object.
 */
export function providerMethods(load: (kind: string) => Handlers): Handlers {
    return forwardingMethods(self => (self as StateProvider).kind, load);
}

/**
 * The provider Pulumi serializes into every resource's state, twice (in its inputs and its outputs).
 *
 * It holds no client, no credential and no handler: every call loads the handlers from the installed
 * package, so refresh and delete run today's code and a fix to a handler needs no `pulumi up`.
 *
 * When the program loaded this package from `node_modules/pulumi-line` (an ordinary install), the
 * provider is the exports of the kind's provider module. Pulumi's serializer writes a module it finds
 * under node_modules as `require("<name>")`, so state holds about 330 bytes:
 * `require("pulumi-line/dist/provider/resources/kinds/RichMenu.js")`. The text names no version, so a
 * package upgrade leaves it as it was.
 *
 * Anywhere else (a program inside this repository, `npm link`, a `file:` dependency, pnpm's versioned
 * store) the serializer would copy that module by value, and the host could not find it by name, so
 * the provider is a stand-alone stub that resolves the handlers from the program's directory (the
 * provider host's working directory; inside this repository by self-reference). Pulumi wraps each
 * function it serializes in about 170 bytes, so the stub has one function per method the host calls
 * and one loader, each as short as it can be; comments inside them would be serialized too.
 */
export function thinProvider<Kind extends string = ResourceKind>(
    kind: Kind,
    layer: ProviderLayer = RESOURCES_LAYER,
): pulumi.dynamic.ResourceProvider {
    const provider = layer.providerModule(kind);
    if (isRequiredByName(provider)) return provider;
    return standAloneStub(kind, `${PACKAGE_NAME}/${layer.implementation}`);
}

/**
 * Whether Pulumi's serializer will write `provider` (a module's exports) as a `require` of this package by name that the
 * provider host resolves from its working directory: the module is found in require.cache (where the
 * serializer looks it up) at `(../)*node_modules/pulumi-line/…` relative to the working directory.
 */
function isRequiredByName(provider: object): boolean {
    const file = Object.keys(require.cache).find(key => require.cache[key]?.exports === provider);
    if (file === undefined) return false;
    const parts = path.relative(process.cwd(), file).split(path.sep);
    const at = parts.indexOf("node_modules");
    return at >= 0 && parts.slice(0, at).every(part => part === "..") && parts[at + 1] === PACKAGE_NAME;
}

function standAloneStub(kind: string, specifier: string): Handlers {
    const L = (): Handlers =>
        (require("node:module") as typeof import("node:module"))
            .createRequire(process.cwd() + "/_")(specifier)
            .providerFor(kind);
    return {
        configure: r => L().configure(r),
        check: (o, n) => L().check(o, n),
        diff: (i, o, n) => L().diff(i, o, n),
        create: n => L().create(n),
        read: (i, o) => L().read(i, o),
        update: (i, o, n) => L().update(i, o, n),
        delete: (i, o) => L().delete(i, o),
    };
}
