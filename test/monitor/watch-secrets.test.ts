import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import type { RequestListener } from "node:http";
import { createServer, type Server } from "node:https";
import { createNodeMiddleware, Webhooks } from "@octokit/webhooks";
import express from "express";
import express4 from "express4";
import { Bot, webhookCallback } from "grammy";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { defaultOptions } from "../../src/diagnosis/check-request.js";
import { Monitor } from "../../src/monitor/monitor.js";
import { WatchService } from "../../src/monitor/watch-service.js";
import { createWatching } from "../../src/monitor/watching.js";
import type { Db } from "../../src/store/database.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi, type MethodHandler } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN, sentTo, waitUntil } from "./helpers.js";

// Watches carry the secrets of what they watch, and never probe a sanitised URL.
// Loopback block 127.0.130.x: fake Bot API .1, a grammY webhook endpoint .10, an endpoint with a token in its path .11,
// a WhatsApp receiver .20 (Express 5, Meta's documented raw-body HMAC), a GitHub receiver .21 (Octokit's middleware, Express 4).
const OWNER = 13_001;
const WATCHED = "7313001:AAHwatchedWATCHEDwatchedWATCHED0130";
const SECRET_V1 = "grammy-secret-v1_Zq8pN3xWm2Lk7Ty";
const SECRET_V2 = "grammy-secret-v2_Rb5vH9cJd4Fs1Qa";
const TOKEN_PATH = `/${WATCHED}/hook`;

const api = new FakeBotApi();
let db: Db;
let dbPath: string;
let dir: string;
let service: WatchService;
let monitor: Monitor;
let grammyEndpoint: Server;
let tokenPathEndpoint: Server;
const extraServers: Server[] = [];
let extraCa: string;
/** The secret the grammY endpoint enforces now (its operator can change it). */
let enforced = SECRET_V1;
const grammyRequests: Array<{ path: string; status: number }> = [];
const tokenPathRequests: string[] = [];

/** A Node request listener (an Express app) over HTTPS on port 443 of `address`, with a certificate for that address. */
async function serve(address: string, app: RequestListener): Promise<void> {
  const leaf = await issueLeaf(address, { names: [address] });
  const server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, app);
  extraServers.push(server);
  await listen(server, address);
}

async function listen(server: Server, address: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(443, address, () => resolve());
  });
}

/** Runs one watch as the scheduler would, awaited to completion. */
async function poll(watchId: number, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    db.prepare("UPDATE watches SET next_run_at = ? WHERE id != ?").run(Number.MAX_SAFE_INTEGER, watchId);
    monitor.watches.setNextRunAt(watchId, 0);
    await Promise.all(monitor.startDue());
  }
}

const alertsOf = (watchId: number) =>
  (db.prepare("SELECT kind, payload_json FROM alerts WHERE watch_id = ? ORDER BY id").all(watchId) as Array<{ kind: string; payload_json: string }>).map((a) => ({ kind: a.kind, ...JSON.parse(a.payload_json) }));

