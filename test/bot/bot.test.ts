import { mkdtempSync, writeFileSync } from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi, apiError, type RecordedCall } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.5.x. The real grammY client talks HTTP to the fake Bot API.
const TOKEN = "555000:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
const api = new FakeBotApi({ strict: true });
const servers: TestServer[] = [];
let harness: BotHarness;
let app: BotHarness["app"];
let savedCa: string | undefined;

beforeAll(async () => {
  await api.start("127.0.5.1");
  api.addBot(TOKEN, { username: "webhook_doctor_test_bot" });
  const pki = await testPki();
  const dir = tempDir("wd-bot-");
  writeFileSync(`${dir}/root.pem`, pki.root.cert);
  savedCa = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = `${dir}/root.pem`;
  const ok = await issueLeaf("127.0.5.10", { names: ["127.0.5.10"] });
  servers.push(await startTlsServer({ address: "127.0.5.10", key: ok.key, cert: ok.cert, chain: ok.chain }));
  const bad = await issueLeaf("127.0.5.11", { names: ["127.0.5.11"] });
  servers.push(await startTlsServer({ address: "127.0.5.11", key: bad.key, cert: bad.cert, chain: bad.chain, handler: (_q, res) => void res.writeHead(502, "Bad Gateway").end() }));
  harness = await new BotHarness(api, TOKEN, { allowPrivate: true }).start();
  app = harness.app;
});
afterAll(async () => {
  process.env.NODE_EXTRA_CA_CERTS = savedCa;
  await harness.close();
  await api.stop();
  await Promise.all(servers.map((s) => s.close()));
});

let chat = 1000;
async function send(text: string, language_code = "en") {
  const chatId = chat++;
  const from = { id: chatId, is_bot: false, first_name: "Op", language_code };
  const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0].length }] : undefined;
  await harness.deliver({
    message: { message_id: harness.messageIdIn(chatId, text), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: "Op" }, from, text, entities },
  });
  return chatId;
}
const toChat = (chatId: number) => (c: RecordedCall) => Number(c.params.chat_id) === chatId;
const finalReport = (chatId: number) => api.waitForCall((c) => toChat(chatId)(c) && c.method === "editMessageText" && c.params.parse_mode === "HTML", 20_000);

describe("the bot end to end, through the fake Bot API", () => {
  it("/start shows onboarding with an example", async () => {
    const chatId = await send("/start");
    const reply = await api.waitForCall((c) => toChat(chatId)(c) && c.method === "sendMessage");
    expect(String(reply.params.text)).toContain("/check https://bot.example.com/webhook");
  });

  it("/check of a healthy endpoint: a progress message, then the report edited into it", async () => {
    const chatId = await send("/check https://127.0.5.10/hook");
    // The dialog asks the platform, then the optional secrets: answer with a button and two skips.
    await harness.press(chatId, "wd:choice:telegram");
    await harness.press(chatId, "wd:skip");
    await harness.press(chatId, "wd:skip");
    const progress = await api.waitForCall((c) => toChat(chatId)(c) && c.method === "sendMessage" && String(c.params.text).startsWith("Checking"));
    expect(String(progress.params.text)).toContain("Checking");
    const report = await finalReport(chatId);
    expect(String(report.params.text)).toContain("Healthy");
    expect(String(report.params.text)).toContain("https://127.0.5.10/hook");
  });

  it("/check of a broken endpoint names the cause, its code and the fix, in the user's language", async () => {
    const chatId = await send("https://127.0.5.11/hook", "ru");
    const text = String((await finalReport(chatId)).params.text);
    expect(text).toContain("<code>http.bad_gateway</code>");
    expect(text).toContain("<pre>");
  });

  it("a pasted last_error_message is explained without a command", async () => {
    const chatId = await send("Wrong response from the webhook: 504 Gateway Time-out");
    const reply = await api.waitForCall((c) => toChat(chatId)(c) && c.method === "sendMessage");
    expect(String(reply.params.text)).toContain("http.gateway_timeout");
  });

  it("bad input gets a clear answer: unknown command, huge message", async () => {
    const a = await send("/frobnicate");
    expect(String((await api.waitForCall((c) => toChat(a)(c) && c.method === "sendMessage")).params.text)).toContain("/help");
    const b = await send(`/check https://x.example/${"a".repeat(5000)}`);
    expect(String((await api.waitForCall((c) => toChat(b)(c) && c.method === "sendMessage")).params.text)).toContain("too long");
  });

  it("a private target is refused when the setting is off", async () => {
    const strictHarness = await new BotHarness(api, TOKEN, { allowPrivate: false }).start();
    const chatId = chat++;
    await strictHarness.deliver({
      message: { message_id: strictHarness.messageIdIn(chatId), date: 0, chat: { id: chatId, type: "private", first_name: "Op" }, from: { id: chatId, is_bot: false, first_name: "Op" }, text: "https://127.0.5.10/hook" },
    });
    await strictHarness.close();
    const text = String((await finalReport(chatId)).params.text);
    expect(text).toContain("dns.private_address");
  });

  it("a 429 from the Bot API is absorbed by auto-retry", async () => {
    api.failNext("sendMessage", apiError(429, "Too Many Requests: retry after 1", 1));
    const chatId = await send("/help");
    const calls = api.calls.filter((c) => toChat(chatId)(c) && c.method === "sendMessage");
    expect(calls.length).toBe(2); // the refused one and the retry
  });

  it("a 502 from the Bot API is retried too, and the reply arrives", async () => {
    api.failNext("sendMessage", apiError(502, "Bad Gateway"));
    const chatId = await send("/help");
    const calls = api.calls.filter((c) => toChat(chatId)(c) && c.method === "sendMessage");
    expect(calls.length).toBe(2);
  });

  it("never sends the per-user limit's 11th check", async () => {
    const userChat = chat++;
    const upd = () => ({
      message: { message_id: harness.messageIdIn(userChat), date: 0, chat: { id: userChat, type: "private" as const, first_name: "Op" }, from: { id: userChat, is_bot: false, first_name: "Op" }, text: "https://127.0.5.10/hook" },
    });
    for (let i = 0; i < 11; i++) await harness.deliver(upd());
    await app.jobs.drain();
    const texts = api.calls.filter((c) => toChat(userChat)(c) && c.method === "sendMessage").map((c) => String(c.params.text));
    expect(texts.filter((t) => t.includes("Too many checks"))).toHaveLength(1);
  });
});

describe("command menu", () => {
  it("is registered per language, and a failure is logged, not fatal", async () => {
    const { registerCommands } = await import("../../src/bot/commands.js");
    const before = api.callsOf("setMyCommands").length;
    api.failNext("setMyCommands", apiError(400, "Bad Request: commands are invalid"));
    const warnings: unknown[] = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    expect(await registerCommands(app.bot.api, logger)).toBe(2);
    const calls = api.callsOf("setMyCommands").slice(before);
    expect(calls.map((c) => c.params.language_code ?? "default")).toEqual(["default", "ru", "zh"]);
    expect(JSON.stringify(calls[2].params.commands)).toContain("诊断");
    expect(warnings).toHaveLength(1);
  });
});

describe("Telegram's rules", () => {
  it("nothing the bot sent in this file was refused, and every button press was answered", () => {
    expect(api.refusals.map((r) => `${r.method}: ${r.description}`)).toEqual([]);
    expect(api.unansweredCallbackQueries()).toEqual([]);
  });
});
