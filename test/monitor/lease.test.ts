import { rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { OutboxRepository } from "../../src/store/outbox-repository.js";
import { apiError, FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN, waitUntil } from "./helpers.js";
import { startInstance, type Instance } from "./instance.js";

// Two real bot instances (instance-child.ts: the monitor as main.ts composes it) on ONE SQLite file, as in a
// rolling deploy. Only the holder of the monitor lease checks watches and sends alerts; the other waits, and
// takes over when the holder is SIGKILLed (after the lease expires) or stops cleanly (at once).
// Loopback block: 127.0.140.30-39.
const LEASE = { ttlMs: 3_000, renewEveryMs: 1_000 };
const FAR = 4_000_000_000_000;
const api = new FakeBotApi();
let refusing: Server;
const instances: Instance[] = [];
const cleanup: Array<() => void> = [];
/** What Telegram accepted: chat → texts. */
const accepted = new Map<number, string[]>();
/** Called with each sendMessage before it is answered; returning an answer replaces Telegram's. */
let interceptSend: ((chat: number) => ReturnType<typeof apiError> | undefined) | undefined;

beforeAll(async () => {
  await api.start("127.0.140.30");
  api.addBot(SENDER_TOKEN);
  api.on("sendMessage", (p) => {
    const chat = Number(p.chat_id);
    const replaced = interceptSend?.(chat);
    if (replaced) return replaced;
    accepted.set(chat, [...(accepted.get(chat) ?? []), String(p.text)]);
    return messageAnswer(p);
  });
  refusing = createServer((s) => s.destroy());
  await new Promise<void>((resolve) => refusing.listen(443, "127.0.140.31", resolve));
});
afterEach(async () => {
  interceptSend = undefined;
  await Promise.all(instances.splice(0).map((i) => (i.alive() ? (i.proc.kill("SIGKILL"), i.exited) : i.exited)));
  for (const step of cleanup.splice(0)) step();
});
afterAll(async () => {
  await api.stop();
  await new Promise((resolve) => refusing.close(resolve));
});

function database(): { db: Db; dbPath: string; service: WatchService; outbox: OutboxRepository } {
  const { db, path, dir } = freshDatabase("wd-monitor-lease-");
  cleanup.push(() => (db.close(), rmSync(dir, { recursive: true, force: true })));
  return { db, dbPath: path, service: new WatchService({ db, box: secretBox(), apiRoot: api.url }), outbox: new OutboxRepository(db) };
}

let nextOwner = 15_000;
/** A URL watch on the refusing endpoint, owner subscribed, plus `extra` group subscribers. */
async function addWatch(d: ReturnType<typeof database>, nextRunAt: number, extra = 1): Promise<{ watchId: number; chats: number[] }> {
  const owner = ++nextOwner;
  const watch = await d.service.addWatch(owner, { url: `https://127.0.140.31/hook-${owner}` });
  d.db.prepare("UPDATE watches SET next_run_at = ? WHERE id = ?").run(nextRunAt, watch.id);
  const { code } = d.service.createShareCode(watch.id, owner);
  const chats = [owner];
  for (let i = 1; i <= extra; i++) {
    const chat = -2_000_000 - owner * 100 - i;
    d.service.subscribe(code, { chatId: chat, language: "en" });
    chats.push(chat);
  }
  return { watchId: watch.id, chats };
}

const checksOf = (instance: Instance, watchId: number) => instance.lines.filter((l) => l.msg === "watch checked" && l.watchId === watchId);
const sendsOf = (instance: Instance) => instance.lines.filter((l) => l.msg === "alert sender" && l.event?.type === "sent");
const leaseTaken = (l: Record<string, any>) => typeof l.msg === "string" && l.msg.startsWith("monitor lease taken");
const pending = (db: Db) => db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").pluck().get() as number;

describe("two instances on one database", () => {
  it("only the lease holder checks and sends; after a SIGKILL the other takes over within the lease expiry, with no double check or alert", async () => {
    const d = database();
    const early = await Promise.all([1, 2, 3].map(() => addWatch(d, FAR)));
    const late = await Promise.all([1, 2, 3].map(() => addWatch(d, FAR)));
    const broadcast = await addWatch(d, FAR, 30);

    const a = startInstance(d.dbPath, api.url, "a", { lease: LEASE });
    instances.push(a);
    await a.waitForLine(leaseTaken, 30_000, "a: lease taken");
    const b = startInstance(d.dbPath, api.url, "b", { lease: LEASE });
    instances.push(b);
    await b.waitForLine((l) => l.msg?.startsWith("another instance holds the monitor lease"), 30_000, "b: waiting");

    // Watches fall due (set now, not before the start: overdue ones would be spread over their interval).
    // A checks them and sends their first-look alerts; B, running beside it, does nothing.
    d.db.prepare(`UPDATE watches SET next_run_at = ? WHERE id IN (${early.map((w) => w.watchId).join(",")})`).run(Date.now());
    await waitUntil(() => early.every((w) => checksOf(a, w.watchId).length === 1) && pending(d.db) === 0, 30_000, "a's checks and alerts");

    // Now a fan-out of 2 alerts to 31 chats; A is SIGKILLed when it sends the 10th, before Telegram answers.
    let requests = 0;
    let killedAt = 0;
    interceptSend = (chat) => {
      if (!broadcast.chats.includes(chat) || ++requests !== 10) return undefined;
      killedAt = Date.now();
      a.proc.kill("SIGKILL");
      return apiError(500, "killed before answering");
    };
    d.outbox.commitDetection({
      watchId: broadcast.watchId,
      stateJson: "{}",
      status: "failing",
      failingSince: Date.now(),
      alerts: [
        { kind: "endpoint_down", payload: { code: "http.bad_gateway", failures: 2 } },
        { kind: "endpoint_up", payload: { lastedMs: 300_000 } },
      ],
      now: Date.now(),
    });
    expect(await a.exited).toBeNull();
    expect(checksOf(b, early[0].watchId)).toEqual([]);
    expect(sendsOf(b)).toEqual([]);

    // B takes over once the lease has expired: at most ttl + one renew period after A's death.
    const taken = await b.waitForLine(leaseTaken, 15_000, "b: lease taken");
    const takeoverMs = taken.time - killedAt;
    expect(takeoverMs).toBeGreaterThan(0);
    expect(takeoverMs).toBeLessThanOrEqual(LEASE.ttlMs + LEASE.renewEveryMs + 500);
    await waitUntil(() => pending(d.db) === 0, 30_000, "b to drain the outbox");

    // B checks what falls due on its watch.
    d.db.prepare(`UPDATE watches SET next_run_at = ? WHERE id IN (${late.map((w) => w.watchId).join(",")})`).run(Date.now());
    await waitUntil(() => late.every((w) => checksOf(b, w.watchId).length === 1) && pending(d.db) === 0, 30_000, "b's checks and alerts");

    // No watch was checked twice, nor by both.
    for (const w of early) expect([checksOf(a, w.watchId).length, checksOf(b, w.watchId).length], `watch ${w.watchId}`).toEqual([1, 0]);
    for (const w of late) expect([checksOf(a, w.watchId).length, checksOf(b, w.watchId).length], `watch ${w.watchId}`).toEqual([0, 1]);
    // No alert twice: each subscriber of a checked watch got its one first-look message, each broadcast chat
    // one copy of each alert (the request A died on was never accepted; B sent it again).
    for (const w of [...early, ...late]) for (const chat of w.chats) expect(accepted.get(chat), `chat ${chat}`).toHaveLength(1);
    for (const chat of broadcast.chats) {
      const texts = accepted.get(chat) ?? [];
      expect(texts.filter((t) => t.includes("🔴")), `chat ${chat}`).toHaveLength(1);
      expect(texts.filter((t) => t.includes("🟢")), `chat ${chat}`).toHaveLength(1);
    }
    expect(sendsOf(a).length + sendsOf(b).length).toBe(6 * 2 + 2 * 31);
    expect(b.alive()).toBe(true);
    console.info(`lease takeover after SIGKILL: ${takeoverMs} ms (ttl ${LEASE.ttlMs} ms, renew every ${LEASE.renewEveryMs} ms)`);
  }, 120_000);

  it("a clean stop (SIGTERM, a rolling deploy) hands the lease over at once, without waiting for it to expire", async () => {
    const d = database();
    const watch = await addWatch(d, FAR);
    const a = startInstance(d.dbPath, api.url, "a", { lease: { ttlMs: 60_000, renewEveryMs: 1_000 } });
    instances.push(a);
    await a.waitForLine(leaseTaken, 30_000, "a: lease taken");
    const b = startInstance(d.dbPath, api.url, "b", { lease: { ttlMs: 60_000, renewEveryMs: 1_000 } });
    instances.push(b);
    await b.waitForLine((l) => l.msg?.startsWith("another instance holds the monitor lease"), 30_000, "b: waiting");
    const stoppedAt = Date.now();
    expect(await a.stop()).toBe(0);
    expect(a.lines.some((l) => l.msg === "monitor lease released")).toBe(true);
    const taken = await b.waitForLine(leaseTaken, 10_000, "b: lease taken");
    expect(taken.time - stoppedAt).toBeLessThan(5_000); // far below the 60 s expiry
    d.db.prepare("UPDATE watches SET next_run_at = ? WHERE id = ?").run(Date.now(), watch.watchId);
    await waitUntil(() => checksOf(b, watch.watchId).length === 1 && pending(d.db) === 0, 30_000, "b's check");
    for (const chat of watch.chats) expect(accepted.get(chat), `chat ${chat}`).toHaveLength(1);
    expect(await b.stop()).toBe(0);
  }, 90_000);
});
