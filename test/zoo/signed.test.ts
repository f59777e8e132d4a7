import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuthSpec, CheckRequest } from "../../src/diagnosis/check-request.js";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { verify, type HmacScheme } from "../../src/probes/signatures/schemes.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { runCli } from "../support/run-cli.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { zooRequest } from "../support/zoo-request.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.4.x (10+ for the first zoo, 100-200 for receivers added later).
// A zoo of receivers, each with one habit.
const SECRET = "zoo-signing-secret";
const servers: TestServer[] = [];
let rootPem = "";
let n = 10;
let later = 100;

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
async function receiver(name: string, handler: Handler, block: "first" | "later" = "first") {
  const host = `${name}.signed.test`;
  const address = block === "first" ? `127.0.4.${n++}` : `127.0.4.${later++}`;
  const leaf = await issueLeaf(host);
  servers.push(await startTlsServer({ address, host, key: leaf.key, cert: leaf.cert, chain: leaf.chain, handler }));
  return { url: `https://${host}/hook`, address };
}

const hmacReceiver =
  (scheme: HmacScheme, secret: string, opts: { reserialize?: boolean; formOnly?: boolean } = {}): Handler =>
  (req, res, body) => {
    if (opts.formOnly && !String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) return void res.writeHead(415).end();
    const header = String(req.headers[scheme === "stripe" ? "stripe-signature" : scheme === "slack" ? "x-slack-signature" : scheme === "standard-webhooks" ? "webhook-signature" : "x-hub-signature-256"] ?? "");
    let bytes = body;
    if (opts.reserialize) {
      try {
        bytes = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
      } catch {
        return void res.writeHead(400).end();
      }
    }
    const input = { secret, payload: bytes, timestamp: String(req.headers["x-slack-request-timestamp"] ?? req.headers["webhook-timestamp"] ?? /t=(\d+)/.exec(header)?.[1] ?? ""), id: String(req.headers["webhook-id"] ?? "") };
    res.writeHead(header && verify(scheme, input, header) ? 200 : 401).end();
  };

const request = (url: string, address: string, auth: AuthSpec, secrets: CheckRequest["secrets"]) => zooRequest(url, address, rootPem, { platform: "generic", secrets, options: {} });

async function check(url: string, address: string, auth: AuthSpec, secrets: CheckRequest["secrets"]) {
  const r = request(url, address, auth, secrets);
  r.auth = auth;
  return runCheck(r);
}
const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code).sort();

let caFile = "";
beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
  caFile = `${tempDir("wd-signed-ca-")}/root.pem`;
  writeFileSync(caFile, rootPem);
});

