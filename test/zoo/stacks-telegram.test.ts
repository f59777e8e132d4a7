import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { startBlackhole } from "../support/blackhole.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi, type FakeBotSetup } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.106.x. Blocked for us, delivered for Telegram: an endpoint behind a
// firewall that drops (or rejects) everyone but Telegram's ranges, checked with a bot token whose record,
// from the fake Bot API over real HTTP, says whether Telegram is delivering.
const api = new FakeBotApi();
const DROPPED = "127.0.106.2"; // SYNs silently dropped: the connect times out
const REJECTED = "127.0.106.3"; // nothing listens: refused
const OPEN = "127.0.106.4";
const HOST = "allowlisted.zoo.test";
const URL_ = `https://${HOST}/tg`;
let blackhole: { close(): void };
let open: TestServer;
let rootPem = "";
let n = 700000;
const token = () => `${n++}:AAHfiqksKZ8WmR2zSjiQ7_stacks_filtered_x`;

beforeAll(async () => {
  await api.start("127.0.106.1");
  rootPem = (await testPki()).root.cert;
  blackhole = await startBlackhole(DROPPED, 443);
  open = await startTlsServer({ address: OPEN, host: HOST, ...(await issueLeaf(HOST)) });
});
afterAll(async () => {
  blackhole?.close();
  await open?.close();
  await api.stop();
});

const minutesAgo = (m: number) => Math.floor(Date.now() / 1000) - m * 60;
function check(address: string, webhook: FakeBotSetup["webhook"] | null) {
  const t = token();
  if (webhook) api.addBot(t, { webhook });
  return runCheck(zooRequest(URL_, address, rootPem, { secrets: webhook ? { botToken: t } : {}, options: { apiRoot: api.url } }));
}

describe("unreachable from here, delivered for Telegram", () => {
  it("dropped SYNs, Telegram's record clean → tcp.filtered_but_telegram_delivers (warn) with Telegram's ranges", async () => {
    const r = await check(DROPPED, { url: URL_, pending_update_count: 0 });
    expect(r.primary).toBe("tcp.filtered_but_telegram_delivers");
    expect(r.verdict).toBe("warn");
    const f = r.findings[0];
    expect(f.evidence).toMatchObject({ seen_from_here: "tcp.timeout", pending_update_count: 0, last_error_age_s: null });
    expect(f.evidence.telegram_ranges).toEqual(["149.154.160.0/20", "91.108.4.0/22"]);
    expect(r.checks.find((c) => c.id === "tcp")?.status).toBe("warn");
  });

  it("refused, an unrelated delivery error long ago and a small queue → still delivered for Telegram", async () => {
    const r = await check(REJECTED, { url: URL_, pending_update_count: 2, last_error_date: minutesAgo(180), last_error_message: "Wrong response from the webhook: 502 Bad Gateway" });
    expect(r.findings.map((f) => f.code)).toContain("tcp.filtered_but_telegram_delivers");
    expect(r.findings.map((f) => f.code)).not.toContain("tcp.refused");
  });

  it("Telegram's record holds a connection failure like ours, even an old one → tcp.refused stays", async () => {
    const r = await check(REJECTED, { url: URL_, pending_update_count: 0, last_error_date: minutesAgo(180), last_error_message: "Connection refused" });
    expect(r.primary).toBe("tcp.refused");
  });

  it("a recent delivery error in Telegram's record: the endpoint is down for Telegram too → tcp.timeout stays", async () => {
    const r = await check(DROPPED, { url: URL_, pending_update_count: 12, last_error_date: minutesAgo(1), last_error_message: "Connection timed out" });
    expect(r.primary).toBe("tcp.timeout");
    expect(r.verdict).toBe("fail");
    expect(r.findings.map((f) => f.code)).not.toContain("tcp.filtered_but_telegram_delivers");
  });

  it("a growing backlog without an error message is not vouching either → tcp.refused stays", async () => {
    const r = await check(REJECTED, { url: URL_, pending_update_count: 450 });
    expect(r.primary).toBe("tcp.refused");
  });

  it("Telegram's webhook set to another URL says nothing about this one → tcp.refused stays", async () => {
    const r = await check(REJECTED, { url: "https://other.zoo.test/tg", pending_update_count: 0 });
    expect(r.primary).toBe("tcp.refused");
  });

  it("without a bot token there is no record to ask → tcp.refused", async () => {
    expect((await check(REJECTED, null)).primary).toBe("tcp.refused");
  });

  it("reachable endpoint with a clean record: no TCP finding at all", async () => {
    const r = await check(OPEN, { url: URL_, pending_update_count: 0, ip_address: OPEN });
    expect(r.findings.filter((f) => f.check === "tcp")).toEqual([]);
    expect(r.verdict).toBe("ok");
  });
});

describe("Telegram's last error is history once it stops recurring", () => {
  it("an error from three hours ago, no backlog, a healthy endpoint: shown as info, verdict ok", async () => {
    const r = await check(OPEN, { url: URL_, pending_update_count: 0, ip_address: OPEN, last_error_date: minutesAgo(180), last_error_message: "Wrong response from the webhook: 502 Bad Gateway" });
    const f = r.findings.find((x) => x.code === "telegram.last_error")!;
    expect(f.severity).toBe("info");
    expect(f.evidence.current).toBe(false);
    expect(r.verdict).toBe("ok");
  });

  it("the same error a minute ago is current: it fails", async () => {
    const r = await check(OPEN, { url: URL_, pending_update_count: 3, ip_address: OPEN, last_error_date: minutesAgo(1), last_error_message: "Wrong response from the webhook: 502 Bad Gateway" });
    expect(r.findings.find((x) => x.code === "telegram.last_error")!.severity).toBe("fail");
    expect(r.verdict).toBe("fail");
  });

  it("an old error with a large backlog is not history: it fails", async () => {
    const r = await check(OPEN, { url: URL_, pending_update_count: 900, ip_address: OPEN, last_error_date: minutesAgo(180), last_error_message: "Read timeout expired" });
    expect(r.findings.find((x) => x.code === "telegram.last_error")!.severity).toBe("fail");
  });
});
