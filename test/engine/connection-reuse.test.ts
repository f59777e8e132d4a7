import { createServer, type Server } from "node:https";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.180.x, port 443.
// A quick check makes one connection, as curl does: the TCP probe's socket is upgraded by the TLS probe, whose
// socket carries the HTTP request. Counted at a real HTTPS server.
interface Counted {
  server: Server;
  connections: number;
  handshakes: number;
  requests: number;
}
const started: Server[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => new Promise<void>((r) => (s.closeAllConnections(), s.close(() => r())))));
});

async function countingServer(address: string, host: string, onSecure?: (socket: TLSSocket, n: number) => void): Promise<Counted> {
  const leaf = await issueLeaf(host);
  const counted = { connections: 0, handshakes: 0, requests: 0 } as Counted;
  const server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (req, res) => {
    counted.requests++;
    req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  server.on("connection", () => counted.connections++);
  server.on("secureConnection", (socket: TLSSocket) => {
    counted.handshakes++;
    onSecure?.(socket, counted.handshakes);
  });
  await new Promise<void>((resolve) => server.listen(443, address, resolve));
  started.push(server);
  counted.server = server;
  return counted;
}

describe("one connection per quick check", () => {
  it("TCP, TLS and the HTTP POST share one connection and one handshake", async () => {
    const root = (await testPki()).root.cert;
    const s = await countingServer("127.0.180.10", "one.reuse.test");
    const result = await runCheck(zooRequest("https://one.reuse.test/hook", "127.0.180.10", root));
    expect(result.verdict).toBe("ok");
    expect({ requests: s.requests, handshakes: s.handshakes, connections: s.connections }).toEqual({ requests: 1, handshakes: 1, connections: 1 });
  });

  it("a server that closes the probe's connection right after the handshake is not failed: a new connection carries the request", async () => {
    const root = (await testPki()).root.cert;
    const s = await countingServer("127.0.180.11", "closer.reuse.test", (socket, n) => {
      if (n === 1) socket.end();
    });
    const result = await runCheck(zooRequest("https://closer.reuse.test/hook", "127.0.180.11", root));
    expect(result.findings.map((f) => [f.code, JSON.stringify(f.evidence)])).toEqual([]);
    expect(result.verdict).toBe("ok");
    expect({ requests: s.requests, connections: s.connections }).toEqual({ requests: 1, connections: 2 });
  });
});
