import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { localizedReport } from "../../src/render/finding-text.js";
import { issueLeaf } from "../support/certs.js";
import { startHaproxy, writeHaproxyPem } from "../support/haproxy.js";
import { runCli } from "../support/run-cli.js";
import type { ServerProcess } from "../support/server-process.js";
import { trustZooRoot, startBotApp, ZOO_SECRET_TOKEN, type App, type ZooTrust } from "../support/stack-apps.js";
import { zooRequest } from "../support/zoo-request.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.102.x. Debian's HAProxy 2.6 terminating TLS in front of real bot apps,
// and in front of a back end that is down.
const HOST = "haproxy.zoo.test";
const A = { grammy: "127.0.102.1", telegraf: "127.0.102.2", dead: "127.0.102.3" };
const APP = "127.0.102.10";
let haproxy: ServerProcess;
let rootPem = "";
let ca: ZooTrust;
let pemDir = "";
const apps: App[] = [];

beforeAll(async () => {
  ca = await trustZooRoot();
  rootPem = ca.rootPem;
  pemDir = tempDir("wd-stacks-haproxy-pem-");
  const crt = writeHaproxyPem(pemDir, await issueLeaf(HOST));
  apps.push(await startBotApp("grammy", APP, 9001), await startBotApp("telegraf", APP, 9002));
  // 9009: nothing listens there (the dead back end).
  const frontend = (name: string, address: string, backend: string) => `
frontend ${name}
  bind ${address}:443 ssl crt ${crt} alpn http/1.1
  option forwardfor
  default_backend ${backend}
`;
  haproxy = await startHaproxy(
    `${frontend("fe_grammy", A.grammy, "be_grammy")}
${frontend("fe_telegraf", A.telegraf, "be_telegraf")}
${frontend("fe_dead", A.dead, "be_dead")}
backend be_grammy
  server app1 ${APP}:9001
backend be_telegraf
  server app1 ${APP}:9002
backend be_dead
  server app1 ${APP}:9009 check inter 500ms fall 1
`,
    { host: A.dead, port: 443 },
  );
});

afterAll(async () => {
  await haproxy?.stop();
  await Promise.all(apps.map((a) => a.close()));
  ca?.restore();
  if (pemDir) rmSync(pemDir, { recursive: true, force: true });
});

const URL_ = `https://${HOST}/tg`;
const check = (address: string) => runCheck(zooRequest(URL_, address, rootPem, { secrets: { secretToken: ZOO_SECRET_TOKEN } }));
const cli = (address: string) =>
  runCli(["check", URL_, "--deep", "--health-path", "/health", "--secret-token", ZOO_SECRET_TOKEN, "--allow-private", "--resolve", `${HOST}:443:${address}`, "--json"], { caFile: ca.path });

describe("HAProxy zoo", () => {
  it("HAProxy in front of grammY's and Telegraf's webhook handlers: verdict ok, exit 0 under --deep", async () => {
    const [grammy, telegraf] = await Promise.all([cli(A.grammy), cli(A.telegraf)]);
    for (const r of [grammy, telegraf]) {
      const json = JSON.parse(r.stdout);
      expect(json.findings.filter((f: { severity: string }) => f.severity !== "info"), r.stdout).toEqual([]);
      expect(json.verdict).toBe("ok");
      expect(r.code).toBe(0);
    }
  });

  it("a dead back end: HAProxy's own 503 'No server is available' → http.service_unavailable", async () => {
    // The health check marks the server down within a second; until then HAProxy retries the connect and also
    // ends with 503. Either way the sender sees 503.
    const r = await check(A.dead);
    expect(r.primary).toBe("http.service_unavailable");
    expect(r.findings[0].evidence.status).toBe(503);
    expect(r.stack).toContainEqual(expect.objectContaining({ layer: "proxy", name: "haproxy" }));
    expect(localizedReport(r, "en").findings[0].fix).toContain("No server is available");
  });
});