/** The real command line against a zoo receiver, trusting the zoo's root as NODE_EXTRA_CA_CERTS does. */
const cli = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, { caFile, env });
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe("signed-webhook zoo", () => {
  it.each(["github", "stripe", "standard-webhooks", "slack", "meta"] as const)("a correct %s receiver passes all three ways", async (scheme) => {
    const secret = scheme === "standard-webhooks" ? "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" : SECRET;
    const { url, address } = await receiver(`ok-${scheme}`, hmacReceiver(scheme, secret));
    const r = await check(url, address, { kind: "hmac", scheme }, { signingSecret: secret });
    expect(codes(r)).toEqual([]);
    expect(r.verdict).toBe("ok");
  });

  it("a Standard Webhooks secret that is not base64 after whsec_ → sig.secret_encoding, nothing sent (as the bot calls the engine)", async () => {
    let requests = 0;
    const { url, address } = await receiver(
      "sw-bad-secret",
      (_q, res) => {
        requests++;
        res.writeHead(200).end();
      },
      "later",
    );
    const r = await check(url, address, { kind: "hmac", scheme: "standard-webhooks" }, { signingSecret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwx" });
    expect(codes(r)).toEqual(["sig.secret_encoding"]);
    expect(r.findings[0].evidence).toEqual({ scheme: "standard-webhooks", secret_is_base64: false });
    // No request was signed with it, so none was sent.
    expect(requests).toBe(0);
  });

  it("a receiver that ignores signatures → auth.not_enforced", async () => {
    const { url, address } = await receiver("lax", (_q, res) => void res.writeHead(200).end());
    expect(codes(await check(url, address, { kind: "hmac", scheme: "github" }, { signingSecret: SECRET }))).toEqual(["auth.not_enforced"]);
  });

  it("a receiver checking the wrong secret → auth.valid_rejected", async () => {
    const { url, address } = await receiver("wrongsecret", hmacReceiver("github", "another-secret"));
    expect(codes(await check(url, address, { kind: "hmac", scheme: "github" }, { signingSecret: SECRET }))).toEqual(["auth.valid_rejected"]);
  });

  it("a receiver that re-serialises JSON before verifying → sig.body_reserialized (the sender's bytes refused, the re-printed JSON accepted)", async () => {
    const { url, address } = await receiver("reserialize", hmacReceiver("github", SECRET, { reserialize: true }));
    const r = await check(url, address, { kind: "hmac", scheme: "github" }, { signingSecret: SECRET });
    expect(codes(r)).toEqual(["sig.body_reserialized"]);
    expect(r.findings[0].evidence).toMatchObject({ scheme: "github", status_as_sent: 401, reprinted_accepted: true });
  });

  it("a receiver that only accepts form-encoded bodies → http.content_type_rejected", async () => {
    const { url, address } = await receiver("formonly", hmacReceiver("github", SECRET, { formOnly: true }));
    expect(codes(await check(url, address, { kind: "hmac", scheme: "github" }, { signingSecret: SECRET }))).toEqual(["http.content_type_rejected"]);
  });

  it("bearer: the right token refused → auth.bearer_rejected", async () => {
    const { url, address } = await receiver("bearer", (req, res) => void res.writeHead(req.headers.authorization === "Bearer expected" ? 200 : 401).end());
    expect(codes(await check(url, address, { kind: "bearer" }, { bearerToken: "expected" }))).toEqual([]);
    expect(codes(await check(url, address, { kind: "bearer" }, { bearerToken: "stale" }))).toEqual(["auth.bearer_rejected"]);
  });
});

describe("custom HMAC scheme zoo", () => {
  type Judged = { signed: boolean; accepted: boolean; type: string };
  /** A receiver written from the scheme's description alone (no project code), logging what it judged. */
  const customReceiver =
    (want: { header: string; algorithm: "sha1" | "sha256" | "sha512"; encoding: "hex" | "base64"; prefix: string }, log: Judged[] = []): Handler =>
    (req, res, body) => {
      const got = Buffer.from(String(req.headers[want.header.toLowerCase()] ?? ""));
      const expected = Buffer.from(want.prefix + createHmac(want.algorithm, SECRET).update(body).digest(want.encoding));
      const accepted = got.length === expected.length && timingSafeEqual(got, expected);
      log.push({ signed: got.length > 0, accepted, type: String(req.headers["content-type"]) });
      res.writeHead(accepted ? 200 : 401).end();
    };
  const scheme = { header: "X-Signature", algorithm: "sha512", encoding: "base64", prefix: "sha512=" } as const;
  const flags = ["--header", "X-Signature", "--algorithm", "sha512", "--encoding", "base64", "--prefix", "sha512="];

  it("X-Signature, sha512, base64, sha512= prefix: check passes all three ways, from the engine and from the command line", async () => {
    const log: Judged[] = [];
    const { url, address } = await receiver("custom-ok", customReceiver(scheme, log), "later");
    const r = await check(url, address, { kind: "hmac", scheme: "custom", ...scheme }, { signingSecret: SECRET });
    expect(codes(r)).toEqual([]);
    expect(r.verdict).toBe("ok");
    // The three ways, as the receiver saw them: signed JSON (as sent and re-printed) and form accepted, wrong signature and none refused.
    expect(log).toEqual([
      { signed: true, accepted: true, type: "application/json" },
      { signed: true, accepted: true, type: "application/json" },
      { signed: true, accepted: true, type: "application/x-www-form-urlencoded" },
      { signed: true, accepted: false, type: "application/json" },
      { signed: false, accepted: false, type: "application/json" },
    ]);

    const host = new URL(url).hostname;
    const base = ["check", url, "--platform", "generic", "--auth", "hmac", "--scheme", "custom", ...flags, "--resolve", `${host}:443:${address}`, "--allow-private", "--json"];
    const viaCli = await cli([...base, "--secret", SECRET]);
    expect(viaCli.code).toBe(0);
    expect(JSON.parse(viaCli.stdout)).toMatchObject({ verdict: "ok", primary: null, findings: [] });
    expect(JSON.parse(viaCli.stdout).checks.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(["auth", "content_type"]));
    // The same with the secret from the environment instead of a flag; it is never printed.
    const fromEnv = await cli(base, { WEBHOOK_DOCTOR_SECRET: SECRET });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout).verdict).toBe("ok");
    expect(viaCli.stdout + viaCli.stderr + fromEnv.stdout + fromEnv.stderr).not.toContain(SECRET);
  });

  it("a custom receiver expecting sha256 while the sender signs sha512 → auth.valid_rejected", async () => {
    const { url, address } = await receiver("custom-sha256", customReceiver({ ...scheme, algorithm: "sha256" }), "later");
    const r = await check(url, address, { kind: "hmac", scheme: "custom", ...scheme }, { signingSecret: SECRET });
    expect(codes(r)).toEqual(["auth.valid_rejected"]);
    expect(r.primary).toBe("auth.valid_rejected");
    const host = new URL(url).hostname;
    const viaCli = await cli(["check", url, "--platform", "generic", "--auth", "hmac", "--scheme", "custom", ...flags, "--resolve", `${host}:443:${address}`, "--allow-private", "--json"], { WEBHOOK_DOCTOR_SECRET: SECRET });
    expect(viaCli.code).toBe(1);
    expect(JSON.parse(viaCli.stdout).findings.map((f: { code: string }) => f.code)).toEqual(["auth.valid_rejected"]);
  });

  it("a custom receiver expecting hex while the sender sends base64 → auth.valid_rejected", async () => {
    const { url, address } = await receiver("custom-hex", customReceiver({ ...scheme, encoding: "hex" }), "later");
    expect(codes(await check(url, address, { kind: "hmac", scheme: "custom", ...scheme }, { signingSecret: SECRET }))).toEqual(["auth.valid_rejected"]);
  });

  it("a custom receiver that checks nothing → auth.not_enforced", async () => {
    const { url, address } = await receiver("custom-lax", (_q, res) => void res.writeHead(204).end(), "later");
    expect(codes(await check(url, address, { kind: "hmac", scheme: "custom", ...scheme }, { signingSecret: SECRET }))).toEqual(["auth.not_enforced"]);
  });
});

