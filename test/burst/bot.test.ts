import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhooks } from "@octokit/webhooks";
import { BotHarness } from "../support/bot-harness.js";
import { issueLeaf, testPki } from "../support/certs.js";
import { FakeBotApi, type RecordedCall } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.172.1–127.0.172.50. The real bot (grammY, SQLite file) in a group chat,
// the fake Bot API over real HTTP, and a real HTTPS endpoint whose pool holds 2 concurrent requests (502 beyond).
// Covers the burst button, every fix action (sent exactly as shown, only after confirmation, never twice:
// pressed twice, after a restart, by another member) and the delivery confirmation.
const ENDPOINT = "127.0.172.1";
const SIGNED = "127.0.172.2";
const SIGNED_URL = `https://${SIGNED}/hooks`;
const GITHUB_SECRET = "bot-burst-github-secret";
let signedRequests = 0;
const URL = `https://${ENDPOINT}/hook`;
const OURS = "7200000:AAwebhookDoctorItselfxxxxxxxxxxxxxxxxxx";
const OWNER_TOKEN = "7200001:AAcustomerBotTokenxxxxxxxxxxxxxxxxxxxxx";
const OWNER = 501;
const MEMBER = 502;
const SECOND_OWNER = 503;
const GROUP = { id: -1007200, type: "supergroup" as const };

const api = new FakeBotApi();
let harness: BotHarness;
let server: TestServer;
let signedServer: TestServer;
let requests = 0;
let savedCa: string | undefined;
let dir = "";
const logLines: string[] = [];

beforeAll(async () => {
  await api.start("127.0.172.40");
  api.addBot(OURS, { username: "webhook_doctor_test_bot" });
  api.addBot(OWNER_TOKEN, { webhook: { url: URL, max_connections: 5, pending_update_count: 7 } });
  const pki = await testPki();
  dir = tempDir("wd-burst-bot-");
  writeFileSync(`${dir}/root.pem`, pki.root.cert);
  savedCa = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = `${dir}/root.pem`;
  const leaf = await issueLeaf(ENDPOINT, { names: [ENDPOINT] });
  let busy = 0;
  server = await startTlsServer({
    address: ENDPOINT,
    ...leaf,
    handler: async (_req, res) => {
      requests++;
      if (busy >= 2) return void res.writeHead(502).end();
      busy++;
      await new Promise((r) => setTimeout(r, 300));
      busy--;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    },
  });
  // A GitHub-style receiver (Octokit verifies the signature) with a pool of 2 workers.
  const octokit = new Webhooks({ secret: GITHUB_SECRET });
  const signedLeaf = await issueLeaf(SIGNED, { names: [SIGNED] });
  let signedBusy = 0;
  signedServer = await startTlsServer({
    address: SIGNED,
    ...signedLeaf,
    handler: async (req, res, body) => {
      signedRequests++;
      const signature = String(req.headers["x-hub-signature-256"] ?? "");
      if (!signature || !(await octokit.verify(body.toString("utf8"), signature))) return void res.writeHead(401).end();
      if (signedBusy >= 2) return void res.writeHead(502).end();
      signedBusy++;
      await new Promise((r) => setTimeout(r, 300));
      signedBusy--;
      res.writeHead(200).end();
    },
  });
  harness = await new BotHarness(api, OURS, {
    allowPrivate: true,
    dbPath: `${dir}/bot.sqlite`,
    logLines,
    fix: { burst: { rampMs: 200 }, confirmWaitMs: 3_000, confirmIntervalMs: 200, editIntervalMs: 0 },
  }).start();
  api.seeChat(GROUP.id);
}, 30_000);

afterAll(async () => {
  process.env.NODE_EXTRA_CA_CERTS = savedCa;
  await harness.close();
  await api.stop();
  await server.close();
  await signedServer.close();
  rmSync(dir, { recursive: true, force: true });
});

