import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { OutboxRepository } from "../../src/store/outbox-repository.js";
import { apiError, FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, messageAnswer, secretBox, SENDER_TOKEN } from "./helpers.js";

// Crash in the middle of a fan-out: a child process drains the outbox; the fake Bot API SIGKILLs it when
// the Nth message arrives, BEFORE answering (so Telegram never accepted that one), then the child is
// started again. Every subscriber must end with exactly one copy of each alert. Loopback: 127.0.30.4.
const SUBSCRIBERS = 40;
const KILL_AT = [17, 29]; // the 17th request of the first run and the 29th overall (second run)
const api = new FakeBotApi();
let db: Db;
let dbPath: string;
let child: ChildProcess | undefined;
const children: ChildProcess[] = [];
/** What Telegram accepted: chat → texts. */
const accepted = new Map<number, string[]>();
let requests = 0;
let kills = 0;

const viteNode = fileURLToPath(new URL("../../node_modules/.bin/vite-node", import.meta.url));
const childEntry = fileURLToPath(new URL("./crash-child.ts", import.meta.url));

function runChild(): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const proc = spawn(viteNode, [childEntry, dbPath, api.url, SENDER_TOKEN], { stdio: ["ignore", "pipe", "inherit"] });
    child = proc;
    children.push(proc);
    proc.on("error", reject);
    proc.on("exit", (code, signal) => resolve(signal === "SIGKILL" ? null : code));
  });
}

beforeAll(async () => {
  await api.start("127.0.30.4");
  api.addBot(SENDER_TOKEN);
  api.on("sendMessage", (p) => {
    requests++;
    if (KILL_AT.includes(requests) && child?.pid) {
      kills++;
      process.kill(child.pid, "SIGKILL"); // the sender dies with this request unanswered
      return apiError(500, "killed before answering");
    }
    const chat = Number(p.chat_id);
    accepted.set(chat, [...(accepted.get(chat) ?? []), String(p.text)]);
    return messageAnswer(p);
  });
  ({ db, path: dbPath } = freshDatabase("wd-monitor-crash-"));
  const service = new WatchService({ db, box: secretBox(), apiRoot: api.url });
  const watch = await service.addWatch(1, { url: "https://crash.example.com/hook", label: "Crash test" });
  const { code } = service.createShareCode(watch.id, 1);
  for (let i = 2; i <= SUBSCRIBERS; i++) service.subscribe(code, { chatId: i % 4 === 0 ? -100_000 - i : 9_000 + i, language: ["en", "ru", "zh"][i % 3] });
  // Two alerts fanned out to 40 subscribers: 80 deliveries, written in one transaction with the state.
  const queued = new OutboxRepository(db).commitDetection({
    watchId: watch.id,
    stateJson: "{}",
    status: "failing",
    failingSince: Date.now(),
    alerts: [
      { kind: "endpoint_down", payload: { code: "http.bad_gateway", failures: 2 } },
      { kind: "endpoint_up", payload: { lastedMs: 300_000 } },
    ],
    now: Date.now(),
  });
  expect(queued).toBe(2 * SUBSCRIBERS);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await api.stop();
  db?.close();
});

describe("crash during fan-out", () => {
  it("after SIGKILL and restart, every subscriber has exactly one copy of each alert", async () => {
    expect(await runChild()).toBeNull(); // killed at request 17
    const afterFirst = [...accepted.values()].reduce((n, l) => n + l.length, 0);
    expect(afterFirst).toBe(KILL_AT[0] - 1);
    expect(await runChild()).toBeNull(); // killed again at request 29
    expect(await runChild()).toBe(0); // drains the rest and exits
    expect(kills).toBe(2);

    const chats = db.prepare("SELECT chat_id FROM subscriptions").pluck().all() as number[];
    expect(chats).toHaveLength(SUBSCRIBERS);
    for (const chat of chats) {
      const texts = accepted.get(chat) ?? [];
      expect(texts, `chat ${chat}`).toHaveLength(2);
      expect(texts.filter((t) => t.includes("🔴")), `chat ${chat}`).toHaveLength(1);
      expect(texts.filter((t) => t.includes("🟢")), `chat ${chat}`).toHaveLength(1);
    }
    // The two killed requests were re-sent (80 accepted + 2 unanswered), and the outbox agrees.
    expect(requests).toBe(2 * SUBSCRIBERS + 2);
    expect(db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all()).toEqual([{ status: "sent", n: 2 * SUBSCRIBERS }]);
  }, 90_000);
});
