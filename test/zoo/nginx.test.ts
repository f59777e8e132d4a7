import { createServer, type RequestListener, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startNginx, writePems, type Nginx } from "../support/nginx.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { zooRequest, type ZooOptions } from "../support/zoo-request.js";

// This file's loopback block: 127.0.2.100–127.0.2.200. Real nginx as the reverse proxy in front of
// real Node upstreams: the setting where 502, 504, 413 and keep-alive races happen in production.
const NGINX_ADDRESS = "127.0.2.100";
const UPSTREAM = "127.0.2.101";
const HOST = "proxy.zoo.test";
let nginx: Nginx;
let rootPem = "";
const upstreams: Server[] = [];
const tlsServers: TestServer[] = [];

function upstream(port: number, handler: RequestListener, keepAliveTimeoutMs = 65_000): Promise<void> {
  const server = createServer(handler);
  server.keepAliveTimeout = keepAliveTimeoutMs;
  upstreams.push(server);
  return new Promise((r) => server.listen(port, UPSTREAM, () => r()));
}

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
  const leaf = await issueLeaf(HOST);
  const pem = writePems({ "fullchain.pem": [leaf.cert, ...leaf.chain].join("\n"), "key.pem": leaf.key });
  await upstream(9001, (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
  await upstream(9002, (_req, res) => void setTimeout(() => res.writeHead(200).end("{}"), 2_500));
  // 9003: nothing listens there: the dead upstream.
  const server = (port: number, extra: string, keepalive = "75s") => `
  server {
    listen ${NGINX_ADDRESS}:${port} ssl;
    server_name ${HOST};
    ssl_certificate ${pem["fullchain.pem"]};
    ssl_certificate_key ${pem["key.pem"]};
    keepalive_timeout ${keepalive};
    ${extra}
  }`;
  nginx = await startNginx(
    [
      server(443, `client_max_body_size 64k;
        location /ok { proxy_pass http://${UPSTREAM}:9001; }
        location /slow { proxy_pass http://${UPSTREAM}:9002; proxy_read_timeout 1s; }
        location /dead { proxy_pass http://${UPSTREAM}:9003; }
        location /health { return 200 "ok"; }`),
      // A TLS terminator that drops idle keep-alive connections after 2 s: the idle race.
      server(8443, `location / { proxy_pass http://${UPSTREAM}:9001; }`, "2s"),
    ].join("\n"),
    { host: NGINX_ADDRESS, port: 443 },
  );
});

afterAll(async () => {
  await nginx?.stop();
  await Promise.all([...upstreams.map((s) => new Promise((r) => s.close(r))), ...tlsServers.map((s) => s.close())]);
});

const check = (path: string, options: ZooOptions = {}, port = 443) =>
  runCheck(zooRequest(`https://${HOST}${port === 443 ? "" : `:${port}`}${path}`, NGINX_ADDRESS, rootPem, { options }));

describe("nginx zoo", () => {
  it("a healthy proxied endpoint is ok", async () => {
    const r = await check("/ok");
    expect(r.verdict).toBe("ok");
  });

  it("dead upstream → http.bad_gateway, with nginx named in the evidence", async () => {
    const r = await check("/dead");
    expect(r.primary).toBe("http.bad_gateway");
    expect(String(r.findings[0].evidence.server)).toMatch(/nginx/);
  });

  it("upstream slower than proxy_read_timeout → http.gateway_timeout", async () => {
    expect((await check("/slow")).primary).toBe("http.gateway_timeout");
  });

  it("client_max_body_size below 1 MiB → payload.limit_too_small in the deep checks", async () => {
    const r = await check("/ok", { deep: true, keepaliveWaitMs: 500 });
    expect(r.primary).toBe("payload.limit_too_small");
    expect(r.checks.find((c) => c.id === "health")?.status).toBe("pass");
  });

  it("keep-alive closed after 2 s idle → keepalive.idle_race", async () => {
    const r = await check("/ok", { deep: true, keepaliveWaitMs: 4_000 }, 8443);
    const f = r.findings.find((x) => x.code === "keepalive.idle_race");
    expect(f).toBeDefined();
    expect(Number(f!.evidence.server_closed_idle_after_s)).toBeGreaterThanOrEqual(1.5);
    expect(Number(f!.evidence.server_closed_idle_after_s)).toBeLessThan(4);
    // nginx closes without announcing it (no Keep-Alive header by default): any sender reusing the connection races.
    expect(f!.severity).toBe("fail");
    expect(f!.evidence.closes_as_announced).toBeUndefined();
  });

  it("keep-alive held longer than the observation window is not flagged", async () => {
    const r = await check("/ok", { deep: true, keepaliveWaitMs: 3_000 });
    expect(r.findings.map((f) => f.code)).not.toContain("keepalive.idle_race");
  });

  it("a Node origin with its default 5 s keep-alive is flagged (the classic 502 behind a load balancer)", async () => {
    const leaf = await issueLeaf("node.zoo.test");
    const server = await startTlsServer({ address: "127.0.2.102", host: "node.zoo.test", key: leaf.key, cert: leaf.cert, chain: leaf.chain });
    tlsServers.push(server);
    const r = await runCheck(zooRequest("https://node.zoo.test/hook", "127.0.2.102", rootPem, { options: { deep: true, keepaliveWaitMs: 7_000 } }));
    const f = r.findings.find((x) => x.code === "keepalive.idle_race");
    expect(f).toBeDefined();
    // Node sends `Keep-Alive: timeout=5` and keeps to it: seen, and a warning, since a sender reading it never races.
    expect(f!.evidence.advertised_keepalive_timeout_s).toBe(5);
    expect(f!.severity).toBe("warn");
    expect(r.verdict).toBe("warn");
  });

  it("a failing health endpoint → health.failing", async () => {
    const r = await check("/ok", { deep: true, keepaliveWaitMs: 200, healthPath: "/nope" });
    expect(r.findings.map((f) => f.code)).toContain("health.failing");
  });
});
