import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import { createNodeMiddleware, Webhooks } from "@octokit/webhooks";
import express from "express";
import express4 from "express4";
import { Bot, webhookCallback } from "grammy";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { defaultOptions, type AuthSpec, type CheckSecrets } from "../../src/diagnosis/check-request.js";
import type { Platform } from "../../src/model.js";
import type { EndpointObservation } from "../../src/monitor/detect.js";
import { Monitor } from "../../src/monitor/monitor.js";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN } from "./helpers.js";

// A watch is gentle: each interval it sends what the platform itself would send in one delivery, never the
// negative probes or the 3 MB notification of a /check. Counted at real receivers.
// Loopback block 127.0.190.x: fake Bot API .1, a grammY webhook endpoint .10, a WhatsApp receiver .20 (Express 5,
// Meta's documented raw-body HMAC), a GitHub receiver .21 (Octokit's middleware, Express 4), a GitHub form hook .22
// (Express 5 urlencoded over the raw bytes), a bearer receiver .23 (stopped in its test), a WhatsApp receiver with a slow notification handler .24;
// nothing listens on .30.
const OWNER = 19_001;
const TG_SECRET = "grammy-secret-190_Xw3nQ8pLm5Kt";
const VERIFY = "wa-verify-token-190";
const GITHUB_SECRET = "github-webhook-secret-190";
const BEARER = "bearer-token-190_Hy6rT2mVq9";
/** A POST over this is not a delivery a watch should send every minute. */
const WATCH_MAX_BODY = 64 * 1024;

interface Received {
  method: string;
  /** Body bytes as announced by Content-Length (every probe sends one). */
  bytes: number;
  status?: number;
}

const api = new FakeBotApi();
let db: Db;
let dir: string;
let service: WatchService;
let monitor: Monitor;
let extraCa: string;
const servers = new Map<string, Server>();
const received = new Map<string, Received[]>();
/** Each endpoint observation the monitor made, by watch. */
const observed = new Map<number, EndpointObservation[]>();
const SLOW_POST_MS = 400;
let appSecret = "wa-app-secret-190";
let githubSecret = GITHUB_SECRET;

/** An HTTPS server on port 443 of `address` that records every request it receives, then hands it to `app`. */
async function serve(address: string, app: RequestListener): Promise<void> {
  const leaf = await issueLeaf(address, { names: [address] });
  const log: Received[] = [];
  received.set(address, log);
  const server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (req: IncomingMessage, res: ServerResponse) => {
    const entry: Received = { method: req.method ?? "", bytes: Number(req.headers["content-length"] ?? 0) };
    log.push(entry);
    res.on("finish", () => (entry.status = res.statusCode));
    app(req, res);
  });
  servers.set(address, server);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(443, address, () => resolve());
  });
}

const stop = (server: Server) => new Promise<void>((r) => server.close(() => r()));

/** What the receiver at `address` got while `run` ran. */
async function during(address: string, run: () => Promise<unknown>): Promise<Received[]> {
  const log = received.get(address)!;
  const before = log.length;
  await run();
  return log.slice(before);
}

/** Runs one watch as the scheduler would, awaited to completion. */
async function poll(watchId: number, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    db.prepare("UPDATE watches SET next_run_at = ? WHERE id != ?").run(Number.MAX_SAFE_INTEGER, watchId);
    monitor.watches.setNextRunAt(watchId, 0);
    await Promise.all(monitor.startDue());
  }
}

/** The same quick check a /check runs (full profile, the default). */
const fullCheck = (url: string, platform: Platform, secrets: CheckSecrets, auth?: AuthSpec) =>
  runCheck({ url, platform, secrets, ...(auth ? { auth } : {}), options: defaultOptions(platform, { allowPrivate: true, extraCa: [extraCa], httpTimeoutMs: 5_000, apiRoot: api.url }) });

const alertsOf = (watchId: number) =>
  (db.prepare("SELECT kind, payload_json FROM alerts WHERE watch_id = ? ORDER BY id").all(watchId) as Array<{ kind: string; payload_json: string }>).map((a) => ({ kind: a.kind, ...JSON.parse(a.payload_json) }));

