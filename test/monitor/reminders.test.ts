import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Monitor } from "../../src/monitor/monitor.js";
import { WatchService } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { freshDatabase, secretBox, SENDER_TOKEN, sentTo, waitUntil } from "./helpers.js";

// A long outage end to end, with the monitor's clock in the test's hands: reminders come after 1 h, then
// every 6 h, at most 4, each sent once. Loopback block: fake Bot API 127.0.32.1, endpoint 127.0.32.10.
const OWNER = 9201;
const HOUR = 3_600_000;
const api = new FakeBotApi();
let db: Db;
let monitor: Monitor;
let endpoint: TestServer;
let clock = Date.UTC(2026, 10, 24, 8, 0, 0);
let watchId: number;

async function pollAt(at: number): Promise<void> {
  clock = at;
  monitor.watches.setNextRunAt(watchId, 0);
  await Promise.all(monitor.startDue());
  await waitUntil(() => monitor.outbox.pendingCount() === 0, 10_000, "the outbox to drain");
}

beforeAll(async () => {
  await api.start("127.0.32.1");
  api.addBot(SENDER_TOKEN, { username: "webhook_doctor_bot" });
  const pki = await testPki();
  const leaf = await issueLeaf("127.0.32.10", { names: ["127.0.32.10"] });
  endpoint = await startTlsServer({ address: "127.0.32.10", key: leaf.key, cert: leaf.cert, chain: leaf.chain, handler: (_req, res) => void res.writeHead(502, "Bad Gateway").end() });
  ({ db } = freshDatabase("wd-reminders-"));
  const box = secretBox();
  const now = () => clock;
  const service = new WatchService({ db, box, apiRoot: api.url, now });
  monitor = new Monitor({
    db,
    box,
    apiRoot: api.url,
    senderToken: SENDER_TOKEN,
    allowPrivate: true,
    now,
    checkOptions: { extraCa: [pki.root.cert], httpTimeoutMs: 5_000, totalTimeoutMs: 15_000 },
    senderLimits: { perChatIntervalMs: 0, backoffBaseMs: 20 },
  });
  monitor.sender!.start();
  watchId = (await service.addWatch(OWNER, { url: "https://127.0.32.10/hook", language: "en" })).id;
});

afterAll(async () => {
  await monitor?.stop();
  await api.stop();
  await endpoint?.close();
  db?.close();
});

describe("a long outage", () => {
  it("is announced once, reminded after 1 h and then every 6 h, four times at most, each once", async () => {
    const start = clock;
    // A new watch failing from its first check: the start message says so, once; no "down" repeats it.
    await pollAt(start);
    await pollAt(start + 60_000);
    const texts = () => sentTo(api, OWNER).map((c) => String(c.params.text));
    const announced = () => texts().filter((t) => t.includes("The endpoint: currently failing"));
    expect(announced()).toHaveLength(1);
    expect(announced()[0]).toContain("(http.bad_gateway)");
    expect(texts().filter((t) => t.includes("the endpoint is down"))).toHaveLength(0);

    // Polls every few minutes for a day and a half: reminders only at their times.
    for (let at = start + 5 * 60_000; at <= start + 36 * HOUR; at += 20 * 60_000) await pollAt(at);
    const reminders = texts().filter((t) => t.includes("still down"));
    expect(reminders).toHaveLength(4);
    expect(reminders[0]).toContain("reminder 1 of 4");
    expect(reminders[3]).toContain("reminder 4 of 4");
    expect(announced()).toHaveLength(1);
    expect(texts().filter((t) => t.includes("the endpoint is down"))).toHaveLength(0);
    const rows = db.prepare("SELECT kind, created_at FROM alerts WHERE watch_id = ? ORDER BY id").all(watchId) as Array<{ kind: string; created_at: number }>;
    expect(rows.map((r) => r.kind)).toEqual(["watch_started", "endpoint_still_down", "endpoint_still_down", "endpoint_still_down", "endpoint_still_down"]);
    // Hours after the outage began (polls are 20 min apart, so each lands within the next poll).
    const hoursIn = rows.slice(1).map((r) => (r.created_at - start) / HOUR);
    expect(hoursIn[0]).toBeGreaterThanOrEqual(1);
    expect(hoursIn[0]).toBeLessThan(1.4);
    for (let i = 2; i < 5; i++) {
      // Whole milliseconds between reminders (hours as floats would round 6 h to 5.999…).
      const gap = rows[i].created_at - rows[i - 1].created_at;
      expect(gap).toBeGreaterThanOrEqual(6 * HOUR);
      expect(gap).toBeLessThan(6.4 * HOUR);
    }
  });
});
