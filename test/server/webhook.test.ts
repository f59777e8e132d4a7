import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLeaf, testPki } from "../support/certs.js";
import { apiError, FakeBotApi, type RecordedCall } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.40.x only.
//   .1  fake Bot API      .2  the bot's webhook server (webhook mode)      .20  a slow HTTPS endpoint to check
// The real entry point (src/main.ts) runs as a child process, as `npm start` would run it.
const API_HOST = "127.0.40.1";
const HOOK_HOST = "127.0.40.2";
const SLOW_HOST = "127.0.40.20";
const SLOW_MS = 2_000;

const WEBHOOK_TOKEN = "540401:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
const POLLING_TOKEN = "540402:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T1";
const BROKEN_TOKEN = "540403:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T2";
const SECRET = `hook-${randomBytes(16).toString("hex")}`;
const ENCRYPTION_KEY = randomBytes(32).toString("hex");

const api = new FakeBotApi();
const tmp = tempDir("wd-server-");
let slow: TestServer;
let caFile: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  await api.start(API_HOST);
  for (const token of [WEBHOOK_TOKEN, POLLING_TOKEN, BROKEN_TOKEN]) api.addBot(token);
  const pki = await testPki();
  caFile = join(tmp, "root.pem");
  writeFileSync(caFile, pki.root.cert);
  const leaf = await issueLeaf(SLOW_HOST, { names: [SLOW_HOST] });
  slow = await startTlsServer({
    address: SLOW_HOST,
    key: leaf.key,
    cert: leaf.cert,
    chain: leaf.chain,
    handler: (_req, res) => void setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), SLOW_MS),
  });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await api.stop();
  await slow?.close();
  rmSync(tmp, { recursive: true, force: true });
});

interface Child {
  proc: ChildProcess;
  output: () => string;
  /** Resolves with the exit code, or rejects after `ms`. */
  exit: (ms: number) => Promise<number | null>;
}

function startBot(env: Record<string, string>): Child {
  const dir = mkdtempSync(join(tmp, "bot-"));
  const proc = spawn("node_modules/.bin/vite-node", ["src/main.ts"], {
    cwd: fileURLToPath(new URL("../..", import.meta.url)),
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? tmp,
      DATABASE_PATH: join(dir, "bot.sqlite"),
      ENCRYPTION_KEY,
      TELEGRAM_API_ROOT: api.url,
      PROBE_ALLOW_PRIVATE: "true",
      NODE_EXTRA_CA_CERTS: caFile,
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(proc);
  let output = "";
  proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc,
    output: () => output,
    exit: (ms) =>
      Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`child still running after ${ms} ms; output:\n${output}`)), ms).unref()),
      ]),
  };
}

