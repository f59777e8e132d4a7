import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { BURST_P99_SHARE_OF_DEADLINE } from "../../src/diagnosis/checks/burst.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startNginx, writePems, type Nginx } from "../support/nginx.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.170.1–127.0.170.50 (the burst helper's range is 127.0.170.0–127.0.179.255).
// Real endpoints that hold 2 concurrent requests and answer 502 beyond: nginx with `limit_conn 2` in front of a
// slow Node upstream, and a Node server with a bounded pool of 2. A healthy endpoint and one that queues
// requests one at a time complete the set.
const NGINX = "127.0.170.1";
const UPSTREAM = "127.0.170.2";
const POOL = "127.0.170.3";
const HEALTHY = "127.0.170.4";
const QUEUE = "127.0.170.5";
const NGINX_OPEN = "127.0.170.6";
const HOLD_MS = 400;
const CONCURRENCY = 6;

let rootPem = "";
let nginx: Nginx;
let upstream: Server;
const servers: TestServer[] = [];
let poolPeak = 0;

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
  // The application behind nginx: every request takes HOLD_MS (a handler doing its work before answering).
  upstream = createServer((_req, res) => void setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), HOLD_MS));
  upstream.keepAliveTimeout = 65_000;
  await new Promise<void>((r) => upstream.listen(9080, UPSTREAM, r));
  const leaf = await issueLeaf("limited.burst.test", { names: ["limited.burst.test", "open.burst.test"] });
  const pem = writePems({ "fullchain.pem": [leaf.cert, ...leaf.chain].join("\n"), "key.pem": leaf.key });
  nginx = await startNginx(
    `limit_conn_zone $server_name zone=perserver:1m;
  server {
    listen ${NGINX}:443 ssl;
    server_name limited.burst.test;
    ssl_certificate ${pem["fullchain.pem"]};
    ssl_certificate_key ${pem["key.pem"]};
    keepalive_timeout 75s;
    location / {
      limit_conn perserver 2;
      limit_conn_status 502;
      proxy_pass http://${UPSTREAM}:9080;
    }
  }
  # The same nginx and upstream without the connection limit: the correct setup of this stack.
  server {
    listen ${NGINX_OPEN}:443 ssl;
    server_name open.burst.test;
    ssl_certificate ${pem["fullchain.pem"]};
    ssl_certificate_key ${pem["key.pem"]};
    keepalive_timeout 75s;
    location / { proxy_pass http://${UPSTREAM}:9080; }
  }`,
    { host: NGINX, port: 443 },
  );

  // A Node application with a pool of 2 workers: a request that finds both busy gets 502 at once.
  const poolLeaf = await issueLeaf("pool.burst.test");
  let busy = 0;
  servers.push(
    await startTlsServer({
      address: POOL,
      host: "pool.burst.test",
      ...poolLeaf,
      handler: async (_req, res) => {
        if (busy >= 2) return void res.writeHead(502, { "content-type": "text/plain" }).end("pool exhausted");
        busy++;
        poolPeak = Math.max(poolPeak, busy);
        await new Promise((r) => setTimeout(r, HOLD_MS));
        busy--;
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      },
    }),
  );
  const healthyLeaf = await issueLeaf("healthy.burst.test");
  servers.push(
    await startTlsServer({
      address: HEALTHY,
      host: "healthy.burst.test",
      ...healthyLeaf,
      handler: (_req, res) => void setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 20),
    }),
  );
  // One worker, 150 ms per update, requests wait their turn: nothing fails, the tail grows with concurrency.
  const queueLeaf = await issueLeaf("queue.burst.test");
  let chain = Promise.resolve();
  servers.push(
    await startTlsServer({
      address: QUEUE,
      host: "queue.burst.test",
      ...queueLeaf,
      handler: (_req, res) =>
        (chain = chain.then(
          () => new Promise<void>((r) => setTimeout(() => (res.writeHead(200, { "content-type": "application/json" }).end("{}"), r()), 150)),
        )),
    }),
  );
}, 30_000);

afterAll(async () => {
  await nginx?.stop();
  await new Promise((r) => upstream?.close(r));
  await Promise.all(servers.map((s) => s.close()));
});

const burstCheck = (host: string, address: string, concurrency = CONCURRENCY) =>
  runCheck(zooRequest(`https://${host}/hook`, address, rootPem, { options: { burst: { concurrency, rampMs: 250 } } }));

