import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { watchAad } from "../../src/monitor/watch-service.js";
import { openDatabase } from "../../src/store/database.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { SubscriptionsRepository } from "../../src/store/subscriptions-repository.js";
import { WatchesRepository } from "../../src/store/watches-repository.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi, type RecordedCall } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { freePort, httpRequest, sample, startEntryPoint, waitFor, type EntryPoint } from "./entry-point.js";
import { tempDir } from "../support/temp.js";

// Loopback block of this file: 127.0.160.x.
//   .1 fake Bot API   .2 webhook listener   .3 metrics listener   .20 an HTTPS endpoint that answers 200
const API_HOST = "127.0.160.1";
const HOOK_HOST = "127.0.160.2";
const METRICS_HOST = "127.0.160.3";
const ENDPOINT = "127.0.160.20";

const BOT_TOKEN = "560101:AAHmetricsMETRICSmetricsMETRICS0001";
const POLLING_TOKEN = "560102:AAHmetricsMETRICSmetricsMETRICS0002";
const WATCHED = "560103:AAHwatchedWATCHEDwatchedWATCHED0003";
const SECRET = `hook-${randomBytes(16).toString("hex")}`;
const ENCRYPTION_KEY = randomBytes(32).toString("hex");
const OPERATOR = 4242; // checks a URL in a private chat
const SUBSCRIBER = 4343; // subscribed to the seeded watch

const api = new FakeBotApi();
const tmp = tempDir("wd-ops-metrics-");
let endpoint: TestServer;
let caFile: string;
const started: EntryPoint[] = [];

