/**
 * pulumi-line: run a LINE Official Account as code with Pulumi.
 *
 * The public surface: resource classes, their `*Args` types, and the error classes.
 */
export {};
