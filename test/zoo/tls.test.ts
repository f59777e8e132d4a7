import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOptions, type CheckOptions } from "../../src/diagnosis/check-request.js";
import { checkTls } from "../../src/diagnosis/checks/tls.js";
import { createContext, type PinnedEndpoint } from "../../src/diagnosis/context.js";
import { daysFromNow, INTERMEDIATE_AIA_URL, issueLeaf, testPki } from "../support/certs.js";
import { startPlainHttpServer, startTlsServer, type TestServer } from "../support/tls-server.js";
import { runCheck } from "../../src/diagnosis/checklist.js";

// This file's loopback block: 127.0.1.1 – 127.0.1.254. One address per endpoint, all on port 443.
const ZOO = {
  healthy: { host: "ok.test", address: "127.0.1.2" },
  plainHttp: { host: "plain.test", address: "127.0.1.3" },
  expired: { host: "expired.test", address: "127.0.1.4" },
  notYetValid: { host: "future.test", address: "127.0.1.5" },
  selfSigned: { host: "selfsigned.test", address: "127.0.1.6" },
  incompleteChain: { host: "incomplete.test", address: "127.0.1.7" },
  hostnameMismatch: { host: "mismatch.test", address: "127.0.1.8" },
  oldProtocol: { host: "old.test", address: "127.0.1.9" },
  expiresSoon: { host: "soon.test", address: "127.0.1.10" },
  hangsUp: { host: "hangup.test", address: "127.0.1.11" },
  silent: { host: "silent.test", address: "127.0.1.12" },
  privateCa: { host: "private-ca.test", address: "127.0.1.13" },
  defaultCert: { host: "vhost.test", address: "127.0.1.14" },
} as const;
type Case = keyof typeof ZOO;

const servers: TestServer[] = [];
const rawServers: Server[] = [];
const rawSockets = new Set<Socket>();
let rootPem = "";

