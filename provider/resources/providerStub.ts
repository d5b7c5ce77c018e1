/* eslint-disable @typescript-eslint/no-require-imports -- requires must run in the provider host, at call time */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";

/** The dynamic resource types this package defines, as `pulumi-nodejs:dynamic/line:<kind>`. */
export type ResourceKind =
    "RichMenu" | "RichMenuAlias" | "DefaultRichMenu" | "UserRichMenuLinks" | "WebhookEndpoint" | "Audience";

/** The package's name, which the serialized provider resolves from the program's directory. */
const PACKAGE_NAME = "pulumi-line";

/** Where each layer's handlers are, inside the installed package. */
const RESOURCES_IMPLEMENTATION = "dist/provider/resources/implementation.js";

type Handlers = Required<pulumi.dynamic.ResourceProvider>;

/** The provider object in state: its kind, and the layer's methods as its prototype. */
interface StateProvider {
    readonly kind: string;
}

/**
 * A layer of the package as the provider in state reaches it: the module whose exports are the
 * provider's methods (see {@link providerMethods}), and the handlers' module the stand-alone stub loads.
 */
export interface ProviderLayer {
    /** Loads the layer's providerMethods module (from this package, so from where the program loaded it). */
    readonly methods: () => Handlers;
    /** The handlers' module inside the installed package, exporting `providerFor(kind)`. */
    readonly implementation: string;
}

const RESOURCES_LAYER: ProviderLayer = {
    methods: () => require("./providerMethods") as Handlers,
    implementation: RESOURCES_IMPLEMENTATION,
};

/**
 * The provider's seven methods for a layer's providerMethods module: each looks up today's handlers
 * for the provider's `kind` with `load` and calls them. These are loaded from the installed package by
 * the provider host, never serialized, so they may be as long as they need.
 */
export function providerMethods(load: (kind: string) => Handlers): Handlers {
    return {
        configure(this: StateProvider, request) {
            return load(this.kind).configure(request);
        },
        check(this: StateProvider, olds, news) {
            return load(this.kind).check(olds, news);
        },
        diff(this: StateProvider, id, olds, news) {
            return load(this.kind).diff(id, olds, news);
        },
        create(this: StateProvider, inputs) {
            return load(this.kind).create(inputs);
        },
        read(this: StateProvider, id, props) {
            return load(this.kind).read(id, props);
        },
        update(this: StateProvider, id, olds, news) {
            return load(this.kind).update(id, olds, news);
        },
        delete(this: StateProvider, id, props) {
            return load(this.kind).delete(id, props);
        },
    };
}

/**
 * The provider Pulumi serializes into every resource's state, twice (in its inputs and its outputs).
 *
 * It holds no client, no credential and no handler: every call loads the handlers from the installed
 * package, so refresh and delete run today's code and a fix to a handler needs no `pulumi up`.
 *
 * When the program loaded this package from `node_modules/pulumi-line` (an ordinary install), the
 * provider is an object holding only `kind` whose prototype is the layer's providerMethods module.
 * Pulumi's serializer writes a module it finds under node_modules as `require("<name>")`, so state
 * holds about 320 bytes: `Object.create(require("pulumi-line/dist/provider/resources/providerMethods.js"))`
 * and the kind. The text names no version, so a package upgrade leaves it as it was.
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
    const methods = layer.methods();
    if (isRequiredByName(methods)) return Object.assign(Object.create(methods) as Handlers, { kind });
    return standAloneStub(kind, `${PACKAGE_NAME}/${layer.implementation}`);
}

/**
 * Whether Pulumi's serializer will write `methods` (a module's exports) as a `require` of this package by name that the
 * provider host resolves from its working directory: the module is found in require.cache (where the
 * serializer looks it up) at `(../)*node_modules/pulumi-line/…` relative to the working directory.
 */
function isRequiredByName(methods: object): boolean {
    const file = Object.keys(require.cache).find(key => require.cache[key]?.exports === methods);
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
