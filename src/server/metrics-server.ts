import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import { describeError, StartupError } from "./intake.js";

export interface MetricsServer {
  address: AddressInfo;
  close(): Promise<void>;
}

/**
 * GET /metrics for Prometheus on its own listener (METRICS_HOST:METRICS_PORT, loopback by default), never on
 * the public webhook port: the series name platforms, finding codes and load, which are nobody else's business.
 */
export async function startMetricsServer(registry: Registry, options: { host: string; port: number }): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") return void res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found\n");
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405, { allow: "GET, HEAD" }).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(req.method === "HEAD" ? undefined : text),
      (error) => res.writeHead(500, { "content-type": "text/plain; charset=utf-8" }).end(`metrics failed: ${describeError(error)}\n`),
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 10_000;
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once("error", (error) => reject(new StartupError(`Cannot listen for metrics on ${options.host}:${options.port} (${describeError(error)}); change METRICS_HOST or METRICS_PORT`)));
    server.listen(options.port, options.host, () => resolve(server.address() as AddressInfo));
  });
  return {
    address,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
