import { rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { OutboxRepository } from "../../src/store/outbox-repository.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, secretBox, SENDER_TOKEN, sentTo, waitUntil } from "./helpers.js";
import { startInstance, type Instance } from "./instance.js";

// Poison rows and a locked database against a real bot instance process (instance-child.ts: the monitor as
// main.ts composes it) on a real SQLite file, delivering through the fake Bot API. Rows that cannot be rendered
// are set aside with their reason logged, the others are delivered, and the process stays up.
// Loopback block: 127.0.140.20-29.
const api = new FakeBotApi();
let db: Db;
let dbPath: string;
let dir: string;
let service: WatchService;
let outbox: OutboxRepository;
const instances: Instance[] = [];
let refusing: Server;
const FAR = 4_000_000_000_000; // a next_run_at nobody reaches: these tests drive the outbox, not the schedule

beforeAll(async () => {
  await api.start("127.0.140.20");
  api.addBot(SENDER_TOKEN);
  ({ db, path: dbPath, dir } = freshDatabase("wd-monitor-poison-"));
  service = new WatchService({ db, box: secretBox(), apiRoot: api.url });
  outbox = new OutboxRepository(db);
  // An endpoint that accepts TCP and closes at once: its check fails, so a due watch alerts "down".
  refusing = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => refusing.listen(443, "127.0.140.21", resolve));
});
afterEach(async () => {
  await Promise.all(instances.splice(0).map((i) => i.stop()));
});
afterAll(async () => {
  await api.stop();
  await new Promise((resolve) => refusing.close(resolve));
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

let owner = 14_000;
async function watchWithSubscribers(): Promise<{ watchId: number; chats: number[] }> {
  const chat = ++owner;
  const watch = await service.addWatch(chat, { url: `https://127.0.140.21/hook-${chat}` });
  db.prepare("UPDATE watches SET next_run_at = ? WHERE id = ?").run(FAR, watch.id);
  const { code } = service.createShareCode(watch.id, chat);
  const group = -1_000_000 - chat;
  service.subscribe(code, { chatId: group, language: "ru" });
  return { watchId: watch.id, chats: [chat, group] };
}

/** An alert row written as a damaged or foreign version would have written it, fanned out to every subscriber. */
function insertRaw(watchId: number, kind: string, payloadJson: string): number {
  return db.transaction(() => {
    const alertId = Number(db.prepare("INSERT INTO alerts (watch_id, kind, payload_json, created_at) VALUES (?, ?, ?, ?)").run(watchId, kind, payloadJson, Date.now()).lastInsertRowid);
    db.prepare("INSERT INTO deliveries (alert_id, subscription_id, next_attempt_at) SELECT ?, id, ? FROM subscriptions WHERE watch_id = ?").run(alertId, Date.now(), watchId);
    return alertId;
  })();
}

function queueGood(watchId: number, alerts: Array<{ kind: string; payload: Record<string, unknown> }>): void {
  outbox.commitDetection({ watchId, stateJson: "{}", status: "healthy", failingSince: null, alerts, now: Date.now() });
}

const statuses = (alertId: number) => db.prepare("SELECT status, last_error FROM deliveries WHERE alert_id = ? ORDER BY id").all(alertId) as Array<{ status: string; last_error: string | null }>;
const pending = () => db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").pluck().get() as number;

describe("poison rows in the outbox", () => {
  it("sets aside malformed JSON, an unknown kind and payloads failing the schema, delivers the rest, and stays up (also after a restart)", async () => {
    const { watchId, chats } = await watchWithSubscribers();
    queueGood(watchId, [{ kind: "endpoint_up", payload: { lastedMs: 300_000 } }]);
    const poison = [
      insertRaw(watchId, "endpoint_up", '{"lastedMs": 3'), // cut short
      insertRaw(watchId, "meteor_strike", "{}"), // a kind this version does not know
      insertRaw(watchId, "endpoint_down", '{"failures": "two"}'), // wrong type
      insertRaw(watchId, "backlog_rising", "[1, 2]"), // not an object
      insertRaw(watchId, "error_changed", '{"message": "502", "errorDate": 1}'), // a required field missing
    ];
    queueGood(watchId, [{ kind: "endpoint_down", payload: { code: "http.bad_gateway", failures: 2 } }]);

    const first = startInstance(dbPath, api.url, "first");
    instances.push(first);
    await waitUntil(() => pending() === 0 || !first.alive(), 30_000, "the outbox to drain");
    expect(first.alive(), first.raw().slice(-2000)).toBe(true);
    for (const chat of chats) {
      const texts = sentTo(api, chat).map((c) => String(c.params.text));
      expect(texts, `chat ${chat}`).toHaveLength(2);
      expect(texts.filter((t) => t.includes("🟢"))).toHaveLength(1);
      expect(texts.filter((t) => t.includes("🔴"))).toHaveLength(1);
    }
    const reasons = [/not JSON/, /"meteor_strike"/, /failures/, /not a JSON object/, /code/];
    poison.forEach((alertId, i) => {
      for (const row of statuses(alertId)) {
        expect(row.status).toBe("dead");
        expect(row.last_error).toMatch(reasons[i]);
      }
    });
    const deadLines = first.lines.filter((l) => l.msg?.includes("dead letter"));
    expect(deadLines).toHaveLength(poison.length * chats.length);
    expect(deadLines.every((l) => l.level === 50 && /cannot render/.test(l.event.reason))).toBe(true);

    // The restart that used to crash-loop: a new process reads the same file, sends nothing twice, keeps going.
    expect(await first.stop()).toBe(0);
    const sentBefore = api.callsOf("sendMessage", SENDER_TOKEN).length;
    const second = startInstance(dbPath, api.url, "second");
    instances.push(second);
    await second.waitForLine((l) => l.msg === "ready", 30_000, "ready");
    queueGood(watchId, [{ kind: "endpoint_up", payload: { lastedMs: 60_000 } }]);
    await waitUntil(() => pending() === 0 || !second.alive(), 30_000, "the new alert");
    expect(second.alive()).toBe(true);
    expect(api.callsOf("sendMessage", SENDER_TOKEN).length).toBe(sentBefore + chats.length);
    expect(second.lines.filter((l) => l.msg?.includes("dead letter"))).toEqual([]);
  }, 90_000);
});

describe("background loops on a locked database", () => {
  it("the scheduler and the sender log the failure with its stack and go on once the lock is gone", async () => {
    const { watchId, chats } = await watchWithSubscribers();
    const instance = startInstance(dbPath, api.url, "locked");
    instances.push(instance);
    await instance.waitForLine((l) => l.msg === "ready", 30_000, "ready");
    // Due in a moment: the watch (the scheduler claims it with a write) and a poison row (the sender marks it
    // with a write). Then another connection holds the write lock longer than busy_timeout (5 s).
    const dueAt = Date.now() + 1_000;
    db.prepare("UPDATE watches SET next_run_at = ? WHERE id = ?").run(dueAt, watchId);
    const poisonId = insertRaw(watchId, "endpoint_up", "not json");
    db.prepare("UPDATE deliveries SET next_attempt_at = ? WHERE alert_id = ?").run(dueAt, poisonId);
    db.exec("BEGIN IMMEDIATE");
    try {
      const failed = (loop: string) => (l: Record<string, any>) => l.msg?.includes("background loop failed") && l.loop === loop;
      const scheduler = await instance.waitForLine(failed("scheduler"), 30_000, "the scheduler's failure");
      const sender = await instance.waitForLine(failed("sender"), 30_000, "the sender's failure");
      for (const line of [scheduler, sender]) {
        expect(line.level).toBe(50);
        expect(line.err.message).toMatch(/database is locked/);
        expect(line.err.stack).toMatch(/\n\s+at /);
      }
    } finally {
      db.exec("ROLLBACK");
    }
    // Both loops are still running: the watch is checked (its first look: every subscriber hears its state)
    // and the poison row is set aside.
    await waitUntil(() => chats.every((c) => sentTo(api, c).length > 0) || !instance.alive(), 30_000, "the watch's first alert");
    expect(JSON.parse(db.prepare("SELECT state_json FROM watches WHERE id = ?").pluck().get(watchId) as string)).toMatchObject({ probeFailures: 1 });
    await waitUntil(() => statuses(poisonId).every((r) => r.status === "dead") || !instance.alive(), 30_000, "the dead letter");
    expect(instance.alive()).toBe(true);
    expect(await instance.stop()).toBe(0);
  }, 90_000);
});

describe("a watch state that does not parse", () => {
  it.each([
    ["malformed JSON", '{"down": tru'],
    ["a field of the wrong type", '{"probeFailures": "many", "down": "yes"}'],
  ])("(%s) is logged and started over as a baseline; the watch keeps being checked", async (_what, stateJson) => {
    const { watchId, chats } = await watchWithSubscribers();
    db.prepare("UPDATE watches SET state_json = ?, next_run_at = ? WHERE id = ?").run(stateJson, Date.now(), watchId);
    const instance = startInstance(dbPath, api.url, "bad-state");
    instances.push(instance);
    const line = await instance.waitForLine((l) => l.msg?.includes("watch state does not parse") && l.watchId === watchId, 30_000, "the bad state's log line");
    expect(line.level).toBe(50);
    // The check went on from an empty state, as a new watch's first look: every subscriber hears its state.
    await waitUntil(() => chats.every((c) => sentTo(api, c).length > 0) || !instance.alive(), 30_000, "the watch's first alert");
    const state = JSON.parse(db.prepare("SELECT state_json FROM watches WHERE id = ?").pluck().get(watchId) as string);
    expect(state).toMatchObject({ down: true, probeFailures: 1 });
    expect(instance.alive()).toBe(true);
  }, 60_000);
});
