import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { RequestListener } from "node:http";
import { createNodeMiddleware, Webhooks } from "@octokit/webhooks";
import express from "express";
import express4 from "express4";
import Fastify, { type FastifyInstance } from "fastify";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLeaf, testPki } from "../support/certs.js";
import { runCli } from "../support/run-cli.js";
import { tempDir } from "../support/temp.js";

/**
 * Receivers written the way each provider documents them, with the providers' own libraries, in Express 5,
 * Express 4 and Fastify over real HTTPS on loopback, checked through the command line as a user runs it.
 * Correct ones must pass `--deep --health-path /health` with exit 0; the usual mistakes get their exact code.
 * Loopback block of this file: 127.0.110.x.
 */
const STRIPE_SECRET = "whsec_zoo_stripe_endpoint_secret";
const GITHUB_SECRET = "zoo-github-webhook-secret";
const SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const APP_SECRET = "zoo-meta-app-secret";
const VERIFY_TOKEN = "zoo-meta-verify-token";
const stripe = new Stripe("sk_test_webhook_doctor_zoo");

let dir = "";
let caFile = "";
let savedCa: string | undefined;
let next = 10;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  dir = tempDir("wd-signed-stacks-");
  caFile = `${dir}/root.pem`;
  writeFileSync(caFile, (await testPki()).root.cert);
  // Several command-line runs at once share the one CA file; runCli restores what it found, which stays this.
  savedCa = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = caFile;
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  process.env.NODE_EXTRA_CA_CERTS = savedCa;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Endpoint {
  url: string;
  host: string;
  address: string;
}

/** A Node request listener (an Express app) over HTTPS on port 443, with a production keep-alive (above a proxy's 60 s). */
async function serveNode(name: string, app: RequestListener): Promise<Endpoint> {
  const host = `${name}.stacks.test`;
  const address = `127.0.110.${next++}`;
  const leaf = await issueLeaf(host);
  const server: Server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, app);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(443, address, () => resolve()));
  closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { url: `https://${host}/hook`, host, address };
}

