import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startTlsServer, type RequestHandler, type TestServer } from "../support/tls-server.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.2.x (ports 443). One endpoint per failure mode, plain Node behind TLS.
const servers: TestServer[] = [];
let rootPem = "";
let n = 10;

async function endpoint(name: string, handler: RequestHandler): Promise<{ url: string; address: string }> {
  const host = `${name}.zoo.test`;
  const address = `127.0.2.${n++}`;
  const leaf = await issueLeaf(host);
  servers.push(await startTlsServer({ address, host, key: leaf.key, cert: leaf.cert, chain: leaf.chain, handler }));
  return { url: `https://${host}/hook`, address };
}

const status =
  (code: number, headers: Record<string, string> = {}, phrase?: string): RequestHandler =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(code, phrase ?? "", headers).end(code >= 400 ? "error" : "{}");
  };

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("HTTP zoo: the primary cause for each answer", () => {
  it.each([
    [301, "http.redirect"],
    [308, "http.redirect"],
    [400, "http.bad_request"],
    [401, "http.unauthorized"],
    [403, "http.forbidden"],
    [404, "http.not_found"],
    [405, "http.method_not_allowed"],
    [410, "http.gone"],
    [413, "http.payload_too_large"],
    [415, "http.unsupported_media_type"],
    [419, "http.csrf_rejected"],
    [429, "http.rate_limited"],
    [500, "http.server_error"],
    [502, "http.bad_gateway"],
    [503, "http.service_unavailable"],
    [504, "http.gateway_timeout"],
    [520, "http.cdn_origin_error"],
    [522, "http.cdn_origin_error"],
    [526, "http.cdn_origin_error"],
  ])("status %i → %s", async (code, expected) => {
    const headers: Record<string, string> = code >= 300 && code < 400 ? { location: "https://www.zoo.test/hook/" } : code >= 520 ? { server: "cloudflare", "cf-ray": "8a1b2c3d4e5f-AMS" } : {};
    const { url, address } = await endpoint(`s${code}`, status(code, headers));
    const report = await runCheck(zooRequest(url, address, rootPem));
    expect(report.primary).toBe(expected);
    expect(report.verdict).toBe("fail");
    const f = report.findings.find((x) => x.code === expected)!;
    expect(f.evidence.status).toBe(code);
    if (code === 301) expect(f.evidence.location).toBe("https://www.zoo.test/hook/");
    if (code >= 520) expect(f.evidence.cdn).toBe("cloudflare");
  });

  it("a healthy endpoint gets verdict ok with no failure", async () => {
    const { url, address } = await endpoint("healthy", status(200));
    const report = await runCheck(zooRequest(url, address, rootPem));
    expect(report.verdict).toBe("ok");
    expect(report.primary).toBeNull();
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ["url", "pass"],
      ["dns", "pass"],
      ["tcp", "pass"],
      ["tls", "pass"],
      ["http", "pass"],
    ]);
  });

  it("sends a harmless update with the secret token header, as Telegram does", async () => {
    let seen: { headers: IncomingMessage["headers"]; body: string } | undefined;
    const { url, address } = await endpoint("echo", (req, res, body) => {
      seen = { headers: req.headers, body: body.toString() };
      res.writeHead(200).end();
    });
    await runCheck(zooRequest(url, address, rootPem, { secrets: { secretToken: "s3cr3t_token-1" } }));
    expect(seen!.headers["x-telegram-bot-api-secret-token"]).toBe("s3cr3t_token-1");
    expect(seen!.headers["content-type"]).toBe("application/json");
    expect(Object.keys(JSON.parse(seen!.body))).toEqual(["update_id"]);
  });

  it("connection reset before an answer", async () => {
    const { url, address } = await endpoint("reset", (req) => void req.socket.destroy());
    expect((await runCheck(zooRequest(url, address, rootPem))).primary).toBe("http.connection_reset");
  });

  it("no answer within the deadline", async () => {
    const { url, address } = await endpoint("hang", () => undefined);
    const started = Date.now();
    const report = await runCheck(zooRequest(url, address, rootPem, { options: { httpTimeoutMs: 1_500 } }));
    expect(report.primary).toBe("http.timeout");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a slow answer is a warning, not a failure", async () => {
    const { url, address } = await endpoint("slow", (_req, res) => void setTimeout(() => res.writeHead(200).end("{}"), 1_300));
    const report = await runCheck(zooRequest(url, address, rootPem));
    expect(report.primary).toBe("http.slow");
    expect(report.verdict).toBe("warn");
  });

  it("never follows a redirect", async () => {
    let hits = 0;
    const { url, address } = await endpoint("loop", (_req, res) => {
      hits++;
      res.writeHead(302, { location: "/hook" }).end();
    });
    await runCheck(zooRequest(url, address, rootPem));
    expect(hits).toBe(1);
  });
});
