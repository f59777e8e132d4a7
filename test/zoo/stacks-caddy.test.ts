import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { localizedReport } from "../../src/render/finding-text.js";
import { startCaddy } from "../support/caddy.js";
import { issueLeaf } from "../support/certs.js";
import { writePems } from "../support/nginx.js";
import { runCli } from "../support/run-cli.js";
import type { ServerProcess } from "../support/server-process.js";
import { trustZooRoot, startBotApp, ZOO_SECRET_TOKEN, type App, type ZooTrust } from "../support/stack-apps.js";
import { zooRequest, type ZooOptions } from "../support/zoo-request.js";

// This file's loopback block: 127.0.101.x. Debian's Caddy 2.6 as the TLS terminator and reverse proxy in
// front of real bot apps (grammY's and Telegraf's own webhook handlers), configured as Caddy documents it.
const HOST = "caddy.zoo.test";
const INTERNAL_HOST = "internal.caddy.zoo.test";
const A = { grammy: "127.0.101.1", telegraf: "127.0.101.2", bodyLimit: "127.0.101.3", internal: "127.0.101.4" };
const APP = "127.0.101.10";
let caddy: ServerProcess & { localRootPem(): string };
let rootPem = "";
let ca: ZooTrust;
let pemDir = "";
const apps: App[] = [];

beforeAll(async () => {
  ca = await trustZooRoot();
  rootPem = ca.rootPem;
  const leaf = await issueLeaf(HOST);
  const pem = writePems({ "fullchain.pem": [leaf.cert, ...leaf.chain].join("\n"), "key.pem": leaf.key });
  pemDir = dirname(pem["key.pem"]);
  apps.push(await startBotApp("grammy", APP, 9001), await startBotApp("telegraf", APP, 9002));
  const tls = `tls ${pem["fullchain.pem"]} ${pem["key.pem"]}`;
  caddy = await startCaddy(
    `https://${HOST}:443 {
  bind ${A.grammy}
  ${tls}
  reverse_proxy ${APP}:9001
}
https://${HOST}:443 {
  bind ${A.telegraf}
  ${tls}
  reverse_proxy ${APP}:9002
}
https://${HOST}:443 {
  bind ${A.bodyLimit}
  ${tls}
  request_body {
    max_size 64KB
  }
  reverse_proxy ${APP}:9001
}
https://${INTERNAL_HOST}:443 {
  bind ${A.internal}
  tls internal
  reverse_proxy ${APP}:9001
}`,
    { waitFor: { host: A.internal, port: 443 }, sni: INTERNAL_HOST },
  );
});

afterAll(async () => {
  await caddy?.stop();
  await Promise.all(apps.map((a) => a.close()));
  ca?.restore();
  if (pemDir) rmSync(pemDir, { recursive: true, force: true });
});

const URL_ = `https://${HOST}/tg`;
const check = (address: string, options: ZooOptions = {}, url = URL_) =>
  runCheck(zooRequest(url, address, rootPem, { secrets: { secretToken: ZOO_SECRET_TOKEN }, options: { keepaliveWaitMs: 300, ...options } }));
const cli = (address: string) =>
  runCli(["check", URL_, "--deep", "--health-path", "/health", "--secret-token", ZOO_SECRET_TOKEN, "--allow-private", "--resolve", `${HOST}:443:${address}`, "--json"], { caFile: ca.path });

describe("Caddy zoo", () => {
  it("Caddy in front of grammY's and Telegraf's webhook handlers: verdict ok, exit 0 under --deep", async () => {
    const [grammy, telegraf] = await Promise.all([cli(A.grammy), cli(A.telegraf)]);
    for (const r of [grammy, telegraf]) {
      const json = JSON.parse(r.stdout);
      expect(json.findings.filter((f: { severity: string }) => f.severity !== "info"), r.stdout).toEqual([]);
      expect(json.verdict).toBe("ok");
      expect(r.code).toBe(0);
    }
    expect(apps[0].updates).toBeGreaterThan(0);
    expect(apps[1].updates).toBeGreaterThan(0);
  });

  it("request_body max_size below 1 MiB: Caddy 2.6 answers 502, reported as payload.limit_too_small with the 502", async () => {
    const r = await check(A.bodyLimit, { deep: true, healthPath: "/health" });
    expect(r.primary).toBe("payload.limit_too_small");
    const f = r.findings.find((x) => x.code === "payload.limit_too_small")!;
    expect(f.evidence.status).toBe(502);
    expect(String(f.evidence.server)).toMatch(/Caddy/);
    // The stack is Caddy, and the fix shown names Caddy's knob, not nginx's.
    expect(r.stack).toContainEqual(expect.objectContaining({ layer: "proxy", name: "caddy" }));
    const fix = localizedReport(r, "en").findings.find((x) => x.code === "payload.limit_too_small")!.fix;
    expect(fix).toContain("request_body");
    expect(fix).not.toContain("client_max_body_size");
  });

  it("tls internal: a chain to Caddy's own local root is tls.untrusted_root, not an incomplete chain", async () => {
    const r = await check(A.internal, { extraCa: [] }, `https://${INTERNAL_HOST}/tg`);
    expect(r.primary).toBe("tls.untrusted_root");
    expect(r.findings.map((f) => f.code)).not.toContain("tls.incomplete_chain");
    const f = r.findings[0];
    expect(String(f.evidence.untrusted_root)).toMatch(/Caddy Local Authority/);
    // Caddy's leaf has an empty subject (its name is only in subjectAltName): said so, not left blank.
    expect(f.evidence.subject).toBe("(empty subject)");
  });

  it("tls internal with Caddy's root trusted (an internal client that installed it): no TLS finding", async () => {
    const r = await check(A.internal, { extraCa: [caddy.localRootPem()] }, `https://${INTERNAL_HOST}/tg`);
    expect(r.findings.filter((f) => f.check === "tls")).toEqual([]);
  });
});
