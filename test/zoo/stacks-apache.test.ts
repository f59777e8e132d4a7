import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { localizedReport } from "../../src/render/finding-text.js";
import { startApache } from "../support/apache.js";
import { issueLeaf } from "../support/certs.js";
import { writePems } from "../support/nginx.js";
import { runCli } from "../support/run-cli.js";
import type { ServerProcess } from "../support/server-process.js";
import { trustZooRoot, startBotApp, ZOO_SECRET_TOKEN, type App, type ZooTrust } from "../support/stack-apps.js";
import { zooRequest, type ZooOptions } from "../support/zoo-request.js";

// This file's loopback block: 127.0.103.x. Debian's Apache httpd 2.4 (mod_ssl + mod_proxy_http) as the TLS
// terminator and reverse proxy in front of real bot apps, one virtual host per setting under test.
const HOST = "apache.zoo.test";
const A = {
  grammy: "127.0.103.1",
  telegraf: "127.0.103.2",
  defaults: "127.0.103.3",
  slow: "127.0.103.4",
  dead: "127.0.103.5",
  mtlsRequired: "127.0.103.6",
  mtlsOptional: "127.0.103.7",
  mtls12Required: "127.0.103.8",
  mtls12Optional: "127.0.103.9",
  noSharedCipher: "127.0.103.11",
};
const APP = "127.0.103.10";
let apache: ServerProcess & { errorLog(): string };
let rootPem = "";
let ca: ZooTrust;
let pemDir = "";
const apps: App[] = [];

beforeAll(async () => {
  ca = await trustZooRoot();
  rootPem = ca.rootPem;
  const leaf = await issueLeaf(HOST);
  const pem = writePems({ "fullchain.pem": [leaf.cert, ...leaf.chain].join("\n"), "key.pem": leaf.key, "clients-ca.pem": rootPem });
  pemDir = dirname(pem["key.pem"]);
  apps.push(await startBotApp("grammy", APP, 9001), await startBotApp("telegraf", APP, 9002), await startBotApp("grammy", APP, 9003, { delayMs: 3_000 }));
  // 9004: nothing listens there (the dead app).
  const vhost = (address: string, body: string) => `
Listen ${address}:443
<VirtualHost ${address}:443>
  ServerName ${HOST}
  SSLEngine on
  SSLCertificateFile ${pem["fullchain.pem"]}
  SSLCertificateKeyFile ${pem["key.pem"]}
  ProxyPreserveHost On
  ${body}
</VirtualHost>`;
  // What Apache's mod_proxy documentation shows for a reverse proxy, plus a keep-alive longer than the
  // 60 s senders and load balancers keep idle connections (Apache's default is 5 s: see "defaults").
  const proxyTo = (port: number) => `ProxyPass / http://${APP}:${port}/\n  ProxyPassReverse / http://${APP}:${port}/`;
  const tuned = `KeepAliveTimeout 65\n  ${proxyTo(9001)}`;
  apache = await startApache(
    [
      vhost(A.grammy, tuned),
      vhost(A.telegraf, `KeepAliveTimeout 65\n  ${proxyTo(9002)}`),
      vhost(A.defaults, proxyTo(9001)),
      vhost(A.slow, `KeepAliveTimeout 65\n  ProxyTimeout 1\n  ${proxyTo(9003)}`),
      vhost(A.dead, `KeepAliveTimeout 65\n  ${proxyTo(9004)}`),
      vhost(A.mtlsRequired, `KeepAliveTimeout 65\n  SSLCACertificateFile ${pem["clients-ca.pem"]}\n  SSLVerifyClient require\n  SSLVerifyDepth 2\n  ${proxyTo(9001)}`),
      vhost(A.mtls12Required, `SSLProtocol -all +TLSv1.2\n  SSLCACertificateFile ${pem["clients-ca.pem"]}\n  SSLVerifyClient require\n  ${proxyTo(9001)}`),
      vhost(A.mtls12Optional, `KeepAliveTimeout 65\n  SSLProtocol -all +TLSv1.2\n  SSLCACertificateFile ${pem["clients-ca.pem"]}\n  SSLVerifyClient optional\n  ${proxyTo(9001)}`),
      // An ECDSA certificate with only RSA suites allowed: TLS 1.2 fails before any certificate is sent.
      vhost(A.noSharedCipher, `SSLProtocol -all +TLSv1.2\n  SSLCipherSuite ECDHE-RSA-AES256-GCM-SHA384\n  ${proxyTo(9001)}`),
      vhost(A.mtlsOptional, `KeepAliveTimeout 65\n  SSLCACertificateFile ${pem["clients-ca.pem"]}\n  SSLVerifyClient optional\n  SSLVerifyDepth 2\n  ${proxyTo(9001)}`),
    ].join("\n"),
    { waitFor: { host: A.mtlsOptional, port: 443 } },
  );
});