const buttons = (c: RecordedCall): Array<{ text: string; callback_data: string }> =>
  ((c.params.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? []).flat();
const toGroup = (since: number) => api.calls.slice(since).filter((c) => Number(c.params.chat_id) === GROUP.id && ["sendMessage", "editMessageText"].includes(c.method));
const button = (since: number, pattern: RegExp) => {
  for (const c of toGroup(since).reverse()) {
    const b = buttons(c).find((x) => pattern.test(x.callback_data));
    if (b) return b;
  }
  throw new Error(`no button ${pattern} in ${toGroup(since).map((c) => String(c.params.text).slice(0, 60)).join(" | ")}`);
};
const lastText = (since: number) => String(toGroup(since).at(-1)?.params.text ?? "");
const alerts = (since: number) => api.calls.slice(since).filter((c) => c.method === "answerCallbackQuery").map((c) => String(c.params.text ?? ""));
const press = async (user: number, data: string) => {
  await harness.press(user, data, "en", GROUP);
  await harness.app.jobs.drain();
};

/** A report made with the owner's token, as the /check dialog ends: returns its id. */
async function ownerReport(userId: number): Promise<string> {
  const since = api.calls.length;
  harness.app.jobs.enqueue({ chatId: GROUP.id, userId, lang: "en", spec: { url: URL, platform: "telegram", secrets: { botToken: OWNER_TOKEN } } });
  await harness.app.jobs.drain();
  return button(since, /^wd:burst:/).callback_data.split(":")[2];
}

/**
 * The owner's burst, run once for the file (the URL is then rate limited for 10 minutes): every test that
 * needs its report calls this, so each test also passes alone. Also covers a member pressing the owner's
 * button and a second owner of the same URL pressing at the same moment.
 */
let burstRun: Promise<{ reportId: string; texts: string[]; memberAlert: string; memberRequests: number; since: number }> | undefined;
const burstOnce = () =>
  (burstRun ??= (async () => {
    const reportId = await ownerReport(OWNER);
    const secondReport = await ownerReport(SECOND_OWNER);
    const since = api.calls.length;
    const before = requests;
    await press(MEMBER, `wd:burst:${reportId}`);
    const memberAlert = alerts(since).at(-1) ?? "";
    const memberRequests = requests - before;
    await harness.press(OWNER, `wd:burst:${reportId}`, "en", GROUP);
    await harness.press(SECOND_OWNER, `wd:burst:${secondReport}`, "en", GROUP);
    await harness.app.jobs.drain();
    const setMax = button(since, /^fx:n:[a-z0-9]{8}:m$/);
    return { reportId: setMax.callback_data.split(":")[2], texts: toGroup(since).map((c) => String(c.params.text)), memberAlert, memberRequests, since };
  })());
/** The customer bot's record as each fix test starts from it. */
const resetRecord = (pending = 7) => {
  const bot = api.bots.get(OWNER_TOKEN)!;
  bot.webhook = { url: URL, has_custom_certificate: false, max_connections: 5, pending_update_count: pending };
  delete bot.delivery;
};

describe("the burst test from the chat", () => {
  it("the owner's burst: progress, the summary table with the level where errors began, a button to set max_connections to what held", async () => {
    const { texts, memberAlert, memberRequests, since } = await burstOnce();
    // Another member of the group pressed the owner's button: refused, nothing sent to the endpoint.
    expect(memberAlert).toMatch(/Only the person who ran this check/);
    expect(memberRequests).toBe(0);
    // A second owner of the same URL pressed at the same moment: refused while the first runs.
    expect(texts.some((t) => /running right now/.test(t))).toBe(true);
    expect(texts.some((t) => /^burst \d+\/5 connections/.test(t))).toBe(true);
    const summary = texts.find((t) => t.includes("<pre>") && t.includes("errors began at"))!;
    expect(summary, texts.join("\n---\n")).toBeDefined();
    expect(summary).toMatch(/errors began at\s+3/);
    expect(summary).toMatch(/held\s+2/);
    expect(summary).toContain("<code>burst.errors_under_load</code>");
    expect(summary).toContain("max_connections to 2");
    expect(button(since, /^fx:n:[a-z0-9]{8}:m$/).text).toBe("Set max_connections to 2");
    for (const c of toGroup(since)) for (const b of buttons(c)) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    // The burst's report, shown again with /report, carries the same table.
    const { reportId } = await burstOnce();
    const before = api.calls.length;
    await harness.say(OWNER, `/report ${reportId}`, { chat: GROUP });
    expect(lastText(before)).toMatch(/<b>Burst test<\/b>\n<pre>[^]*errors began at\s+3/);
    expect(JSON.stringify(api.calls.slice(since).filter((c) => c.token === OURS))).not.toContain(OWNER_TOKEN);
  }, 60_000);

  it("the rate limit holds across restarts: the next burst of the URL within 10 minutes is refused", async () => {
    const { reportId: burstReport } = await burstOnce();
    await harness.restart();
    const since = api.calls.length;
    const before = requests;
    await press(OWNER, `wd:burst:${burstReport}`);
    expect(lastText(since)).toMatch(/less than 10 minutes ago/);
    expect(requests).toBe(before);
  }, 60_000);
});

describe("the burst test of a signed webhook from the chat", () => {
  const signedReport = async (secret: string) => {
    const since = api.calls.length;
    harness.app.jobs.enqueue({ chatId: GROUP.id, userId: OWNER, lang: "en", spec: { url: SIGNED_URL, platform: "generic", auth: { kind: "hmac", scheme: "github" }, secrets: { signingSecret: secret } } });
    await harness.app.jobs.drain();
    const b = button(since, /^wd:(burst|fix):/);
    expect(b.callback_data).toMatch(/^wd:burst:/);
    // Fixes are Telegram calls: a signed webhook's report offers the burst only.
    expect(toGroup(since).flatMap(buttons).some((x) => x.callback_data.startsWith("wd:fix:"))).toBe(false);
    return b.callback_data.split(":")[2];
  };

  it("with a secret the receiver refuses, no load is sent and the chat says why", async () => {
    const reportId = await signedReport("not-the-receivers-secret");
    const before = signedRequests;
    const since = api.calls.length;
    await press(OWNER, `wd:burst:${reportId}`);
    expect(lastText(since)).toMatch(/did not accept a correctly signed request/);
    // The check's own few requests and one signed burst request; no burst.
    expect(signedRequests - before).toBeLessThan(10);
  }, 30_000);

  it("with the receiver's secret: signed burst, errors beginning at 3", async () => {
    const reportId = await signedReport(GITHUB_SECRET);
    const since = api.calls.length;
    await press(OWNER, `wd:burst:${reportId}`);
    const summary = lastText(since);
    expect(summary).toMatch(/errors began at\s+3/);
    expect(summary).toContain("<code>burst.errors_under_load</code>");
    expect(summary).not.toContain(GITHUB_SECRET);
  }, 60_000);
});

describe("fixes from the chat, each behind a confirmation showing the exact call", () => {
  it("max_connections to the level held, keeping the secret: nothing sent before the confirmation, exactly one setWebhook after, never twice", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    const base = api.callsOf("setWebhook", OWNER_TOKEN).length;
    const setWebhooks = () => api.callsOf("setWebhook", OWNER_TOKEN).slice(base);
    let since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:m`);
    expect(lastText(since)).toMatch(/never shows the current secret token/);
    const keep = button(since, /^fx:k:/);
    const rowId = keep.callback_data.slice(5);
    await press(OWNER, keep.callback_data);
    expect(lastText(since)).toMatch(/Send the secret token now/);
    since = api.calls.length;
    const secretMessage = await harness.say(OWNER, "endpoint_secret-42", { chat: GROUP });
    await harness.app.jobs.drain();
    // The secret left the chat, and appears in no message of ours.
    expect(api.calls.slice(since).some((c) => c.method === "deleteMessage" && Number(c.params.message_id) === secretMessage)).toBe(true);
    const confirm = toGroup(since).at(-1)!;
    expect(String(confirm.params.text)).toContain(`setWebhook(url="${URL}", max_connections=2, secret_token=&lt;hidden&gt;)`);
    expect(JSON.stringify(api.calls.slice(since).filter((c) => c.token === OURS))).not.toContain("endpoint_secret-42");
    expect(setWebhooks()).toHaveLength(0);

    // Another member presses the owner's confirm button: refused, nothing sent.
    since = api.calls.length;
    await press(MEMBER, `fx:o:${rowId}`);
    expect(alerts(since).at(-1)).toMatch(/Only the person/);
    expect(setWebhooks()).toHaveLength(0);

    await press(OWNER, `fx:o:${rowId}`);
    const sent = setWebhooks();
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toEqual({ url: URL, max_connections: 2, secret_token: "endpoint_secret-42" });
    expect(lastText(since)).toMatch(/Done\. Telegram accepted/);
    expect(button(since, /^fx:d:/).callback_data).toBe(`fx:d:${burstReport}`);

    // Pressed twice, and again after a restart: a clear answer, nothing sent again.
    since = api.calls.length;
    await press(OWNER, `fx:o:${rowId}`);
    expect(alerts(since).at(-1)).toMatch(/Already done; nothing was sent again/);
    await harness.restart();
    await press(OWNER, `fx:o:${rowId}`);
    expect(alerts(since).at(-1)).toMatch(/Already done/);
    expect(setWebhooks()).toHaveLength(1);
    // Logged: who, which bot, what, how it went; no token, no secret.
    const line = logLines.find((l) => l.includes('"webhook action"') && l.includes('"max_connections"'));
    expect(line).toBeDefined();
    expect(line).toContain('"bot_id":7200001');
    expect(logLines.join("\n")).not.toContain(OWNER_TOKEN);
    expect(logLines.join("\n")).not.toContain("endpoint_secret-42");
  }, 30_000);

  it("the fix menu offers the actions that fit Telegram's record; a webhook with an uploaded certificate is not re-set", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord(7);
    let since = api.calls.length;
    await press(OWNER, `wd:fix:${burstReport}`);
    expect(lastText(since)).toMatch(/7 pending · max_connections 5/);
    const offered = buttons(toGroup(since).at(-1)!).map((b) => b.callback_data);
    expect(offered).toEqual(["r", "m", "u", "d", "x"].map((a) => `fx:n:${burstReport}:${a}`).concat(`fx:d:${burstReport}`));
    // Nothing pending: no "drop the backlog".
    resetRecord(0);
    since = api.calls.length;
    await press(OWNER, `wd:fix:${burstReport}`);
    expect(buttons(toGroup(since).at(-1)!).map((b) => b.callback_data)).not.toContain(`fx:n:${burstReport}:d`);

    api.bots.get(OWNER_TOKEN)!.webhook.has_custom_certificate = true;
    const base = api.callsOf("setWebhook", OWNER_TOKEN).length;
    since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:r`);
    await press(OWNER, button(since, /^fx:s:/).callback_data);
    expect(lastText(since)).toMatch(/re-setting it from here would drop the certificate\. Nothing was changed/);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(base);
  }, 30_000);

  it("re-set without a secret token, confirmed after a restart: one setWebhook with the record's settings and no secret", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    const calls = api.callsOf("setWebhook", OWNER_TOKEN).length;
    let since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:r`);
    const none = button(since, /^fx:s:/);
    await press(OWNER, none.callback_data);
    expect(lastText(since)).toContain(`setWebhook(url="${URL}", max_connections=5)`);
    const send = button(since, /^fx:o:/);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(calls);
    await harness.restart();
    since = api.calls.length;
    await press(OWNER, send.callback_data);
    const sent = api.callsOf("setWebhook", OWNER_TOKEN);
    expect(sent).toHaveLength(calls + 1);
    expect(sent.at(-1)!.params).toEqual({ url: URL, max_connections: 5 });
  }, 30_000);

  it("allowed_updates: the typed list is checked, then sent as typed", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    let since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:u`);
    expect(lastText(since)).toMatch(/Send the update types/);
    await harness.say(OWNER, "message, callbak_query", { chat: GROUP });
    expect(lastText(since)).toMatch(/no update type "callbak_query"/);
    await harness.say(OWNER, "message, callback_query", { chat: GROUP });
    // While the secret is asked for, /cancel cancels the fix (and the next text is an ordinary message again).
    const cancelled = button(since, /^fx:k:/);
    await press(OWNER, cancelled.callback_data);
    expect(lastText(since)).toMatch(/Send the secret token now/);
    await harness.say(OWNER, "/cancel", { chat: GROUP });
    expect(lastText(since)).toMatch(/Cancelled; nothing was sent/);
    const calls = api.callsOf("setWebhook", OWNER_TOKEN).length;
    await harness.say(OWNER, "secret_that_is_not_consumed", { chat: GROUP });
    expect(api.calls.slice(-5).some((c) => c.method === "deleteMessage")).toBe(false);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(calls);
    // Again, this time to the end.
    since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:u`);
    await harness.say(OWNER, "message, callback_query", { chat: GROUP });
    await press(OWNER, button(since, /^fx:s:/).callback_data);
    since = api.calls.length;
    await press(OWNER, button(0, /^fx:o:/).callback_data);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(calls + 1);
    expect(api.callsOf("setWebhook", OWNER_TOKEN).at(-1)!.params).toEqual({ url: URL, max_connections: 5, allowed_updates: ["message", "callback_query"] });
  }, 30_000);

  it("drop the backlog: the second confirmation names the updates lost; only its button sends", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    let since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:d`);
    await press(OWNER, button(since, /^fx:s:/).callback_data);
    expect(lastText(since)).toContain("drop_pending_updates=true");
    const first = button(since, /^fx:o:/);
    const calls = api.callsOf("setWebhook", OWNER_TOKEN).length;
    await press(OWNER, first.callback_data);
    expect(lastText(since)).toMatch(/Second confirmation: 7 pending updates will be deleted/);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(calls);
    // The first button pressed again is an earlier step now: nothing sent.
    since = api.calls.length;
    await press(OWNER, first.callback_data);
    expect(alerts(since).at(-1)).toMatch(/earlier step/);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(calls);
    await press(OWNER, button(0, /^fx:O:/).callback_data);
    expect(api.callsOf("setWebhook", OWNER_TOKEN)).toHaveLength(calls + 1);
    expect(api.callsOf("setWebhook", OWNER_TOKEN).at(-1)!.params).toMatchObject({ url: URL, drop_pending_updates: true });
    expect(api.bots.get(OWNER_TOKEN)!.webhook.pending_update_count).toBe(0);
  }, 30_000);

  it("delete the webhook: two confirmations, then exactly deleteWebhook without dropping; cancel sends nothing", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    resetRecord(3);
    let since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:x`);
    expect(lastText(since)).toContain("deleteWebhook(drop_pending_updates=false)");
    const cancel = button(since, /^fx:c:/);
    await press(OWNER, cancel.callback_data);
    expect(lastText(since)).toMatch(/Cancelled; nothing was sent/);
    expect(api.callsOf("deleteWebhook", OWNER_TOKEN)).toHaveLength(0);

    since = api.calls.length;
    await press(OWNER, `fx:n:${burstReport}:x`);
    await press(OWNER, button(since, /^fx:o:/).callback_data);
    expect(lastText(since)).toMatch(/3 pending updates stop being delivered/);
    expect(api.callsOf("deleteWebhook", OWNER_TOKEN)).toHaveLength(0);
    await press(OWNER, button(since, /^fx:O:/).callback_data);
    expect(api.callsOf("deleteWebhook", OWNER_TOKEN)).toHaveLength(1);
    expect(api.callsOf("deleteWebhook", OWNER_TOKEN)[0].params).toEqual({ drop_pending_updates: false });
  }, 30_000);
});

describe("confirm delivery after a fix", () => {
  it("delivered when Telegram's pending count drains; the new error, classified, when it fails again", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    const bot = api.bots.get(OWNER_TOKEN)!;
    bot.webhook.pending_update_count = 4;
    bot.delivery = { mode: "drain", perRead: 2 };
    let since = api.calls.length;
    await press(OWNER, `fx:d:${burstReport}`);
    // The fake delivers 2 updates before each reading: the first reading already shows 2 of the 4.
    expect(lastText(since)).toMatch(/Telegram delivered 2 pending updates; no new error \(0 still pending\)/);
    expect(bot.webhook.pending_update_count).toBe(0);

    bot.webhook.pending_update_count = 5;
    bot.delivery = { mode: "fail", message: "Wrong response from the webhook: 502 Bad Gateway" };
    since = api.calls.length;
    await press(OWNER, `fx:d:${burstReport}`);
    expect(lastText(since)).toMatch(/Telegram still fails: .*\[http\.bad_gateway\]/);
    delete bot.delivery;
  }, 30_000);

  it("a revoked token: the fix menu says so and sends nothing", async () => {
    const { reportId: burstReport } = await burstOnce();
    resetRecord();
    const saved = api.bots.get(OWNER_TOKEN)!;
    api.bots.delete(OWNER_TOKEN);
    const since = api.calls.length;
    await press(OWNER, `wd:fix:${burstReport}`);
    expect(lastText(since)).toMatch(/no longer accepts this bot token/);
    expect(api.calls.slice(since).filter((c) => c.token === OWNER_TOKEN).map((c) => c.method)).toEqual(["getWebhookInfo"]);
    api.bots.set(OWNER_TOKEN, saved);
  });
});
