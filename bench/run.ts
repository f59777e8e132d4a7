/**
 * `npm run bench`: engine figures measured in one run, written to bench/results/engine.json.
 * Loopback only, bounded loops. Ratios compare runs of this same process, so the machine cancels out.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:https";
import { fileURLToPath } from "node:url";
import { defaultOptions } from "../src/diagnosis/check-request.js";
import { runCheck } from "../src/diagnosis/checklist.js";
import { classifyMessage } from "../src/diagnosis/classify.js";
import { issueLeaf, testPki } from "../test/support/certs.js";

const CORPUS = [
  "Wrong response from the webhook: 502 Bad Gateway",
  "SSL error {error:0A000086:SSL routines::certificate verify failed}",
  "Read timeout expired",
  "Bad Request: bad webhook: Failed to resolve host: Name or service not known",
  "2024/05/01 10:00:00 [error] 1#1: *1 upstream timed out (110: Connection timed out) while reading response header from upstream",
  "the cat sat on the mat",
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const results: Record<string, unknown> = { node: process.version, date: new Date().toISOString() };

  // 1. Classifier throughput: how many pasted messages per second one core explains.
  const N = 60_000;
  let t = performance.now();
  for (let i = 0; i < N; i++) classifyMessage(CORPUS[i % CORPUS.length]);
  const classifyMs = performance.now() - t;
  results.classify_per_second = Math.round(N / (classifyMs / 1000));

  // 2. Full checks against a healthy loopback endpoint: sequential vs 10 in flight.
  const pki = await testPki();
  const leaf = await issueLeaf("bench.test");
  const server = createServer({ key: leaf.key, cert: [leaf.cert, ...leaf.chain].join("\n") }, (_q, res) => res.writeHead(200).end("{}"));
  await new Promise<void>((r) => server.listen(443, "127.0.9.1", r));
  const request = {
    url: "https://bench.test/hook",
    platform: "telegram" as const,
    secrets: {},
    options: defaultOptions("telegram", { resolve: [{ host: "bench.test", port: 443, address: "127.0.9.1" }], allowPrivate: true, extraCa: [pki.root.cert], httpTimeoutMs: 5_000 }),
  };
  const CHECKS = 100;
  const latencies: number[] = [];
  t = performance.now();
  for (let i = 0; i < CHECKS; i++) {
    const s = performance.now();
    const r = await runCheck(request);
    if (r.verdict !== "ok") throw new Error(`bench endpoint not healthy: ${r.primary}`);
    latencies.push(performance.now() - s);
  }
  const sequentialMs = performance.now() - t;
  latencies.sort((a, b) => a - b);
  t = performance.now();
  for (let i = 0; i < CHECKS / 10; i++) await Promise.all(Array.from({ length: 10 }, () => runCheck(request)));
  const concurrentMs = performance.now() - t;
  server.close();
  results.check = {
    checks: CHECKS,
    p50_ms: Math.round(percentile(latencies, 50)),
    p95_ms: Math.round(percentile(latencies, 95)),
    sequential_checks_per_second: Math.round((CHECKS / sequentialMs) * 1000 * 10) / 10,
    concurrent10_checks_per_second: Math.round((CHECKS / concurrentMs) * 1000 * 10) / 10,
    concurrency_speedup_ratio: Math.round((sequentialMs / concurrentMs) * 100) / 100,
  };
  results.rss_mb = Math.round(process.memoryUsage().rss / 1024 / 1024);

  const dir = fileURLToPath(new URL("../../bench/results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}engine.json`, JSON.stringify(results, null, 2) + "\n");
  console.log(JSON.stringify(results, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