const methods = (log: Received[]) => log.map((r) => r.method).sort();
const largest = (log: Received[]) => Math.max(0, ...log.map((r) => r.bytes));
const silent = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  await api.start("127.0.190.1");
  api.addBot(SENDER_TOKEN, { username: "webhook_doctor_bot" });
  api.on("sendMessage", (p) => messageAnswer(p));
  extraCa = (await testPki()).root.cert;

  // A real grammY bot in webhook mode enforcing its secret token.
  const endpointBot = new Bot("7319002:AAHendpointENDPOINTendpointENDPOINT90", {
    botInfo: { id: 7319002, is_bot: true, first_name: "Endpoint", username: "endpoint190_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as never,
    client: { apiRoot: api.url },
  });
  endpointBot.on("message", () => undefined);
  const tg = webhookCallback(endpointBot, "https", { secretToken: TG_SECRET });
  await serve("127.0.190.10", (req, res) => void tg(req, res));

  // Meta's documented receiver: the GET handshake with the verify token, POSTs signed over the raw body, and a
  // body limit raised for Meta's 3 MB notifications.
  const wa = express();
  wa.get("/wa", (req, res) => {
    const q = req.query as Record<string, string>;
    if (q["hub.mode"] === "subscribe" && q["hub.verify_token"] === VERIFY) return void res.status(200).send(q["hub.challenge"]);
    res.sendStatus(403);
  });
  wa.post("/wa", express.json({ limit: "5mb", verify: (req, _res, buf) => void ((req as unknown as { rawBody: Buffer }).rawBody = buf) }), (req, res) => {
    const got = Buffer.from(req.get("x-hub-signature-256") ?? "");
    const want = Buffer.from(`sha256=${createHmac("sha256", appSecret).update((req as unknown as { rawBody: Buffer }).rawBody).digest("hex")}`);
    res.sendStatus(got.length === want.length && timingSafeEqual(got, want) ? 200 : 401);
  });
  await serve("127.0.190.20", wa);

  // The same receiver with a notification handler that takes SLOW_POST_MS (the handshake answers at once).
  const slowWa = express();
  slowWa.get("/wa", (req, res) => void res.status(200).send((req.query as Record<string, string>)["hub.challenge"]));
  slowWa.post("/wa", express.json(), (_req, res) => void setTimeout(() => res.sendStatus(200), SLOW_POST_MS));
  await serve("127.0.190.24", slowWa);

  // GitHub: Octokit's own middleware (JSON only); a new Webhooks instance when the secret is rotated.
  let middleware = createNodeMiddleware(new Webhooks({ secret: githubSecret }), { path: "/gh", log: silent });
  let middlewareSecret = githubSecret;
  const gh = express4();
  gh.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
    if (middlewareSecret !== githubSecret) {
      middleware = createNodeMiddleware(new Webhooks({ secret: githubSecret }), { path: "/gh", log: silent });
      middlewareSecret = githubSecret;
    }
    void middleware(req, res, next);
  });
  await serve("127.0.190.21", gh as unknown as RequestListener);

  // A GitHub hook set to form bodies: payload=<json>, signed over the raw form bytes; JSON is refused (415).
  const ghForm = express();
  ghForm.post("/hook", express.urlencoded({ extended: false, verify: (req, _res, buf) => void ((req as unknown as { rawBody: Buffer }).rawBody = buf) }), (req, res) => {
    const raw = (req as unknown as { rawBody?: Buffer }).rawBody;
    if (!raw || !req.is("application/x-www-form-urlencoded")) return void res.status(415).send("form bodies only");
    const got = Buffer.from(req.get("x-hub-signature-256") ?? "");
    const want = Buffer.from(`sha256=${createHmac("sha256", GITHUB_SECRET).update(raw).digest("hex")}`);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return void res.sendStatus(401);
    res.status(JSON.parse(String((req.body as Record<string, string>).payload ?? "null")) ? 200 : 400).end();
  });
  await serve("127.0.190.22", ghForm);

  // A bearer-token receiver.
  const bearer = express();
  bearer.post("/in", express.json(), (req, res) => void res.sendStatus(req.get("authorization") === `Bearer ${BEARER}` ? 204 : 401));
  await serve("127.0.190.23", bearer);

  ({ db, dir } = freshDatabase("wd-watch-profile-"));
  const box = secretBox();
  service = new WatchService({ db, box, apiRoot: api.url, botUsername: "webhook_doctor_bot" });
  monitor = new Monitor({
    db,
    box,
    apiRoot: api.url,
    senderToken: SENDER_TOKEN,
    allowPrivate: true,
    checkOptions: { extraCa: [extraCa], httpTimeoutMs: 5_000, totalTimeoutMs: 15_000 },
    senderLimits: { perChatIntervalMs: 0, backoffBaseMs: 20 },
    onCheck: ({ watchId, observation }) => void (observation.endpoint && observed.set(watchId, [...(observed.get(watchId) ?? []), observation.endpoint])),
  });
  monitor.sender!.start();
});