/** A Fastify app over HTTPS on port 443 (its own keep-alive default is 72 s). */
async function serveFastify(name: string, build: (app: FastifyInstance) => void): Promise<Endpoint> {
  const host = `${name}.stacks.test`;
  const address = `127.0.110.${next++}`;
  const leaf = await issueLeaf(host);
  const app = Fastify({ https: { key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, bodyLimit: 2 * 1024 * 1024 }) as unknown as FastifyInstance;
  build(app);
  app.get("/health", async () => ({ status: "ok" }));
  await app.listen({ host: address, port: 443 });
  closers.push(async () => {
    app.server.closeAllConnections();
    await app.close();
  });
  return { url: `https://${host}/hook`, host, address };
}

type Report = { verdict: string; primary: string | null; findings: Array<{ code: string; severity: string; evidence: Record<string, unknown> }>; checks: Array<{ id: string; status: string }> };

async function check(ep: Endpoint, flags: string[], deep = false): Promise<{ code: number; report: Report; out: string }> {
  const argv = ["check", ep.url, ...flags, "--resolve", `${ep.host}:443:${ep.address}`, "--allow-private", "--timeout", "5", "--json"];
  const r = await runCli(deep ? [...argv, "--deep", "--health-path", "/health"] : argv, { caFile });
  expect(r.stderr).toBe("");
  return { code: r.code, report: JSON.parse(r.stdout) as Report, out: r.stdout };
}
const codes = (r: Report) => r.findings.map((f) => f.code).sort();
const generic = (scheme: string, secret: string) => ["--platform", "generic", "--auth", "hmac", "--scheme", scheme, "--secret", secret];
const whatsapp = ["--platform", "whatsapp", "--verify-token", VERIFY_TOKEN, "--app-secret", APP_SECRET];

const health = (app: express.Express) => app.get("/health", (_req, res) => void res.json({ status: "ok" }));

// ---- Stripe: the sample server from Stripe's docs (express.raw on the route, constructEvent over the raw body).
function stripeSample(verifyOver: "raw" | "reparsed") {
  const app = express();
  health(app);
  if (verifyOver === "raw") {
    app.post("/hook", express.raw({ type: "application/json", limit: "2mb" }), (req, res) => {
      try {
        stripe.webhooks.constructEvent(req.body, req.headers["stripe-signature"] ?? "", STRIPE_SECRET);
      } catch (err) {
        return void res.status(400).send(`Webhook Error: ${(err as Error).message}`);
      }
      res.json({ received: true });
    });
  } else {
    // The classic mistake: a global express.json() parsed the body first; the handler signs JSON.stringify of it.
    app.use(express.json({ limit: "2mb" }));
    app.post("/hook", (req, res) => {
      try {
        stripe.webhooks.constructEvent(JSON.stringify(req.body), req.headers["stripe-signature"] ?? "", STRIPE_SECRET);
      } catch (err) {
        return void res.status(400).send(`Webhook Error: ${(err as Error).message}`);
      }
      res.json({ received: true });
    });
  }
  return app;
}

// ---- GitHub: Octokit's own Node middleware (Express 4), or its verify() on the raw text.
function githubOctokit(secret: string) {
  const app = express4();
  app.get("/health", (_req: unknown, res: { json: (v: unknown) => void }) => res.json({ status: "ok" }));
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  app.use(createNodeMiddleware(new Webhooks({ secret }), { path: "/hook", log: quiet }));
  return app;
}

// ---- Meta: HMAC-SHA256 over the raw body kept by express.json({ verify }), as Meta's docs describe.
type MetaStyle = "raw" | "reserialized" | "reescaped";
function metaReceiver(style: MetaStyle) {
  const app = express();
  health(app);
  app.get("/hook", (req, res) => {
    const q = req.query as Record<string, string>;
    if (q["hub.mode"] === "subscribe" && q["hub.verify_token"] === VERIFY_TOKEN) return void res.status(200).send(q["hub.challenge"]);
    res.sendStatus(403);
  });
  app.post(
    "/hook",
    // Meta's notifications can reach 3 MB.
    express.json({ limit: "5mb", verify: (req, _res, buf) => void ((req as unknown as { rawBody: Buffer }).rawBody = buf) }),
    (req, res) => {
      let signed: Buffer;
      if (style === "raw") signed = (req as unknown as { rawBody: Buffer }).rawBody;
      else if (style === "reserialized") signed = Buffer.from(JSON.stringify(req.body));
      // What several libraries do to match Meta: re-print, then escape non-ASCII as \uXXXX and "/" as "\/".
      else signed = Buffer.from(JSON.stringify(req.body).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).replace(/\//g, "\\/"));
      const got = Buffer.from(req.get("x-hub-signature-256") ?? "");
      const want = Buffer.from(`sha256=${createHmac("sha256", APP_SECRET).update(signed).digest("hex")}`);
      if (got.length !== want.length || !timingSafeEqual(got, want)) return void res.sendStatus(401);
      res.sendStatus(200);
    },
  );
  return app;
}

describe("correct receivers of each provider pass --deep with exit 0", () => {
  it("Stripe (Express 5, sample server), GitHub (Express 4, Octokit middleware), Standard Webhooks (Fastify, raw-buffer parser), Meta (Express 5, express.json verify)", async () => {
    const stripeEp = await serveNode("stripe-ok", stripeSample("raw"));
    const githubEp = await serveNode("github-ok", githubOctokit(GITHUB_SECRET));
    const swEp = await serveFastify("sw-ok", (app) => {
      // The reference receiver: keep the body as a Buffer and give it to Webhook.verify with the headers.
      app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
      app.post("/hook", async (request, reply) => {
        try {
          new Webhook(SW_SECRET).verify(request.body as Buffer, request.headers as Record<string, string>);
        } catch {
          return reply.code(400).send({ error: "invalid signature" });
        }
        return reply.code(204).send();
      });
    });
    const metaEp = await serveNode("meta-ok", metaReceiver("raw"));
    const [st, gh, sw, meta] = await Promise.all([
      check(stripeEp, generic("stripe", STRIPE_SECRET), true),
      check(githubEp, generic("github", GITHUB_SECRET), true),
      check(swEp, generic("standard-webhooks", SW_SECRET), true),
      check(metaEp, whatsapp, true),
    ]);
    for (const [name, r] of Object.entries({ st, gh, sw, meta })) {
      expect({ name, code: r.code, verdict: r.report.verdict, failing: r.report.findings.filter((f) => f.severity !== "info").map((f) => f.code) }).toEqual({ name, code: 0, verdict: "ok", failing: [] });
      expect(r.report.checks.map((c) => c.id)).toEqual(expect.arrayContaining(["auth", "keepalive", "payload", "health"]));
    }
    // JSON-only senders: no form body is tried, so Stripe's sample server is not told it "accepts only one content type".
    expect(codes(st.report)).toEqual([]);
    expect(codes(sw.report)).toEqual([]);
    expect(st.report.checks.map((c) => c.id)).not.toContain("content_type");
    // GitHub lets the hook owner choose form bodies; Octokit's middleware takes JSON only (415): noted, not failed.
    expect(gh.report.findings).toEqual([expect.objectContaining({ code: "http.content_type_rejected", severity: "info", evidence: { accepted: "application/json", refused: "application/x-www-form-urlencoded", status: 415 } })]);
    // Meta's escaped bytes verify over the raw body, and so does the same JSON in raw UTF-8.
    expect(codes(meta.report)).toEqual([]);
    for (const r of [st, gh, sw, meta]) expect(r.out).not.toMatch(/whsec_zoo|zoo-github-webhook-secret|whsec_MfKQ|zoo-meta-app-secret|zoo-meta-verify-token/);
  }, 120_000);
});

describe("the mistakes real users make get the exact code", () => {
  it("Stripe: express.json() before constructEvent (body re-serialised) → sig.body_reserialized, exit 1", async () => {
    const { code, report } = await check(await serveNode("stripe-json", stripeSample("reparsed")), generic("stripe", STRIPE_SECRET));
    expect(code).toBe(1);
    expect(report.primary).toBe("sig.body_reserialized");
    expect(report.findings).toEqual([expect.objectContaining({ code: "sig.body_reserialized", evidence: expect.objectContaining({ scheme: "stripe", sent_as: "pretty_printed", status_as_sent: 400 }) })]);
  });

  it("Stripe: the sample server holding another endpoint's secret → auth.valid_rejected", async () => {
    const { code, report } = await check(await serveNode("stripe-wrong", stripeSample("raw")), generic("stripe", "whsec_another_endpoint_secret"));
    expect(code).toBe(1);
    expect(codes(report)).toEqual(["auth.valid_rejected"]);
  });

  it("GitHub: Octokit configured with another secret → auth.valid_rejected", async () => {
    const { code, report } = await check(await serveNode("github-wrong", githubOctokit("an-old-secret")), generic("github", GITHUB_SECRET));
    expect(code).toBe(1);
    expect(report.primary).toBe("auth.valid_rejected");
  });

  it("GitHub: a handler that never checks the signature (Express 5) → auth.not_enforced", async () => {
    const app = express();
    health(app);
    app.post("/hook", express.json({ limit: "2mb" }), (_req, res) => void res.sendStatus(200));
    const { code, report } = await check(await serveNode("github-lax", app), generic("github", GITHUB_SECRET));
    expect(code).toBe(1);
    expect(codes(report)).toEqual(["auth.not_enforced"]);
    expect(report.findings[0].evidence).toMatchObject({ wrong_accepted: true, missing_accepted: true });
  });

  it("Standard Webhooks: Fastify's default JSON parser drops the raw body, the handler verifies JSON.stringify of it → sig.body_reserialized", async () => {
    const ep = await serveFastify("sw-parsed", (app) => {
      app.post("/hook", async (request, reply) => {
        try {
          new Webhook(SW_SECRET).verify(JSON.stringify(request.body), request.headers as Record<string, string>);
        } catch {
          return reply.code(400).send({ error: "invalid signature" });
        }
        return reply.code(204).send();
      });
    });
    const { code, report } = await check(ep, generic("standard-webhooks", SW_SECRET));
    expect(code).toBe(1);
    expect(codes(report)).toEqual(["sig.body_reserialized"]);
  });

  it("Meta: express.json() and HMAC over JSON.stringify(req.body) → sig.body_reserialized (Meta's escaped bytes refused, raw UTF-8 accepted)", async () => {
    const { code, report } = await check(await serveNode("meta-json", metaReceiver("reserialized")), whatsapp);
    expect(code).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ code: "sig.body_reserialized", evidence: { scheme: "meta", sent_as: "meta_escaped", status_as_sent: 401, reprinted_accepted: true } })]);
  });

  it("Meta: a receiver that re-escapes like Meta verifies Meta's bytes: ok and exit 0, the raw UTF-8 refusal only noted (info)", async () => {
    const { code, report } = await check(await serveNode("meta-escape", metaReceiver("reescaped")), whatsapp);
    expect(code).toBe(0);
    expect(report.verdict).toBe("ok");
    expect(report.findings).toEqual([expect.objectContaining({ code: "auth.equivalent_body_rejected", severity: "info", evidence: { scheme: "meta", sent_as: "meta_escaped", status_reprinted: 401 } })]);
  });
});