describe("burst test at the sender's concurrency", () => {
  it("nginx with limit_conn 2: errors under load, beginning at 3 requests in flight, with the fix for a gateway", async () => {
    const report = await burstCheck("limited.burst.test", NGINX);
    const f = report.findings.find((x) => x.code === "burst.errors_under_load");
    expect(f, JSON.stringify(report.burst)).toBeDefined();
    expect(f!.severity).toBe("fail");
    expect(f!.evidence.errors_began_at).toBe(3);
    expect(f!.evidence.held).toBe(2);
    expect(f!.evidence.cause).toBe("gateway");
    expect(report.burst).toMatchObject({ concurrency: CONCURRENCY, requests: CONCURRENCY * 3, errors_began_at: 3, held: 2 });
    expect(report.burst!.by_status["502"]).toBeGreaterThan(0);
    expect(report.burst!.by_status["200"]).toBeGreaterThan(0);
    expect(report.burst!.baseline_p50_ms).toBeGreaterThanOrEqual(HOLD_MS - 50);
    // The single request of the HTTP check passed: only concurrency breaks this endpoint.
    expect(report.checks.find((c) => c.id === "http")?.status).toBe("pass");
    expect(report.primary).toBe("burst.errors_under_load");
  }, 60_000);

  it("the same nginx and upstream without limit_conn: no burst finding, every request answered 200", async () => {
    const report = await runCheck(zooRequest("https://open.burst.test/hook", NGINX_OPEN, rootPem, { options: { httpTimeoutMs: 10_000, burst: { concurrency: CONCURRENCY, rampMs: 250 } } }));
    expect(report.findings.filter((f) => f.check === "burst"), JSON.stringify(report.burst)).toEqual([]);
    expect(report.burst).toMatchObject({ requests: CONCURRENCY * 3, by_status: { "200": CONCURRENCY * 3 }, errors_began_at: null });
    expect(report.burst!.peak_in_flight).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it("a Node server with a bounded pool of 2: the same finding, the same level", async () => {
    const report = await burstCheck("pool.burst.test", POOL);
    const f = report.findings.find((x) => x.code === "burst.errors_under_load");
    expect(f, JSON.stringify(report.burst)).toBeDefined();
    expect(f!.evidence.errors_began_at).toBe(3);
    expect(f!.evidence.by_status).toEqual(expect.arrayContaining([expect.stringMatching(/^502: \d+$/), expect.stringMatching(/^200: \d+$/)]));
    expect(poolPeak).toBe(2);
  }, 60_000);

  it("a healthy endpoint passes: no burst finding, every request answered 200", async () => {
    const report = await burstCheck("healthy.burst.test", HEALTHY, 20);
    expect(report.findings).toEqual([]);
    expect(report.verdict).toBe("ok");
    expect(report.burst).toMatchObject({ concurrency: 20, requests: 60, by_status: { "200": 60 }, errors_began_at: null });
    expect(report.burst!.peak_in_flight).toBeGreaterThan(2);
    expect(report.checks.find((c) => c.id === "burst")?.status).toBe("pass");
  }, 60_000);

  it("an endpoint that queues requests one at a time: latency degrades (warn) though nothing fails", async () => {
    const report = await runCheck(
      zooRequest("https://queue.burst.test/hook", QUEUE, rootPem, { options: { httpTimeoutMs: 3_000, burst: { concurrency: 8, rampMs: 100, requestsPerConnection: 2 } } }),
    );
    const f = report.findings.find((x) => x.code === "burst.latency_degrades");
    expect(f, JSON.stringify(report.burst)).toBeDefined();
    expect(f!.severity).toBe("warn");
    expect(f!.evidence.threshold_ms).toBe(BURST_P99_SHARE_OF_DEADLINE * 3_000);
    expect(report.findings.some((x) => x.code === "burst.errors_under_load")).toBe(false);
  }, 60_000);

  it("bounded: never more than 5 requests per connection, and a burst on an unreachable address is skipped", async () => {
    const report = await runCheck(zooRequest("https://healthy.burst.test/hook", HEALTHY, rootPem, { options: { burst: { concurrency: 3, requestsPerConnection: 50, rampMs: 0 } } }));
    expect(report.burst!.requests).toBe(15);
    const dead = await runCheck(zooRequest("https://dead.burst.test/hook", "127.0.170.49", rootPem, { options: { burst: { concurrency: 3 } } }));
    expect(dead.checks.find((c) => c.id === "burst")?.status).toBe("skip");
    expect(dead.burst).toBeUndefined();
  }, 60_000);
});
