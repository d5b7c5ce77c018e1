/**
 * One API call as the emulator saw it. There is deliberately no field that could hold a token or a
 * secret: no headers, no query string, no body — only the body's type and size.
 */
export interface RequestLogEntry {
    readonly seq: number;
    /** When the answer went out: ISO-8601, on the emulator clock. */
    readonly time: string;
    /**
     * When the request arrived, before any injected delay: a call a client made before it died can be
     * answered after, and only this tells the two apart.
     */
    readonly receivedTime: string;
    /** The channel the call authenticated as, if any. */
    readonly channel: string | null;
    readonly method: string;
    /** The path without its query string (v2.1 verify would put a token there). */
    readonly path: string;
    /** The status answered; 0 when the connection was reset by a fault. */
    readonly status: number;
    readonly requestId: string;
    readonly contentType: string | null;
    readonly bodySize: number;
}

export class RequestLog {
    private entries: RequestLogEntry[] = [];
    private seq = 0;

    record(entry: Omit<RequestLogEntry, "seq">): RequestLogEntry {
        const full = { seq: ++this.seq, ...entry };
        this.entries.push(full);
        return full;
    }

    list(): readonly RequestLogEntry[] {
        return this.entries;
    }

    /** Empties the log; sequence numbers keep counting so entries are never confused. */
    clear(): void {
        this.entries = [];
    }
}
