// @ts-check
import eslint from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        // Build output, dependencies and the work directories tests and benchmarks create.
        ignores: [
            "dist/**",
            "**/node_modules/**",
            "**/.work/**",
            ".scratch/**",
            ".pulumi-state/**",
            "eslint.config.mjs",
        ],
    },
    eslint.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
            ],
            "@typescript-eslint/no-explicit-any": "error",
            "no-shadow": "off",
            "@typescript-eslint/no-shadow": "error",
            eqeqeq: ["error", "always", { null: "ignore" }],
        },
    },
    {
        // The layering: client -> resources -> declarations. Lower layers never import upper ones.
        files: ["provider/client/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "**/resources/**",
                                "**/declarations/**",
                                "**/review/**",
                                "**/emulator/**",
                                "**/test/**",
                            ],
                            message: "provider/client is the bottom layer",
                        },
                        {
                            group: ["@pulumi/pulumi", "@pulumi/pulumi/*"],
                            message: "the client must not depend on Pulumi",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/resources/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "**/declarations/**",
                                "**/stack/**",
                                "**/review/**",
                                "**/cli/**",
                                "**/emulator/**",
                                "**/test/**",
                            ],
                            message: "resources sit below declarations",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/declarations/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "**/stack/**",
                                "**/review/**",
                                "**/cli/**",
                                "**/emulator/**",
                                "**/test/**",
                            ],
                            message: "declarations sit below the stack reader, the review and the CLI",
                        },
                    ],
                },
            ],
        },
    },
    {
        // Typed classes over the plugin: above resources (their args and outputs), beside declarations.
        files: ["provider/native/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "**/declarations/**",
                                "**/plugin/**",
                                "**/stack/**",
                                "**/review/**",
                                "**/cli/**",
                                "**/emulator/**",
                                "**/test/**",
                            ],
                            message:
                                "provider/native sits above resources, beside declarations: it names the plugin's types, it does not load the plugin",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/validation/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: [
                                "**/resources/**",
                                "**/declarations/**",
                                "**/stack/**",
                                "**/review/**",
                                "**/cli/**",
                                "**/emulator/**",
                                "**/test/**",
                            ],
                            message: "validation sits below resources: it uses the client's types only",
                        },
                        {
                            group: ["@pulumi/pulumi", "@pulumi/pulumi/*"],
                            message: "validation must not depend on Pulumi",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/stack/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["**/review/**", "**/cli/**", "**/emulator/**", "**/test/**"],
                            message: "the stack reader sits below the review and the CLI",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["provider/review/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["**/cli/**", "**/emulator/**", "**/test/**"],
                            message: "the review is a library below the CLI",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["emulator/**/*.ts"],
        rules: {
            "no-restricted-imports": [
                "error",
                {
                    patterns: [
                        {
                            group: ["**/provider/**", "**/test/**", "@pulumi/pulumi"],
                            message: "the emulator stands alone: it must not depend on the provider",
                        },
                    ],
                },
            ],
        },
    },
    {
        // The console's front end runs in the browser, served as it is (no build step).
        files: ["emulator/console/**/*.js"],
        languageOptions: { globals: globals.browser, sourceType: "module" },
    },
    {
        files: ["test/**/*.ts", "bench/**/*.ts"],
        rules: { "@typescript-eslint/no-non-null-assertion": "off" },
    },
);
