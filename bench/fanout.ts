/**
 * `npm run bench:fanout`: one alert to 10,000 subscribers at Telegram's broadcast limit. The alert is written
 * through the outbox (one delivery row per subscriber, in one transaction, as detection writes it) and drained
 * by the real AlertSender (grammY's Api over HTTP) into a fake Bot API in a CHILD process that enforces
 * 30 messages in any one-second window, answers 429 with retry_after beyond it, and counts per chat.
 * Writes the achieved rate (accepted messages a second, first to last), lost and duplicated chats, the 429s,
 * CPU and RSS to bench/results/fanout.json. Targets: ≥ 95 % of 30/s, 0 lost, 0 duplicated. About 6 minutes.
 * Settings: FANOUT_BENCH_SUBSCRIBERS (10000), FANOUT_BENCH_LIMIT (30).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AlertSender, TELEGRAM_LIMITS } from "../src/monitor/sender.js";
import { openDatabase } from "../src/store/database.js";
import { OutboxRepository } from "../src/store/outbox-repository.js";
import { SubscriptionsRepository } from "../src/store/subscriptions-repository.js";
import { WatchesRepository } from "../src/store/watches-repository.js";
import { apiError, FakeBotApi } from "../test/support/fake-bot-api.js";

const SUBSCRIBERS = Number(process.env.FANOUT_BENCH_SUBSCRIBERS ?? 10_000);
const LIMIT = Number(process.env.FANOUT_BENCH_LIMIT ?? 30);
const HOST = "127.0.163.1";
const SENDER = "7400001:AAHfanoutFANOUTfanoutFANOUTfanout01";
const FIRST_CHAT = 500_000;

interface FanoutStats {
  accepted: number;
  rejected: number;
  firstAt: number;
  lastAt: number;
  /** chat id → messages accepted for it. */
  perChat: Record<string, number>;
  /** Most messages accepted in any one-second window (must never exceed the limit). */
  maxInOneSecond: number;
}

/** Child mode: the fake Bot API with Telegram's global limit; prints its URL and serves until killed. */
async function serveFakeApi(): Promise<void> {
  const api = new FakeBotApi();
  (api.calls as unknown[]).push = () => 0; // 10,000+ calls: keep no record, count below instead
  api.addBot(SENDER, { username: "doctor_bot" });
  const window: number[] = []; // accept times within the last second
  const stats: FanoutStats = { accepted: 0, rejected: 0, firstAt: 0, lastAt: 0, perChat: {}, maxInOneSecond: 0 };
  let messageId = 1;
  api.on("sendMessage", (p) => {
    const now = Date.now();
    while (window.length && now - window[0] >= 1_000) window.shift();
    if (window.length >= LIMIT) {
      stats.rejected++;
      return apiError(429, `Too Many Requests: retry after 1`, Math.max(1, Math.ceil((window[0] + 1_000 - now) / 1_000)));
    }
    window.push(now);
    stats.maxInOneSecond = Math.max(stats.maxInOneSecond, window.length);
    stats.accepted++;
    stats.firstAt ||= now;
    stats.lastAt = now;
    const chat = String(p.chat_id);
    stats.perChat[chat] = (stats.perChat[chat] ?? 0) + 1;
    return { message_id: messageId++, date: Math.floor(now / 1000), chat: { id: Number(p.chat_id), type: "private" }, text: String(p.text ?? "") };
  });
  api.on("benchStats", () => stats);
  process.stdout.write(`${await api.start(HOST)}\n`);
}

