import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Monitor } from "../../src/monitor/monitor.js";
import { watchAad } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { WatchesRepository } from "../../src/store/watches-repository.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, secretBox, waitUntil } from "./helpers.js";

// The scheduler with an injected clock: after a restart the overdue watches are spread over their
// interval (no burst, none skipped), runs are capped in flight, next runs carry jitter, stop() drains.
// Loopback block: 127.0.30.5.
const TOKEN = "7300501:AAHschedSCHEDschedSCHEDschedSCHED01";
const WATCHES = 100;
const INTERVAL_S = 60;
const MAX_IN_FLIGHT = 10;
const T0 = Date.parse("2026-05-01T12:00:00Z");
const api = new FakeBotApi();
let db: Db;
let clock = T0;
let monitor: Monitor;
let concurrent = 0;
let maxConcurrent = 0;
let checked: number[] = [];

beforeAll(async () => {
  await api.start("127.0.30.5");
  api.addBot(TOKEN, { webhook: { url: "https://sched.example.com/hook" } });
  api.on("getWebhookInfo", async (_p, token) => {
    maxConcurrent = Math.max(maxConcurrent, ++concurrent);
    await new Promise((r) => setTimeout(r, 30)); // a Bot API that takes a moment: checks overlap
    concurrent--;
    return { ...api.bots.get(token)!.webhook };
  });
});
// Each test gets its own database and monitor: none depends on what an earlier one left.
beforeEach(() => {
  clock = T0;
  concurrent = 0;
  maxConcurrent = 0;
  checked = [];
  ({ db } = freshDatabase("wd-monitor-sched-"));
  const box = secretBox();
  const repo = new WatchesRepository(db);
  // Seeded as if the process had been down for an hour: every watch is overdue.
  for (let i = 0; i < WATCHES; i++) {
    repo.insert({ ownerId: 1, url: null, intervalS: INTERVAL_S, nextRunAt: T0 - 3_600_000 + i * 100, createdAt: T0 - 86_400_000 }, (id) => box.seal(TOKEN, watchAad(id)));
  }
  monitor = new Monitor({ db, box, apiRoot: api.url, allowPrivate: true, now: () => clock, maxInFlight: MAX_IN_FLIGHT, tickMs: 20, onCheck: (c) => checked.push(c.watchId) });
});
afterEach(async () => {
  await monitor.stop();
  db.close();
});
afterAll(async () => {
  await api.stop();
});

const nextRuns = () => db.prepare("SELECT next_run_at FROM watches ORDER BY next_run_at").pluck().all() as number[];
/** Nothing left to start at the current clock and nothing running: the scheduler has done all it will. */
const settled = () => monitor.checksInFlight === 0 && (db.prepare("SELECT COUNT(*) FROM watches WHERE next_run_at <= ?").pluck().get(clock) as number) === 0;

describe("scheduler", () => {
  it("after a restart spreads the overdue watches over one interval instead of bursting", async () => {
    monitor.start();
    const runs = nextRuns();
    expect(runs[0]).toBe(T0);
    expect(runs.at(-1)!).toBeLessThan(T0 + INTERVAL_S * 1000);
    // Evenly spread: no two in the same 500 ms slot (100 watches over 60 s → one per 600 ms).
    for (let i = 1; i < runs.length; i++) expect(runs[i] - runs[i - 1]).toBeGreaterThanOrEqual(500);
    await waitUntil(() => checked.length >= 1 && settled(), 10_000, "the first slot's check");
    expect(checked).toHaveLength(1); // only the one whose slot is now
  });

  it("runs every overdue watch within the interval (none skipped), never more than the cap at once", async () => {
    monitor.start();
    clock = T0 + 30_000;
    await waitUntil(() => checked.length >= 51 && settled(), 10_000, "half the watches");
    expect(checked.length).toBe(51); // exactly those whose slot is within the first 30 s
    clock = T0 + INTERVAL_S * 1000;
    await waitUntil(() => new Set(checked).size === WATCHES, 10_000, "every watch");
    expect(maxConcurrent).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(maxConcurrent).toBeGreaterThan(1);
  });

  it("schedules the next runs one interval later with jitter (±10 %)", async () => {
    monitor.start();
    clock = T0 + INTERVAL_S * 1000;
    await waitUntil(() => new Set(checked).size === WATCHES && settled(), 10_000, "every watch");
    const rows = db.prepare("SELECT next_run_at FROM watches").pluck().all() as number[];
    const all = new Set(rows);
    expect(all.size).toBeGreaterThan(WATCHES * 0.9);
    for (const at of rows) {
      expect(at).toBeGreaterThanOrEqual(T0 + INTERVAL_S * 900 - 1);
      expect(at).toBeLessThanOrEqual(T0 + INTERVAL_S * 1000 + INTERVAL_S * 1100);
    }
  });

  it("stop() waits for the checks in flight and records their results", async () => {
    monitor.start();
    db.prepare("UPDATE watches SET next_run_at = ?").run(clock);
    await waitUntil(() => monitor.checksInFlight > 0, 5_000, "checks in flight");
    await monitor.stop();
    expect(monitor.checksInFlight).toBe(0);
    const started = WATCHES - (db.prepare("SELECT COUNT(*) FROM watches WHERE next_run_at <= ?").pluck().get(clock) as number);
    expect(checked.length).toBe(started); // every run that started also wrote its state
    expect(started).toBeLessThan(WATCHES); // and stop() did stop scheduling new ones
  });
});
