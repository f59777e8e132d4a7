import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultOptions, type CheckRequest } from "../../src/diagnosis/check-request.js";
import { checkDns } from "../../src/diagnosis/checks/dns.js";
import { checkTcp } from "../../src/diagnosis/checks/tcp.js";
import { createContext } from "../../src/diagnosis/context.js";
import { startBlackhole } from "../support/blackhole.js";
import { FakeDns } from "../support/fake-dns.js";

// This file's loopback block: 127.0.6.x
const dns = new FakeDns({
  "ok.test": ["127.0.6.10", "::1"],
  "private.test": ["10.1.2.3"],
  "loopback.test": ["127.0.6.10"],
  "cgnat.test": ["100.64.0.7"],
  "metadata.test": ["169.254.169.254"],
  "v6only.test": ["::1"],
  "public.test": ["93.184.215.14"],
});
const servers: Server[] = [];
const sockets = new Set<import("node:net").Socket>();

function ctxFor(url: string, allowPrivate: boolean, extra: Partial<CheckRequest["options"]> = {}) {
  return createContext({
    url,
    platform: "telegram",
    secrets: {},
    options: defaultOptions("telegram", { allowPrivate, dnsServers: [dns.server], ...extra }),
  });
}

beforeAll(async () => {
  await dns.start("127.0.6.1");
  const server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.end();
  });
  await new Promise<void>((r) => server.listen(4443, "127.0.6.10", r));
  servers.push(server);
});
afterAll(async () => {
  await dns.stop();
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

describe("DNS layer (real resolver against a local DNS server)", () => {
  it("reports a name that does not exist", async () => {
    const r = await checkDns(new URL("https://missing.test/hook"), ctxFor("https://missing.test/hook", false));
    expect(r.findings.map((f) => f.code)).toEqual(["dns.not_found"]);
    expect(r.findings[0].evidence.answer).toBe("NXDOMAIN");
    expect(r.approved).toEqual([]);
  });

  it.each(["private.test", "loopback.test", "cgnat.test", "metadata.test"])("refuses %s without allowPrivate, and approves nothing", async (host) => {
    const url = `https://${host}/hook`;
    const r = await checkDns(new URL(url), ctxFor(url, false));
    expect(r.findings.map((f) => f.code)).toEqual(["dns.private_address"]);
    expect(r.approved).toEqual([]);
  });

  it("names the address class in the evidence", async () => {
    const r = await checkDns(new URL("https://metadata.test/"), ctxFor("https://metadata.test/", false));
    expect(r.findings[0].evidence.addresses).toEqual(["169.254.169.254 (metadata)"]);
  });

  it("probes loopback only with allowPrivate", async () => {
    const r = await checkDns(new URL("https://ok.test/"), ctxFor("https://ok.test/", true));
    expect(r.findings).toEqual([]);
    expect(r.approved.map((a) => a.address).sort()).toEqual(["127.0.6.10", "::1"]);
  });

  it("flags a host with no A record (Telegram delivers over IPv4 only)", async () => {
    const r = await checkDns(new URL("https://v6only.test/"), ctxFor("https://v6only.test/", true));
    expect(r.findings.map((f) => f.code)).toEqual(["dns.no_ipv4"]);
  });

  it("approves a public address", async () => {
    const r = await checkDns(new URL("https://public.test/"), ctxFor("https://public.test/", false));
    expect(r.findings).toEqual([]);
    expect(r.approved).toEqual([{ address: "93.184.215.14", family: 4 }]);
  });

  it("uses --resolve overrides instead of DNS, per host and port", async () => {
    const url = "https://not-in-dns.test:4443/";
    const r = await checkDns(new URL(url), ctxFor(url, true, { resolve: [{ host: "not-in-dns.test", port: 4443, address: "127.0.6.10" }] }));
    expect(r.observation.source).toBe("resolve_override");
    expect(r.approved).toEqual([{ address: "127.0.6.10", family: 4 }]);
  });
});

describe("TCP layer (real sockets)", () => {
  it("connects to a listening port", async () => {
    const r = await checkTcp([{ address: "127.0.6.10", family: 4 }], 4443, ctxFor("https://x/", true));
    expect(r.findings).toEqual([]);
    expect(r.reachable).toEqual([{ address: "127.0.6.10", family: 4 }]);
  });

  it("tells refused apart", async () => {
    const r = await checkTcp([{ address: "127.0.6.11", family: 4 }], 4443, ctxFor("https://x/", true));
    expect(r.findings.map((f) => f.code)).toEqual(["tcp.refused"]);
  });

  it("tells a silent drop (timeout) apart", async () => {
    const hole = await startBlackhole("127.0.6.12", 4443);
    try {
      const ctx = ctxFor("https://x/", true);
      const r = await checkTcp([{ address: "127.0.6.12", family: 4 }], 4443, { ...ctx, remainingMs: () => 1_000 });
      expect(r.findings.map((f) => f.code)).toEqual(["tcp.timeout"]);
    } finally {
      hole.close();
    }
  });

  it("warns when IPv6 is published but unreachable while IPv4 works", async () => {
    const r = await checkTcp(
      [
        { address: "127.0.6.10", family: 4 },
        { address: "::1", family: 6 },
      ],
      4443,
      ctxFor("https://x/", true),
    );
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["dns.ipv6_unreachable", "warn"]]);
  });
});

describe("primary cause through the whole checklist (DNS and TCP layers)", () => {
  const run = async (url: string, zone?: [string, string[]]) => {
    if (zone) dns.set(zone[0], zone[1]);
    const { runCheck } = await import("../../src/diagnosis/checklist.js");
    return runCheck({ url, platform: "telegram", secrets: {}, options: defaultOptions("telegram", { allowPrivate: true, dnsServers: [dns.server], httpTimeoutMs: 1_000 }) });
  };

  it("dns.not_found", async () => expect((await run("https://nowhere.test/hook")).primary).toBe("dns.not_found"));
  it("dns.no_ipv4", async () => expect((await run("https://v6only.test/hook")).primary).toBe("dns.no_ipv4"));
  it("tcp.refused", async () => expect((await run("https://refused.test/hook", ["refused.test", ["127.0.6.20"]])).primary).toBe("tcp.refused"));
  it("tcp.timeout", async () => {
    const hole = await startBlackhole("127.0.6.21", 443);
    try {
      const { runCheck } = await import("../../src/diagnosis/checklist.js");
      dns.set("dropped.test", ["127.0.6.21"]);
      const report = await runCheck({
        url: "https://dropped.test/hook",
        platform: "telegram",
        secrets: {},
        options: { ...defaultOptions("telegram", { allowPrivate: true, dnsServers: [dns.server] }), totalTimeoutMs: 5_000 },
      });
      expect(report.primary).toBe("tcp.timeout");
    } finally {
      hole.close();
    }
  });
  it("url.port_not_allowed is primary even when the endpoint is otherwise reachable", async () => {
    expect((await run("https://ok.test:4443/hook")).primary).toBe("url.port_not_allowed");
  });
  it("dns.private_address without allowPrivate", async () => {
    const { runCheck } = await import("../../src/diagnosis/checklist.js");
    const r = await runCheck({ url: "https://private.test/", platform: "telegram", secrets: {}, options: defaultOptions("telegram", { dnsServers: [dns.server] }) });
    expect(r.primary).toBe("dns.private_address");
    expect(r.checks.filter((c) => c.status === "skip").map((c) => c.id)).toEqual(["tcp", "tls", "http"]);
  });
});