afterAll(async () => {
  await apache?.stop();
  await Promise.all(apps.map((a) => a.close()));
  ca?.restore();
  if (pemDir) rmSync(pemDir, { recursive: true, force: true });
});

const URL_ = `https://${HOST}/tg`;
const check = (address: string, options: ZooOptions = {}) =>
  runCheck(zooRequest(URL_, address, rootPem, { secrets: { secretToken: ZOO_SECRET_TOKEN }, options: { keepaliveWaitMs: 300, ...options } }));
const cli = (address: string) =>
  runCli(["check", URL_, "--deep", "--health-path", "/health", "--secret-token", ZOO_SECRET_TOKEN, "--allow-private", "--resolve", `${HOST}:443:${address}`, "--json"], { caFile: ca.path });
const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

describe("Apache httpd zoo", () => {
  it("Apache in front of grammY's and Telegraf's webhook handlers: verdict ok, exit 0 under --deep", async () => {
    const [grammy, telegraf] = await Promise.all([cli(A.grammy), cli(A.telegraf)]);
    for (const r of [grammy, telegraf]) {
      const json = JSON.parse(r.stdout);
      expect(json.findings.filter((f: { severity: string }) => f.severity !== "info"), r.stdout).toEqual([]);
      expect(json.verdict).toBe("ok");
      expect(r.code).toBe(0);
    }
  });

  it("Apache's default KeepAliveTimeout 5: the idle race is seen (closed after ~5 s, advertised timeout=5)", async () => {
    const r = await check(A.defaults, { deep: true, healthPath: "/health", keepaliveWaitMs: 8_000 });
    const f = r.findings.find((x) => x.code === "keepalive.idle_race");
    expect(f, JSON.stringify(r.findings)).toBeDefined();
    expect(f!.evidence.advertised_keepalive_timeout_s).toBe(5);
    // Apache announces the timeout it keeps: a sender reading Keep-Alive never races, so this warns, never fails.
    expect(f!.severity).toBe("warn");
    expect(f!.evidence.closes_as_announced).toBe(true);
    expect(Number(f!.evidence.server_closed_idle_after_s)).toBeGreaterThanOrEqual(4.5);
    expect(Number(f!.evidence.server_closed_idle_after_s)).toBeLessThan(7);
    expect(r.stack).toContainEqual(expect.objectContaining({ layer: "proxy", name: "apache" }));
    expect(localizedReport(r, "en").findings.find((x) => x.code === "keepalive.idle_race")!.fix).toContain("KeepAliveTimeout");
  });

  it("an app slower than ProxyTimeout: Apache answers 502 (a slow app, not a dead one)", async () => {
    const r = await check(A.slow);
    expect(r.primary).toBe("http.bad_gateway");
    expect(r.findings[0].evidence.status).toBe(502);
    expect(String(r.findings[0].evidence.server)).toMatch(/Apache/);
    // The latency sits at ProxyTimeout (1 s), not at a connection refusal's few milliseconds.
    expect(Number(r.findings[0].evidence.latency_ms)).toBeGreaterThanOrEqual(900);
    expect(localizedReport(r, "en").findings[0].fix).toContain("ProxyTimeout");
  });

  it("a dead app behind Apache: 503", async () => {
    const r = await check(A.dead);
    expect(r.primary).toBe("http.service_unavailable");
    expect(r.findings[0].evidence.status).toBe(503);
    expect(r.stack).toContainEqual(expect.objectContaining({ layer: "proxy", name: "apache" }));
    expect(localizedReport(r, "en").findings[0].fix).toContain("ProxyPass");
  });

  it("SSLVerifyClient require: tls.client_certificate_required, nothing else probed", async () => {
    const r = await check(A.mtlsRequired);
    expect(r.primary).toBe("tls.client_certificate_required");
    expect(codes(r)).toEqual(["tls.client_certificate_required"]);
    expect(r.checks.find((c) => c.id === "http")?.status).toBe("skip");
  });

  it("TLS 1.2 only with SSLVerifyClient require: the handshake_failure after the server's certificate is tls.client_certificate_required", async () => {
    const r = await check(A.mtls12Required);
    expect(r.primary).toBe("tls.client_certificate_required");
    // OpenSSL 3.0/3.1 (Node 20) and 3.2+ (Node 24) name the same alert differently.
    expect(["ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE"]).toContain(r.findings[0].evidence.error_code);
  });

  it("TLS 1.2 only with SSLVerifyClient optional: nothing fails", async () => {
    expect((await check(A.mtls12Optional)).verdict).toBe("ok");
  });

  it("a handshake_failure before any certificate (no shared cipher) is not read as mTLS", async () => {
    const r = await check(A.noSharedCipher);
    expect(r.primary).toBe("tls.handshake_failed");
  });

  it("SSLVerifyClient optional: a sender without a client certificate is let in, nothing fails", async () => {
    const r = await check(A.mtlsOptional);
    expect(r.verdict).toBe("ok");
    expect(codes(r)).toEqual([]);
  });
});
