import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { FakeBotApi, type RecordedCall } from "../support/fake-bot-api.js";
import { waitUntil } from "../monitor/helpers.js";

// This file's loopback block: 127.0.8.x. The bot with watching wired in: dialogs and buttons through the
// fake Bot API, the real monitor (scheduler, detection, outbox, sender) polling the fake's getWebhookInfo.
const TOKEN = "800100:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
const WATCHED = "800200:CCwatchedBotTokenPart_0123456789abcdefgh";
const api = new FakeBotApi();
let harness: BotHarness;
const logLines: string[] = [];
const OWNER = 8001;
const FRIEND = 8002;
const OTHER_OWNER = 8003;
const GROUP = { id: -1008000, type: "supergroup" as const };

beforeAll(async () => {
  await api.start("127.0.8.1");
  api.addBot(TOKEN, { username: "webhook_doctor_test_bot" });
  // Its webhook URL is a loopback address: the "run a full check" button probes it (nothing listens: refused).
  api.addBot(WATCHED, { username: "customer_bot", webhook: { url: "https://127.0.8.60/hook", pending_update_count: 0 } });
  harness = await new BotHarness(api, TOKEN, { allowPrivate: true, logLines, watching: { tickMs: 20, senderLimits: { perChatIntervalMs: 0, globalPerSecond: 1000 } } }).start();
});
afterAll(async () => {
  await harness.close();
  await api.stop();
});

const last = (chatId: number, since: number) => harness.textsTo(chatId, since).at(-1) ?? "";
const alertsTo = (chatId: number, since: number): RecordedCall[] =>
  api.calls.slice(since).filter((c) => c.method === "sendMessage" && Number(c.params.chat_id) === chatId && /🔴|🟢|🟠/.test(String(c.params.text)));
const waitFor = (condition: () => boolean, what: string) => waitUntil(condition, 10_000, what);
let watchId = 0;
let shareCode = "";

// Prerequisites a later test needs, made the same way the earlier tests make them when those did not run
// (a single test run with -t): no test depends on another having run first.
async function ensureWatch(): Promise<void> {
  if (watchId) return;
  await harness.say(OWNER, "/watch");
  await harness.press(OWNER, "wd:choice:bot");
  const since = api.calls.length;
  await harness.say(OWNER, WATCHED);
  await harness.press(OWNER, "wd:choice:60");
  shareCode = /start=(w[\w-]+)/.exec(harness.textsTo(OWNER, since).join("\n"))![1];
  watchId = (harness.db.prepare("SELECT id FROM watches WHERE owner_id = ?").get(OWNER) as { id: number }).id;
}
async function ensureSubscribers(): Promise<void> {
  await ensureWatch();
  const subscribed = (chat: number) => (harness.db.prepare("SELECT COUNT(*) FROM subscriptions WHERE watch_id = ? AND chat_id = ?").pluck().get(watchId, chat) as number) > 0;
  if (!subscribed(FRIEND)) await harness.say(FRIEND, `/start ${shareCode}`, { lang: "ru" });
  if (!subscribed(GROUP.id)) await harness.say(OWNER, `/subscribe ${shareCode}`, { chat: GROUP, threadId: 5 });
}
async function ensureErrorAlert(): Promise<void> {
  await ensureSubscribers();
  const alerted = () => (harness.db.prepare("SELECT COUNT(*) FROM alerts WHERE watch_id = ? AND kind = 'error_changed'").pluck().get(watchId) as number) > 0;
  if (alerted()) return;
  const bot = api.bots.get(WATCHED)!;
  harness.watching!.service.checkNow(watchId, OWNER);
  await waitFor(() => (harness.db.prepare("SELECT state_json FROM watches WHERE id = ?").pluck().get(watchId) as string).includes("webhookUrl"), "baseline poll");
  bot.webhook.last_error_message = "Connection timed out";
  bot.webhook.last_error_date = Math.floor(Date.now() / 1000);
  harness.watching!.service.checkNow(watchId, OWNER);
  await waitFor(alerted, "the error alert");
}

