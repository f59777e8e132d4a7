import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { dirname } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck, type CheckResult } from "../../src/diagnosis/checklist.js";
import { localizedReport } from "../../src/render/finding-text.js";
import { startApache } from "../support/apache.js";
import { startCaddy } from "../support/caddy.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startHaproxy, writeHaproxyPem } from "../support/haproxy.js";
import { writePems } from "../support/nginx.js";
import type { ServerProcess } from "../support/server-process.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.122.1–127.0.122.99. Debian's Caddy, HAProxy and Apache httpd, each started
// by the test in front of a real Express app (or of nothing), misconfigured as users do and configured right.
const APP = "127.0.122.10";
const CADDY = "127.0.122.1";
const HAPROXY = "127.0.122.2";
const APACHE = "127.0.122.3";
const APACHE_DEFAULTS = "127.0.122.4";
// The same servers with a certificate file that holds the leaf alone (no intermediate): a chain nobody can build.
const APACHE_LEAF_ONLY = "127.0.122.5";
const HAPROXY_LEAF_ONLY = "127.0.122.6";
// Caddy with its own local CA and no Server header: only the certificate says Caddy.
const CADDY_INTERNAL = "127.0.122.7";
let caddyLocalRoot = "";
const started: ServerProcess[] = [];
const apps: Server[] = [];
const pemDirs: string[] = [];
let rootPem = "";

async function pems(host: string) {
  const leaf = await issueLeaf(host);
  const files = writePems({ "fullchain.pem": [leaf.cert, ...leaf.chain].join("\n"), "key.pem": leaf.key });
  pemDirs.push(dirname(files["key.pem"]));
  return { leaf, files };
}

beforeAll(async () => {
  rootPem = (await testPki()).root.cert;
  const app = express();
  app.get("/health", (_req, res) => void res.send("ok"));
  app.post(["/hook", "/slow/hook", "/limited/hook"], express.json({ limit: "10mb" }), (req, res) => {
    // /slow/hook: an app that takes longer than the proxy waits (not a dead one).
    if (req.path.startsWith("/slow")) setTimeout(() => res.json({ ok: true }), 2_500);
    else res.json({ ok: true });
  });
  const server = createServer(app);
  server.keepAliveTimeout = 75_000;
  apps.push(server);
  await new Promise<void>((r) => server.listen(9001, APP, r));
  // Port 9003 on APP: nothing listens (the dead app).

  const caddyPem = await pems("caddy.fp.zoo.test");
  started.push(
    await startCaddy(
      `https://caddy.fp.zoo.test:443 {
  bind ${CADDY}
  tls ${caddyPem.files["fullchain.pem"]} ${caddyPem.files["key.pem"]}
  handle /dead/* {
    reverse_proxy ${APP}:9003
  }
  handle_path /tg/* {
    reverse_proxy ${APP}:9001
  }
  handle /limited/* {
    request_body {
      max_size 64KB
    }
    reverse_proxy ${APP}:9001
  }
  handle {
    reverse_proxy ${APP}:9001
  }
}`,
      { waitFor: { host: CADDY, port: 443 } },
    ),
  );

  const internal = await startCaddy(
    `https://internal.fp.zoo.test:443 {
  bind ${CADDY_INTERNAL}
  tls internal
  header -Server
  reverse_proxy ${APP}:9001
}`,
    { waitFor: { host: CADDY_INTERNAL, port: 443 }, sni: "internal.fp.zoo.test" },
  );
  started.push(internal);
  caddyLocalRoot = internal.localRootPem();

  const haproxyPem = await pems("haproxy.fp.zoo.test");
  const crt = writeHaproxyPem(dirname(haproxyPem.files["key.pem"]), haproxyPem.leaf);
  const leafOnlyDir = dirname((await pems("haproxy.fp.zoo.test")).files["key.pem"]);
  const leafOnlyCrt = writeHaproxyPem(leafOnlyDir, { ...haproxyPem.leaf, chain: [] });
  started.push(
    await startHaproxy(
      `frontend fe
  bind ${HAPROXY}:443 ssl crt ${crt}
  timeout http-keep-alive 75s
  timeout client 75s
  bind ${HAPROXY_LEAF_ONLY}:443 ssl crt ${leafOnlyCrt}
  http-request deny if { path_beg /blocked }
  use_backend nobody if { path_beg /empty }
  use_backend slowpoke if { path_beg /slow }
  default_backend app
backend app
  server app1 ${APP}:9001
backend slowpoke
  timeout server 1s
  server app1 ${APP}:9001
backend nobody
`,
      { host: HAPROXY, port: 443 },
    ),
  );

  const apachePem = await pems("apache.fp.zoo.test");
  const leafOnly = writePems({ "cert.pem": apachePem.leaf.cert });
  pemDirs.push(dirname(leafOnly["cert.pem"]));
  const vhost = (address: string, extra: string, certFile = apachePem.files["fullchain.pem"]) => `Listen ${address}:443
<VirtualHost ${address}:443>
  ServerName apache.fp.zoo.test
  SSLEngine on
  SSLCertificateFile ${certFile}
  SSLCertificateKeyFile ${apachePem.files["key.pem"]}
  ${extra}
</VirtualHost>`;
  started.push(
    await startApache(
      [
        // Configured for webhooks: idle connections kept 75 s; /slow waits 1 s for the app (ProxyTimeout).
        vhost(
          APACHE,
          `KeepAliveTimeout 75
  ProxyPass /slow/ http://${APP}:9001/slow/ timeout=1
  ProxyPass /dead/ http://${APP}:9003/dead/
  ProxyPass / http://${APP}:9001/`,
        ),
        // As Apache ships: KeepAliveTimeout 5.
        vhost(APACHE_DEFAULTS, `ProxyPass / http://${APP}:9001/`),
        vhost(APACHE_LEAF_ONLY, `KeepAliveTimeout 75
  ProxyPass / http://${APP}:9001/`, leafOnly["cert.pem"]),
      ].join("\n"),
      { waitFor: { host: APACHE, port: 443 } },
    ),
  );
});

afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  await Promise.all(apps.map((s) => new Promise((r) => s.close(r))));
  for (const d of pemDirs) rmSync(d, { recursive: true, force: true });
});

const deep = { deep: true, keepaliveWaitMs: 300, healthPath: "/health" };
const check = (host: string, address: string, path: string, options: Record<string, unknown> = {}) =>
  runCheck(zooRequest(`https://${host}${path}`, address, rootPem, { options }));
const localized = (r: CheckResult, code: string) => localizedReport(r, "en").findings.find((f) => f.code === code)!;
const names = (r: CheckResult) => r.stack.map((s) => `${s.layer}:${s.name}`);

describe("fingerprint zoo: Caddy", () => {
  const caddy = (path: string, options: Record<string, unknown> = {}) => check("caddy.fp.zoo.test", CADDY, path, options);

  it("healthy behind Caddy: ok under --deep, stack Caddy → Express", async () => {
    const r = await caddy("/hook", deep);
    expect(r.verdict).toBe("ok");
    expect(names(r)).toEqual(["proxy:caddy", "app:express"]);
  });

  it("upstream down → http.bad_gateway (empty body), Caddy named as the one answering, no app invented", async () => {
    const r = await caddy("/dead/hook");
    expect(r.primary).toBe("http.bad_gateway");
    const f = localized(r, "http.bad_gateway");
    expect(f.evidence.answered_by).toBe("caddy");
    expect(f.fix).toContain("connection refused");
    expect(f.fix).toContain("reverse_proxy");
    expect(f.fix).not.toContain("error.log");
    expect(names(r)).toEqual(["proxy:caddy"]);
  });
});

describe("fingerprint zoo: Caddy's body limit and local CA", () => {
  it("request_body max_size below 1 MiB → payload.limit_too_small behind Caddy's 502, the fix names request_body", async () => {
    const r = await check("caddy.fp.zoo.test", CADDY, "/limited/hook", deep);
    expect(r.primary).toBe("payload.limit_too_small");
    const f = localized(r, "payload.limit_too_small");
    expect(f.evidence.answered_by).toBe("caddy");
    expect(f.fix_for).toBe("caddy");
    expect(f.fix).toContain("max_size");
    expect(f.fix).not.toContain("client_max_body_size");
  });

  it("a site with `tls internal` and no Server header is still named Caddy, from its certificate's issuer", async () => {
    const r = await runCheck(zooRequest("https://internal.fp.zoo.test/hook", CADDY_INTERNAL, caddyLocalRoot, { options: deep }));
    expect(r.verdict).toBe("ok");
    expect(r.stack).toEqual([
      { layer: "proxy", name: "caddy", evidence: expect.stringMatching(/^certificate issuer: .*Caddy Local Authority/) },
      { layer: "app", name: "express", evidence: "x-powered-by: Express" },
    ]);
  });
});

describe("fingerprint zoo: Caddy's handle_path", () => {
  it("handle_path cuts /tg off: http.not_found read as a stripped prefix, the fix says handle", async () => {
    const r = await check("caddy.fp.zoo.test", CADDY, "/tg/bot/hook");
    expect(r.primary).toBe("http.not_found");
    const f = localized(r, "http.not_found");
    expect(f.evidence).toMatchObject({ path_at_app: "/bot/hook", upstream: "prefix_stripped" });
    expect(f.fix_for).toBe("caddy");
    expect(f.fix).toContain("handle /prefix/*");
  });
});