beforeAll(async () => {
  await api.start("127.0.130.1");
  api.addBot(SENDER_TOKEN, { username: "webhook_doctor_bot" });
  // The watched bot's webhook URL carries its token in the path, as Telegram's FAQ suggests for a secret path.
  api.addBot(WATCHED, { username: "secret_path_bot", webhook: { url: `https://127.0.130.11${TOKEN_PATH}`, pending_update_count: 0 } });
  api.on("sendMessage", (p) => messageAnswer(p));

  const pki = await testPki();
  extraCa = pki.root.cert;
  // A real grammY bot in webhook mode, enforcing its secret token (grammY answers 401 to a wrong or missing one).
  const endpointBot = new Bot("7313002:AAHendpointENDPOINTendpointENDPOINT01", {
    botInfo: { id: 7313002, is_bot: true, first_name: "Endpoint", username: "endpoint_bot", can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false } as never,
    client: { apiRoot: api.url },
  });
  endpointBot.on("message", () => undefined);
  let handler = webhookCallback(endpointBot, "https", { secretToken: enforced });
  let handlerSecret = enforced;
  const leaf = await issueLeaf("127.0.130.10", { names: ["127.0.130.10"] });
  grammyEndpoint = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (req, res) => {
    if (handlerSecret !== enforced) {
      handler = webhookCallback(endpointBot, "https", { secretToken: enforced });
      handlerSecret = enforced;
    }
    res.on("finish", () => grammyRequests.push({ path: req.url ?? "", status: res.statusCode }));
    void handler(req, res);
  });
  await listen(grammyEndpoint, "127.0.130.10");

  const leaf11 = await issueLeaf("127.0.130.11", { names: ["127.0.130.11"] });
  tokenPathEndpoint = createServer({ key: leaf11.key, cert: [leaf11.cert, ...leaf11.chain].join("\n") }, (req, res) => {
    tokenPathRequests.push(req.url ?? "");
    req.resume();
    req.on("end", () => res.writeHead(req.url === TOKEN_PATH ? 200 : 404, { "content-type": "application/json" }).end("{}"));
  });
  await listen(tokenPathEndpoint, "127.0.130.11");

  ({ db, path: dbPath, dir } = freshDatabase("wd-watch-secrets-"));
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
  });
  monitor.sender!.start();
});

afterAll(async () => {
  await monitor?.stop();
  await api.stop();
  await Promise.all([grammyEndpoint, tokenPathEndpoint, ...extraServers].map((s) => new Promise<void>((r) => (s ? s.close(() => r()) : r()))));
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("an endpoint watch carries the endpoint's secret token", () => {
  it("a grammY webhook enforcing its secret token stays quiet for several runs, and alerts once when the secret stops matching", async () => {
    const watch = await service.addWatch(OWNER, { url: "https://127.0.130.10/tg", platform: "telegram", secrets: { secretToken: SECRET_V1 }, language: "en" });
    expect(watch.hasEndpointSecrets).toBe(true);
    await poll(watch.id, 5);
    // One message: watching started, the endpoint answers. No down, no flapping.
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);
    expect(service.getWatch(watch.id, OWNER).status).toBe("healthy");
    expect(grammyRequests.length).toBeGreaterThanOrEqual(5);
    expect(grammyRequests.every((r) => r.status === 200)).toBe(true);

    // The operator rotates the secret (setWebhook with a new secret_token): the watch's one no longer matches.
    enforced = SECRET_V2;
    await poll(watch.id, 3);
    const kinds = alertsOf(watch.id).map((a) => a.kind);
    expect(kinds).toEqual(["watch_started", "endpoint_down"]);
    expect(alertsOf(watch.id)[1]).toMatchObject({ code: "http.unauthorized", failures: 2 });
    expect(grammyRequests.at(-1)!.status).toBe(401);
    await waitUntil(() => sentTo(api, OWNER).some((c) => String(c.params.text).includes("http.unauthorized")), 10_000, "the down alert");
    for (const call of api.calls) expect(JSON.stringify(call.params)).not.toContain(SECRET_V1);
    enforced = SECRET_V1;
  });

  it("the same endpoint watched without its secret is failing from the first check: the 401 is the missing secret", async () => {
    const watch = await service.addWatch(OWNER, { url: "https://127.0.130.10/tg", platform: "telegram", language: "en" });
    await poll(watch.id);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: true, code: "http.unauthorized" } } }]);
  });

  it("the secret is sealed per watch: not in the database file in clear, and a ciphertext moved to another row does not open", async () => {
    const sealed = (await service.addWatch(OWNER, { url: "https://127.0.130.10/tg", platform: "telegram", secrets: { secretToken: SECRET_V1 }, language: "en" })).id;
    const ciphertext = db.prepare("SELECT endpoint_sealed FROM watches WHERE id = ?").pluck().get(sealed) as string;
    expect(ciphertext).toMatch(/^v1:/);
    const plain = (await service.addWatch(OWNER, { url: "https://127.0.130.10/other", language: "en" })).id;
    expect(db.prepare("SELECT endpoint_sealed FROM watches WHERE id = ?").pluck().get(plain)).toBeNull(); // nothing secret: stored as it is
    db.prepare("UPDATE watches SET endpoint_sealed = ? WHERE id = ?").run(ciphertext, plain);
    const errors: unknown[] = [];
    const before = grammyRequests.length;
    const probing = new Monitor({ db, box: secretBox(), apiRoot: api.url, allowPrivate: true, checkOptions: { extraCa: [extraCa] }, onError: (_id, e) => errors.push(e) });
    db.prepare("UPDATE watches SET next_run_at = ? WHERE id != ?").run(Number.MAX_SAFE_INTEGER, plain);
    probing.watches.setNextRunAt(plain, 0);
    await Promise.all(probing.startDue());
    expect(String(errors[0])).toContain("does not open");
    // Nothing probed: neither with the moved secret nor at the display URL.
    expect(grammyRequests.length).toBe(before);
    // And the secret is in neither the database file nor its write-ahead log in clear.
    for (const file of [dbPath, `${dbPath}-wal`]) expect(readFileSync(file).includes(Buffer.from(SECRET_V1))).toBe(false);
  });
});

