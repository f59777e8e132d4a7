import { createServer, type Server } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Monitor } from "../../src/monitor/monitor.js";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { daysFromNow, issueLeaf, testPki } from "../support/certs.js";
import { apiError, FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN, sentTo, waitUntil } from "./helpers.js";

// End to end: real SQLite file, the monitor's own check path (getWebhookInfo through the fake Bot API,
// runCheck against a real HTTPS endpoint), the outbox and grammY's Api sending to the fake.
// Loopback block: fake Bot API 127.0.30.1, endpoint 127.0.31.1.
const WATCHED = "7300101:AAHwatchedWATCHEDwatchedWATCHED0001";
const OWNER = 9101;
const FRIEND = 9102; // private chat, Russian
const BLOCKED = 9103; // answers 403
const GROUP = -1009104; // forum supergroup, Chinese, topic 42
const TOPIC = 42;

const api = new FakeBotApi();
let db: Db;
let service: WatchService;
let monitor: Monitor;
let endpoint: Server;
let endpointStatus = 200;
let tokenWatch: number;
let urlWatch: number;

async function leafFor(days: number) {
  return issueLeaf("127.0.31.1", { names: ["127.0.31.1"], notAfter: daysFromNow(days) });
}

/** One scheduled run of a watch, as the scheduler would start it, awaited to completion. */
async function poll(watchId: number, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) {
    // Only this watch is due: the other one waits for its own poll().
    db.prepare("UPDATE watches SET next_run_at = ? WHERE id != ?").run(Number.MAX_SAFE_INTEGER, watchId);
    monitor.watches.setNextRunAt(watchId, 0);
    await Promise.all(monitor.startDue());
  }
}

function alertKinds(watchId: number): string[] {
  return (db.prepare("SELECT kind FROM alerts WHERE watch_id = ? ORDER BY id").pluck().all(watchId) as string[]);
}

async function drained(): Promise<void> {
  await waitUntil(() => monitor.outbox.pendingCount() === 0, 15_000, "the outbox to drain");
}

beforeAll(async () => {
  await api.start("127.0.30.1");
  api.addBot(SENDER_TOKEN, { username: "webhook_doctor_bot" });
  api.addBot(WATCHED, { username: "shop_bot", webhook: { url: "https://shop.example.com/tg" } });
  api.on("sendMessage", (p) => (Number(p.chat_id) === BLOCKED ? apiError(403, "Forbidden: bot was blocked by the user") : messageAnswer(p)));

  const pki = await testPki();
  const leaf = await leafFor(10);
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
    checkOptions: { extraCa: [pki.root.cert], httpTimeoutMs: 5_000, totalTimeoutMs: 15_000 },
    detection: { quietPeriodMs: 1_500 },
    // Same rules as Telegram's, shorter spacing so the test does not wait a second per message.
    senderLimits: { perChatIntervalMs: 50, backoffBaseMs: 50 },
  });
  monitor.sender!.start(); // the scheduler is driven by poll() so each run is awaited

  tokenWatch = (await service.addWatch(OWNER, { token: WATCHED, label: "Shop bot", language: "en" })).id;
  urlWatch = (await service.addWatch(OWNER, { url: "https://127.0.31.1/hook", language: "en" })).id;
  for (const watch of [tokenWatch, urlWatch]) {
    const { code } = service.createShareCode(watch, OWNER);
    service.subscribe(code, { chatId: FRIEND, language: "ru" });
    service.subscribe(code, { chatId: BLOCKED, language: "en" });
    service.subscribe(code, { chatId: GROUP, threadId: TOPIC, language: "zh-hans" });
  }
});

afterAll(async () => {
  await monitor?.stop();
  await api.stop();
  await new Promise<void>((r) => (endpoint ? endpoint.close(() => r()) : r()));
  db?.close();
});

