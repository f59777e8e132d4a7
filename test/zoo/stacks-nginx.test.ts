import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf } from "../support/certs.js";
import { startNginx, writePems, type Nginx } from "../support/nginx.js";
import { runCli } from "../support/run-cli.js";
import { trustZooRoot, startBotApp, ZOO_SECRET_TOKEN, type App, type ZooTrust } from "../support/stack-apps.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.104.x. Debian's nginx in front of grammY's and Telegraf's own webhook
// handlers (the proxy settings nginx's and the libraries' guides show), and nginx asking for client certificates.
const HOST = "nginx.zoo.test";
const A = { grammy: "127.0.104.1", telegraf: "127.0.104.2", mtlsOn: "127.0.104.3", mtlsOptional: "127.0.104.4" };
const APP = "127.0.104.10";
let nginx: Nginx;
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
  apps.push(await startBotApp("grammy", APP, 9001), await startBotApp("telegraf", APP, 9002));
  const server = (address: string, port: number, extra = "") => `
  server {
    listen ${address}:443 ssl;
    server_name ${HOST};
    ssl_certificate ${pem["fullchain.pem"]};
    ssl_certificate_key ${pem["key.pem"]};
    ${extra}
    location / {
      proxy_pass http://${APP}:${port};
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }`;
  nginx = await startNginx(
    [
      server(A.grammy, 9001),
      server(A.telegraf, 9002),
      server(A.mtlsOn, 9001, `ssl_client_certificate ${pem["clients-ca.pem"]};\n    ssl_verify_client on;`),
      server(A.mtlsOptional, 9001, `ssl_client_certificate ${pem["clients-ca.pem"]};\n    ssl_verify_client optional;`),
    ].join("\n"),
    { host: A.mtlsOptional, port: 443 },
  );
});

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(apps.map((a) => a.close()));
  ca?.restore();
  if (pemDir) rmSync(pemDir, { recursive: true, force: true });
});

const URL_ = `https://${HOST}/tg`;
const check = (address: string) => runCheck(zooRequest(URL_, address, rootPem, { secrets: { secretToken: ZOO_SECRET_TOKEN } }));
const cli = (address: string) =>
  runCli(["check", URL_, "--deep", "--health-path", "/health", "--secret-token", ZOO_SECRET_TOKEN, "--allow-private", "--resolve", `${HOST}:443:${address}`, "--json"], { caFile: ca.path });

describe("nginx zoo: real bot apps", () => {
  it("nginx in front of grammY's and Telegraf's webhook handlers: verdict ok, exit 0 under --deep", async () => {
    const [grammy, telegraf] = await Promise.all([cli(A.grammy), cli(A.telegraf)]);
    for (const r of [grammy, telegraf]) {
      const json = JSON.parse(r.stdout);
      expect(json.findings.filter((f: { severity: string }) => f.severity !== "info"), r.stdout).toEqual([]);
      expect(json.verdict).toBe("ok");
      expect(r.code).toBe(0);
    }
  });

  it("ssl_verify_client on: nginx's 400 'No required SSL certificate was sent' is tls.client_certificate_required", async () => {
    const r = await check(A.mtlsOn);
    expect(r.primary).toBe("tls.client_certificate_required");
    expect(r.findings[0].evidence.status).toBe(400);
  });

  it("ssl_verify_client optional: a sender without a client certificate passes", async () => {
    const r = await check(A.mtlsOptional);
    expect(r.verdict).toBe("ok");
  });
});
