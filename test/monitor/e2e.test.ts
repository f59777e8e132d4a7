import { createServer, type Server } from "node:https";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Monitor } from "../../src/monitor/monitor.js";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { daysFromNow, issueLeaf, testPki } from "../support/certs.js";
import { apiError, FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN, sentTo, waitUntil } from "./helpers.js";

// End to end: real SQLite file, the monitor's own check path (getWebhookInfo through the fake Bot API,
// runCheck against a real HTTPS endpoint), the outbox and grammY's Api sending to the fake. Each test has a
// watch (and a watched bot) and subscriber chats of its own, so any one of them runs alone.
// Loopback block: fake Bot API 127.0.30.1, endpoint 127.0.31.1.
const TOPIC = 42;
const api = new FakeBotApi();
let db: Db;
let service: WatchService;
let monitor: Monitor;
let endpoint: Server;
let endpointStatus = 200;
/** Added to the monitor's clock: a test moves time forward instead of sleeping through a quiet period. */
let skewMs = 0;

async function leafFor(days: number) {
  return issueLeaf("127.0.31.1", { names: ["127.0.31.1"], notAfter: daysFromNow(days) });
}
async function useCertificate(days: number) {
  const leaf = await leafFor(days);
  endpoint.setSecureContext({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") });
}

/** One scheduled run of a watch, as the scheduler would start it, awaited to completion. */
async function poll(watchId: number, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    // Only this watch is due: the others wait for their own poll().
    db.prepare("UPDATE watches SET next_run_at = ? WHERE id != ?").run(Number.MAX_SAFE_INTEGER, watchId);
    monitor.watches.setNextRunAt(watchId, 0);
    await Promise.all(monitor.startDue());
  }
}

function alertKinds(watchId: number): string[] {
  return db.prepare("SELECT kind FROM alerts WHERE watch_id = ? ORDER BY id").pluck().all(watchId) as string[];
}

async function drained(): Promise<void> {
  await waitUntil(() => monitor.outbox.pendingCount() === 0, 15_000, "the outbox to drain");
}

/**
 * A watch with four subscribers: the owner (English), a friend (Russian, private), a chat that answers 403,
 * a forum group (Chinese, topic 42). `token`: a watched bot of its own; else the HTTPS endpoint at `path`.
 */
let scenarios = 0;
async function scenario(kind: "token" | "url") {
  const n = ++scenarios;
  const chats = { owner: 9_100 + n * 10, friend: 9_101 + n * 10, blocked: 9_102 + n * 10, group: -1_009_100 - n * 10 };
  const token = `73001${String(n).padStart(2, "0")}:AAHwatchedWATCHEDwatchedWATCHED${String(n).padStart(4, "0")}`;
  if (kind === "token") api.addBot(token, { username: `shop${n}_bot`, webhook: { url: "https://shop.example.com/tg" } });
  const watch =
    kind === "token"
      ? await service.addWatch(chats.owner, { token, label: "Shop bot", language: "en" })
      : await service.addWatch(chats.owner, { url: `https://127.0.31.1/hook-${n}`, language: "en" });
  const { code } = service.createShareCode(watch.id, chats.owner);
  service.subscribe(code, { chatId: chats.friend, language: "ru" });
  service.subscribe(code, { chatId: chats.blocked, language: "en" });
  service.subscribe(code, { chatId: chats.group, threadId: TOPIC, language: "zh-hans" });
  return { ...chats, watchId: watch.id, token, hook: () => api.bots.get(token)!.webhook };
}

/** The first look (its "watching started" message) sent: what each test starts from. */
async function started(s: Awaited<ReturnType<typeof scenario>>) {
  await poll(s.watchId, 2);
  expect(alertKinds(s.watchId)).toEqual(["watch_started"]);
  await drained();
}

beforeAll(async () => {
  await api.start("127.0.30.1");
  api.addBot(SENDER_TOKEN, { username: "webhook_doctor_bot" });
  api.on("sendMessage", (p) => (String(p.chat_id).endsWith("2") && Number(p.chat_id) > 0 ? apiError(403, "Forbidden: bot was blocked by the user") : messageAnswer(p)));

  const pki = await testPki();
  const leaf = await leafFor(60);
  endpoint = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(endpointStatus, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((r) => endpoint.listen(443, "127.0.31.1", r));

  ({ db } = freshDatabase("wd-monitor-e2e-"));
  const box = secretBox();
  service = new WatchService({ db, box, apiRoot: api.url, botUsername: "webhook_doctor_bot" });
  monitor = new Monitor({
    db,
    box,
    apiRoot: api.url,
    senderToken: SENDER_TOKEN,
    allowPrivate: true,
    now: () => Date.now() + skewMs,
    checkOptions: { extraCa: [pki.root.cert], httpTimeoutMs: 5_000, totalTimeoutMs: 15_000 },
    detection: { quietPeriodMs: 1_500 },
    // Same rules as Telegram's, shorter spacing so the test does not wait a second per message.
    senderLimits: { perChatIntervalMs: 50, backoffBaseMs: 50 },
  });
  monitor.sender!.start(); // the scheduler is driven by poll() so each run is awaited
});
beforeEach(async () => {
  skewMs = 0;
  endpointStatus = 200;
  await useCertificate(60);
});

afterAll(async () => {
  await monitor?.stop();
  await api.stop();
  await new Promise<void>((r) => (endpoint ? endpoint.close(() => r()) : r()));
  db?.close();
});

describe("monitor end to end through the fake Bot API", () => {
  it("takes a baseline first: an old error is not news; the first check says once what it sees now", async () => {
    const s = await scenario("token");
    s.hook().last_error_message = "Read timeout expired";
    s.hook().last_error_date = Math.floor(Date.now() / 1000) - 7200;
    await started(s);
    expect(sentTo(api, s.owner).map((c) => String(c.params.text))).toEqual(["👁 Shop bot: watching has started. The state now:\nTelegram's record: no recent delivery error."]);
    expect(service.getWatch(s.watchId, s.owner).webhookUrl).toBe("https://shop.example.com/tg");
  });

  it("a new last_error_message alerts every subscriber once, in their language, with the check-now button", async () => {
    const s = await scenario("token");
    await started(s);
    s.hook().last_error_message = "Wrong response from the webhook: 502 Bad Gateway";
    s.hook().last_error_date = Math.floor(Date.now() / 1000);
    await poll(s.watchId, 3);
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "error_changed"]);
    await drained();

    const [, owner] = sentTo(api, s.owner);
    expect(sentTo(api, s.owner)).toHaveLength(2);
    expect(owner.params.text).toContain("Shop bot: Telegram reports a new delivery error");
    expect(owner.params.text).toContain("http.bad_gateway");
    expect(owner.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "Run a full check", callback_data: `wd:check:${s.watchId}` }]] });

    const [, friend] = sentTo(api, s.friend);
    expect(friend.params.text).toContain("Telegram сообщает о новой ошибке доставки");
    expect(friend.params.message_thread_id).toBeUndefined();

    const [, group] = sentTo(api, s.group);
    expect(group.params.text).toContain("Telegram 报告了新的投递错误");
    expect(group.params.message_thread_id).toBe(TOPIC);
    expect((group.params.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard[0][0].text).toBe("立即完整检查");
    // Forwardable and secret-free: plain text, no token anywhere in what went out.
    for (const call of api.callsOf("sendMessage", SENDER_TOKEN)) {
      expect(call.params.parse_mode).toBeUndefined();
      expect(JSON.stringify(call.params)).not.toContain(s.token);
    }
  });

  it("a subscriber that answers 403 is deactivated and never tried again", async () => {
    const s = await scenario("token");
    await started(s);
    s.hook().last_error_message = "Wrong response from the webhook: 502 Bad Gateway";
    s.hook().last_error_date = Math.floor(Date.now() / 1000);
    await poll(s.watchId);
    await drained();
    expect(sentTo(api, s.blocked)).toHaveLength(1);
    const sub = db.prepare("SELECT active, deactivated_reason FROM subscriptions WHERE watch_id = ? AND chat_id = ?").get(s.watchId, s.blocked) as { active: number; deactivated_reason: string };
    expect(sub).toEqual({ active: 0, deactivated_reason: "403: Forbidden: bot was blocked by the user" });
    expect(db.prepare("SELECT status FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.chat_id = ? AND s.watch_id = ?").pluck().all(s.blocked, s.watchId)).toEqual(["dropped"]);
  });

  it("recovery fires once after the quiet period, with how long it lasted", async () => {
    const s = await scenario("token");
    await started(s);
    s.hook().last_error_message = "Wrong response from the webhook: 502 Bad Gateway";
    s.hook().last_error_date = Math.floor(Date.now() / 1000) - 60;
    await poll(s.watchId);
    skewMs += 1_700; // the quiet period (1.5 s) passes without the error recurring
    await poll(s.watchId, 3);
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "error_changed", "error_recovered"]);
    await drained();
    const texts = sentTo(api, s.owner).map((c) => String(c.params.text));
    expect(texts[2]).toMatch(/Shop bot: no new delivery errors; recovered after 1 minute\./);
    expect(sentTo(api, s.friend)[2].params.text).toContain("восстановлено");
    expect(service.getWatch(s.watchId, s.owner).status).toBe("healthy");
  });

  it("a changed and then a removed webhook URL each alert once", async () => {
    const s = await scenario("token");
    await started(s);
    s.hook().url = "https://elsewhere.example.net/hook";
    await poll(s.watchId, 3);
    s.hook().url = "";
    await poll(s.watchId, 3);
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "url_changed", "url_removed"]);
    await drained();
    const texts = sentTo(api, s.owner).map((c) => String(c.params.text));
    expect(texts[1]).toContain("Was: https://shop.example.com/tg");
    expect(texts[1]).toContain("Now: https://elsewhere.example.net/hook");
    expect(texts[2]).toContain("deleteWebhook");
  });

  it("a backlog above the threshold and rising alerts once", async () => {
    const s = await scenario("token");
    await started(s);
    for (const pending of [150, 150, 160, 170, 180, 190]) {
      s.hook().pending_update_count = pending;
      await poll(s.watchId);
    }
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "backlog_rising"]);
    await drained();
    expect(String(sentTo(api, s.owner).at(-1)!.params.text)).toContain("170 updates are waiting");
  });

  it("a revoked token (401) alerts once", async () => {
    const s = await scenario("token");
    await started(s);
    api.bots.delete(s.token);
    await poll(s.watchId, 3);
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "token_revoked"]);
    await drained();
    expect(String(sentTo(api, s.group).at(-1)!.params.text)).toContain("401 Unauthorized");
    expect(service.getWatch(s.watchId, s.owner).status).toBe("failing");
  });

  it("each subscriber gets exactly one copy of each alert of a token watch", async () => {
    const s = await scenario("token");
    await started(s);
    s.hook().last_error_message = "Wrong response from the webhook: 502 Bad Gateway";
    s.hook().last_error_date = Math.floor(Date.now() / 1000);
    await poll(s.watchId, 2);
    s.hook().url = "https://elsewhere.example.net/hook";
    await poll(s.watchId, 2);
    api.bots.delete(s.token);
    await poll(s.watchId, 2);
    await drained();
    const alerts = db.prepare("SELECT id FROM alerts WHERE watch_id = ?").pluck().all(s.watchId) as number[];
    expect(alerts).toHaveLength(4);
    for (const chat of [s.owner, s.friend, s.group]) {
      const texts = sentTo(api, chat).map((c) => String(c.params.text));
      expect(texts).toHaveLength(4);
      expect(new Set(texts).size).toBe(4);
    }
  });

  it("a certificate close to expiry warns once per threshold (14, then 7 days after a swap)", async () => {
    await useCertificate(10);
    const s = await scenario("url");
    await poll(s.watchId, 3);
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "cert_expiring"]);
    await useCertificate(5);
    await poll(s.watchId, 3);
    expect(alertKinds(s.watchId)).toEqual(["watch_started", "cert_expiring", "cert_expiring"]);
    const payloads = (db.prepare("SELECT payload_json FROM alerts WHERE watch_id = ? AND kind = 'cert_expiring'").pluck().all(s.watchId) as string[]).map((p) => JSON.parse(p));
    expect(payloads.map((p) => p.thresholdDays)).toEqual([14, 7]);
    await drained();
    expect(String(sentTo(api, s.friend).at(-1)!.params.text)).toMatch(/TLS-сертификат истекает через [45] (дня|дней)/);
  });

  it("the endpoint is down only after two failed checks, alerts once, and recovery says how long", async () => {
    const s = await scenario("url");
    await started(s);
    endpointStatus = 502;
    await poll(s.watchId);
    expect(alertKinds(s.watchId)).toHaveLength(1); // one failure: damped
    await poll(s.watchId, 3);
    endpointStatus = 200;
    await poll(s.watchId, 2);
    expect(alertKinds(s.watchId).slice(1)).toEqual(["endpoint_down", "endpoint_up"]);
    await drained();
    const texts = sentTo(api, s.owner).map((c) => String(c.params.text));
    expect(texts.slice(-2)[0]).toContain("the endpoint is down (2 checks in a row failed)");
    expect(texts.slice(-2)[0]).toContain("http.bad_gateway");
    expect(texts.slice(-2)[1]).toContain("the endpoint answers again");
    // The chat that answers 403 was deactivated on its first alert, and never tried again.
    expect(sentTo(api, s.blocked)).toHaveLength(1);
  });
});
