import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { runCheck } from "../../src/diagnosis/checklist.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { zooRequest } from "../support/zoo-request.js";

// This file's loopback block: 127.0.3.x
const api = new FakeBotApi();
let endpoint: TestServer;
let rootPem = "";
const URL_ = "https://bot.tg.test/hook";
const ADDRESS = "127.0.3.10";
let tokenN = 100000;
const newToken = () => `${tokenN++}:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0`;

beforeAll(async () => {
  await api.start("127.0.3.1");
  rootPem = (await testPki()).root.cert;
  const leaf = await issueLeaf("bot.tg.test");
  endpoint = await startTlsServer({ address: ADDRESS, host: "bot.tg.test", key: leaf.key, cert: leaf.cert, chain: leaf.chain });
});
afterAll(async () => {
  await api.stop();
  await endpoint.close();
});

const check = (token: string) => runCheck(zooRequest(URL_, ADDRESS, rootPem, { secrets: { botToken: token }, options: { apiRoot: api.url } }));
const codes = (r: { findings: Array<{ code: string }> }) => r.findings.map((f) => f.code);

describe("Telegram record through the fake Bot API", () => {
  it("a healthy record adds no finding and is shown readably", async () => {
    const token = newToken();
    api.addBot(token, { username: "healthy_bot", webhook: { url: URL_, ip_address: ADDRESS, pending_update_count: 0 } });
    const r = await check(token);
    expect(r.verdict).toBe("ok");
    expect(r.telegram?.bot?.username).toBe("healthy_bot");
    expect(r.telegram?.webhook).toMatchObject({ url: URL_, pending_update_count: 0, ip_address: ADDRESS });
  });

  it("telegram.token_invalid for a token the API does not know", async () => {
    const r = await check(newToken());
    expect(codes(r)).toEqual(["telegram.token_invalid"]);
    expect(r.primary).toBe("telegram.token_invalid");
  });

  it("telegram.webhook_not_set", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: "" } });
    expect(codes(await check(token))).toEqual(["telegram.webhook_not_set"]);
  });

  it("telegram.url_mismatch, with userinfo stripped from the configured URL", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: "https://user:pw@old.tg.test/hook", ip_address: ADDRESS } });
    const r = await check(token);
    expect(codes(r)).toEqual(["telegram.url_mismatch"]);
    expect(r.findings[0].evidence.configured_url).toBe("https://old.tg.test/hook");
  });

  it("treats a trailing slash and an explicit :443 as the same URL", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: "https://BOT.tg.test:443/hook/", ip_address: ADDRESS } });
    expect(codes(await check(token))).toEqual([]);
  });

  it("telegram.backlog", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: URL_, pending_update_count: 4200, ip_address: ADDRESS } });
    const r = await check(token);
    expect(codes(r)).toEqual(["telegram.backlog"]);
    expect(r.verdict).toBe("warn");
  });

  it("telegram.ip_mismatch when Telegram resolved another address", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: URL_, ip_address: "149.154.167.99" } });
    expect(codes(await check(token))).toEqual(["telegram.ip_mismatch"]);
  });

  it("telegram.last_error carries its classified cause and age", async () => {
    const token = newToken();
    const date = Math.floor(Date.now() / 1000) - 120;
    api.addBot(token, { webhook: { url: URL_, ip_address: ADDRESS, last_error_date: date, last_error_message: "Wrong response from the webhook: 502 Bad Gateway" } });
    const r = await check(token);
    expect(codes(r)).toEqual(["telegram.last_error"]);
    const f = r.findings[0];
    expect(f.evidence.cause).toBe("http.bad_gateway");
    expect(f.evidence.age_s).toBeGreaterThanOrEqual(119);
  });

  it("the endpoint's own failure stays primary over Telegram's record", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: "https://gone.tg.test/hook", last_error_message: "Connection refused", last_error_date: 1 } });
    const r = await runCheck(zooRequest("https://gone.tg.test/hook", "127.0.3.99", rootPem, { secrets: { botToken: token }, options: { apiRoot: api.url } }));
    expect(r.primary).toBe("tcp.refused");
    expect(codes(r)).toContain("telegram.last_error");
  });

  it("never prints the token, in text or JSON", async () => {
    const token = newToken();
    api.addBot(token, { webhook: { url: `https://bot.tg.test/${token}`, last_error_message: `boom ${token}`, last_error_date: 1 } });
    for (const json of [true, false]) {
      let printed = "";
      const io: Io = { stdout: (s) => (printed += s), stderr: (s) => (printed += s), env: { WEBHOOK_DOCTOR_BOT_TOKEN: token } };
      const argv = ["check", `https://bot.tg.test/${token}`, "--allow-private", "--resolve", `bot.tg.test:443:${ADDRESS}`, "--api-root", api.url, "--timeout", "3"];
      await main(json ? [...argv, "--json"] : argv, io);
      expect(printed.length).toBeGreaterThan(100);
      expect(printed).not.toContain(token);
      expect(printed).not.toContain(token.split(":")[1]);
    }
  });
});