describe("WhatsApp zoo", () => {
  const VERIFY = "zoo-verify-token";
  const wa = (url: string, address: string, appSecret?: string) => runCheck(zooRequest(url, address, rootPem, { platform: "whatsapp", secrets: { verifyToken: VERIFY, appSecret } }));
  const handshake =
    (checkToken: boolean): Handler =>
    (req, res, body) => {
      const q = new URL(req.url ?? "/", "https://x").searchParams;
      if (req.method === "GET") {
        if (q.get("hub.mode") === "subscribe" && (!checkToken || q.get("hub.verify_token") === VERIFY)) return void res.writeHead(200).end(q.get("hub.challenge"));
        return void res.writeHead(403).end();
      }
      hmacReceiver("meta", "app-secret")(req, res, body);
    };

  it("a correct endpoint passes the handshake and signature checks", async () => {
    const { url, address } = await receiver("wa-ok", handshake(true));
    const r = await wa(url, address, "app-secret");
    expect(codes(r)).toEqual([]);
  });

  it("an endpoint that echoes the challenge for any token → whatsapp.verify_token_ignored", async () => {
    const { url, address } = await receiver("wa-echo", handshake(false));
    expect(codes(await wa(url, address))).toEqual(["whatsapp.verify_token_ignored"]);
  });

  it("an endpoint that never answers the handshake → whatsapp.verify_failed", async () => {
    const { url, address } = await receiver("wa-post-only", (req, res) => void res.writeHead(req.method === "GET" ? 404 : 200).end());
    const r = await wa(url, address);
    expect(codes(r)).toEqual(["whatsapp.verify_failed"]);
    expect(r.primary).toBe("whatsapp.verify_failed");
  });

  it("an endpoint with a body limit below 3 MB → payload.limit_too_small (the same finding as the 1 MiB probe's)", async () => {
    const { url, address } = await receiver("wa-small", (req, res, body) => {
      if (body.length > 64 * 1024) return void res.writeHead(413).end();
      handshake(true)(req, res, body);
    });
    expect(codes(await wa(url, address, "app-secret"))).toEqual(["payload.limit_too_small"]);
  });
});
