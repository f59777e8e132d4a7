import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLeaf, testPki } from "../support/certs.js";
import { runCli } from "../support/run-cli.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.4.150-169 (part of issue 3's 127.0.4.100-200).
// Secrets given through environment variables reach the probes and never reach the output.
const VERIFY_TOKEN = "vt-env-4f1d9c2b7e";
const APP_SECRET = "as-env-8b3e6a1f0d";
const BEARER = "bt-env-5c7a2e9f31";
// Tokens with characters a URL encodes: echoed in a query string, they come back in another form.
const ODD_VERIFY_TOKEN = "vt env/4f1d+9c=2b&x";
const ODD_BEARER = "bt/5c7a+2e9f31==";
const forms = (secret: string) => [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
const servers: TestServer[] = [];
let caFile = "";
let next = 150;

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
async function receiver(name: string, handler: Handler) {
  const host = `${name}.secrets.test`;
  const address = `127.0.4.${next++}`;
  const leaf = await issueLeaf(host);
  servers.push(await startTlsServer({ address, host, key: leaf.key, cert: leaf.cert, chain: leaf.chain, handler }));
  return { url: `https://${host}/hook`, resolve: `${host}:443:${address}` };
}

beforeAll(async () => {
  const pki = await testPki();
  caFile = `${tempDir("wd-secrets-ca-")}/root.pem`;
  writeFileSync(caFile, pki.root.cert);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const run = (argv: string[], env: NodeJS.ProcessEnv) => runCli(argv, { caFile, env });

/** Text and JSON output of the same check; neither may contain any of the secrets. */
async function both(argv: string[], env: NodeJS.ProcessEnv) {
  const text = await run(argv, env);
  const json = await run([...argv, "--json"], env);
  const all = text.stdout + text.stderr + json.stdout + json.stderr;
  for (const secret of [VERIFY_TOKEN, APP_SECRET, BEARER, ODD_VERIFY_TOKEN, ODD_BEARER].flatMap(forms)) expect(all).not.toContain(secret);
  return { text, json, report: JSON.parse(json.stdout) as { verdict: string; findings: Array<{ code: string; evidence: Record<string, unknown> }> } };
}

const metaSigned = (body: Buffer, header: string) => {
  const want = Buffer.from(`sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`);
  const got = Buffer.from(header);
  return got.length === want.length && timingSafeEqual(got, want);
};

describe("secrets from environment variables, never printed", () => {
  it("whatsapp: WEBHOOK_DOCTOR_VERIFY_TOKEN and WEBHOOK_DOCTOR_APP_SECRET are used", async () => {
    let validPosts = 0;
    const { url, resolve } = await receiver("wa", (req, res, body) => {
      const q = new URL(req.url ?? "/", "https://x").searchParams;
      if (req.method === "GET") return void (q.get("hub.verify_token") === VERIFY_TOKEN ? res.writeHead(200).end(q.get("hub.challenge")) : res.writeHead(403).end());
      const ok = metaSigned(body, String(req.headers["x-hub-signature-256"] ?? ""));
      if (ok) validPosts++;
      res.writeHead(ok ? 200 : 401).end();
    });
    const env = { WEBHOOK_DOCTOR_VERIFY_TOKEN: VERIFY_TOKEN, WEBHOOK_DOCTOR_APP_SECRET: APP_SECRET };
    const { text, json, report } = await both(["check", url, "--platform", "whatsapp", "--resolve", resolve, "--allow-private"], env);
    expect([text.code, json.code]).toEqual([0, 0]);
    expect(report.verdict).toBe("ok");
    expect(report.findings).toEqual([]);
    // The app secret from the environment signed the notifications the receiver accepted.
    expect(validPosts).toBeGreaterThan(0);
  });

  it.each([VERIFY_TOKEN, ODD_VERIFY_TOKEN])("whatsapp: a redirect echoing the handshake's query (verify token %j) is reported without the token", async (token) => {
    const { url, resolve } = await receiver(`wa-redirect-${next}`, (req, res) => {
      const u = new URL(req.url ?? "/", "https://x");
      // A trailing-slash redirect that keeps the query string, as web servers do.
      if (req.method === "GET") return void res.writeHead(301, { location: `https://wa-redirect.secrets.test${u.pathname}/${u.search}` }).end();
      res.writeHead(200).end();
    });
    const { text, report } = await both(["check", url, "--platform", "whatsapp", "--resolve", resolve, "--allow-private"], { WEBHOOK_DOCTOR_VERIFY_TOKEN: token });
    expect(text.code).toBe(1);
    expect(report.findings.map((f) => f.code)).toEqual(["whatsapp.verify_failed"]);
    // The redirect is still shown, with the secret replaced.
    expect(String(report.findings[0].evidence.location)).toContain("hub.verify_token=<secret>&hub.challenge=");
  });

  it("generic bearer: WEBHOOK_DOCTOR_BEARER_TOKEN is used, and a receiver echoing it back does not make it print", async () => {
    const { url, resolve } = await receiver("bearer", (req, res) => {
      const auth = String(req.headers.authorization ?? "");
      if (auth === `Bearer ${BEARER}`) return void res.writeHead(200).end();
      // Echoes what it got, in a header and in the body.
      res.writeHead(401, { "www-authenticate": `Bearer realm="hooks", error="invalid_token", got="${auth}"`, location: `/login?token=${encodeURIComponent(auth)}` }).end(auth);
    });
    const ok = await both(["check", url, "--platform", "generic", "--auth", "bearer", "--resolve", resolve, "--allow-private"], { WEBHOOK_DOCTOR_BEARER_TOKEN: BEARER });
    expect(ok.json.code).toBe(0);
    expect(ok.report.findings).toEqual([]);
  });

  it.each([BEARER, ODD_BEARER])("generic bearer: a refused token (%j) is reported without printing it, even when the receiver echoes it in Location", async (token) => {
    const { url, resolve } = await receiver(`bearer-refuses-${next}`, (req, res) => {
      const auth = String(req.headers.authorization ?? "");
      res.writeHead(403, { location: `/login?token=${encodeURIComponent(auth.replace(/^Bearer /, ""))}` }).end(auth);
    });
    const { json, report } = await both(["check", url, "--platform", "generic", "--auth", "bearer", "--resolve", resolve, "--allow-private"], { WEBHOOK_DOCTOR_BEARER_TOKEN: token });
    expect(json.code).toBe(1);
    expect(report.findings.map((f) => f.code)).toEqual(["auth.bearer_rejected"]);
    expect(String(report.findings[0].evidence.location)).toBe("/login?token=<secret>");
  });

  it("generic hmac: WEBHOOK_DOCTOR_SECRET signs (stripe), never printed", async () => {
    const SECRET = "whsec_env_3d9a7c1e5b";
    const { url, resolve } = await receiver("stripe", (req, res, body) => {
      const header = String(req.headers["stripe-signature"] ?? "");
      const t = /t=(\d+)/.exec(header)?.[1] ?? "";
      const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1] ?? "";
      const want = createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex");
      res.writeHead(v1.length === want.length && timingSafeEqual(Buffer.from(v1), Buffer.from(want)) ? 200 : 400).end();
    });
    const text = await run(["check", url, "--platform", "generic", "--auth", "hmac", "--scheme", "stripe", "--resolve", resolve, "--allow-private", "--json"], { WEBHOOK_DOCTOR_SECRET: SECRET });
    expect(text.code).toBe(0);
    expect(JSON.parse(text.stdout).findings).toEqual([]);
    expect(text.stdout + text.stderr).not.toContain(SECRET);
  });
});

describe("a Standard Webhooks secret that is not base64 is bad input, not an internal error", () => {
  it.each([
    [["--secret", "whsec_not base64!"], {}],
    [[], { WEBHOOK_DOCTOR_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwx" }],
  ] as Array<[string[], NodeJS.ProcessEnv]>)("%j %j → exit 2, a clear message, the secret not echoed", async (flags, env) => {
    let requests = 0;
    const { url, resolve } = await receiver(`sw-${next}`, (_q, res) => {
      requests++;
      res.writeHead(200).end();
    });
    for (const lang of ["en", "ru", "zh"]) {
      const r = await run(["check", url, "--platform", "generic", "--auth", "hmac", "--scheme", "standard-webhooks", ...flags, "--resolve", resolve, "--allow-private", "--lang", lang], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("whsec_");
      expect(r.stderr).toContain("base64");
      expect(r.stderr).not.toMatch(/Internal error|\n\s+at /);
      expect(r.stderr + r.stdout).not.toMatch(/not base64!|LaSwx/);
    }
    // Refused before probing: nothing reached the receiver.
    expect(requests).toBe(0);
  });
});
