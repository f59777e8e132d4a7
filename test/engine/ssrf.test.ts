import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultOptions } from "../../src/diagnosis/check-request.js";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { classifyAddress } from "../../src/probes/addresses.js";
import { FakeDns } from "../support/fake-dns.js";

// SSRF through IPv6 forms that carry an IPv4 address: the probe must refuse them by the IPv4 address inside,
// and make no connection at all. A listener on that IPv4 address counts every connection it gets.
// Loopback block: 127.0.140.x (this helper's range).
const TARGET = "127.0.140.10"; // = 7f00:8c0a in the IPv6 forms below
const dns = new FakeDns({
  "compat.test": ["127.0.140.10", "::7f00:8c0a"],
  "compat-only.test": ["::7f00:8c0a"],
  "nat64.test": ["64:ff9b::7f00:8c0a"],
  "mapped.test": ["::ffff:7f00:8c0a"],
});
let listener: Server;
const open = new Set<Socket>();
let connections = 0;

beforeAll(async () => {
  await dns.start("127.0.140.1");
  listener = createServer((socket) => {
    connections++;
    open.add(socket);
    socket.on("close", () => open.delete(socket));
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(443, TARGET, resolve));
});
beforeEach(() => {
  connections = 0;
});
afterAll(async () => {
  await dns.stop();
  for (const s of open) s.destroy();
  await new Promise((resolve) => listener.close(resolve));
});

function check(url: string, allowPrivate = false) {
  return runCheck({
    url,
    platform: "telegram",
    secrets: {},
    options: { ...defaultOptions("telegram", { allowPrivate, dnsServers: [dns.server], httpTimeoutMs: 3_000 }), totalTimeoutMs: 8_000 },
  });
}

describe("SSRF: IPv6 forms that embed an IPv4 address", () => {
  it("the counting listener does see a probe when one is allowed (the counter works)", async () => {
    await check(`https://${TARGET}/hook`, true);
    expect(connections).toBeGreaterThan(0);
  });

  it.each([
    ["IPv4-compatible, as typed", "https://[::127.0.140.10]/hook"],
    ["IPv4-compatible, hex", "https://[::7f00:8c0a]/hook"],
    ["IPv4-mapped", "https://[::ffff:127.0.140.10]/hook"],
    ["IPv4-translated", "https://[::ffff:0:127.0.140.10]/hook"],
    ["NAT64 well-known prefix", "https://[64:ff9b::127.0.140.10]/hook"],
    ["6to4", "https://[2002:7f00:8c0a::1]/hook"],
    ["a name with an IPv4-compatible AAAA", "https://compat.test/hook"],
    ["a name with only an IPv4-compatible AAAA", "https://compat-only.test/hook"],
    ["a name with a NAT64 AAAA", "https://nat64.test/hook"],
    ["a name with a mapped AAAA", "https://mapped.test/hook"],
  ])("%s (%s) is refused as loopback with zero connections", async (_what, url) => {
    const report = await check(url);
    expect(report.verdict).toBe("fail");
    const finding = report.findings.find((f) => f.code === "dns.private_address")!;
    expect(String(finding.evidence.addresses)).toContain("(loopback)");
    expect(report.checks.filter((c) => c.status === "skip").map((c) => c.id)).toEqual(["tcp", "tls", "http"]);
    expect(connections).toBe(0);
  });

  it.each([
    ["::a9fe:a9fe", "metadata"], // 169.254.169.254
    ["64:ff9b::a00:1", "private"], // 10.0.0.1
    ["::ffff:100.64.0.7", "cgnat"],
    ["2002:c0a8:101::1", "private"], // 6to4 of 192.168.1.1
  ])("%s is classified by the IPv4 address inside it: %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it.each([
    ["64:ff9b::5db8:d70e", "public"], // NAT64 of a public address: a correct IPv6-only setup stays allowed
    ["2606:4700:4700::1111", "public"],
    ["::1", "loopback"], // inside ::/96, but itself, not 0.0.0.1
    ["::", "reserved"],
  ])("%s stays %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });
});
