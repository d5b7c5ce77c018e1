/** Runs `run` while capturing what it prints to stderr (where the provider speaks to the user). */
export async function stderrOf<T>(run: () => Promise<T>): Promise<{ result: T; printed: string }> {
    const original = process.stderr.write.bind(process.stderr);
    let printed = "";
    process.stderr.write = ((chunk: string | Uint8Array) => {
        printed += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        return true;
    }) as typeof process.stderr.write;
    try {
        return { result: await run(), printed };
    } finally {
        process.stderr.write = original;
    }
}
