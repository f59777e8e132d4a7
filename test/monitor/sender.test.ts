import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AlertSender, type SendLimits, type SenderEvent } from "../../src/monitor/sender.js";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { OutboxRepository } from "../../src/store/outbox-repository.js";
import { apiError, FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN, sentTo, waitUntil } from "./helpers.js";

// The sender against the fake Bot API: 429 retry_after, 5xx backoff (bounded), gone chats, per-chat spacing.
// Loopback block: 127.0.30.2.
const api = new FakeBotApi();
let db: Db;
let service: WatchService;
let outbox: OutboxRepository;
let sender: AlertSender | undefined;
const events: SenderEvent[] = [];
let owner = 9300;

beforeAll(async () => {
  await api.start("127.0.30.2");
  api.addBot(SENDER_TOKEN);
  api.on("sendMessage", (p) => messageAnswer(p));
  ({ db } = freshDatabase("wd-monitor-sender-"));
  service = new WatchService({ db, box: secretBox(), apiRoot: api.url });
  outbox = new OutboxRepository(db);
});
afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  events.length = 0;
});
afterAll(async () => {
  await api.stop();
  db.close();
});

/** A URL-only watch owned by a fresh user (his chat is subscribed), with `alerts` endpoint_up alerts queued. */
async function queued(alerts: number, extraChats: number[] = []): Promise<{ watchId: number; chat: number }> {
  const chat = ++owner;
  const watch = await service.addWatch(chat, { url: `https://svc${chat}.example.com/hook` });
  const { code } = service.createShareCode(watch.id, chat);
  for (const c of extraChats) service.subscribe(code, { chatId: c, language: "en" });
  outbox.commitDetection({
    watchId: watch.id,
    stateJson: "{}",
    status: "healthy",
    failingSince: null,
    alerts: Array.from({ length: alerts }, (_, i) => ({ kind: "endpoint_up", payload: { lastedMs: (i + 1) * 60_000 } })),
    now: Date.now(),
  });
  return { watchId: watch.id, chat };
}

function startSender(limits: Partial<SendLimits> = {}) {
  sender = new AlertSender({ db, token: SENDER_TOKEN, apiRoot: api.url, limits: { perChatIntervalMs: 0, backoffBaseMs: 100, ...limits }, onEvent: (e) => events.push(e) });
  sender.start();
}

function deliveryStates(watchId: number) {
  return db
    .prepare("SELECT d.status, d.attempts FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.watch_id = ? ORDER BY d.id")
    .all(watchId) as Array<{ status: string; attempts: number }>;
}