describe("what the real senders also send is honoured", () => {
  it("GitHub hook set to form-encoded (Express 5: express.urlencoded keeping the raw bytes, then the payload field): ok and exit 0, JSON refusal only noted", async () => {
    const app = express();
    health(app);
    app.post(
      "/hook",
      express.urlencoded({ extended: false, limit: "2mb", verify: (req, _res, buf) => void ((req as unknown as { rawBody: Buffer }).rawBody = buf) }),
      (req, res) => {
        const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
        if (!raw || !req.is("application/x-www-form-urlencoded")) return void res.status(415).send("form bodies only");
        const got = Buffer.from(req.get("x-hub-signature-256") ?? "");
        const want = Buffer.from(`sha256=${createHmac("sha256", GITHUB_SECRET).update(raw).digest("hex")}`);
        if (got.length !== want.length || !timingSafeEqual(got, want)) return void res.sendStatus(401);
        // GitHub's form hooks carry the event as JSON in the payload field.
        const event = JSON.parse(String((req.body as Record<string, string>).payload ?? "null")) as unknown;
        res.status(event ? 200 : 400).end();
      },
    );
    const { code, report } = await check(await serveNode("github-form", app), generic("github", GITHUB_SECRET));
    expect(code).toBe(0);
    expect(report.verdict).toBe("ok");
    expect(report.findings).toEqual([expect.objectContaining({ code: "http.content_type_rejected", severity: "info", evidence: { accepted: "application/x-www-form-urlencoded", refused: "application/json", status: 415 } })]);
  });

  it("Meta: a receiver that reads only the legacy X-Hub-Signature (SHA-1), which Meta still sends: ok and exit 0", async () => {
    const app = express();
    health(app);
    app.get("/hook", (req, res) => {
      const q = req.query as Record<string, string>;
      if (q["hub.mode"] === "subscribe" && q["hub.verify_token"] === VERIFY_TOKEN) return void res.status(200).send(q["hub.challenge"]);
      res.sendStatus(403);
    });
    app.post("/hook", express.raw({ type: "application/json", limit: "5mb" }), (req, res) => {
      const got = Buffer.from(req.get("x-hub-signature") ?? "");
      const want = Buffer.from(`sha1=${createHmac("sha1", APP_SECRET).update(req.body as Buffer).digest("hex")}`);
      res.sendStatus(got.length === want.length && timingSafeEqual(got, want) ? 200 : 401);
    });
    const { code, report } = await check(await serveNode("meta-sha1", app), whatsapp);
    expect({ code, verdict: report.verdict, findings: codes(report) }).toEqual({ code: 0, verdict: "ok", findings: [] });
  });
});
