import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhooks } from "@octokit/webhooks";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { main } from "../../src/cli/main.js";
import { runCli } from "../support/run-cli.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.171.1–127.0.171.50. The command line's burst and confirm against real
// HTTPS endpoints and the fake Bot API over real HTTP; the rate limit lives in a state directory per test.
const POOL = "127.0.171.1";
const SIGNED = "127.0.171.3";
const GITHUB_SECRET = "burst-github-secret";
let signedPeak = 0;
let signedRequests = 0;
const HEALTHY = "127.0.171.2";
const OWNER = "7100001:AAburstOwnerTokenxxxxxxxxxxxxxxxxxxxxxx";
const OTHER = "7100002:AAburstOtherTokenxxxxxxxxxxxxxxxxxxxxxx";
const HEALTHY_OWNER = "7100003:AAburstHealthyTokenxxxxxxxxxxxxxxxxxxxx";
const REVOKED = "7100009:AAburstRevokedTokenxxxxxxxxxxxxxxxxxxxx";
const CONFIRM = "7100004:AAconfirmTokenxxxxxxxxxxxxxxxxxxxxxxxxxx";

const api = new FakeBotApi();
const servers: TestServer[] = [];
let caFile = "";
let requestsSeen = 0;
const dirs: string[] = [];

beforeAll(async () => {
  const pki = await testPki();
  caFile = `${tempDir("wd-burst-ca-")}/root.pem`;
  dirs.push(caFile.replace(/\/root.pem$/, ""));
  writeFileSync(caFile, pki.root.cert);
  let busy = 0;
  const poolLeaf = await issueLeaf("pool.cli-burst.test");
  servers.push(
    await startTlsServer({
      address: POOL,
      host: "pool.cli-burst.test",
      ...poolLeaf,
      handler: async (_req, res) => {
        requestsSeen++;
        if (busy >= 2) return void res.writeHead(502).end();
        busy++;
        await new Promise((r) => setTimeout(r, 300));
        busy--;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      },
    }),
  );
  const healthyLeaf = await issueLeaf("ok.cli-burst.test");
  servers.push(await startTlsServer({ address: HEALTHY, host: "ok.cli-burst.test", ...healthyLeaf, handler: (_q, res) => void (requestsSeen++, res.writeHead(200).end("{}")) }));
  // A GitHub-style receiver: Octokit verifies X-Hub-Signature-256; a pool of 2 workers (502 beyond), as above.
  const octokit = new Webhooks({ secret: GITHUB_SECRET });
  let signedBusy = 0;
  const signedLeaf = await issueLeaf("signed.cli-burst.test");
  servers.push(
    await startTlsServer({
      address: SIGNED,
      host: "signed.cli-burst.test",
      ...signedLeaf,
      handler: async (req, res, body) => {
        signedRequests++;
        const signature = String(req.headers["x-hub-signature-256"] ?? "");
        if (!signature || !(await octokit.verify(body.toString("utf8"), signature))) return void res.writeHead(401).end();
        if (signedBusy >= 2) return void res.writeHead(502).end();
        signedBusy++;
        signedPeak = Math.max(signedPeak, signedBusy);
        await new Promise((r) => setTimeout(r, 300));
        signedBusy--;
        res.writeHead(200).end();
      },
    }),
  );
  await api.start("127.0.171.40");
  api.addBot(OWNER, { webhook: { url: "https://pool.cli-burst.test/hook", max_connections: 5 } });
  api.addBot(OTHER, { webhook: { url: "https://elsewhere.example.com/hook", max_connections: 5 } });
  api.addBot(HEALTHY_OWNER, { webhook: { url: "https://ok.cli-burst.test/hook", max_connections: 8 } });
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await api.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const stateDir = () => {
  const d = tempDir("wd-burst-state-");
  dirs.push(d);
  return d;
};
const burst = (url: string, host: string, address: string, token: string | undefined, state: string, extra: string[] = []) =>
  runCli(["check", url, "--resolve", `${host}:443:${address}`, "--allow-private", "--api-root", api.url, "--burst", "--json", ...(token ? ["--token", token] : []), ...extra], {
    caFile,
    env: { WEBHOOK_DOCTOR_STATE_DIR: state },
  });
const pool = (token: string | undefined, state: string) => burst("https://pool.cli-burst.test/hook", "pool.cli-burst.test", POOL, token, state);

describe("webhook-doctor check --burst", () => {
  it("the owner's burst finds the pool limit: JSON burst figures, errors beginning at 3, exit 1", async () => {
    const r = await pool(OWNER, stateDir());
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.burst).toMatchObject({ concurrency: 5, requests: 15, errors_began_at: 3, held: 2 });
    expect(Object.keys(json.burst)).toEqual(expect.arrayContaining(["concurrency", "requests", "by_status", "baseline_p50_ms", "p50_ms", "p99_ms"]));
    expect(json.burst.by_status["502"]).toBeGreaterThan(0);
    expect(json.burst.fix).toContain("max_connections to 2");
    const f = json.findings.find((x: { code: string }) => x.code === "burst.errors_under_load");
    expect(f.title).toBe("Errors appear when many deliveries arrive at once");
    expect(r.stdout).not.toContain(OWNER);
  }, 60_000);

  it("a healthy endpoint: exit 0, no burst finding, max_connections taken from the webhook record", async () => {
    const r = await burst("https://ok.cli-burst.test/hook", "ok.cli-burst.test", HEALTHY, HEALTHY_OWNER, stateDir());
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.findings).toEqual([]);
    expect(json.burst).toMatchObject({ concurrency: 8, requests: 24, by_status: { "200": 24 } });
  }, 60_000);

  it("on a terminal a progress bar is drawn on stderr; the report stays on stdout", async () => {
    const out = { stdout: "", stderr: "" };
    const saved = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = caFile;
    try {
      const code = await main(
        ["check", "https://ok.cli-burst.test/hook", "--resolve", `ok.cli-burst.test:443:${HEALTHY}`, "--allow-private", "--api-root", api.url, "--burst", "--token", HEALTHY_OWNER],
        { stdout: (x) => (out.stdout += x), stderr: (x) => (out.stderr += x), env: { WEBHOOK_DOCTOR_STATE_DIR: stateDir() }, tty: true },
      );
      expect(code).toBe(0);
    } finally {
      process.env.NODE_EXTRA_CA_CERTS = saved;
    }
    expect(out.stderr).toMatch(/\rburst \[#{20}\] 8\/8 connections · 24\/24 answers/);
    expect(out.stdout).toContain("Burst test");
    expect(out.stdout).toMatch(/no errors with up to \d+ requests in flight/);
  }, 60_000);

  it("refused with exit 2 and nothing sent: no token, a token whose webhook is elsewhere, a revoked token", async () => {
    const before = requestsSeen;
    const noToken = await pool(undefined, stateDir());
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/needs the bot token/);
    const other = await pool(OTHER, stateDir());
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout).refused).toBe("url_mismatch");
    expect(other.stderr).toMatch(/not the URL given/);
    const revoked = await pool(REVOKED, stateDir());
    expect(revoked.code).toBe(2);
    expect(JSON.parse(revoked.stdout).refused).toBe("token_invalid");
    expect(revoked.stderr + revoked.stdout).not.toContain(REVOKED);
    expect(requestsSeen).toBe(before);
  }, 30_000);

  it("the rate limit holds: a second burst of the URL within 10 minutes is refused, and another state starts fresh", async () => {
    const state = stateDir();
    const first = await burst("https://ok.cli-burst.test/hook", "ok.cli-burst.test", HEALTHY, HEALTHY_OWNER, state);
    expect(first.code).toBe(0);
    const before = requestsSeen;
    const second = await burst("https://ok.cli-burst.test/hook", "ok.cli-burst.test", HEALTHY, HEALTHY_OWNER, state);
    expect(second.code).toBe(2);
    const json = JSON.parse(second.stdout);
    expect(json.refused).toBe("rate_limited");
    expect(json.retry_after_s).toBeGreaterThan(590);
    expect(second.stderr).toMatch(/less than 10 minutes ago/);
    expect(requestsSeen).toBe(before);
    // No lock is left behind after a finished burst.
    expect(readdirSync(state).filter((f) => f.endsWith(".lock"))).toEqual([]);
  }, 60_000);

  it("a lock left by a crashed run (its process gone) is taken over; a live one is respected", async () => {
    const { burstUrlKey } = await import("../../src/diagnosis/burst-gate.js");
    const state = stateDir();
    const lock = `${state}/burst-${burstUrlKey("https://ok.cli-burst.test/hook")}.lock`;
    // A live process holding the lock (this one): refused as in progress.
    writeFileSync(lock, JSON.stringify({ pid: process.pid, startedAt: Date.now() }));
    const held = await burst("https://ok.cli-burst.test/hook", "ok.cli-burst.test", HEALTHY, HEALTHY_OWNER, state);
    expect(held.code).toBe(2);
    expect(JSON.parse(held.stdout).refused).toBe("in_progress");
    // A crashed run's lock (no such process): taken over, the burst runs.
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, startedAt: Date.now() }));
    const taken = await burst("https://ok.cli-burst.test/hook", "ok.cli-burst.test", HEALTHY, HEALTHY_OWNER, state);
    expect(taken.code, taken.stderr).toBe(0);
    expect(JSON.parse(taken.stdout).burst.requests).toBe(24);
  }, 60_000);

  it("a burst on a URL already being burst-tested is refused", async () => {
    const state = stateDir();
    const [a, b] = await Promise.all([pool(OWNER, state), pool(OWNER, state)]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([1, 2]);
    const refused = a.code === 2 ? a : b;
    expect(JSON.parse(refused.stdout).refused).toBe("in_progress");
  }, 60_000);
});