describe("alert sender", () => {
  it("honours retry_after of a 429: waits that long, then sends once", async () => {
    const { watchId, chat } = await queued(1);
    api.failNext("sendMessage", apiError(429, "Too Many Requests: retry after 1", 1));
    startSender();
    await waitUntil(() => deliveryStates(watchId)[0]?.status === "sent", 10_000, "the delivery");
    const calls = sentTo(api, chat);
    expect(calls).toHaveLength(2);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(990);
    expect(events.find((e) => e.type === "retry")).toMatchObject({ afterMs: 1000 });
    expect(deliveryStates(watchId)).toEqual([{ status: "sent", attempts: 1 }]); // a 429 is not a failed attempt
  });

  it("retries a 5xx with growing backoff and delivers once", async () => {
    const { watchId, chat } = await queued(1);
    api.failNext("sendMessage", apiError(502, "Bad Gateway"), 2);
    startSender();
    await waitUntil(() => deliveryStates(watchId)[0]?.status === "sent", 10_000, "the delivery");
    const calls = sentTo(api, chat);
    expect(calls).toHaveLength(3);
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(95);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(195);
    expect(deliveryStates(watchId)).toEqual([{ status: "sent", attempts: 3 }]);
  });

  it("gives up on a 5xx that never ends after maxAttempts (bounded), marking the delivery failed", async () => {
    const { watchId, chat } = await queued(1);
    api.on("sendMessage", (p) => (Number(p.chat_id) === chat ? apiError(500, "Internal Server Error") : messageAnswer(p)));
    startSender({ maxAttempts: 3, backoffBaseMs: 20 });
    await waitUntil(() => deliveryStates(watchId)[0]?.status === "failed", 10_000, "giving up");
    await sender!.stop(); // nothing in flight any more: what was sent is all that will ever be sent
    api.on("sendMessage", (p) => messageAnswer(p));
    expect(sentTo(api, chat)).toHaveLength(3);
    expect(deliveryStates(watchId)).toEqual([{ status: "failed", attempts: 3 }]);
  });

  it("deactivates a group that answers 400 chat not found, and drops its other pending alerts", async () => {
    const group = -1009301;
    const { watchId } = await queued(3, [group]);
    api.on("sendMessage", (p) => (Number(p.chat_id) === group ? apiError(400, "Bad Request: chat not found") : messageAnswer(p)));
    startSender();
    await waitUntil(() => deliveryStates(watchId).every((d) => d.status !== "pending"), 10_000, "settled deliveries");
    api.on("sendMessage", (p) => messageAnswer(p));
    expect(sentTo(api, group)).toHaveLength(1);
    expect(db.prepare("SELECT active FROM subscriptions WHERE chat_id = ?").pluck().get(group)).toBe(0);
    expect(deliveryStates(watchId).map((d) => d.status).sort()).toEqual(["dropped", "dropped", "dropped", "sent", "sent", "sent"]);
  });

  it("follows a group upgraded to a supergroup (migrate_to_chat_id) and delivers there once", async () => {
    const oldGroup = -9303;
    const newGroup = -1009303;
    const { watchId } = await queued(1, [oldGroup]);
    api.on("sendMessage", (p) =>
      Number(p.chat_id) === oldGroup
        ? { ok: false, error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: newGroup } }
        : messageAnswer(p),
    );
    startSender();
    await waitUntil(() => deliveryStates(watchId).every((d) => d.status === "sent"), 10_000, "both deliveries");
    api.on("sendMessage", (p) => messageAnswer(p));
    expect(sentTo(api, oldGroup)).toHaveLength(1);
    expect(sentTo(api, newGroup)).toHaveLength(1);
    expect(db.prepare("SELECT chat_id, active FROM subscriptions WHERE watch_id = ? AND chat_id < 0").all(watchId)).toEqual([{ chat_id: newGroup, active: 1 }]);
  });

  it("keeps about one message a second per chat with Telegram's default spacing", async () => {
    const { watchId, chat } = await queued(3);
    startSender({ perChatIntervalMs: 1_000 });
    await waitUntil(() => deliveryStates(watchId).every((d) => d.status === "sent"), 10_000, "three deliveries");
    const at = sentTo(api, chat).map((c) => c.at);
    expect(at).toHaveLength(3);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(990);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(990);
  });

  it("holds a group to its per-minute budget", async () => {
    const group = -1009302;
    const { watchId } = await queued(3, [group]);
    startSender({ groupPerMinute: 2 });
    await waitUntil(() => sentTo(api, group).length === 2 && deliveryStates(watchId).filter((d) => d.status === "sent").length === 5, 10_000, "five deliveries");
    await sender!.stop();
    // The third message to the group waits for the minute to pass (the sender says so when asked to send);
    // the private chat got all three.
    let waitMs = 0;
    for (let round = 0; round < 5 && waitMs < 1_000; round++) {
      if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs)); // the global 30/s spacing, a few ms
      waitMs = await sender!.sendOne();
    }
    expect(waitMs).toBeGreaterThan(50_000);
    expect(sentTo(api, group)).toHaveLength(2);
    expect(deliveryStates(watchId).filter((d) => d.status === "pending")).toHaveLength(1);
  });
});