describe("monitor end to end through the fake Bot API", () => {
  it("takes a baseline first: an old error is not news; the first check says once what it sees now", async () => {
    api.bots.get(WATCHED)!.webhook.last_error_message = "Read timeout expired";
    api.bots.get(WATCHED)!.webhook.last_error_date = Math.floor(Date.now() / 1000) - 7200;
    await poll(tokenWatch, 2);
    expect(alertKinds(tokenWatch)).toEqual(["watch_started"]);
    await drained();
    expect(sentTo(api, OWNER).map((c) => String(c.params.text))).toEqual(["👁 Shop bot: watching has started. The state now:\nTelegram's record: no recent delivery error."]);
    expect(service.getWatch(tokenWatch, OWNER).webhookUrl).toBe("https://shop.example.com/tg");
  });

  it("a new last_error_message alerts every subscriber once, in their language, with the check-now button", async () => {
    const hook = api.bots.get(WATCHED)!.webhook;
    hook.last_error_message = "Wrong response from the webhook: 502 Bad Gateway";
    hook.last_error_date = Math.floor(Date.now() / 1000);
    await poll(tokenWatch, 3);
    expect(alertKinds(tokenWatch)).toEqual(["watch_started", "error_changed"]);
    await drained();

    const [, owner] = sentTo(api, OWNER);
    expect(sentTo(api, OWNER)).toHaveLength(2);
    expect(owner.params.text).toContain("Shop bot: Telegram reports a new delivery error");
    expect(owner.params.text).toContain("http.bad_gateway");
    expect(owner.params.reply_markup).toEqual({ inline_keyboard: [[{ text: "Run a full check", callback_data: `wd:check:${tokenWatch}` }]] });

    const [, friend] = sentTo(api, FRIEND);
    expect(friend.params.text).toContain("Telegram сообщает о новой ошибке доставки");
    expect(friend.params.message_thread_id).toBeUndefined();

    const [, group] = sentTo(api, GROUP);
    expect(group.params.text).toContain("Telegram 报告了新的投递错误");
    expect(group.params.message_thread_id).toBe(TOPIC);
    expect((group.params.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard[0][0].text).toBe("立即完整检查");
    // Forwardable and secret-free: plain text, no token anywhere in what went out.
    for (const call of api.callsOf("sendMessage", SENDER_TOKEN)) {
      expect(call.params.parse_mode).toBeUndefined();
      expect(JSON.stringify(call.params)).not.toContain(WATCHED);
    }
  });

  it("a subscriber that answers 403 is deactivated and never tried again", async () => {
    expect(sentTo(api, BLOCKED)).toHaveLength(1);
    const sub = db.prepare("SELECT active, deactivated_reason FROM subscriptions WHERE watch_id = ? AND chat_id = ?").get(tokenWatch, BLOCKED) as { active: number; deactivated_reason: string };
    expect(sub).toEqual({ active: 0, deactivated_reason: "403: Forbidden: bot was blocked by the user" });
    expect(db.prepare("SELECT status FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.chat_id = ? AND s.watch_id = ?").pluck().all(BLOCKED, tokenWatch)).toEqual(["dropped"]);
  });

  it("recovery fires once after the quiet period, with how long it lasted", async () => {
    await new Promise((r) => setTimeout(r, 1_700));
    await poll(tokenWatch, 3);
    expect(alertKinds(tokenWatch)).toEqual(["watch_started", "error_changed", "error_recovered"]);
    await drained();
    const texts = sentTo(api, OWNER).map((c) => String(c.params.text));
    expect(texts[2]).toMatch(/Shop bot: no new delivery errors; recovered after 1 minute\./);
    expect(sentTo(api, FRIEND)[2].params.text).toContain("восстановлено");
    expect(service.getWatch(tokenWatch, OWNER).status).toBe("healthy");
  });

  it("a changed and then a removed webhook URL each alert once", async () => {
    const hook = api.bots.get(WATCHED)!.webhook;
    hook.url = "https://elsewhere.example.net/hook";
    await poll(tokenWatch, 3);
    hook.url = "";
    await poll(tokenWatch, 3);
    expect(alertKinds(tokenWatch).slice(3)).toEqual(["url_changed", "url_removed"]);
    await drained();
    const texts = sentTo(api, OWNER).map((c) => String(c.params.text));
    expect(texts[3]).toContain("Was: https://shop.example.com/tg");
    expect(texts[3]).toContain("Now: https://elsewhere.example.net/hook");
    expect(texts[4]).toContain("deleteWebhook");
  });

  it("a backlog above the threshold and rising alerts once", async () => {
    const hook = api.bots.get(WATCHED)!.webhook;
    hook.url = "https://shop.example.com/tg";
    for (const pending of [150, 150, 160, 170, 180, 190]) {
      hook.pending_update_count = pending;
      await poll(tokenWatch);
    }
    expect(alertKinds(tokenWatch).slice(5)).toEqual(["url_changed", "backlog_rising"]);
    await drained();
    expect(String(sentTo(api, OWNER).at(-1)!.params.text)).toContain("170 updates are waiting");
  });

  it("a revoked token (401) alerts once", async () => {
    api.bots.delete(WATCHED);
    await poll(tokenWatch, 3);
    expect(alertKinds(tokenWatch).slice(7)).toEqual(["token_revoked"]);
    await drained();
    expect(String(sentTo(api, GROUP).at(-1)!.params.text)).toContain("401 Unauthorized");
    expect(service.getWatch(tokenWatch, OWNER).status).toBe("failing");
  });

  it("each subscriber got exactly one copy of each alert of the token watch", () => {
    const alerts = db.prepare("SELECT id FROM alerts WHERE watch_id = ?").pluck().all(tokenWatch) as number[];
    expect(alerts).toHaveLength(8);
    for (const chat of [OWNER, FRIEND, GROUP]) {
      const texts = sentTo(api, chat).map((c) => String(c.params.text)).filter((t) => !t.includes("127.0.31.1"));
      expect(texts).toHaveLength(8);
      expect(new Set(texts).size).toBe(8);
    }
  });

  it("a certificate close to expiry warns once per threshold (14, then 7 days after a swap)", async () => {
    await poll(urlWatch, 3);
    expect(alertKinds(urlWatch)).toEqual(["watch_started", "cert_expiring"]);
    const five = await leafFor(5);
    endpoint.setSecureContext({ key: five.key, cert: [five.cert, ...five.chain].join("\n") });
    await poll(urlWatch, 3);
    expect(alertKinds(urlWatch)).toEqual(["watch_started", "cert_expiring", "cert_expiring"]);
    const payloads = (db.prepare("SELECT payload_json FROM alerts WHERE watch_id = ? AND kind = 'cert_expiring'").pluck().all(urlWatch) as string[]).map((p) => JSON.parse(p));
    expect(payloads.map((p) => p.thresholdDays)).toEqual([14, 7]);
    await drained();
    expect(String(sentTo(api, FRIEND).at(-1)!.params.text)).toMatch(/TLS-сертификат истекает через [45] (дня|дней)/);
  });

  it("the endpoint is down only after two failed checks, alerts once, and recovery says how long", async () => {
    endpointStatus = 502;
    await poll(urlWatch);
    expect(alertKinds(urlWatch)).toHaveLength(3); // one failure: damped
    await poll(urlWatch, 3);
    endpointStatus = 200;
    await poll(urlWatch, 2);
    expect(alertKinds(urlWatch).slice(3)).toEqual(["endpoint_down", "endpoint_up"]);
    await drained();
    const texts = sentTo(api, OWNER).map((c) => String(c.params.text)).filter((t) => t.includes("127.0.31.1"));
    expect(texts.slice(-2)[0]).toContain("the endpoint is down (2 checks in a row failed)");
    expect(texts.slice(-2)[0]).toContain("http.bad_gateway");
    expect(texts.slice(-2)[1]).toContain("the endpoint answers again");
    // The blocked subscriber of this watch was deactivated on its first alert too, and never retried.
    expect(sentTo(api, BLOCKED)).toHaveLength(2);
  });
});
