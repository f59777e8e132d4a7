/**
 * `npm run bench:monitor`: the watching engine's design target, measured. Seeds 10,000 token watches
 * (60 s interval) in a fresh SQLite file, all overdue as after a restart, and runs the real Monitor
 * (scheduler, getWebhookInfo with the decrypted token, detection, outbox write) for a bounded time
 * against a local fake Bot API running in a CHILD process, so the figures are the monitor's alone.
 * Every 10 s a new delivery error appears on 1 % of the bots, so alerts also flow through the outbox and
 * the sender (one subscriber per watch, 2,000 chats, Telegram's limits).
 * Writes schedule lag p50/p99/max, CPU (cores), peak RSS, throughput and alert latency to
 * bench/results/monitor.json.
 * Loopback only (127.0.30.200). Settings: MONITOR_BENCH_WATCHES (10000), MONITOR_BENCH_SECONDS (120).
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Monitor } from "../src/monitor/monitor.js";
import { watchAad } from "../src/monitor/watch-service.js";
import { openDatabase } from "../src/store/database.js";
import { SecretBox } from "../src/store/secret-box.js";
import { SubscriptionsRepository } from "../src/store/subscriptions-repository.js";
import { WatchesRepository } from "../src/store/watches-repository.js";
import { FakeBotApi } from "../test/support/fake-bot-api.js";

const WATCHES = Number(process.env.MONITOR_BENCH_WATCHES ?? 10_000);
const SECONDS = Number(process.env.MONITOR_BENCH_SECONDS ?? 120);
const INTERVAL_S = 60;
const HOST = "127.0.30.200";

const SENDER_TOKEN = "7399999:AAHbenchSENDERbenchSENDERbenchSENDER";
const tokenOf = (i: number) => `${8_000_000 + i}:AAH${String(i).padStart(8, "0")}benchBENCHbenchBENCHbe`;

/** Child mode: the fake Bot API, knowing every watched bot; prints its URL and serves until killed. */
async function serveFakeApi(): Promise<void> {
  const api = new FakeBotApi();
  for (let i = 0; i < WATCHES; i++) api.addBot(tokenOf(i), { webhook: { url: `https://bot${i}.example.com/hook`, has_custom_certificate: false, pending_update_count: 0 } });
  // The bench sends ~170 requests a second for minutes: do not keep every call in memory.
  (api.calls as unknown[]).push = () => 0;
  api.addBot(SENDER_TOKEN);
  // Every 10 s a new delivery error appears on the next 1 % of the bots: alerts flow through the outbox
  // and the sender while the schedule keeps running.
  let round = 0;
  setInterval(() => {
    const from = (round * WATCHES) / 100;
    for (let i = from; i < from + WATCHES / 100; i++) {
      const hook = api.bots.get(tokenOf(i % WATCHES))!.webhook;
      hook.last_error_message = `Wrong response from the webhook: ${502 + (round % 3)} Bad Gateway`;
      hook.last_error_date = Math.floor(Date.now() / 1000);
    }
    round++;
  }, 10_000);
  process.stdout.write(`${await api.start(HOST)}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function startChild(): Promise<{ url: string; stop: () => void }> {
  const self = fileURLToPath(import.meta.url);
  const [cmd, args] = self.endsWith(".ts")
    ? [fileURLToPath(new URL("../node_modules/.bin/vite-node", import.meta.url)), [self, "--", "--fake-api"]]
    : [process.execPath, [self, "--fake-api"]];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/[\d.]+:\d+/.exec(out);
      if (m) resolve(m[0]);
    });
    child.on("exit", (code) => reject(new Error(`fake Bot API child exited (${code})`)));
    setTimeout(() => reject(new Error("fake Bot API child did not start")), 60_000).unref();
  });
  return { url, stop: () => child.kill("SIGTERM") };
}

async function main(): Promise<void> {
  const fake = await startChild();
  const dir = mkdtempSync(join(tmpdir(), "wd-bench-monitor-"));
  const dbPath = join(dir, "bench.sqlite");
  const db = openDatabase(dbPath);
  const box = new SecretBox("ab".repeat(32));
  const repo = new WatchesRepository(db);
  const subscriptions = new SubscriptionsRepository(db);
  const seededAt = Date.now();
  db.transaction(() => {
    for (let i = 0; i < WATCHES; i++) {
      // Overdue by up to an hour, as after a restart: start() must spread them, not burst.
      const ownerId = 1 + (i % 2_000);
      const watch = repo.insert({ ownerId, intervalS: INTERVAL_S, nextRunAt: seededAt - 3_600_000 + i, createdAt: seededAt }, (id) => box.seal(tokenOf(i), watchAad(id)));
      subscriptions.upsert(watch.id, ownerId, null, ["en", "ru", "zh"][i % 3], seededAt);
    }
  })();
  // Watches running before the restart: their "watching started" message went out long ago (a fresh watch sends one).
  db.prepare("UPDATE watches SET state_json = ?").run(JSON.stringify({ started: true }));

  const lags: number[] = [];
  let checks = 0;
  let errors = 0;
  let unavailable = 0;
  const monitor = new Monitor({
    db,
    box,
    apiRoot: fake.url,
    senderToken: SENDER_TOKEN,
    allowPrivate: true,
    onCheck: ({ lagMs, observation }) => {
      checks++;
      lags.push(lagMs);
      if (observation.telegram?.kind !== "ok") unavailable++;
    },
    onError: () => errors++,
  });

  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  monitor.start();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  await monitor.stop();
  const wallS = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  fake.stop();

  lags.sort((a, b) => a - b);
  const alerts = db.prepare("SELECT COUNT(*) FROM alerts").pluck().get() as number;
  const deliveryMs = (db.prepare("SELECT d.sent_at - a.created_at FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.status = 'sent'").pluck().all() as number[]).sort((a, b) => a - b);
  const retried = db.prepare("SELECT COUNT(*) FROM deliveries WHERE last_error IS NOT NULL").pluck().get() as number;
  if (process.env.MONITOR_BENCH_DEBUG) console.error(db.prepare("SELECT d.id, d.alert_id, d.next_attempt_at - a.created_at AS queued_after, d.sent_at - a.created_at AS took, d.attempts, d.last_error FROM deliveries d JOIN alerts a ON a.id = d.alert_id ORDER BY d.id LIMIT 40").all());
  const pendingAtEnd = db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").pluck().get() as number;
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    watches: WATCHES,
    interval_s: INTERVAL_S,
    run_s: Math.round(wallS),
    checks,
    checks_per_second: Math.round(checks / wallS),
    expected_checks_per_second: Math.round(WATCHES / INTERVAL_S),
    telegram_unavailable: unavailable,
    alerts,
    alerts_sent: deliveryMs.length,
    alerts_pending_at_end: pendingAtEnd,
    alerts_retried: retried,
    alert_to_sent_ms: { p50: percentile(deliveryMs, 50), p99: percentile(deliveryMs, 99) },
    errors,
    schedule_lag_ms: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? 0 },
    cpu_cores: Number(((cpu.user + cpu.system) / 1e6 / wallS).toFixed(3)),
    rss_mb: { before_start: Math.round(rssBefore / 1e6), peak: Math.round(rssPeak / 1e6) },
    database_mb: Number((statSync(dbPath).size / 1e6).toFixed(1)),
    targets: { schedule_lag_p99_ms: 2000, cpu_cores: 0.5, rss_mb: 300 },
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const out = fileURLToPath(new URL(self().endsWith(".ts") ? "./results/" : "../../bench/results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "monitor.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

function self(): string {
  return fileURLToPath(import.meta.url);
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
