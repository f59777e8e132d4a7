/**
 * `npm run bench:watches`: 10,000 ENDPOINT watches at a 60 s interval through the real monitor (scheduler,
 * the quick check of each endpoint: TCP, TLS with chain and name verification, the HTTP POST of a sample
 * update; detection, the SQLite write, the history), as `createWatching` wires it in the bot.
 * The HTTPS endpoints (50 addresses, 127.0.162.1-50:443, each with its own certificate from a test CA) run
 * in a CHILD process, so the figures are the monitor's alone. Watches start overdue, as after a restart.
 * Writes schedule lag p50/p99/max, checks per second, CPU (cores), peak RSS and the machine's load to
 * bench/results/endpoint-watches.json. Targets: lag p99 < 2 s, < 1 core.
 * Settings: WATCHES_BENCH_WATCHES (10000), WATCHES_BENCH_SECONDS (180), WATCHES_BENCH_ENDPOINTS (50),
 * WATCHES_BENCH_OUT (file name under bench/results/, default endpoint-watches.json), WATCHES_BENCH_IN_FLIGHT (the
 * monitor's cap on checks at once, default 100 as in the bot).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createWatching } from "../src/monitor/watching.js";
import { openDatabase } from "../src/store/database.js";
import { SecretBox } from "../src/store/secret-box.js";
import { WatchesRepository } from "../src/store/watches-repository.js";
import { issueLeaf, testPki } from "../test/support/certs.js";

const WATCHES = Number(process.env.WATCHES_BENCH_WATCHES ?? 10_000);
const SECONDS = Number(process.env.WATCHES_BENCH_SECONDS ?? 180);
const ENDPOINTS = Number(process.env.WATCHES_BENCH_ENDPOINTS ?? 50);
const INTERVAL_S = 60;
const addressOf = (i: number) => `127.0.162.${1 + (i % ENDPOINTS)}`;

interface EndpointKeys {
  address: string;
  key: string;
  cert: string;
}

/** Child mode: one HTTPS server per address answering every POST 200 {}; prints "ready" and serves until killed. */
async function serveEndpoints(keysFile: string): Promise<void> {
  const endpoints = JSON.parse(readFileSync(keysFile, "utf8")) as EndpointKeys[];
  let served = 0;
  await Promise.all(
    endpoints.map(
      (e) =>
        new Promise<void>((resolve, reject) => {
          const server = createServer({ key: e.key, cert: e.cert }, (req, res) => {
            served++;
            req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
          });
          server.keepAliveTimeout = 65_000;
          server.once("error", reject).listen(443, e.address, () => resolve());
        }),
    ),
  );
  setInterval(() => process.stderr.write(""), 60_000);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  process.on("SIGTERM", () => {
    const cpu = process.cpuUsage(cpuStart);
    process.stdout.write(`endpoint cores ${((cpu.user + cpu.system) / 1e3 / (performance.now() - wallStart)).toFixed(3)}\n`);
    process.stdout.write(`served ${served}\n`);
    process.exit(0);
  });
  process.stdout.write("ready\n");
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

async function startChild(keysFile: string): Promise<{ stop: () => Promise<{ served: number; cores: number }> }> {
  const self = fileURLToPath(import.meta.url);
  const [cmd, args] = self.endsWith(".ts")
    ? [fileURLToPath(new URL("../node_modules/.bin/vite-node", import.meta.url)), [self, "--", "--endpoints", keysFile]]
    : [process.execPath, [self, "--endpoints", keysFile]];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("endpoint child did not start")), 60_000);
    child.stdout!.on("data", () => out.includes("ready") && (clearTimeout(timer), resolve()));
    child.on("exit", (code) => reject(new Error(`endpoint child exited (${code})`)));
  });
  return {
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve({ served: Number(/served (\d+)/.exec(out)?.[1] ?? -1), cores: Number(/endpoint cores ([\d.]+)/.exec(out)?.[1] ?? -1) }));
        child.kill("SIGTERM");
      }),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "wd-bench-watches-"));
  const pki = await testPki();
  const endpoints: EndpointKeys[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const address = addressOf(i);
    const leaf = await issueLeaf(address, { names: [address] });
    endpoints.push({ address, key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") });
  }
  const keysFile = join(dir, "endpoints.json");
  writeFileSync(keysFile, JSON.stringify(endpoints));
  const child = await startChild(keysFile);

  const dbPath = join(dir, "bench.sqlite");
  const db = openDatabase(dbPath);
  const box = new SecretBox("cd".repeat(32));
  const repo = new WatchesRepository(db);
  const seededAt = Date.now();
  db.transaction(() => {
    for (let i = 0; i < WATCHES; i++) {
      // Overdue by up to an hour, as after a restart: start() spreads them over the interval.
      repo.insert({ ownerId: 1 + (i % 2_000), url: `https://${addressOf(i)}/hook/${i}`, intervalS: INTERVAL_S, nextRunAt: seededAt - 3_600_000 + i, createdAt: seededAt });
    }
  })();
  // Watches running before the restart: their "watching started" message went out long ago (a fresh watch sends one).
  db.prepare("UPDATE watches SET state_json = ?").run(JSON.stringify({ started: true }));

  const lags: number[] = [];
  const durations: number[] = [];
  let checks = 0;
  let failed = 0;
  const failures = new Map<string, number>();
  let errors = 0;
  const watching = createWatching({
    db,
    box,
    apiRoot: "http://127.0.162.250:9", // no token watch here: the Bot API is never asked
    botToken: "1:unused",
    allowPrivate: true,
    logger: pino({ level: "silent" }),
    monitor: {
      senderToken: undefined, // endpoint checks only: no sender
      checkOptions: { extraCa: [pki.root.cert] },
      ...(process.env.WATCHES_BENCH_IN_FLIGHT ? { maxInFlight: Number(process.env.WATCHES_BENCH_IN_FLIGHT) } : {}),
      onCheck: ({ lagMs, observation, startedAt, finishedAt }) => {
        checks++;
        lags.push(lagMs);
        durations.push(finishedAt - startedAt);
        if (observation.endpoint && !observation.endpoint.ok) {
          failed++;
          const code = observation.endpoint.code ?? "?";
          failures.set(code, (failures.get(code) ?? 0) + 1);
        }
      },
      onError: () => errors++,
    },
  });

  global.gc?.();
  const load = { at_start: loadavg().map((l) => Number(l.toFixed(2))), uptime_at_start: execFileSync("uptime", { encoding: "utf8" }).trim() };
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 250);
  // The monitor's own event loop: a long delay means this process is short of CPU (busy, or not scheduled).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  watching.monitor.start();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  await watching.monitor.stop();
  const wallS = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  clearInterval(sampler);
  loopDelay.disable();
  const { served, cores: endpointCores } = await child.stop();

  lags.sort((a, b) => a - b);
  durations.sort((a, b) => a - b);
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    watches: WATCHES,
    endpoints: ENDPOINTS,
    interval_s: INTERVAL_S,
    run_s: Math.round(wallS),
    checks,
    checks_per_second: Number((checks / wallS).toFixed(1)),
    expected_checks_per_second: Number((WATCHES / INTERVAL_S).toFixed(1)),
    requests_served: served,
    endpoint_failures: failed,
    failure_codes: Object.fromEntries(failures),
    errors,
    schedule_lag_ms: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? 0 },
    max_in_flight: Number(process.env.WATCHES_BENCH_IN_FLIGHT ?? 100),
    check_duration_ms: { mean: Math.round(durations.reduce((a, b) => a + b, 0) / Math.max(1, durations.length)), p50: percentile(durations, 50), p99: percentile(durations, 99) },
    cpu_cores: Number(((cpu.user + cpu.system) / 1e6 / wallS).toFixed(3)),
    // CPU time one scheduled check costs this process, and what the full schedule would need at that cost.
    cpu_ms_per_check: Number(((cpu.user + cpu.system) / 1e3 / Math.max(1, checks)).toFixed(2)),
    cores_needed_at_full_rate: Number((((cpu.user + cpu.system) / 1e6 / Math.max(1, checks)) * (WATCHES / INTERVAL_S)).toFixed(2)),
    event_loop_delay_ms: { p50: Math.round(loopDelay.percentile(50) / 1e6), p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
    endpoint_process_cores: endpointCores,
    rss_mb: { before_start: Math.round(rssBefore / 1e6), peak: Math.round(rssPeak / 1e6) },
    database_mb: Number((statSync(dbPath).size / 1e6).toFixed(1)),
    load: { ...load, at_end: loadavg().map((l) => Number(l.toFixed(2))), uptime_at_end: execFileSync("uptime", { encoding: "utf8" }).trim(), cores: (await import("node:os")).cpus().length },
    targets: { schedule_lag_p99_ms: 2000, cpu_cores: 1 },
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const out = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "./results/" : "../../bench/results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, process.env.WATCHES_BENCH_OUT ?? "endpoint-watches.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

const at = process.argv.indexOf("--endpoints");
if (at >= 0) {
  void serveEndpoints(process.argv[at + 1]);
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
