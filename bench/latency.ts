/**
 * `npm run bench:latency`: what a healthy quick check costs at a real distance, side by side with one curl POST
 * to the same endpoint. A TCP proxy on loopback delays every chunk by 25 ms each way (a 50 ms round trip, a
 * nearby data centre); engine and curl alternate in one run, so the machine's load hits both alike.
 * Written to bench/results/latency.json. Target: median engine duration_ms / median curl time_total ≤ 1.2.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { createServer as createTcpServer, connect, type Socket } from "node:net";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { defaultOptions } from "../src/diagnosis/check-request.js";
import { runCheck } from "../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../test/support/certs.js";

const ONE_WAY_DELAY_MS = 25;
const ROUNDS = 30;
const PROXY = "127.0.180.40";
const ORIGIN = "127.0.180.41";
const HOST = "latency.bench.test";

/** Forwards bytes both ways, each chunk ONE_WAY_DELAY_MS late (same delay, so order is kept). */
function delayingProxy(): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((client) => {
    const upstream = connect({ host: ORIGIN, port: 443 });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined).on("close", () => sockets.delete(s));
    }
    const forward = (from: Socket, to: Socket) => {
      from.on("data", (chunk) => setTimeout(() => to.writable && to.write(chunk), ONE_WAY_DELAY_MS));
      from.on("end", () => setTimeout(() => to.end(), ONE_WAY_DELAY_MS));
    };
    forward(client, upstream);
    forward(upstream, client);
  });
  return new Promise((resolve) =>
    server.listen(443, PROXY, () =>
      resolve({
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))];

async function main() {
  const pki = await testPki();
  const leaf = await issueLeaf(HOST);
  const dir = mkdtempSync(join(tmpdir(), "wd-bench-latency-"));
  const caFile = join(dir, "root.pem");
  writeFileSync(caFile, pki.root.cert);
  const origin = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (req, res) => {
    req.resume().on("end", () => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((r) => origin.listen(443, ORIGIN, r));
  const proxy = await delayingProxy();

  const url = `https://${HOST}/hook`;
  const request = {
    url,
    platform: "telegram" as const,
    secrets: {},
    options: defaultOptions("telegram", { resolve: [{ host: HOST, port: 443, address: PROXY }], allowPrivate: true, extraCa: [pki.root.cert], httpTimeoutMs: 5_000 }),
  };
  const curl = async () => {
    const { stdout } = await promisify(execFile)("curl", [
      "-s", "-o", "/dev/null", "-w", "%{time_total}",
      "--resolve", `${HOST}:443:${PROXY}`, "--cacert", caFile,
      "-X", "POST", "-H", "content-type: application/json", "--data", '{"update_id":1}', url,
    ]);
    return Number(stdout) * 1000;
  };

  const engine: number[] = [];
  const curls: number[] = [];
  const before = process.cpuUsage();
  try {
    // One warm-up each (certificate parsing, curl's first exec), then strictly alternating rounds.
    await runCheck(request);
    await curl();
    for (let i = 0; i < ROUNDS; i++) {
      const report = await runCheck(request);
      if (report.verdict !== "ok") throw new Error(`endpoint not healthy through the proxy: ${report.primary}`);
      engine.push(report.duration_ms);
      curls.push(await curl());
    }
  } finally {
    await proxy.close();
    origin.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = process.cpuUsage(before);
  const results = {
    node: process.version,
    date: new Date().toISOString(),
    load_average_1m: Math.round(loadavg()[0] * 100) / 100,
    added_latency_ms_each_way: ONE_WAY_DELAY_MS,
    rounds: ROUNDS,
    engine_duration_ms: { median: Math.round(median(engine)), p90: Math.round(p90(engine)) },
    curl_time_total_ms: { median: Math.round(median(curls)), p90: Math.round(p90(curls)) },
    ratio_median: Math.round((median(engine) / median(curls)) * 100) / 100,
    target_ratio: 1.2,
    engine_cpu_ms_per_check: Math.round((cpu.user + cpu.system) / 1000 / (ROUNDS + 1)),
  };
  const out = fileURLToPath(new URL("../../bench/results/", import.meta.url));
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}latency.json`, JSON.stringify(results, null, 2) + "\n");
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