describe("webhook-doctor check --burst of a signed (generic) webhook", () => {
  const signed = (secret: string, state: string) =>
    runCli(
      ["check", "https://signed.cli-burst.test/hooks", "--platform", "generic", "--auth", "hmac", "--scheme", "github", "--secret", secret, "--resolve", "signed.cli-burst.test:443:" + SIGNED, "--allow-private", "--burst", "--json"],
      { caFile, env: { WEBHOOK_DOCTOR_STATE_DIR: state } },
    );

  it("with the receiver's secret: every burst request signed and accepted until the pool is full; errors begin at 3", async () => {
    const r = await signed(GITHUB_SECRET, stateDir());
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.burst).toMatchObject({ concurrency: 40, requests: 120, errors_began_at: 3, held: 2 });
    expect(json.burst.by_status["401"]).toBeUndefined();
    expect(json.findings.map((f: { code: string }) => f.code)).toContain("burst.errors_under_load");
    expect(r.stdout).not.toContain(GITHUB_SECRET);
  }, 60_000);

  it("with a wrong secret: the signed first request is refused, so no load is sent (exit 2)", async () => {
    const [peak, before] = [signedPeak, signedRequests];
    signedPeak = 0;
    const r = await signed("not-the-receivers-secret", stateDir());
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).refused).toBe("signature_not_accepted");
    expect(r.stderr).toMatch(/did not accept a correctly signed request/);
    // The ordinary check's few requests, one at a time; no burst.
    expect(signedRequests - before).toBeLessThan(10);
    expect(signedPeak).toBe(0);
    signedPeak = peak;
  }, 30_000);
});