async function startChild(): Promise<{ url: string; stop: () => void }> {
  const self = fileURLToPath(import.meta.url);
  const [cmd, args] = self.endsWith(".ts")
    ? [fileURLToPath(new URL("../node_modules/.bin/vite-node", import.meta.url)), [self, "--", "--fake-api"]]
    : [process.execPath, [self, "--fake-api"]];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("fake Bot API child did not start")), 60_000);
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/[\d.]+:\d+/.exec(out);
      if (m) (clearTimeout(timer), resolve(m[0]));
    });
    child.on("exit", (code) => reject(new Error(`fake Bot API child exited (${code})`)));
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function main(): Promise<void> {
  const fake = await startChild();
  const dir = mkdtempSync(join(tmpdir(), "wd-bench-fanout-"));
  const db = openDatabase(join(dir, "bench.sqlite"));
  const now = Date.now();
  const watch = new WatchesRepository(db).insert({ ownerId: FIRST_CHAT, url: "https://shop.example.com/tg", intervalS: 60, nextRunAt: now + 3_600_000, createdAt: now });
  const subscriptions = new SubscriptionsRepository(db);
  db.transaction(() => {
    for (let i = 0; i < SUBSCRIBERS; i++) subscriptions.upsert(watch.id, FIRST_CHAT + i, null, ["en", "ru", "zh"][i % 3], now);
  })();
  const outbox = new OutboxRepository(db);

  let retries = 0;
  let failedEvents = 0;
  const sender = new AlertSender({
    db,
    token: SENDER,
    apiRoot: fake.url,
    limits: { globalPerSecond: LIMIT },
    onEvent: (event) => {
      if (event.type === "retry") retries++;
      if (event.type === "failed" || event.type === "deactivated") failedEvents++;
    },
  });

  // How long each sendMessage took (one request at a time: the rate can be no higher than 1 / this).
  const requestMs: number[] = [];
  sender.api.config.use(async (prev, method, payload, signal) => {
    const started = performance.now();
    try {
      return await prev(method, payload, signal);
    } finally {
      requestMs.push(performance.now() - started);
    }
  });

  const uptimeAtStart = execFileSync("uptime", { encoding: "utf8" }).trim();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 500);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  // The alert: detection's write, with one delivery per active subscriber, then the sender is woken.
  const queued = outbox.commitDetection({ watchId: watch.id, stateJson: "{}", status: "failing", failingSince: now, alerts: [{ kind: "endpoint_down", payload: { failures: 2, code: "tls.expired" } }], now: Date.now() });
  sender.start();
  sender.wake();
  const deadline = Date.now() + 15 * 60_000;
  while (outbox.pendingCount() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  await sender.stop();
  const wallS = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);

  const answer = await fetch(`${fake.url}/bot${SENDER}/benchStats`, { method: "POST" });
  const stats = ((await answer.json()) as { result: FanoutStats }).result;
  fake.stop();
  const counts = Object.values(stats.perChat);
  const delivered = counts.length;
  const duplicated = counts.reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  const rate = stats.accepted > 1 ? (stats.accepted - 1) / ((stats.lastAt - stats.firstAt) / 1000) : 0;
  const statusCounts = Object.fromEntries((db.prepare("SELECT status, COUNT(*) AS n FROM deliveries GROUP BY status").all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    subscribers: SUBSCRIBERS,
    deliveries_queued: queued,
    limit_per_second: LIMIT,
    run_s: Math.round(wallS),
    accepted_by_fake: stats.accepted,
    answered_429: stats.rejected,
    sender_retries: retries,
    achieved_per_second: Number(rate.toFixed(2)),
    achieved_ratio_of_limit: Number((rate / LIMIT).toFixed(3)),
    max_accepted_in_one_second: stats.maxInOneSecond,
    send_request_ms: (() => {
      const sorted = [...requestMs].sort((a, b) => a - b);
      const at = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1));
      return { p50: at(0.5), p99: at(0.99), max: at(1) };
    })(),
    chats_delivered: delivered,
    lost: SUBSCRIBERS - delivered,
    duplicated,
    failed_or_deactivated: failedEvents,
    deliveries_by_status: statusCounts,
    cpu_cores: Number(((cpu.user + cpu.system) / 1e6 / wallS).toFixed(3)),
    rss_mb: { before_start: Math.round(rssBefore / 1e6), peak: Math.round(rssPeak / 1e6) },
    load: { uptime_at_start: uptimeAtStart, uptime_at_end: execFileSync("uptime", { encoding: "utf8" }).trim(), loadavg_at_end: loadavg().map((l) => Number(l.toFixed(2))), cores: cpus().length },
    sender_limits: { ...TELEGRAM_LIMITS, globalPerSecond: LIMIT },
    targets: { achieved_ratio_of_limit: 0.95, lost: 0, duplicated: 0 },
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const out = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./results/" : "../../bench/results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "fanout.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

if (process.argv.includes("--fake-api")) {
  void serveFakeApi();
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
