import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { SecureVersion } from "node:tls";

/**
 * Real HTTPS (and deliberately-not-HTTPS) endpoints on loopback for tests.
 *
 *   const leaf = await issueLeaf("ok.test");
 *   const srv = await startTlsServer({ address: "127.0.1.2", host: "ok.test", ...leaf });   // full chain
 *   const bad = await startTlsServer({ address: "127.0.1.3", host: "x.test", ...leaf, chain: [] }); // leaf only
 *   srv.url  → "https://ok.test/"   (pair with options.resolve: [{ host, port, address }])
 *   await srv.close();
 *
 * By default every request gets 200 with body {} (what a webhook that acknowledges an update answers).
 */

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;

export interface TestServer {
  /** https://<host>[:port]/ — host is the name from the options (the address when none was given). */
  url: string;
  address: string;
  port: number;
  close(): Promise<void>;
}

export interface TlsServerOptions {
  /** A loopback address from the test file's own block, e.g. "127.0.1.5". */
  address: string;
  /** Default 443. */
  port?: number;
  /** Host name for the returned URL. */
  host?: string;
  /** PEM private key and leaf certificate. */
  key: string;
  cert: string;
  /** Certificates sent after the leaf; leave empty to serve an incomplete chain. */
  chain?: string[];
  minVersion?: SecureVersion;
  /** e.g. "TLSv1.1" with ciphers "DEFAULT@SECLEVEL=0" for a server stuck on old protocols. */
  maxVersion?: SecureVersion;
  ciphers?: string;
  handler?: RequestHandler;
}

export interface PlainHttpServerOptions {
  address: string;
  /** Default 443: plain HTTP where TLS is expected. */
  port?: number;
  host?: string;
  handler?: RequestHandler;
}

/** Bodies above this are cut off with 413 so a runaway test cannot fill memory. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export const acknowledge: RequestHandler = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" }).end("{}");
};

export async function startTlsServer(opts: TlsServerOptions): Promise<TestServer> {
  const port = opts.port ?? 443;
  const legacyOnly = opts.maxVersion === "TLSv1" || opts.maxVersion === "TLSv1.1";
  const server = createHttpsServer(
    {
      key: opts.key,
      cert: [opts.cert, ...(opts.chain ?? [])].join("\n"),
      maxVersion: opts.maxVersion,
      // Node refuses anything below TLS 1.2 by default, on the server side too.
      minVersion: opts.minVersion ?? (legacyOnly ? "TLSv1" : undefined),
      ciphers: opts.ciphers,
    },
    serve(opts.handler ?? acknowledge),
  );
  return listen(server, opts.address, port, opts.host);
}

/** An HTTP/1.1 server without TLS, by default on port 443 (for tls.plain_http). */
export async function startPlainHttpServer(opts: PlainHttpServerOptions): Promise<TestServer> {
  const server = createHttpServer(serve(opts.handler ?? acknowledge));
  return listen(server, opts.address, opts.port ?? 443, opts.host);
}

function serve(handler: RequestHandler) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      Promise.resolve(handler(req, res, Buffer.concat(chunks))).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  };
}

async function listen(server: HttpServer | HttpsServer, address: string, port: number, host?: string): Promise<TestServer> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const name = host ?? address;
  return {
    // Always https: a plain HTTP server here stands where a TLS endpoint was expected.
    url: `https://${name}${port === 443 ? "" : `:${port}`}/`,
    address,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