afterAll(async () => {
  await monitor?.stop();
  await api.stop();
  await Promise.all([...servers.values()].filter((s) => s.listening).map(stop));
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("what one watch run sends, counted at the receiver", () => {
  it("WhatsApp: one GET handshake and one signed notification (no 3 MB body, no wrong token, no unsigned or twin); a /check sends more", async () => {
    const url = "https://127.0.190.20/wa";
    const secrets = { verifyToken: VERIFY, appSecret };
    const full = await during("127.0.190.20", () => fullCheck(url, "whatsapp", secrets));
    // A /check: the right and a wrong handshake, the notification, its raw-UTF-8 twin, wrongly signed, unsigned, 3 MB.
    expect(methods(full)).toEqual(["GET", "GET", "POST", "POST", "POST", "POST", "POST"]);
    expect(largest(full)).toBeGreaterThan(3_000_000);

    const watch = await service.addWatch(OWNER, { url, platform: "whatsapp", secrets, language: "en" });
    const run = await during("127.0.190.20", () => poll(watch.id));
    expect(methods(run)).toEqual(["GET", "POST"]);
    expect(largest(run)).toBeLessThanOrEqual(WATCH_MAX_BODY);
    expect(run.every((r) => r.status === 200)).toBe(true);
  });

  it("a GitHub-signed webhook: exactly one correctly signed POST; a /check sends five", async () => {
    const url = "https://127.0.190.21/gh";
    const auth: AuthSpec = { kind: "hmac", scheme: "github" };
    const full = await during("127.0.190.21", () => fullCheck(url, "generic", { signingSecret: GITHUB_SECRET }, auth));
    // The delivery, its re-printed twin, the form body, a wrong signature, none.
    expect(methods(full)).toEqual(["POST", "POST", "POST", "POST", "POST"]);

    const watch = await service.addWatch(OWNER + 1, { url, platform: "generic", secrets: { signingSecret: GITHUB_SECRET }, auth, language: "en" });
    const run = await during("127.0.190.21", () => poll(watch.id));
    expect(run).toEqual([{ method: "POST", bytes: expect.any(Number), status: 200 }]);
    expect(largest(run)).toBeLessThanOrEqual(WATCH_MAX_BODY);
  });

  it("a bearer-token webhook: exactly one POST with the token", async () => {
    const watch = await service.addWatch(OWNER + 2, { url: "https://127.0.190.23/in", platform: "generic", secrets: { bearerToken: BEARER }, auth: { kind: "bearer" }, language: "en" });
    const run = await during("127.0.190.23", () => poll(watch.id));
    expect(run).toEqual([{ method: "POST", bytes: expect.any(Number), status: 204 }]);
  });

  it("Telegram: the one sample update with its secret token, as in a /check", async () => {
    const url = "https://127.0.190.10/tg";
    const full = await during("127.0.190.10", () => fullCheck(url, "telegram", { secretToken: TG_SECRET }));
    expect(full).toEqual([{ method: "POST", bytes: expect.any(Number), status: 200 }]);
    const watch = await service.addWatch(OWNER + 3, { url, platform: "telegram", secrets: { secretToken: TG_SECRET }, language: "en" });
    const run = await during("127.0.190.10", () => poll(watch.id));
    expect(run).toEqual([{ method: "POST", bytes: expect.any(Number), status: 200 }]);
  });

  it("the watch profile ignores deep probes and a burst asked of it: still the one delivery", async () => {
    const url = "https://127.0.190.10/tg";
    const options = defaultOptions("telegram", { allowPrivate: true, extraCa: [extraCa], httpTimeoutMs: 5_000, apiRoot: api.url, deep: true, keepaliveWaitMs: 500 });
    const deep = await during("127.0.190.10", () => runCheck({ url, platform: "telegram", secrets: { secretToken: TG_SECRET }, options }));
    expect(deep.length).toBeGreaterThan(1); // the deep probes of a /check --deep (a 1 MiB update, the health path)
    const gentle = await during("127.0.190.10", () =>
      runCheck({ url, platform: "telegram", secrets: { secretToken: TG_SECRET }, options: { ...options, profile: "watch", burst: { concurrency: 5, requestsPerConnection: 2 } } }),
    );
    expect(gentle).toEqual([{ method: "POST", bytes: expect.any(Number), status: 200 }]);
  });
});

describe("the gentle profile still tells a working endpoint from a broken one", () => {
  it("a correct WhatsApp receiver stays quiet for several runs (2 requests each); a rotated app secret alerts auth.valid_rejected", async () => {
    const watch = await service.addWatch(OWNER + 4, { url: "https://127.0.190.20/wa", platform: "whatsapp", secrets: { verifyToken: VERIFY, appSecret }, language: "en" });
    const runs = await during("127.0.190.20", () => poll(watch.id, 4));
    expect(methods(runs)).toEqual(["GET", "GET", "GET", "GET", "POST", "POST", "POST", "POST"]);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);

    appSecret = "wa-app-secret-rotated";
    try {
      await poll(watch.id, 2);
      expect(alertsOf(watch.id).map((a) => a.kind)).toEqual(["watch_started", "endpoint_down"]);
      expect(alertsOf(watch.id)[1]).toMatchObject({ code: "auth.valid_rejected", failures: 2 }); // a correctly signed notification refused
    } finally {
      appSecret = "wa-app-secret-190";
    }
  });

  it("a correct GitHub receiver (Octokit) stays quiet for several runs (1 POST each); a rotated secret alerts auth.valid_rejected", async () => {
    const auth: AuthSpec = { kind: "hmac", scheme: "github" };
    const watch = await service.addWatch(OWNER + 5, { url: "https://127.0.190.21/gh", platform: "generic", secrets: { signingSecret: GITHUB_SECRET }, auth, language: "en" });
    const runs = await during("127.0.190.21", () => poll(watch.id, 4));
    expect(methods(runs)).toEqual(["POST", "POST", "POST", "POST"]);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);

    githubSecret = "github-webhook-secret-rotated";
    try {
      await poll(watch.id, 2);
      expect(alertsOf(watch.id).map((a) => a.kind)).toEqual(["watch_started", "endpoint_down"]);
      expect(alertsOf(watch.id)[1]).toMatchObject({ code: "auth.valid_rejected", failures: 2 });
    } finally {
      githubSecret = GITHUB_SECRET;
    }
  });

  it("a GitHub hook set to form bodies stays quiet: the JSON refused as a format (415) is followed by the signed form", async () => {
    const watch = await service.addWatch(OWNER + 6, { url: "https://127.0.190.22/hook", platform: "generic", secrets: { signingSecret: GITHUB_SECRET }, auth: { kind: "hmac", scheme: "github" }, language: "en" });
    const runs = await during("127.0.190.22", () => poll(watch.id, 3));
    expect(runs.map((r) => r.status)).toEqual([415, 200, 415, 200, 415, 200]);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);
  });

  it("a receiver that stops answering is reported down", async () => {
    const watch = await service.addWatch(OWNER + 7, { url: "https://127.0.190.23/in", platform: "generic", secrets: { bearerToken: BEARER }, auth: { kind: "bearer" }, language: "en" });
    await poll(watch.id, 2);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);
    await stop(servers.get("127.0.190.23")!);
    await poll(watch.id, 2);
    expect(alertsOf(watch.id).map((a) => a.kind)).toEqual(["watch_started", "endpoint_down"]);
    expect(alertsOf(watch.id)[1]).toMatchObject({ code: "tcp.refused", failures: 2 });
  });

  it("a WhatsApp watch with a verify token the receiver does not know fails its handshake (whatsapp.verify_failed)", async () => {
    const watch = await service.addWatch(OWNER + 9, { url: "https://127.0.190.20/wa", platform: "whatsapp", secrets: { verifyToken: "not-the-receivers-token", appSecret }, language: "en" });
    await poll(watch.id);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: true, code: "whatsapp.verify_failed" } } }]);
  });

  it("WhatsApp history records the notification's answer time (the delivery), not the handshake's", async () => {
    const watch = await service.addWatch(OWNER + 10, { url: "https://127.0.190.24/wa", platform: "whatsapp", secrets: { verifyToken: VERIFY, appSecret }, language: "en" });
    await poll(watch.id, 2);
    const latencies = (observed.get(watch.id) ?? []).map((o) => o.latencyMs);
    expect(latencies).toHaveLength(2);
    for (const ms of latencies) {
      expect(ms).toBeGreaterThanOrEqual(SLOW_POST_MS);
      expect(ms).toBeLessThan(SLOW_POST_MS + 1_500);
    }
  });

  it("a dead WhatsApp endpoint is failing from the first look", async () => {
    const watch = await service.addWatch(OWNER + 8, { url: "https://127.0.190.30/wa", platform: "whatsapp", secrets: { verifyToken: VERIFY, appSecret }, language: "en" });
    await poll(watch.id);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: true, code: "tcp.refused" } } }]);
  });
});