describe("watching through the bot", () => {
  it("/watch: bad token and too-short interval are asked again; the token message is deleted; a share link comes back", async () => {
    let since = api.calls.length;
    await harness.say(OWNER, "/watch");
    expect(last(OWNER, since)).toContain("What should be watched?");
    await harness.press(OWNER, "wd:choice:bot");
    // A token of the right shape that Telegram refuses (401): clear message, nothing stored, asked again.
    await harness.say(OWNER, "800999:ZZnotAKnownTokenAtAll_0123456789abcdef");
    await harness.press(OWNER, "wd:choice:60");
    expect(harness.textsTo(OWNER, since).join("\n")).toContain("does not accept this token");
    expect(harness.db.prepare("SELECT COUNT(*) AS n FROM watches").get()).toEqual({ n: 0 });
    since = api.calls.length;
    const tokenMessage = await harness.say(OWNER, WATCHED);
    expect(api.calls.slice(since).some((c) => c.method === "deleteMessage" && Number(c.params.message_id) === tokenMessage)).toBe(true);
    const added = last(OWNER, since);
    expect(added).toContain("Watching <b>@customer_bot</b> every 60 s");
    shareCode = /start=(w[\w-]+)/.exec(added)![1];
    expect(added).toContain(`https://t.me/webhook_doctor_test_bot?start=${shareCode}`);
    watchId = (harness.db.prepare("SELECT id FROM watches WHERE owner_id = ?").get(OWNER) as { id: number }).id;

    // An interval below the minimum, typed: the minimum is named and the question stays open.
    await harness.say(OTHER_OWNER, "/watch");
    await harness.press(OTHER_OWNER, "wd:choice:bot");
    await harness.say(OTHER_OWNER, WATCHED);
    since = api.calls.length;
    await harness.say(OTHER_OWNER, "10");
    expect(last(OTHER_OWNER, since)).toContain("minimum is 30 seconds");
    await harness.say(OTHER_OWNER, "2m");
    expect(last(OTHER_OWNER, since)).toContain("every 120 s");
    // The first check of each new watch says once what it sees now (the fake's record has no error).
    const started = (chat: number) => harness.textsTo(chat, 0).filter((t) => t.includes("watching has started"));
    await waitFor(() => started(OWNER).length === 1 && started(OTHER_OWNER).length === 1, "the start messages");
    expect(started(OWNER)[0]).toContain("Telegram's record: no recent delivery error.");
  });

  it("two users watching the same bot have two watches, and neither sees the other's", async () => {
    await ensureWatch();
    let since = api.calls.length;
    await harness.say(OWNER, "/watches");
    const mine = harness.textsTo(OWNER, since);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain(`#${watchId}`);
    since = api.calls.length;
    await harness.say(OTHER_OWNER, "/watches");
    const theirs = harness.textsTo(OTHER_OWNER, since);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).not.toContain(`#${watchId}`);
    // Another user's watch id is simply not found.
    since = api.calls.length;
    await harness.press(OTHER_OWNER, `wd:whist:${watchId}:24h`);
    expect(last(OTHER_OWNER, since)).toContain("no such watch");
  });

  it("subscribers: a deep link in private, /subscribe by a group administrator in a forum topic; not by a member; bad codes", async () => {
    await ensureWatch();
    let since = api.calls.length;
    await harness.say(FRIEND, `/start ${shareCode}`, { lang: "ru" });
    expect(last(FRIEND, since)).toContain("@customer_bot");

    since = api.calls.length;
    await harness.say(OWNER, `/subscribe ${shareCode}`, { chat: GROUP, threadId: 5 });
    expect(last(GROUP.id, since)).toContain("@customer_bot");

    api.on("getChatMember", (p) => ({ status: "member", user: { id: Number(p.user_id), is_bot: false, first_name: "M" } }));
    since = api.calls.length;
    await harness.say(9999, `/subscribe ${shareCode}`, { chat: { id: -1008001, type: "supergroup" } });
    expect(last(-1008001, since)).toContain("Only an administrator");
    api.on("getChatMember", (p) => ({ status: "administrator", user: { id: Number(p.user_id), is_bot: false, first_name: "A" } }));

    since = api.calls.length;
    await harness.say(9998, "/subscribe wNOTAREALCODE1234");
    expect(last(9998, since)).toContain("does not exist");
    since = api.calls.length;
    await harness.say(9998, "/subscribe garbage");
    expect(last(9998, since)).toContain("not valid");
  });

  it("a new last_error_message alerts every subscriber once, in their language, with a button to check now", async () => {
    await ensureSubscribers();
    // First poll: the baseline (no error yet).
    harness.watching!.service.checkNow(watchId, OWNER);
    await waitFor(() => (harness.db.prepare("SELECT state_json FROM watches WHERE id = ?").get(watchId) as { state_json: string }).state_json.includes("webhookUrl"), "baseline poll");
    const since = api.calls.length;
    const bot = api.bots.get(WATCHED)!;
    bot.webhook.last_error_message = "Connection timed out";
    bot.webhook.last_error_date = Math.floor(Date.now() / 1000);
    harness.watching!.service.checkNow(watchId, OWNER);
    await waitFor(() => alertsTo(OWNER, since).length >= 1 && alertsTo(FRIEND, since).length >= 1 && alertsTo(GROUP.id, since).length >= 1, "alerts to all");
    // Polled again with nothing new: no second copy.
    const requested = Date.now();
    harness.watching!.service.checkNow(watchId, OWNER);
    // Wait until that check has run to the end (claimed, finished, outbox drained), not for a fixed time.
    const monitor = harness.watching!.monitor;
    await waitFor(
      () => (harness.db.prepare("SELECT next_run_at FROM watches WHERE id = ?").pluck().get(watchId) as number) > requested + 1_000 && monitor.checksInFlight === 0 && monitor.outbox.pendingCount() === 0,
      "the second poll",
    );
    expect(alertsTo(OWNER, since)).toHaveLength(1);
    expect(alertsTo(FRIEND, since)).toHaveLength(1);
    expect(alertsTo(GROUP.id, since)).toHaveLength(1);
    expect(String(alertsTo(OWNER, since)[0].params.text)).toContain("Connection timed out");
    expect(String(alertsTo(FRIEND, since)[0].params.text)).toMatch(/[а-я]/); // Russian for the Russian subscriber
    expect(Number(alertsTo(GROUP.id, since)[0].params.message_thread_id)).toBe(5);
    expect(JSON.stringify(alertsTo(FRIEND, since)[0].params.reply_markup)).toContain(`wd:check:${watchId}`);
    // Nothing our bot sent quotes the watched token (the monitor's own getWebhookInfo calls use it, as they must).
    expect(JSON.stringify(api.calls.slice(since).filter((c) => c.token === TOKEN))).not.toContain(WATCHED.split(":")[1]);

    // The subscriber presses "run a full check": a report with Telegram's record (read with the sealed token).
    const before = api.calls.length;
    await harness.press(FRIEND, `wd:check:${watchId}`, "ru");
    await harness.app.jobs.drain();
    const report = api.calls.slice(before).find((c) => c.method === "editMessageText" && Number(c.params.chat_id) === FRIEND && c.params.parse_mode === "HTML");
    expect(String(report?.params.text)).toContain("Connection timed out");
    expect(String(report?.params.text)).not.toContain(WATCHED.split(":")[1]);
  });

  it("/history sends a chart and a timeline with the alert; mute, share, unsubscribe and delete from the buttons", async () => {
    await ensureErrorAlert();
    let since = api.calls.length;
    await harness.say(OWNER, `/history ${watchId}`);
    const photo = api.calls.slice(since).find((c) => c.method === "sendPhoto");
    expect(photo).toBeDefined();
    // grammY uploads the file as a separate part and names it in `photo` as attach://<part>.
    const part = String(photo!.params.photo).replace("attach://", "");
    const png = Buffer.from(await (photo!.params[part] as Blob).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(harness.textsTo(OWNER, since).join("\n")).toMatch(/error/i);

    since = api.calls.length;
    await harness.press(OWNER, `wd:wmute:${watchId}:8`);
    const edited = api.calls.slice(since).find((c) => c.method === "editMessageText");
    expect(String(edited?.params.text)).toContain("muted until");

    since = api.calls.length;
    await harness.say(FRIEND, "/unsubscribe");
    expect(last(FRIEND, since)).toContain("no longer gets alerts");
    expect(harness.db.prepare("SELECT COUNT(*) AS n FROM subscriptions WHERE chat_id = ?").get(FRIEND)).toEqual({ n: 0 });

    since = api.calls.length;
    await harness.press(OWNER, `wd:wshare:${watchId}`);
    await harness.press(OWNER, `wd:wrevoke:${watchId}`);
    expect(last(OWNER, since)).toContain("revoked");
    since = api.calls.length;
    await harness.say(FRIEND, `/start ${shareCode}`);
    expect(last(FRIEND, since)).toContain("revoked");

    await harness.press(OWNER, `wd:wdel:${watchId}`);
    await harness.press(OWNER, `wd:wdelok:${watchId}`);
    expect(harness.db.prepare("SELECT COUNT(*) AS n FROM watches WHERE id = ?").get(watchId)).toEqual({ n: 0 });
  });

  it("the report's watch button adds a watch from the checked URL and its sealed token", async () => {
    const user = 8010;
    await harness.say(user, "/check https://127.0.8.50/hook");
    await harness.press(user, "wd:choice:telegram");
    await harness.say(user, WATCHED);
    await harness.press(user, "wd:skip");
    await harness.app.jobs.drain();
    const report = api.calls.find((c) => c.method === "editMessageText" && Number(c.params.chat_id) === user && c.params.parse_mode === "HTML")!;
    const id = /wd:watch:([a-z0-9]{8})/.exec(JSON.stringify(report.params.reply_markup))![1];
    const since = api.calls.length;
    await harness.press(user, `wd:watch:${id}`);
    expect(last(user, since)).toContain("Watching");
    const row = harness.db.prepare("SELECT url, token_sealed FROM watches WHERE owner_id = ?").get(user) as { url: string; token_sealed: string };
    expect(row.url).toBe("https://127.0.8.50/hook");
    expect(row.token_sealed).not.toContain(WATCHED.split(":")[1]);
  });

  it("/watch of an endpoint asks its platform and its secret token; the secret is deleted from the chat and kept sealed", async () => {
    const user = 8020;
    const secret = "endpoint_secret_token_8020_Xy7";
    await harness.say(user, "/watch");
    await harness.press(user, "wd:choice:endpoint");
    let since = api.calls.length;
    await harness.press(user, "wd:choice:telegram");
    await harness.say(user, "https://127.0.130.60/tg");
    expect(last(user, since)).toContain("X-Telegram-Bot-Api-Secret-Token");
    since = api.calls.length;
    const secretMessage = await harness.say(user, secret);
    expect(api.calls.slice(since).some((c) => c.method === "deleteMessage" && Number(c.params.message_id) === secretMessage)).toBe(true);
    await harness.press(user, "wd:choice:60");
    expect(last(user, since)).toContain("Watching <b>127.0.130.60</b>");
    const row = harness.db.prepare("SELECT url, platform, endpoint_sealed FROM watches WHERE owner_id = ?").get(user) as { url: string; platform: string; endpoint_sealed: string };
    expect(row).toMatchObject({ url: "https://127.0.130.60/tg", platform: "telegram" });
    expect(row.endpoint_sealed).toMatch(/^v1:/);
    expect(JSON.stringify(api.calls.slice(since).filter((c) => c.method !== "getUpdates"))).not.toContain(secret);
    since = api.calls.length;
    await harness.say(user, "/watches");
    expect(harness.textsTo(user, since).some((text) => text.includes("Checked as: Telegram webhook, with the endpoint's secrets (stored encrypted)"))).toBe(true);
  });

  it("the report's watch button keeps the checked endpoint's secret token (sealed), not only the URL", async () => {
    const user = 8021;
    const secret = "report_secret_token_8021_Qw3";
    await harness.say(user, "/check https://127.0.130.61/tg");
    await harness.press(user, "wd:choice:telegram");
    await harness.press(user, "wd:skip");
    await harness.say(user, secret);
    await harness.app.jobs.drain();
    const report = api.calls.find((c) => c.method === "editMessageText" && Number(c.params.chat_id) === user && c.params.parse_mode === "HTML")!;
    const id = /wd:watch:([a-z0-9]{8})/.exec(JSON.stringify(report.params.reply_markup))![1];
    await harness.press(user, `wd:watch:${id}`);
    const row = harness.db.prepare("SELECT id, url, endpoint_sealed FROM watches WHERE owner_id = ?").get(user) as { id: number; url: string; endpoint_sealed: string | null };
    expect(row.url).toBe("https://127.0.130.61/tg");
    expect(row.endpoint_sealed).not.toBeNull();
    expect(row.endpoint_sealed).not.toContain(secret);
    // The button under its alerts checks with the secret again (the real target, opened for the owner only).
    const target = await harness.watching!.service.checkTarget(row.id, user, user);
    expect(target).toMatchObject({ ok: true, spec: { url: "https://127.0.130.61/tg", platform: "telegram", secrets: { secretToken: secret } } });
  });

  it("'run again' by another person: the real URL when it carries no secret; a URL with a secret is refused with the reason, nothing probed", async () => {
    const owner = 8030;
    const other = 8031;
    const reportOf = async (url: string) => {
      const since = api.calls.length;
      await harness.say(owner, url);
      await harness.app.jobs.drain();
      const report = api.calls.slice(since).find((c) => c.method === "editMessageText" && Number(c.params.chat_id) === owner && c.params.parse_mode === "HTML")!;
      return /wd:rerun:([a-z0-9]{8})/.exec(JSON.stringify(report.params.reply_markup))![1];
    };
    const answerTo = (queryId: string) => String(api.calls.find((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === queryId)?.params.text);

    const withSecret = await reportOf("https://127.0.130.62/hook?token=rerun-secret-8030");
    let since = api.calls.length;
    const refused = await harness.press(other, `wd:rerun:${withSecret}`);
    await harness.app.jobs.drain();
    expect(answerTo(refused)).toContain("carries a secret");
    expect(harness.sentTo(other, since)).toEqual([]); // no check ran: not at the sanitised "?token=***"

    const plain = await reportOf("https://127.0.130.62/plain");
    since = api.calls.length;
    const started = await harness.press(other, `wd:rerun:${plain}`);
    await harness.app.jobs.drain();
    expect(answerTo(started)).not.toContain("carries a secret");
    const rerun = harness.textsTo(other, since).join("\n");
    expect(rerun).toContain("https://127.0.130.62/plain");
  });

  it("no log line of the whole session holds a token: ours or the watched bot's", async () => {
    // Run alone, the session so far has checked nothing: check with the watched token twice first.
    for (let user = 8090; logLines.filter((l) => l.includes('"check finished"')).length < 2 && user < 8092; user++) {
      await harness.say(user, "/check https://127.0.8.50/hook");
      await harness.press(user, "wd:choice:telegram");
      await harness.say(user, WATCHED);
      await harness.press(user, "wd:skip");
      await harness.app.jobs.drain();
    }
    const all = logLines.join("\n");
    expect(logLines.filter((l) => l.includes('"check finished"')).length).toBeGreaterThanOrEqual(2); // the bot and the monitor did log
    expect(all).not.toContain(WATCHED.split(":")[1]);
    expect(all).not.toContain(TOKEN.split(":")[1]);
  });
});