describe("webhook-doctor confirm", () => {
  const confirm = (extra: string[] = []) => runCli(["confirm", "--token", CONFIRM, "--api-root", api.url, "--wait", "3", "--interval", "0.2", ...extra], { caFile, env: {} });

  it("delivered: the pending count drains, exit 0, the timeline shows it going down", async () => {
    api.addBot(CONFIRM, { webhook: { url: "https://ok.cli-burst.test/hook", pending_update_count: 6 }, delivery: { mode: "drain", perRead: 2 } });
    const r = await confirm(["--json"]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ verdict: "delivered", pending_after: 0, new_error: null });
    expect(json.pending_before).toBeGreaterThan(0);
    expect(json.timeline.some((p: { event: string }) => p.event === "pending_down")).toBe(true);
  }, 20_000);

  it("failing: a new delivery error appears, classified with its finding code, exit 1", async () => {
    api.addBot(CONFIRM, { webhook: { url: "https://ok.cli-burst.test/hook", pending_update_count: 4 }, delivery: { mode: "fail", message: "Wrong response from the webhook: 502 Bad Gateway" } });
    const r = await confirm(["--json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.verdict).toBe("failing");
    expect(json.new_error).toEqual({ message: "Wrong response from the webhook: 502 Bad Gateway", code: "http.bad_gateway" });
    const text = await confirm();
    expect(text.stdout).toMatch(/still fails/);
    expect(text.stdout).toMatch(/http\.bad_gateway/);
  }, 20_000);

  it("nothing pending: exit 3 and the advice to send the bot a message; a revoked token is exit 2", async () => {
    api.addBot(CONFIRM, { webhook: { url: "https://ok.cli-burst.test/hook", pending_update_count: 0 } });
    const r = await confirm();
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/send the bot a message/);
    const revoked = await runCli(["confirm", "--token", REVOKED, "--api-root", api.url, "--wait", "1"], { caFile, env: {} });
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).not.toContain(REVOKED);
  }, 20_000);
});