beforeAll(async () => {
  await api.start(API_HOST);
  api.addBot(BOT_TOKEN, { username: "doctor_bot" });
  api.addBot(POLLING_TOKEN, { username: "doctor_polling_bot" });
  // The watched bot's record shows a delivery error that appeared after the watch's last look.
  api.addBot(WATCHED, {
    username: "shop_bot",
    webhook: { url: "https://shop.example.com/tg", last_error_message: "Wrong response from the webhook: 502 Bad Gateway", last_error_date: Math.floor(Date.now() / 1000) },
  });
  const pki = await testPki();
  caFile = join(tmp, "root.pem");
  writeFileSync(caFile, pki.root.cert);
  const leaf = await issueLeaf(ENDPOINT, { names: [ENDPOINT] });
  endpoint = await startTlsServer({ address: ENDPOINT, key: leaf.key, cert: leaf.cert, chain: leaf.chain, handler: (_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end("{}") });
});

afterAll(async () => {
  for (const child of started) await child.stop(5_000);
  await api.stop();
  await endpoint?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A database with one watch (token and endpoint) already past its first look, due now, with one subscriber. */
function seedDatabase(path: string): void {
  const db = openDatabase(path);
  const box = new SecretBox(ENCRYPTION_KEY);
  const now = Date.now();
  const watch = new WatchesRepository(db).insert({ ownerId: SUBSCRIBER, url: `https://${ENDPOINT}/hook`, intervalS: 30, nextRunAt: now, createdAt: now }, (id) => box.seal(WATCHED, watchAad(id)));
  db.prepare("UPDATE watches SET state_json = ? WHERE id = ?").run(JSON.stringify({ webhookUrl: "https://shop.example.com/tg" }), watch.id);
  new SubscriptionsRepository(db).upsert(watch.id, SUBSCRIBER, null, "en", now);
  db.close();
}

const toChat = (chatId: number) => (c: RecordedCall) => c.token === BOT_TOKEN && Number(c.params.chat_id) === chatId;

describe("Prometheus metrics of the real entry point (webhook mode)", () => {
  let bot: EntryPoint;
  let hookBase: string;
  let metricsUrl: string;
  const scrape = async () => {
    const answer = await httpRequest("GET", metricsUrl);
    expect(answer.status).toBe(200);
    return answer;
  };

  beforeAll(async () => {
    const dbPath = join(tmp, "webhook.sqlite");
    seedDatabase(dbPath);
    const [hookPort, metricsPort] = [await freePort(HOOK_HOST), await freePort(METRICS_HOST)];
    hookBase = `http://${HOOK_HOST}:${hookPort}`;
    metricsUrl = `http://${METRICS_HOST}:${metricsPort}/metrics`;
    bot = startEntryPoint({
      BOT_TOKEN,
      BOT_MODE: "webhook",
      WEBHOOK_URL: `https://${HOOK_HOST}/tg-hook`,
      WEBHOOK_SECRET: SECRET,
      HOST: HOOK_HOST,
      PORT: String(hookPort),
      METRICS_HOST,
      METRICS_PORT: String(metricsPort),
      DATABASE_PATH: dbPath,
      ENCRYPTION_KEY,
      TELEGRAM_API_ROOT: api.url,
      PROBE_ALLOW_PRIVATE: "true",
      NODE_EXTRA_CA_CERTS: caFile,
    });
    started.push(bot);
    await waitFor("the bot to call setWebhook", 45_000, () => {
      if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
      return api.callsOf("setWebhook", BOT_TOKEN)[0];
    });
  });

  it("serves process metrics from its own registry on METRICS_HOST:METRICS_PORT", async () => {
    const { body, type } = await scrape();
    expect(type).toContain("text/plain");
    expect(sample(body, "process_cpu_user_seconds_total")).toBeGreaterThan(0);
    expect(sample(body, "nodejs_eventloop_lag_seconds")).toBeDefined();
    expect(sample(body, "webhook_doctor_watches", { state: "unknown" })).toBeDefined();
  });

  it("never serves /metrics on the public webhook port", async () => {
    const answer = await httpRequest("GET", `${hookBase}/metrics`);
    expect(answer.status).toBe(404);
    expect(answer.body).not.toContain("webhook_doctor_");
    expect((await httpRequest("GET", `${hookBase}/healthz`)).status).toBe(200);
  });

  it("counts the update, the check, its duration and the messages after a URL is checked in a chat", async () => {
    const before = (await scrape()).body;
    expect(sample(before, "webhook_doctor_checks_total", { source: "chat" })).toBeUndefined();
    const answer = await httpRequest("POST", `${hookBase}/tg-hook`, {
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify({
        update_id: 1,
        message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat: { id: OPERATOR, type: "private", first_name: "Op" }, from: { id: OPERATOR, is_bot: false, first_name: "Op", language_code: "en" }, text: `https://${ENDPOINT}/hook` },
      }),
    });
    expect(answer.status).toBe(200);
    // The report replaces the progress message once the check is done.
    await api.waitForCall((c) => toChat(OPERATOR)(c) && c.method === "editMessageText" && String(c.params.text).includes(ENDPOINT) && c.params.parse_mode === "HTML", 30_000);
    const after = await waitFor("the check in the metrics", 10_000, async () => {
      const { body } = await scrape();
      return sample(body, "webhook_doctor_checks_total", { source: "chat", platform: "telegram" }) === 1 ? body : undefined;
    });
    expect(sample(after, "webhook_doctor_check_duration_seconds_count", { source: "chat" })).toBe(1);
    expect(sample(after, "webhook_doctor_check_duration_seconds_sum", { source: "chat" })).toBeGreaterThan(0);
    expect(sample(after, "webhook_doctor_updates_total", { kind: "message", result: "ok" })).toBeGreaterThanOrEqual(1);
    expect(sample(after, "webhook_doctor_update_handler_duration_seconds_count", { kind: "message" })).toBeGreaterThanOrEqual(1);
    expect(sample(after, "webhook_doctor_telegram_messages_sent_total", { client: "bot" })).toBeGreaterThanOrEqual(1);
  });

  it("records the watch's scheduled check, its lag, the alert sent from the outbox and a 429", async () => {
    const alert = await api.waitForCall((c) => toChat(SUBSCRIBER)(c) && c.method === "sendMessage", 30_000);
    expect(String(alert.params.text)).toContain("502");
    const body = await waitFor("the alert in the metrics", 10_000, async () => {
      const text = (await scrape()).body;
      return (sample(text, "webhook_doctor_telegram_messages_sent_total", { client: "alerts" }) ?? 0) >= 1 ? text : undefined;
    });
    expect(sample(body, "webhook_doctor_monitor_schedule_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sample(body, "webhook_doctor_checks_total", { source: "watch", platform: "telegram", verdict: "ok", primary: "none" })).toBeGreaterThanOrEqual(1);
    expect(sample(body, "webhook_doctor_watches", { state: "failing" })).toBe(1);
    expect(sample(body, "webhook_doctor_outbox_pending")).toBe(0);
    expect(sample(body, "webhook_doctor_outbox_oldest_pending_age_seconds")).toBe(0);

    // Telegram pushes back once: the 429 and the error are counted even though auto-retry hides them from the bot.
    api.failNext("sendMessage", { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    await httpRequest("POST", `${hookBase}/tg-hook`, {
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      body: JSON.stringify({
        update_id: 2,
        message: { message_id: 2, date: Math.floor(Date.now() / 1000), chat: { id: OPERATOR, type: "private", first_name: "Op" }, from: { id: OPERATOR, is_bot: false, first_name: "Op", language_code: "en" }, text: "/start", entities: [{ type: "bot_command", offset: 0, length: 6 }] },
      }),
    });
    const limited = await waitFor("the 429 in the metrics", 15_000, async () => {
      const text = (await scrape()).body;
      return (sample(text, "webhook_doctor_telegram_rate_limited_total", { client: "bot" }) ?? 0) >= 1 ? text : undefined;
    });
    expect(sample(limited, "webhook_doctor_telegram_api_errors_total", { client: "bot", method: "sendMessage", code: "429" })).toBe(1);
  });
});

describe("Prometheus metrics of the real entry point (polling mode)", () => {
  it("serves /metrics when METRICS_PORT is set, and nothing when it is not", async () => {
    const metricsPort = await freePort(METRICS_HOST);
    const env = { BOT_TOKEN: POLLING_TOKEN, ENCRYPTION_KEY, TELEGRAM_API_ROOT: api.url, METRICS_HOST };
    const bot = startEntryPoint({ ...env, DATABASE_PATH: join(tmp, "polling.sqlite"), METRICS_PORT: String(metricsPort) });
    started.push(bot);
    const body = await waitFor("/metrics in polling mode", 45_000, async () => {
      if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
      const answer = await httpRequest("GET", `http://${METRICS_HOST}:${metricsPort}/metrics`);
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(sample(body, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(await bot.stop()).toBe(0);

    // Off unless set: the same start without METRICS_PORT opens no metrics listener.
    const quiet = startEntryPoint({ ...env, DATABASE_PATH: join(tmp, "polling-quiet.sqlite") });
    started.push(quiet);
    await waitFor("polling to start", 45_000, () => (/is polling/.test(quiet.output()) ? true : undefined));
    await expect(httpRequest("GET", `http://${METRICS_HOST}:${metricsPort}/metrics`)).rejects.toThrow(/ECONNREFUSED/);
    expect(await quiet.stop()).toBe(0);
  });
});
