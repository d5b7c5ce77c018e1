/**
 * A DIY Pulumi backend in an S3-compatible object store on this machine, for the remote-backend
 * measurement: s3rver (an S3 server over the local disk) served from the bench process, every request
 * it answers counted, and a TCP proxy that can stand in front of it and delay what crosses it, as a
 * network between a team's machine and its bucket would.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import S3rver from "s3rver";
import { PROJECT } from "./channel";
import type { Backend } from "./pulumi";

const BUCKET = "pulumi-line-bench";
/** s3rver's one built-in key pair. It does not check V4 signatures, but the AWS SDK signs every request. */
const ACCESS_KEY = "S3RVER";

/** Where the DIY backend keeps a stack's state (project mode, as `pulumi stack init` lays it out). */
export function stateKey(stackName: string): string {
    return `.pulumi/stacks/${PROJECT}/${stackName}.json`;
}

function listen(server: net.Server): Promise<number> {
    return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
    });
}

export interface ObjectWrites {
    /** PUTs of the object's whole content; a server-side copy onto it is not one. */
    readonly puts: number;
    readonly bytes: number;
    /** The last PUT's size: the object as it was left. */
    readonly lastBytes: number;
}

export class ObjectStore {
    private requests = 0;
    private readonly writes = new Map<string, ObjectWrites>();
    private readonly server: http.Server;

    /** Serves s3rver's request handler from an HTTP server of its own, to see every request first. */
    private constructor(
        private readonly dir: string,
        handle: http.RequestListener,
    ) {
        this.server = http.createServer((request, response) => {
            this.record(request);
            handle(request, response);
        });
    }

    /** s3rver with its files in `dir` (emptied first) and the bucket already made, on a free port. */
    static async start(dir: string): Promise<ObjectStore> {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(path.join(dir, "aws"), { recursive: true });
        // Empty AWS config and credentials files: the SDK reads these instead of the machine's ~/.aws.
        writeFileSync(path.join(dir, "aws", "config"), "");
        writeFileSync(path.join(dir, "aws", "credentials"), "");
        const s3rver = new S3rver({
            directory: path.join(dir, "objects"),
            silent: true,
            configureBuckets: [{ name: BUCKET, configs: [] }],
        });
        await s3rver.configureBuckets();
        const store = new ObjectStore(dir, s3rver.callback());
        await listen(store.server);
        return store;
    }

    get port(): number {
        return (this.server.address() as net.AddressInfo).port;
    }

    private record(request: http.IncomingMessage): void {
        this.requests++;
        if (request.method !== "PUT" || request.headers["x-amz-copy-source"] !== undefined) return;
        const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://store").pathname);
        const prefix = `/${BUCKET}/`;
        if (!pathname.startsWith(prefix)) return;
        const key = pathname.slice(prefix.length);
        // An aws-chunked upload's Content-Length counts its chunk framing too; the object is the decoded
        // length.
        const length = request.headers["x-amz-decoded-content-length"] ?? request.headers["content-length"];
        const bytes = Number(length ?? 0);
        const before = this.writesOf(key);
        this.writes.set(key, { puts: before.puts + 1, bytes: before.bytes + bytes, lastBytes: bytes });
    }

    /** Forgets what was counted, so the counts cover the next CLI run alone. */
    clear(): void {
        this.requests = 0;
        this.writes.clear();
    }

    /** Every request answered since the last `clear`. */
    requestCount(): number {
        return this.requests;
    }

    /** The PUTs of `key` since the last `clear`. */
    writesOf(key: string): ObjectWrites {
        return this.writes.get(key) ?? { puts: 0, bytes: 0, lastBytes: 0 };
    }

    /**
     * The store as a DIY backend reached at `port` (this store's own, or a proxy's in front of it). The
     * URL's parameters are gocloud.dev's s3blob and aws ones, as the Pulumi CLI vendors them
     * (https://pkg.go.dev/gocloud.dev/blob/s3blob#URLOpener): `endpoint` sends every request here
     * rather than to AWS; `region` is required by the SDK's endpoint rules, though s3rver ignores it;
     * `use_path_style` puts the bucket in the path, since a bucket name before an IP address is no host
     * name; and the two checksum settings ask for checksums only where S3 requires them, since s3rver
     * neither decodes the SDK's aws-chunked uploads nor sends response checksums (the CLI adds the first
     * itself for any endpoint; without the second the SDK logs a warning on reads). The SDK reads
     * credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY first; the config files point at
     * empty ones here, and the instance metadata service is never asked.
     */
    backend(port: number = this.port): Backend {
        const url =
            `s3://${BUCKET}?endpoint=http://127.0.0.1:${port}&region=us-east-1&use_path_style=true` +
            "&request_checksum_calculation=when_required&response_checksum_validation=when_required";
        return {
            url,
            env: {
                AWS_ACCESS_KEY_ID: ACCESS_KEY,
                AWS_SECRET_ACCESS_KEY: ACCESS_KEY,
                AWS_CONFIG_FILE: path.join(this.dir, "aws", "config"),
                AWS_SHARED_CREDENTIALS_FILE: path.join(this.dir, "aws", "credentials"),
                AWS_EC2_METADATA_DISABLED: "true",
            },
        };
    }

    /** Stops serving (dropping any connection a client kept open) and deletes every file of the store. */
    async close(): Promise<void> {
        this.server.closeAllConnections();
        await new Promise<void>(resolve => this.server.close(() => resolve()));
        rmSync(this.dir, { recursive: true, force: true });
    }
}

export interface DelayProxy {
    readonly port: number;
    close(): Promise<void>;
}

/**
 * Forwards `delayMs` later every chunk (and the end of the stream) that crosses it, in either
 * direction, so every request and its answer cost one round trip of 2 × `delayMs` more, whatever their
 * size. Timers of one duration fire in the order they were set, so the bytes keep their order.
 */
function relay(from: net.Socket, to: net.Socket, delayMs: number): void {
    from.on("data", chunk => {
        setTimeout(() => {
            if (!to.destroyed) to.write(chunk);
        }, delayMs);
    });
    from.on("end", () => {
        setTimeout(() => {
            if (!to.destroyed) to.end();
        }, delayMs);
    });
}

/** A TCP proxy to `127.0.0.1:targetPort` on a free port, `delayMs` each way. */
export async function startDelayProxy(targetPort: number, delayMs: number): Promise<DelayProxy> {
    const sockets = new Set<net.Socket>();
    const track = (socket: net.Socket): void => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    };
    const server = net.createServer({ allowHalfOpen: true }, client => {
        const upstream = net.connect({ port: targetPort, host: "127.0.0.1", allowHalfOpen: true });
        track(client);
        track(upstream);
        // A connection broken on one side is broken on both: the client sees it as the network failing.
        const fail = (): void => {
            client.destroy();
            upstream.destroy();
        };
        client.on("error", fail);
        upstream.on("error", fail);
        relay(client, upstream, delayMs);
        relay(upstream, client, delayMs);
    });
    const port = await listen(server);
    return {
        port,
        close: async () => {
            for (const socket of sockets) socket.destroy();
            await new Promise<void>(resolve => server.close(() => resolve()));
        },
    };
}
