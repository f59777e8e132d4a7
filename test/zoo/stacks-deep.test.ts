import { createServer, type Server } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startTlsServer, type RequestHandler, type TestServer } from "../support/tls-server.js";
import { zooRequest, type ZooOptions } from "../support/zoo-request.js";

// This file's loopback block: 127.0.107.x. The deep probes' false alarms: a missing health endpoint, and a
// body limit hidden behind another status (500, a reset) than 413, on real Node HTTPS servers.
let rootPem = "";
const servers: TestServer[] = [];
const rawServers: Server[] = [];
let next = 1;

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
});
afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), ...rawServers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); }))]);
});

/** Every answer says `Connection: close`: the keep-alive probe has nothing to judge, so only health and payload speak. */
const closing =
  (handler: RequestHandler): RequestHandler =>
  (req, res, body) => {
    res.setHeader("connection", "close");
    return handler(req, res, body);
  };

async function endpoint(handler: RequestHandler) {
  const address = `127.0.107.${next++}`;
  const host = `deep${next}.zoo.test`;
  const leaf = await issueLeaf(host);
  servers.push(await startTlsServer({ address, host, ...leaf, handler: closing(handler) }));
  return { url: `https://${host}/hook`, address };
}

/** A server that resets the connection when a body over 64 KiB is announced (no answer at all). */
async function resetting(onlyPost = true) {
  const address = `127.0.107.${next++}`;
  const host = `deep${next}.zoo.test`;
  const leaf = await issueLeaf(host);
  const server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (req, res) => {
    if (Number(req.headers["content-length"] ?? 0) > 64 * 1024 && (req.method === "POST" || !onlyPost)) return void req.socket.destroy();
    res.setHeader("connection", "close");
    req.resume();
    req.on("end", () => {
      if (req.method === "GET" && req.url?.startsWith("/health")) return void res.writeHead(200).end("ok");
      const challenge = new URL(req.url ?? "/", "https://x").searchParams.get("hub.challenge");
      const token = new URL(req.url ?? "/", "https://x").searchParams.get("hub.verify_token");
      if (req.method === "GET") return void res.writeHead(token === "vt" ? 200 : 403).end(token === "vt" ? (challenge ?? "") : "");
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  rawServers.push(server);
  await new Promise<void>((r) => server.listen(443, address, r));
  return { url: `https://${host}/hook`, address };
}

const routes =
  (table: Record<string, RequestHandler>): RequestHandler =>
  (req, res, body) =>
    (table[req.url ?? ""] ?? ((_q, r) => void r.writeHead(200, { "content-type": "application/json" }).end("{}")))(req, res, body);
const status = (code: number, delayMs = 0): RequestHandler => (_q, res) => void setTimeout(() => res.writeHead(code).end(), delayMs);
const deep = (e: { url: string; address: string }, options: ZooOptions = {}) =>
  runCheck(zooRequest(e.url, e.address, rootPem, { options: { deep: true, keepaliveWaitMs: 200, ...options } }));
const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

describe("health probe: a missing health endpoint is not a failure", () => {
  it("no --health-path and no /health (404): verdict ok, at most an info note", async () => {
    const e = await endpoint(routes({ "/health": status(404) }));
    const r = await deep(e);
    expect(r.verdict).toBe("ok");
    expect(codes(r)).toEqual(["health.not_found"]);
    expect(r.findings[0].severity).toBe("info");
  });

  it("a named health path that does not exist (404) is a failure", async () => {
    const e = await endpoint(routes({ "/nope": status(404) }));
    const r = await deep(e, { healthPath: "/nope" });
    expect(r.primary).toBe("health.failing");
  });

  it("a default /health that exists but answers 503 is a failure", async () => {
    const e = await endpoint(routes({ "/health": status(503) }));
    expect((await deep(e)).primary).toBe("health.failing");
  });

  it("a named health path that answers slowly is a failure; the same path answering fast passes", async () => {
    const e = await endpoint(routes({ "/slow-health": status(200, 1_300), "/health": status(200) }));
    expect((await deep(e, { healthPath: "/slow-health" })).primary).toBe("health.failing");
    expect((await deep(e, { healthPath: "/health" })).verdict).toBe("ok");
  });
});

describe("payload probe: a body limit behind another status", () => {
  it("the 1 MiB body answered 500 while the small one passes → payload.limit_too_small with the 500", async () => {
    const e = await endpoint((_q, res, body) => void res.writeHead(body.length > 64 * 1024 ? 500 : 200).end("{}"));
    const r = await deep(e);
    expect(r.primary).toBe("payload.limit_too_small");
    expect(r.findings[0].evidence).toMatchObject({ status: 500, refused_with: "500", small_body_status: 200 });
  });

  it("the 1 MiB body's connection reset while the small one passes → payload.limit_too_small, the reset as evidence", async () => {
    const r = await deep(await resetting());
    expect(r.primary).toBe("payload.limit_too_small");
    expect(r.findings[0].evidence.refused_with).toBe("connection reset");
  });

  it("an endpoint that fails every body alike is not told about body limits", async () => {
    const e = await endpoint(routes({ "/hook": status(502), "/health": status(200) }));
    const r = await deep(e);
    expect(r.primary).toBe("http.bad_gateway");
    expect(codes(r)).not.toContain("payload.limit_too_small");
  });

  it("WhatsApp's ~3 MB notification reset while the small signed one passes → the same payload.limit_too_small", async () => {
    const e = await resetting();
    const r = await runCheck(zooRequest(e.url, e.address, rootPem, { platform: "whatsapp", secrets: { verifyToken: "vt", appSecret: "app-secret" } }));
    expect(r.findings.filter((f) => f.code === "payload.limit_too_small")).toHaveLength(1);
    expect(codes(r)).not.toContain("http.payload_too_large");
  });
});
