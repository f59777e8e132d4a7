import { createServer } from "node:http";
import { request } from "node:https";
import { afterAll, describe, expect, it } from "vitest";
import { startApache } from "../support/apache.js";
import { startCaddy } from "../support/caddy.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { startHaproxy, writeHaproxyPem } from "../support/haproxy.js";
import { writePems } from "../support/nginx.js";
import type { ServerProcess } from "../support/server-process.js";
import { rmSync } from "node:fs";
import { dirname } from "node:path";

// This file's loopback block: 127.0.100.1–127.0.100.9. Smoke tests for the real-server starters: each
// serves HTTPS with a test certificate and answers a request, then stops and removes its temp dir.
const started: ServerProcess[] = [];
const pemDirs: string[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
  for (const d of pemDirs) rmSync(d, { recursive: true, force: true });
});

function get(address: string, host: string, ca: string, path = "/"): Promise<{ status: number; server: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: address, servername: host, headers: { host }, path, ca, timeout: 5_000, agent: false }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, server: String(res.headers.server ?? ""), body }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

async function pems(host: string) {
  const leaf = await issueLeaf(host);
  const files = writePems({ "fullchain.pem": [leaf.cert, ...leaf.chain].join("\n"), "key.pem": leaf.key });
  pemDirs.push(dirname(files["key.pem"]));
  return { leaf, files };
}

describe("real-server starters", () => {
  it("Caddy serves HTTPS with a given certificate and stops cleanly", async () => {
    const { files } = await pems("caddy.zoo.test");
    const caddy = await startCaddy(`https://caddy.zoo.test:443 {
  bind 127.0.100.1
  tls ${files["fullchain.pem"]} ${files["key.pem"]}
  respond "hello from caddy" 200
}`, { waitFor: { host: "127.0.100.1", port: 443 } });
    started.push(caddy);
    const r = await get("127.0.100.1", "caddy.zoo.test", (await testPki()).root.cert);
    expect(r).toMatchObject({ status: 200, server: "Caddy", body: "hello from caddy" });
  });

  it("Caddy with tls internal issues from its own local CA", async () => {
    const caddy = await startCaddy(`https://internal.zoo.test:443 {
  bind 127.0.100.2
  tls internal
  respond "internal" 200
}`, { waitFor: { host: "127.0.100.2", port: 443 }, sni: "internal.zoo.test" });
    started.push(caddy);
    expect(caddy.localRootPem()).toMatch(/BEGIN CERTIFICATE/);
    const r = await get("127.0.100.2", "internal.zoo.test", caddy.localRootPem());
    expect(r.status).toBe(200);
  });

  it("HAProxy terminates TLS and answers", async () => {
    const { leaf, files } = await pems("haproxy.zoo.test");
    const crt = writeHaproxyPem(dirname(files["key.pem"]), leaf);
    const haproxy = await startHaproxy(`frontend fe
  bind 127.0.100.3:443 ssl crt ${crt}
  http-request return status 200 content-type text/plain string "hello from haproxy"
`, { host: "127.0.100.3", port: 443 });
    started.push(haproxy);
    const r = await get("127.0.100.3", "haproxy.zoo.test", (await testPki()).root.cert);
    expect(r).toMatchObject({ status: 200, body: "hello from haproxy" });
  });

  it("Apache httpd terminates TLS and proxies to an app", async () => {
    const app = createServer((_req, res) => res.end("hello from node"));
    await new Promise<void>((r) => app.listen(9000, "127.0.100.5", r));
    started.push({ dir: "", output: () => "", stop: () => new Promise((r) => app.close(() => r())) });
    const { files } = await pems("apache.zoo.test");
    const apache = await startApache(`Listen 127.0.100.4:443
<VirtualHost 127.0.100.4:443>
  ServerName apache.zoo.test
  SSLEngine on
  SSLCertificateFile ${files["fullchain.pem"]}
  SSLCertificateKeyFile ${files["key.pem"]}
  ProxyPass / http://127.0.100.5:9000/
</VirtualHost>`, { waitFor: { host: "127.0.100.4", port: 443 } });
    started.push(apache);
    const r = await get("127.0.100.4", "apache.zoo.test", (await testPki()).root.cert);
    expect(r).toMatchObject({ status: 200, body: "hello from node", server: expect.stringMatching(/Apache/) });
  });
});
