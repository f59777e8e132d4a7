import { createServer, type Server } from "node:https";
import express5 from "express";
import express4 from "express4";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck, type CheckResult } from "../../src/diagnosis/checklist.js";
import { localizedReport } from "../../src/render/finding-text.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.120.1–127.0.120.99. Real Express 4, Express 5 and Fastify apps serving
// HTTPS themselves, misconfigured the way users do (default or lowered body limits, a route that is missing,
// an app that answers 403), and correct. Each keeps idle connections 75 s (what a correct Node app behind a
// proxy does) so the only failure is the one under test.
let rootPem = "";
const servers: Server[] = [];
const fastifies: FastifyInstance[] = [];
let n = 1;

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
});
afterAll(async () => {
  await Promise.all([...servers.map((s) => new Promise((r) => s.close(r))), ...fastifies.map((f) => f.close())]);
});

type ExpressLike = typeof express5;

/** An Express app as tutorials write it: `express.json()` on the webhook route, a health route, an admin route. */
function expressApp(express: ExpressLike, jsonOptions?: { limit: string }) {
  const app = express();
  app.get("/health", (_req, res) => void res.send("ok"));
  app.post("/hook", express.json(jsonOptions), (_req, res) => void res.json({ ok: true }));
  // An app-level rule (an IP or origin check) that refuses: a plain 403 from the app, no WAF anywhere.
  app.post("/internal", (_req, res) => void res.status(403).json({ error: "forbidden" }));
  return app;
}

async function serveExpress(app: ReturnType<ExpressLike>): Promise<{ host: string; address: string }> {
  const address = `127.0.120.${n++}`;
  const host = `node${n}.zoo.test`;
  const leaf = await issueLeaf(host);
  const server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, app);
  server.keepAliveTimeout = 75_000;
  servers.push(server);
  await new Promise<void>((r) => server.listen(443, address, r));
  return { host, address };
}

async function serveFastify(options: { bodyLimit?: number } = {}): Promise<{ host: string; address: string }> {
  const address = `127.0.120.${n++}`;
  const host = `node${n}.zoo.test`;
  const leaf = await issueLeaf(host);
  const app = Fastify({ https: { key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, keepAliveTimeout: 75_000, ...options });
  app.get("/health", async () => "ok");
  app.post("/hook", async () => ({ ok: true }));
  fastifies.push(app);
  await app.listen({ port: 443, host: address });
  return { host, address };
}

const deep = { deep: true, keepaliveWaitMs: 300, healthPath: "/health" };
const check = (where: { host: string; address: string }, path: string, options: Record<string, unknown> = deep) =>
  runCheck(zooRequest(`https://${where.host}${path}`, where.address, rootPem, { options }));
const fixOf = (r: CheckResult, code: string) => localizedReport(r, "en").findings.find((f) => f.code === code);

describe("fingerprint zoo: Node apps answering themselves", () => {
  it.each([
    ["Express 4", express4 as unknown as ExpressLike],
    ["Express 5", express5],
  ])("%s with express.json()'s 100 kB default → payload.limit_too_small, told about express.json({ limit })", async (_name, express) => {
    const r = await check(await serveExpress(expressApp(express)), "/hook");
    expect(r.primary).toBe("payload.limit_too_small");
    expect(r.stack).toEqual([expect.objectContaining({ layer: "app", name: "express" })]);
    const f = fixOf(r, "payload.limit_too_small")!;
    expect(f.evidence.status).toBe(413);
    expect(f.evidence.answered_by).toBe("express");
    expect(f.fix_for).toBe("express");
    expect(f.fix).toContain("express.json({ limit");
    expect(f.fix).not.toContain("client_max_body_size");
  });

  it.each([
    ["Express 4", express4 as unknown as ExpressLike],
    ["Express 5", express5],
  ])("%s with a 10 MB limit is ok under --deep, with Express named and no stack-specific finding", async (_name, express) => {
    const r = await check(await serveExpress(expressApp(express, { limit: "10mb" })), "/hook");
    expect(r.verdict).toBe("ok");
    expect(r.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(r.stack).toEqual([{ layer: "app", name: "express", evidence: expect.stringMatching(/x-powered-by: Express/) }]);
  });

  it("Express: a POST to a path with no route → http.not_found, the fix names app.post and Express's own message", async () => {
    const r = await check(await serveExpress(expressApp(express5, { limit: "10mb" })), "/webhook", {});
    expect(r.primary).toBe("http.not_found");
    const f = fixOf(r, "http.not_found")!;
    expect(f.evidence.page).toBe("Error Cannot POST /webhook");
    expect(f.evidence.answered_by).toBe("express");
    expect(f.fix).toContain('app.post("/webhook"');
    expect(f.fix).not.toMatch(/location block|proxy_pass/);
  });

  it("Express: the app's own 403 → http.forbidden, not unauthorized and not a WAF", async () => {
    const r = await check(await serveExpress(expressApp(express5, { limit: "10mb" })), "/internal", {});
    expect(r.primary).toBe("http.forbidden");
    expect(r.findings.map((f) => f.code)).not.toContain("http.waf_blocked");
    expect(r.stack.map((s) => s.layer)).toEqual(["app"]);
  });

  it("Fastify with bodyLimit lowered to 100 kB → payload.limit_too_small, told about bodyLimit", async () => {
    const r = await check(await serveFastify({ bodyLimit: 100_000 }), "/hook");
    expect(r.primary).toBe("payload.limit_too_small");
    expect(r.stack).toEqual([{ layer: "app", name: "fastify", evidence: expect.stringContaining("FST_ERR_CTP_BODY_TOO_LARGE") }]);
    const f = fixOf(r, "payload.limit_too_small")!;
    expect(f.fix).toContain("bodyLimit");
    expect(f.fix).not.toContain("client_max_body_size");
    expect(f.fix).not.toContain("express.json");
  });

  it("Fastify with its default 1 MiB limit is ok under --deep, and nothing is invented about its stack", async () => {
    const r = await check(await serveFastify(), "/hook");
    expect(r.verdict).toBe("ok");
    // Fastify's 200s carry no fingerprint (no Server, no X-Powered-By): the stack stays empty.
    expect(r.stack).toEqual([]);
  });

  it("Fastify: a missing route → http.not_found with Fastify named from its JSON error", async () => {
    const r = await check(await serveFastify(), "/webhook", {});
    expect(r.primary).toBe("http.not_found");
    expect(r.stack).toEqual([{ layer: "app", name: "fastify", evidence: expect.stringContaining("Route POST:/webhook not found") }]);
    expect(fixOf(r, "http.not_found")!.fix).toContain('app.post("/webhook", handler)');
  });
});