async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, host, resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** One HTTP request on a fresh connection, bounded by 5 s. */
function http(method: string, url: string, options: { headers?: Record<string, string | number>; body?: string } = {}): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: options.headers, agent: false, timeout: 5_000 }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, ms: Date.now() - started }));
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer within 5 s`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Polls `probe` every 50 ms until it returns a value, bounded by `ms`. */
async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

let nextUpdateId = 1;
function messageUpdate(chatId: number, text: string) {
  const update_id = nextUpdateId++;
  const command = text.startsWith("/") ? text.split(" ")[0] : undefined;
  return {
    update_id,
    message: {
      message_id: update_id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Op" },
      from: { id: chatId, is_bot: false, first_name: "Op", language_code: "en" },
      text,
      ...(command ? { entities: [{ type: "bot_command", offset: 0, length: command.length }] } : {}),
    },
  };
}

const toChat = (token: string, chatId: number) => (c: RecordedCall) => c.token === token && Number(c.params.chat_id) === chatId;
const sentTo = (token: string, chatId: number) => api.calls.filter(toChat(token, chatId));

describe("webhook mode, the real entry point as a child process", () => {
  let bot: Child;
  let base: string;
  const hookUrl = `https://${HOOK_HOST}/tg-hook`;
  const postUpdate = (update: unknown, secret?: string) =>
    http("POST", `${base}/tg-hook`, {
      headers: { "content-type": "application/json", ...(secret === undefined ? {} : { "x-telegram-bot-api-secret-token": secret }) },
      body: JSON.stringify(update),
    });

  beforeAll(async () => {
    const port = await freePort(HOOK_HOST);
    base = `http://${HOOK_HOST}:${port}`;
    bot = startBot({ BOT_TOKEN: WEBHOOK_TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: hookUrl, WEBHOOK_SECRET: SECRET, HOST: HOOK_HOST, PORT: String(port) });
    await waitFor("the bot to call setWebhook", 45_000, () => {
      if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
      return api.callsOf("setWebhook", WEBHOOK_TOKEN)[0];
    });
  });

  it("registers the webhook with its URL, secret token, the update kinds it needs and a connection cap", () => {
    const [call] = api.callsOf("setWebhook", WEBHOOK_TOKEN);
    expect(call.params.url).toBe(hookUrl);
    expect(call.params.secret_token).toBe(SECRET);
    expect(call.params.allowed_updates).toEqual(["message", "edited_message", "callback_query", "inline_query", "my_chat_member", "chat_member"]);
    expect(call.params.max_connections).toBe(40);
  });

  it("is live and ready once the webhook is set", async () => {
    const ready = await waitFor("/readyz 200", 10_000, async () => {
      const answer = await http("GET", `${base}/readyz`);
      return answer.status === 200 ? answer : undefined;
    });
    expect(ready.status).toBe(200);
    expect((await http("GET", `${base}/healthz`)).status).toBe(200);
  });

  it("refuses an update without the secret token or with a wrong one (401) and never handles it", async () => {
    const missing = await postUpdate(messageUpdate(4001, "/help"));
    const wrong = await postUpdate(messageUpdate(4002, "/help"), `${SECRET}x`);
    const sameLength = await postUpdate(messageUpdate(4003, "/help"), SECRET.replace(/.$/, (c) => (c === "a" ? "b" : "a")));
    expect([missing.status, wrong.status, sameLength.status]).toEqual([401, 401, 401]);
    // A valid update sent afterwards is answered; by then the refused ones would have been too.
    const ok = await postUpdate(messageUpdate(4004, "/help"), SECRET);
    expect(ok.status).toBe(200);
    await api.waitForCall((c) => toChat(WEBHOOK_TOKEN, 4004)(c) && c.method === "sendMessage", 10_000);
    for (const chat of [4001, 4002, 4003]) expect(sentTo(WEBHOOK_TOKEN, chat)).toEqual([]);
  });

  it("answers a valid /help update with 200 and the bot's reply reaches the Bot API", async () => {
    const answer = await postUpdate(messageUpdate(4010, "/help"), SECRET);
    expect(answer.status).toBe(200);
    const reply = await api.waitForCall((c) => toChat(WEBHOOK_TOKEN, 4010)(c) && c.method === "sendMessage", 10_000);
    expect(String(reply.params.text)).toContain("/check");
  });

  it("refuses what is not an update: unknown paths 404, wrong method 405, oversize body 413, non-JSON 400", async () => {
    expect((await http("GET", `${base}/nope`)).status).toBe(404);
    expect((await http("POST", `${base}/tg-hook-other`, { body: "{}" })).status).toBe(404);
    expect((await http("GET", `${base}/tg-hook`)).status).toBe(405);
    const huge = await http("POST", `${base}/tg-hook`, {
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET, "content-length": 2 * 1024 * 1024 },
    }).catch((error: Error) => ({ status: -1, body: error.message, ms: 0 }));
    expect(huge.status).toBe(413);
    const notJson = await http("POST", `${base}/tg-hook`, { headers: { "x-telegram-bot-api-secret-token": SECRET }, body: "{not json" });
    expect(notJson.status).toBe(400);
  });

  it("on SIGTERM mid-check: readiness turns 503, new updates get 503, the report is still delivered, exit 0", async () => {
    const chatId = 4020;
    // A bare URL starts the quick check at once; the endpoint answers each request after SLOW_MS.
    const answer = await postUpdate(messageUpdate(chatId, `https://${SLOW_HOST}/hook`), SECRET);
    expect(answer.status).toBe(200);
    // The handler only enqueued the check: Telegram got its 200 before the slow endpoint could answer.
    expect(answer.ms).toBeLessThan(SLOW_MS);
    await api.waitForCall((c) => toChat(WEBHOOK_TOKEN, chatId)(c) && c.method === "sendMessage", 10_000);
    const isReport = (c: RecordedCall) => toChat(WEBHOOK_TOKEN, chatId)(c) && c.method === "editMessageText" && c.params.parse_mode === "HTML";
    expect(api.calls.some(isReport)).toBe(false);

    const signalled = Date.now();
    bot.proc.kill("SIGTERM");
    const draining = await waitFor("/readyz 503", 3_000, async () => {
      const r = await http("GET", `${base}/readyz`);
      return r.status === 503 ? r : undefined;
    });
    expect(draining.status).toBe(503);
    // The check is still running while readiness already says "do not send me traffic".
    expect(api.calls.some(isReport)).toBe(false);
    expect((await http("GET", `${base}/healthz`)).status).toBe(200);
    // An update arriving now is left with Telegram (503, retried later), not handled.
    const late = await postUpdate(messageUpdate(4021, "/help"), SECRET);
    expect(late.status).toBe(503);

    const code = await bot.exit(25_000);
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(25_000);
    const report = api.calls.find(isReport);
    expect(report, bot.output()).toBeDefined();
    expect(String(report!.params.text)).toContain(`https://${SLOW_HOST}/hook`);
    expect(sentTo(WEBHOOK_TOKEN, 4021)).toEqual([]);
    expect(bot.output()).toContain("stopped cleanly");
  });

  it("never writes the webhook secret or the bot token to its logs", () => {
    expect(bot.output()).not.toContain(SECRET);
    expect(bot.output()).not.toContain(WEBHOOK_TOKEN.split(":")[1]);
  });
});