/** A TCP listener on port 443 that does not speak TLS: it either hangs up at once or never answers. */
async function startRawTcp(address: string, behaviour: "hang-up" | "silent"): Promise<void> {
  const server = createServer((socket) => {
    rawSockets.add(socket);
    socket.on("close", () => rawSockets.delete(socket));
    socket.on("error", () => {});
    if (behaviour === "hang-up") socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(443, address, resolve));
  rawServers.push(server);
}

beforeAll(async () => {
  const pki = await testPki();
  rootPem = pki.root.cert;
  const [healthy, expired, future, selfSigned, incomplete, mismatch, old, soon, privateCa, fallback] = await Promise.all([
    issueLeaf(ZOO.healthy.host),
    issueLeaf(ZOO.expired.host, { notBefore: daysFromNow(-90), notAfter: daysFromNow(-3) }),
    issueLeaf(ZOO.notYetValid.host, { notBefore: daysFromNow(2), notAfter: daysFromNow(92) }),
    issueLeaf(ZOO.selfSigned.host, { issuer: "self" }),
    issueLeaf(ZOO.incompleteChain.host),
    issueLeaf(ZOO.hostnameMismatch.host, { names: ["other.test", "www.other.test"] }),
    issueLeaf(ZOO.oldProtocol.host),
    // A 90-day certificate with 5 days left (a renewal that did not happen).
    issueLeaf(ZOO.expiresSoon.host, { notBefore: daysFromNow(-85), notAfter: daysFromNow(5) }),
    issueLeaf(ZOO.privateCa.host),
    // A web server's fallback certificate: self-signed, for its own machine name, not the webhook's host.
    issueLeaf("localhost.localdomain", { issuer: "self" }),
  ]);
  servers.push(
    ...(await Promise.all([
      startTlsServer({ ...ZOO.healthy, ...healthy }),
      startPlainHttpServer({ ...ZOO.plainHttp }),
      startTlsServer({ ...ZOO.expired, ...expired }),
      startTlsServer({ ...ZOO.notYetValid, ...future }),
      startTlsServer({ ...ZOO.selfSigned, ...selfSigned }),
      // The classic: only the leaf is served (cert.pem instead of fullchain.pem).
      startTlsServer({ ...ZOO.incompleteChain, ...incomplete, chain: [] }),
      startTlsServer({ ...ZOO.hostnameMismatch, ...mismatch }),
      startTlsServer({ ...ZOO.oldProtocol, ...old, maxVersion: "TLSv1.1", ciphers: "DEFAULT@SECLEVEL=0" }),
      startTlsServer({ ...ZOO.expiresSoon, ...soon }),
      startTlsServer({ ...ZOO.privateCa, ...privateCa, chain: [...privateCa.chain, pki.root.cert] }),
      startTlsServer({ ...ZOO.defaultCert, ...fallback }),
    ])),
  );
  await startRawTcp(ZOO.hangsUp.address, "hang-up");
  await startRawTcp(ZOO.silent.address, "silent");
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rawSockets.forEach((s) => s.destroy());
  await Promise.all(rawServers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function endpointOf(name: Case, byAddress = false): PinnedEndpoint {
  const { address } = ZOO[name];
  const host = byAddress ? address : ZOO[name].host;
  return { url: new URL(`https://${host}/webhook`), host, port: 443, address: { address, family: 4 } };
}

function optionsFor(name: Case, overrides: Partial<CheckOptions> = {}): CheckOptions {
  const { host, address } = ZOO[name];
  return defaultOptions("telegram", { allowPrivate: true, extraCa: [rootPem], resolve: [{ host, port: 443, address }], ...overrides });
}

async function tlsOf(name: Case, overrides: Partial<CheckOptions> = {}, byAddress = false) {
  const ep = endpointOf(name, byAddress);
  const ctx = createContext({ url: ep.url.href, platform: "telegram", secrets: {}, options: optionsFor(name, overrides) });
  try {
    return await checkTls(ep, ctx);
  } finally {
    ctx.dispose();
  }
}

async function reportOf(name: Case, overrides: Partial<CheckOptions> = {}) {
  return runCheck({ url: `https://${ZOO[name].host}/webhook`, platform: "telegram", secrets: {}, options: optionsFor(name, overrides) });
}

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe("TLS zoo: checkTls against real endpoints", () => {
  it("healthy endpoint: no finding, HTTP may proceed, certificate summarised", async () => {
    const r = await tlsOf("healthy");
    expect(codes(r)).toEqual([]);
    expect(r.proceed).toBe(true);
    expect(r.status).toBeUndefined();
    expect(r.certificate).toMatchObject({ subject: "CN=ok.test", sans: ["ok.test"] });
    expect(r.certificate!.issuer).toContain("Webhook Doctor Test Intermediate CA");
    expect(r.certificate!.days_left).toBeGreaterThanOrEqual(88);
    expect(r.observation?.handshake?.protocol).toBe("TLSv1.3");
  });

  it("private CA: the chain ends in a root the client does not trust", async () => {
    // Served with the root; checked without our root among the trust anchors, as Telegram would see it.
    const r = await tlsOf("privateCa", { extraCa: [] });
    expect(codes(r)).toEqual(["tls.untrusted_root"]);
    expect(r.findings[0].evidence.root_sent).toBe(true);
    expect(r.findings[0].evidence.verify_error).toBe("SELF_SIGNED_CERT_IN_CHAIN (19)");
    expect(r.findings[0].evidence.untrusted_root).toContain("Test Root CA");
  });

  it("plain HTTP on the TLS port", async () => {
    const r = await tlsOf("plainHttp");
    expect(codes(r)).toEqual(["tls.plain_http"]);
    expect(r.proceed).toBe(false);
    expect(r.findings[0].evidence.response).toMatch(/^HTTP\/1\.1 \d{3}/);
    expect(r.certificate).toBeUndefined();
  });

  it("expired certificate", async () => {
    const r = await tlsOf("expired");
    expect(codes(r)).toEqual(["tls.expired"]);
    expect(r.proceed).toBe(false);
    const e = r.findings[0].evidence;
    expect(e.days_left).toBeLessThan(0);
    expect(e.valid_to).toBe(daysFromNow(-3).toISOString().slice(0, 10));
    expect(e.verify_error).toBe("CERT_HAS_EXPIRED (10)");
    expect(e.issuer).toContain("Intermediate CA");
    expect(r.certificate!.days_left).toBe(e.days_left);
  });

  it("certificate not yet valid", async () => {
    const r = await tlsOf("notYetValid");
    expect(codes(r)).toEqual(["tls.not_yet_valid"]);
    expect(r.findings[0].evidence.verify_error).toBe("CERT_NOT_YET_VALID (9)");
  });

  it("self-signed certificate", async () => {
    const r = await tlsOf("selfSigned");
    expect(codes(r)).toEqual(["tls.self_signed"]);
    expect(r.findings[0].evidence).toMatchObject({
      verify_error: "DEPTH_ZERO_SELF_SIGNED_CERT (18)",
      subject: "CN=selfsigned.test",
      issuer: "CN=selfsigned.test",
    });
  });

  it("incomplete chain: names the leaf's AIA address without fetching it", async () => {
    const r = await tlsOf("incompleteChain");
    expect(codes(r)).toEqual(["tls.incomplete_chain"]);
    const e = r.findings[0].evidence;
    expect(e.verify_error).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE (21)");
    expect(e.aia_ca_issuers).toEqual([INTERMEDIATE_AIA_URL]);
    expect(e.chain_sent).toEqual(["CN=incomplete.test"]);
    expect(e.missing_issuer).toContain("Intermediate CA");
  });

  it("certificate for another host: lists the names it covers", async () => {
    const r = await tlsOf("hostnameMismatch");
    expect(codes(r)).toEqual(["tls.hostname_mismatch"]);
    expect(r.findings[0].evidence.covers).toEqual(["other.test", "www.other.test"]);
    expect(r.findings[0].evidence.host).toBe("mismatch.test");
  });

  it("server that only speaks TLS 1.1", async () => {
    const r = await tlsOf("oldProtocol");
    expect(codes(r)).toEqual(["tls.old_protocol"]);
    expect(r.findings[0].evidence).toMatchObject({ protocol: "TLSv1.1", modern_client_error: "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION" });
    expect(r.certificate?.subject).toBe("CN=old.test");
    expect(r.proceed).toBe(false);
  });

  it("certificate expiring in 5 days: a warning, HTTP still proceeds", async () => {
    const r = await tlsOf("expiresSoon");
    expect(codes(r)).toEqual(["tls.expires_soon"]);
    expect(r.findings[0].severity).toBe("warn");
    expect(r.findings[0].evidence.days_left).toBe(4); // 5 days minus the seconds since issuing, rounded down
    expect(r.proceed).toBe(true);
  });

  it("fallback certificate (self-signed, another host): the wrong certificate is named first", async () => {
    const r = await tlsOf("defaultCert");
    expect(codes(r)).toEqual(["tls.hostname_mismatch", "tls.self_signed"]);
    expect(r.findings[0].evidence.covers).toEqual(["localhost.localdomain"]);
  });

  it("URL with an IP address: a certificate that names only the host does not cover it", async () => {
    const r = await tlsOf("healthy", {}, true);
    expect(codes(r)).toEqual(["tls.hostname_mismatch"]);
    expect(r.findings[0].evidence).toMatchObject({ host: "127.0.1.2", covers: ["ok.test"] });
  });

  it("server that hangs up on the ClientHello", async () => {
    const r = await tlsOf("hangsUp");
    expect(codes(r)).toEqual(["tls.handshake_failed"]);
    expect(r.findings[0].evidence.error_code).toBe("ECONNRESET");
  });

  it("server that never answers the ClientHello: bounded by the check's deadline", async () => {
    const started = Date.now();
    const r = await tlsOf("silent", { totalTimeoutMs: 1_500 });
    expect(codes(r)).toEqual(["tls.handshake_failed"]);
    expect(["TIMEOUT", "ABORTED"]).toContain(r.findings[0].evidence.error_code);
    expect(Date.now() - started).toBeLessThan(4_000);
  });
});

describe("TLS zoo: the whole checklist names the TLS cause as primary", () => {
  it("healthy endpoint: verdict ok, no failure, certificate attached", async () => {
    const report = await reportOf("healthy");
    expect(report.findings.filter((f) => f.severity === "fail")).toEqual([]);
    expect(report.verdict).toBe("ok");
    expect(report.primary).toBeNull();
    expect(report.checks.find((c) => c.id === "tls")?.status).toBe("pass");
    expect(report.certificate?.subject).toBe("CN=ok.test");
  });

  it.each([
    ["plainHttp", "tls.plain_http"],
    ["expired", "tls.expired"],
    ["notYetValid", "tls.not_yet_valid"],
    ["selfSigned", "tls.self_signed"],
    ["incompleteChain", "tls.incomplete_chain"],
    ["hostnameMismatch", "tls.hostname_mismatch"],
    ["oldProtocol", "tls.old_protocol"],
    ["hangsUp", "tls.handshake_failed"],
    ["defaultCert", "tls.hostname_mismatch"],
  ] as [Case, string][])("%s → primary %s, HTTP skipped", async (name, code) => {
    const report = await reportOf(name);
    expect(report.verdict).toBe("fail");
    expect(report.primary).toBe(code);
    expect(report.checks.find((c) => c.id === "http")?.status).toBe("skip");
  });

  it("private CA untrusted by the sender → primary tls.untrusted_root", async () => {
    const report = await reportOf("privateCa", { extraCa: [] });
    expect(report.primary).toBe("tls.untrusted_root");
  });

  it("certificate expiring soon: verdict warn, HTTP still probed", async () => {
    const report = await reportOf("expiresSoon");
    expect(report.verdict).toBe("warn");
    expect(report.primary).toBe("tls.expires_soon");
    expect(report.checks.find((c) => c.id === "http")?.status).toBe("pass");
    expect(report.certificate?.days_left).toBe(4);
  });
});