describe("fingerprint zoo: HAProxy", () => {
  const haproxy = (path: string, options: Record<string, unknown> = {}) => check("haproxy.fp.zoo.test", HAPROXY, path, options);

  it("healthy behind HAProxy: ok under --deep; HAProxy shows nothing on a 200, so only Express is named", async () => {
    const r = await haproxy("/hook", deep);
    expect(r.verdict).toBe("ok");
    expect(names(r)).toEqual(["app:express"]);
  });

  it("a backend with no server → http.service_unavailable from HAProxy's own page, the fix names the server line and health check", async () => {
    const r = await haproxy("/empty/hook");
    expect(r.primary).toBe("http.service_unavailable");
    const f = localized(r, "http.service_unavailable");
    expect(f.evidence.answered_by).toBe("haproxy");
    expect(f.fix_for).toBe("haproxy");
    expect(f.fix).toContain("`server` line");
    expect(names(r)).toEqual(["proxy:haproxy"]);
  });

  it("an app slower than `timeout server` → http.gateway_timeout, the fix names timeout server", async () => {
    const r = await haproxy("/slow/hook");
    expect(r.primary).toBe("http.gateway_timeout");
    expect(localized(r, "http.gateway_timeout").fix).toContain("timeout server");
  });

  it("an http-request deny rule → http.waf_blocked with HAProxy's allow rule", async () => {
    const r = await haproxy("/blocked/hook");
    expect(r.primary).toBe("http.waf_blocked");
    const f = localized(r, "http.waf_blocked");
    expect(f.evidence.blocked_by).toContain("Request forbidden by administrative rules");
    expect(f.fix).toContain("http-request allow");
  });
});

describe("fingerprint zoo: Apache httpd", () => {
  const apache = (path: string, options: Record<string, unknown> = {}, address = APACHE) => check("apache.fp.zoo.test", address, path, options);

  it("healthy behind Apache with KeepAliveTimeout 75: ok under --deep, stack Apache → Express", async () => {
    const r = await apache("/hook", deep);
    expect(r.verdict).toBe("ok");
    expect(names(r)).toEqual(["proxy:apache", "app:express"]);
  });

  it("an app slower than ProxyTimeout → 502 Proxy Error read as a slow app: latency beside the timeout, ProxyTimeout in the fix", async () => {
    const r = await apache("/slow/hook");
    expect(r.primary).toBe("http.bad_gateway");
    const f = localized(r, "http.bad_gateway");
    expect(f.evidence.status).toBe(502);
    expect(f.evidence.answered_by).toBe("apache");
    expect(f.evidence.upstream).toBe("slow");
    expect(String(f.evidence.page)).toContain("Error reading from remote server");
    expect(Number(f.evidence.latency_ms)).toBeGreaterThanOrEqual(900);
    expect(f.fix).toContain("slow");
    expect(f.fix).toContain("ProxyTimeout");
    expect(f.fix).not.toMatch(/connect\(\) failed|is down/);
  });

  it("a dead app → 503 from Apache, the fix names ProxyPass and retry", async () => {
    const r = await apache("/dead/hook");
    expect(r.primary).toBe("http.service_unavailable");
    const f = localized(r, "http.service_unavailable");
    expect(f.evidence.answered_by).toBe("apache");
    expect(f.fix).toContain("retry=0");
    expect(f.evidence.upstream).toBeUndefined();
  });

  it("Apache as shipped (KeepAliveTimeout 5) → keepalive.idle_race, the fix names KeepAliveTimeout, not Node's setting", async () => {
    const r = await apache("/hook", deep, APACHE_DEFAULTS);
    expect(r.primary).toBe("keepalive.idle_race");
    const f = localized(r, "keepalive.idle_race");
    expect(f.fix_for).toBe("apache");
    expect(f.fix).toContain("KeepAliveTimeout 75");
    expect(f.fix).not.toContain("server.keepAliveTimeout");
  });
});

describe("fingerprint zoo: a chain without its intermediate, fixed in the server's own words", () => {
  it("Apache serving the leaf alone → tls.incomplete_chain, the fix names SSLCertificateFile with fullchain.pem", async () => {
    const r = await check("apache.fp.zoo.test", APACHE_LEAF_ONLY, "/hook");
    expect(r.primary).toBe("tls.incomplete_chain");
    // One plain GET / (no secret) after the refused certificate: Apache's Server header and the app's own 404.
    expect(names(r)).toEqual(["proxy:apache", "app:express"]);
    const f = localized(r, "tls.incomplete_chain");
    expect(f.fix_for).toBe("apache");
    expect(f.fix).toContain("SSLCertificateFile /etc/letsencrypt/live/apache.fp.zoo.test/fullchain.pem");
    expect(f.fix).not.toContain("ssl_certificate ");
  });

  it("HAProxy serving the leaf alone → tls.incomplete_chain; HAProxy shows nothing on the app's answer, so the fix stays general", async () => {
    const r = await check("haproxy.fp.zoo.test", HAPROXY_LEAF_ONLY, "/empty/");
    expect(r.primary).toBe("tls.incomplete_chain");
    // The identification GET goes to "/", which HAProxy hands to the app: only Express is evidenced.
    expect(names(r)).toEqual(["app:express"]);
    expect(localized(r, "tls.incomplete_chain").fix_for).toBeUndefined();
  });
});