describe("polling mode, the real entry point as a child process", () => {
  it("answers /help fed through getUpdates and exits 0 on SIGTERM", async () => {
    const bot = startBot({ BOT_TOKEN: POLLING_TOKEN, BOT_MODE: "polling" });
    await waitFor("the bot to poll", 45_000, () => {
      if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
      return api.callsOf("getUpdates", POLLING_TOKEN)[0];
    });
    expect(api.callsOf("deleteWebhook", POLLING_TOKEN)).toHaveLength(1);
    api.pushUpdate(POLLING_TOKEN, { message: messageUpdate(5001, "/help").message });
    const reply = await api.waitForCall((c) => toChat(POLLING_TOKEN, 5001)(c) && c.method === "sendMessage", 15_000);
    expect(String(reply.params.text)).toContain("/check");
    bot.proc.kill("SIGTERM");
    expect(await bot.exit(15_000)).toBe(0);
    expect(bot.output()).toContain("stopped cleanly");
  });
});

describe("a plain npm start, without ENCRYPTION_KEY", () => {
  it("makes a private key file once, and a restart still opens the sealed half-finished dialog", async () => {
    const TOKEN = "540404:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T3";
    api.addBot(TOKEN);
    const dir = mkdtempSync(join(tmp, "nokey-"));
    const env = { BOT_TOKEN: TOKEN, BOT_MODE: "polling", ENCRYPTION_KEY: "", DATABASE_PATH: join(dir, "bot.sqlite") };
    const polling = (bot: Child, after: number) =>
      waitFor("the bot to poll", 45_000, () => {
        if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
        return api.calls.slice(after).find((c) => c.token === TOKEN && c.method === "getUpdates");
      });
    const chat = 5101;
    const first = startBot(env);
    await polling(first, 0);
    expect(first.output()).toContain("made a key file");
    expect(statSync(join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
    api.pushUpdate(TOKEN, { message: messageUpdate(chat, "/check").message });
    const question = await api.waitForCall((c) => toChat(TOKEN, chat)(c) && c.method === "sendMessage", 15_000);
    // The press is on the question's own message: a dialog takes only the buttons of the question it asked.
    api.pushUpdate(TOKEN, {
      callback_query: { id: "cb1", from: { id: chat, is_bot: false, first_name: "Op" }, chat_instance: "ci", data: "wd:choice:telegram", message: { message_id: Number(question.result?.message_id), date: 0, chat: { id: chat, type: "private", first_name: "Op" }, text: "…" } },
    });
    await api.waitForCall((c) => toChat(TOKEN, chat)(c) && String(c.params.text).includes("webhook URL"), 15_000);
    first.proc.kill("SIGTERM");
    expect(await first.exit(15_000)).toBe(0);

    const mark = api.calls.length;
    const second = startBot(env);
    await polling(second, mark);
    expect(second.output()).not.toContain("made a key file");
    api.pushUpdate(TOKEN, { message: messageUpdate(chat, "https://bot.example.com/hook").message });
    // The dialog goes on (the next question is the bot token), so the sealed state opened with the same key.
    const next = await waitFor("the next question", 15_000, () => api.calls.slice(mark).find((c) => toChat(TOKEN, chat)(c) && c.method === "sendMessage"));
    expect(String(next.params.text)).toContain("bot's token");
    second.proc.kill("SIGTERM");
    expect(await second.exit(15_000)).toBe(0);
  });
});

describe("webhook mode start-up failures", () => {
  it("a refused setWebhook stops the start with a clear message and a non-zero exit", async () => {
    api.failNext("setWebhook", apiError(400, "Bad Request: bad webhook: Failed to resolve host"));
    const port = await freePort(HOOK_HOST);
    const bot = startBot({
      BOT_TOKEN: BROKEN_TOKEN,
      BOT_MODE: "webhook",
      WEBHOOK_URL: `https://${HOOK_HOST}/broken-hook`,
      WEBHOOK_SECRET: SECRET,
      HOST: HOOK_HOST,
      PORT: String(port),
    });
    expect(await bot.exit(45_000)).toBe(1);
    expect(bot.output()).toContain("setWebhook failed");
    expect(bot.output()).toContain("Failed to resolve host");
    expect(bot.output()).not.toContain(SECRET);
  });

  it("a missing WEBHOOK_SECRET is a configuration error (exit 2) naming the variable", async () => {
    const bot = startBot({ BOT_TOKEN: BROKEN_TOKEN, BOT_MODE: "webhook", WEBHOOK_URL: `https://${HOOK_HOST}/x`, HOST: HOOK_HOST, PORT: "1" });
    expect(await bot.exit(45_000)).toBe(2);
    expect(bot.output()).toContain("WEBHOOK_SECRET");
  });
});