describe("never a sanitised URL", () => {
  it("an endpoint URL with a token in its path is watched at the real path; the row shows it sanitised", async () => {
    const watch = await service.addWatch(OWNER, { url: `https://127.0.130.11${TOKEN_PATH}`, language: "en" });
    expect(watch.url).toBe("https://127.0.130.11/<bot-token>/hook");
    expect(JSON.stringify(db.prepare("SELECT * FROM watches WHERE id = ?").get(watch.id))).not.toContain(WATCHED.split(":")[1]);
    tokenPathRequests.length = 0;
    await poll(watch.id, 2);
    expect(tokenPathRequests).toEqual([TOKEN_PATH, TOKEN_PATH]);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);
  });

  it("'check now' on a token-only watch checks the URL Telegram reports, not the sanitised one in the watch's state", async () => {
    const watch = await service.addWatch(OWNER, { token: WATCHED, language: "en" });
    await poll(watch.id);
    expect(service.getWatch(watch.id, OWNER).webhookUrl).toBe("https://127.0.130.11/<bot-token>/hook");
    const target = await service.checkTarget(watch.id, OWNER, OWNER);
    if (!target.ok) throw new Error(`no target: ${target.reason}`);
    expect(target.spec.url).toBe(`https://127.0.130.11${TOKEN_PATH}`);
    // What the button then runs reaches the endpoint at its real path, and the report shows no token.
    tokenPathRequests.length = 0;
    const report = await runCheck({ ...target.spec, options: defaultOptions("telegram", { apiRoot: api.url, allowPrivate: true, extraCa: [extraCa], httpTimeoutMs: 5_000 }) });
    expect(tokenPathRequests).toEqual([TOKEN_PATH]);
    expect(report.verdict).not.toBe("fail");
    expect(JSON.stringify(report)).not.toContain(WATCHED.split(":")[1]);

    // Without a webhook there is nothing to check, and it says so instead of probing something else.
    const webhook = api.bots.get(WATCHED)!.webhook;
    const url = webhook.url;
    webhook.url = "";
    expect(await service.checkTarget(watch.id, OWNER, OWNER)).toEqual({ ok: false, reason: "no_webhook" });
    webhook.url = url;
    // Another user's press is refused like an unknown watch.
    expect(await service.checkTarget(watch.id, OWNER + 1, OWNER + 1)).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("a revoked token, replaced", () => {
  it("a new token for the same bot goes into the existing watch, and its next check says the token works again", async () => {
    const watch = await service.addWatch(OWNER + 2, { token: WATCHED, language: "en" });
    await poll(watch.id);
    const original = api.bots.get(WATCHED)!;
    api.bots.delete(WATCHED); // revoked in @BotFather: the old token now gets 401
    await poll(watch.id);
    expect(alertsOf(watch.id).map((a) => a.kind).at(-1)).toBe("token_revoked");
    const renewed = "7313001:AAHrenewedRENEWEDrenewedRENEWED0130";
    api.addBot(renewed, { username: "secret_path_bot", webhook: original.webhook });
    const replaced = await service.addWatch(OWNER + 2, { token: renewed, language: "en" });
    expect(replaced).toMatchObject({ id: watch.id, replaced: true });
    expect(service.listWatches(OWNER + 2)).toHaveLength(1);
    await poll(watch.id, 2);
    expect(alertsOf(watch.id).map((a) => a.kind)).toEqual(["watch_started", "token_revoked", "token_restored"]);
    expect(service.getWatch(watch.id, OWNER + 2).status).toBe("healthy");
    // Back as it was, for any test that runs after this one.
    api.bots.delete(renewed);
    api.addBot(WATCHED, original);
    await waitUntil(() => sentTo(api, OWNER + 2).some((c) => String(c.params.text).includes("accepts the bot token again")), 10_000, "the restored alert");
  });
});

describe("WhatsApp and signed-webhook endpoints are watched with their platform and secrets", () => {
  const VERIFY = "wa-verify-token-130";
  const GITHUB_SECRET = "github-webhook-secret-130";
  let appSecret = "wa-app-secret-130";
  let githubSecret = GITHUB_SECRET;

  beforeAll(async () => {
    // Meta's documented receiver: the GET handshake with the verify token, POSTs signed over the raw body.
    const wa = express();
    wa.get("/wa", (req, res) => {
      const q = req.query as Record<string, string>;
      if (q["hub.mode"] === "subscribe" && q["hub.verify_token"] === VERIFY) return void res.status(200).send(q["hub.challenge"]);
      res.sendStatus(403);
    });
    // Meta sends notifications up to 3 MB: a receiver that takes them raises express.json's 100 kB default.
    wa.post("/wa", express.json({ limit: "5mb", verify: (req, _res, buf) => void ((req as unknown as { rawBody: Buffer }).rawBody = buf) }), (req, res) => {
      const got = Buffer.from(req.get("x-hub-signature-256") ?? "");
      const want = Buffer.from(`sha256=${createHmac("sha256", appSecret).update((req as unknown as { rawBody: Buffer }).rawBody).digest("hex")}`);
      res.sendStatus(got.length === want.length && timingSafeEqual(got, want) ? 200 : 401);
    });
    await serve("127.0.130.20", wa);
    // GitHub: Octokit's own middleware; a new Webhooks instance when the secret is rotated.
    let middleware = createNodeMiddleware(new Webhooks({ secret: githubSecret }), { path: "/gh", log: { debug() {}, info() {}, warn() {}, error() {} } });
    let middlewareSecret = githubSecret;
    const gh = express4();
    gh.use((req: Parameters<RequestListener>[0], res: Parameters<RequestListener>[1], next: () => void) => {
      if (middlewareSecret !== githubSecret) {
        middleware = createNodeMiddleware(new Webhooks({ secret: githubSecret }), { path: "/gh", log: { debug() {}, info() {}, warn() {}, error() {} } });
        middlewareSecret = githubSecret;
      }
      void middleware(req, res, next);
    });
    await serve("127.0.130.21", gh as unknown as RequestListener);
  });

  it("a WhatsApp receiver with its verify token and app secret stays quiet; a rotated app secret is reported down", async () => {
    const watch = await service.addWatch(OWNER + 3, { url: "https://127.0.130.20/wa", platform: "whatsapp", secrets: { verifyToken: VERIFY, appSecret }, language: "en" });
    expect(watch.platform).toBe("whatsapp");
    await poll(watch.id, 3);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);
    appSecret = "wa-app-secret-rotated";
    await poll(watch.id, 2);
    expect(alertsOf(watch.id).map((a) => a.kind)).toEqual(["watch_started", "endpoint_down"]);
    expect(alertsOf(watch.id)[1].code).toBe("auth.valid_rejected"); // a correctly signed request refused: the secrets differ
    appSecret = "wa-app-secret-130";
  });

  it("a GitHub receiver with its signing secret stays quiet; a rotated secret is reported down", async () => {
    const watch = await service.addWatch(OWNER + 4, { url: "https://127.0.130.21/gh", platform: "generic", secrets: { signingSecret: GITHUB_SECRET }, auth: { kind: "hmac", scheme: "github" }, language: "en" });
    await poll(watch.id, 3);
    expect(alertsOf(watch.id)).toEqual([{ kind: "watch_started", parts: { endpoint: { failing: false } } }]);
    githubSecret = "github-webhook-secret-rotated";
    await poll(watch.id, 2);
    expect(alertsOf(watch.id).map((a) => a.kind)).toEqual(["watch_started", "endpoint_down"]);
    expect(alertsOf(watch.id)[1].code).toBe("auth.valid_rejected"); // a correctly signed request refused: the secrets differ
    githubSecret = GITHUB_SECRET;
  });
});

describe("history", () => {
  it("records the endpoint's answer time, not the run's wall time (a slow getWebhookInfo is not endpoint latency)", async () => {
    const SLOW = "7313005:AAHslowSLOWslowSLOWslowSLOWslow0130";
    const SLOW_MS = 1_500;
    api.addBot(SLOW, { username: "slow_record_bot", webhook: { url: "https://127.0.130.10/tg", pending_update_count: 0 } });
    const fallback = (api as unknown as { handlers: Map<string, MethodHandler> }).handlers.get("getWebhookInfo")!;
    api.on("getWebhookInfo", async (p, token, call) => {
      if (token === SLOW) await new Promise((r) => setTimeout(r, SLOW_MS));
      return fallback(p, token, call);
    });
    const watching = createWatching({ db, box: secretBox(), apiRoot: api.url, botToken: SENDER_TOKEN, allowPrivate: true, logger: pino({ level: "silent" }), monitor: { checkOptions: { extraCa: [extraCa], httpTimeoutMs: 5_000 } } });
    try {
      const watch = await watching.service.addWatch(OWNER + 5, { token: SLOW, url: "https://127.0.130.10/tg", secrets: { secretToken: enforced }, language: "en" });
      const runs: number[] = [];
      for (let i = 0; i < 2; i++) {
        db.prepare("UPDATE watches SET next_run_at = ? WHERE id != ?").run(Number.MAX_SAFE_INTEGER, watch.id);
        watching.monitor.watches.setNextRunAt(watch.id, 0);
        const started = Date.now();
        await Promise.all(watching.monitor.startDue());
        runs.push(Date.now() - started);
      }
      expect(Math.min(...runs)).toBeGreaterThanOrEqual(SLOW_MS);
      const points = watching.history.series(watch.id, "24h", Date.now()).points.filter((p) => p.probes > 0);
      expect(points.reduce((n, p) => n + p.probes, 0)).toBe(2);
      expect(points.every((p) => p.failures === 0)).toBe(true);
      // The endpoint answers on loopback in milliseconds; the run waited on getWebhookInfo for 1.5 s.
      expect(Math.max(...points.map((p) => p.latencyMaxMs ?? Infinity))).toBeLessThan(SLOW_MS / 2);
      // The start message is on the timeline too.
      expect(watching.history.series(watch.id, "24h", Date.now()).events.map((e) => e.kind)).toEqual(["watch_started"]);
    } finally {
      api.on("getWebhookInfo", fallback);
      await watching.monitor.stop();
    }
  });
});
