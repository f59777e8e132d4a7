import { readFileSync } from "node:fs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueLeaf, testPki } from "../support/certs.js";
import { BotHarness } from "../support/bot-harness.js";
import { FakeBotApi, apiError, type RecordedCall } from "../support/fake-bot-api.js";
import { startTlsServer, type TestServer } from "../support/tls-server.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.7.x. The real bot (grammY + conversations + SQLite file) talks HTTP
// to the fake Bot API; the endpoints it checks are real HTTPS servers with certificates made here.
const TOKEN = "700100:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
/** The bot token of the user's own bot, pasted into the dialog: must never come back in any form. */
const USER_BOT_TOKEN = "700200:BBzzUserBotSecretPart_0123456789abcdef";
const HEALTHY = "https://127.0.7.10/hook";
const BROKEN = "https://127.0.7.11/hook";
const api = new FakeBotApi({ strict: true });
const servers: TestServer[] = [];
let harness: BotHarness;
let savedCa: string | undefined;
let nextUser = 7000;

beforeAll(async () => {
  await api.start("127.0.7.1");
  api.addBot(TOKEN, { username: "webhook_doctor_test_bot" });
  api.addBot(USER_BOT_TOKEN, { username: "customer_bot", webhook: { url: HEALTHY, pending_update_count: 3, last_error_date: Math.floor(Date.now() / 1000) - 300, last_error_message: "Wrong response from the webhook: 502 Bad Gateway", ip_address: "127.0.7.10" } });
  const pki = await testPki();
  const dir = tempDir("wd-dialogs-");
  writeFileSync(`${dir}/root.pem`, pki.root.cert);
  savedCa = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = `${dir}/root.pem`;
  const ok = await issueLeaf("127.0.7.10", { names: ["127.0.7.10"] });
  servers.push(await startTlsServer({ address: "127.0.7.10", key: ok.key, cert: ok.cert, chain: ok.chain }));
  const bad = await issueLeaf("127.0.7.11", { names: ["127.0.7.11"] });
  servers.push(await startTlsServer({ address: "127.0.7.11", key: bad.key, cert: bad.cert, chain: bad.chain, handler: (_q, res) => void res.writeHead(502, "Bad Gateway").end() }));
  harness = await new BotHarness(api, TOKEN, { allowPrivate: true }).start();
});
afterAll(async () => {
  process.env.NODE_EXTRA_CA_CERTS = savedCa;
  await harness.close();
  await api.stop();
  await Promise.all(servers.map((s) => s.close()));
});

const isReport = (chatId: number) => (c: RecordedCall) => Number(c.params.chat_id) === chatId && c.method === "editMessageText" && c.params.parse_mode === "HTML";
const lastText = (chatId: number, since: number) => harness.textsTo(chatId, since).at(-1) ?? "";
/** The message id Telegram gave a message the bot sent (from the fake's answer log: sendMessage results count up). */
const messageIdOf = (call: RecordedCall) => Number(call.result?.message_id);
const reportIdIn = (text: string) => /report ([a-z0-9]{8})/.exec(text)?.[1];

describe("/check as a dialog", () => {
  it("a full check of a healthy endpoint with a bot token: the token message is deleted, the record shown, the token nowhere", async () => {
    const user = nextUser++;
    const since = api.calls.length;
    await harness.say(user, "/check");
    expect(lastText(user, since)).toContain("What receives these webhooks?");
    await harness.press(user, "wd:choice:telegram");
    expect(lastText(user, since)).toContain("Send the webhook URL");
    await harness.say(user, HEALTHY);
    expect(lastText(user, since)).toContain("bot's token");
    const tokenMessage = await harness.say(user, USER_BOT_TOKEN);
    const deleted = api.calls.slice(since).find((c) => c.method === "deleteMessage" && Number(c.params.chat_id) === user);
    expect(Number(deleted?.params.message_id)).toBe(tokenMessage);
    expect(harness.textsTo(user, since).some((t) => t.includes("has been deleted"))).toBe(true);
    // Mid-dialog, the stored state holds the token only sealed.
    const state = harness.db.prepare("SELECT sealed FROM conversation_state WHERE key = ?").get(`${user}:${user}`) as { sealed: string };
    expect(state.sealed.startsWith("v1:")).toBe(true);
    expect(state.sealed).not.toContain(USER_BOT_TOKEN);
    await harness.press(user, "wd:skip");

    const report = String((await api.waitForCall((c) => c.at >= 0 && isReport(user)(c), 20_000)).params.text);
    expect(report).toContain("https://127.0.7.10/hook");
    expect(report).toContain("Pending updates: 3");
    expect(report).toContain("Wrong response from the webhook: 502 Bad Gateway");
    expect(report).toMatch(/Last delivery error: .*\(5 min ago\)/);
    expect(report).toContain("Meaning: ");
    expect(report).toContain("IP Telegram resolved: 127.0.7.10");
    await harness.app.jobs.drain();
    const everything = JSON.stringify(api.calls.filter((c) => c.token === TOKEN));
    expect(everything).not.toContain(USER_BOT_TOKEN.split(":")[1]);
    const id = reportIdIn(report)!;
    const row = harness.db.prepare("SELECT report_json, request_sealed FROM reports WHERE id = ?").get(id) as { report_json: string; request_sealed: string };
    expect(row.report_json).not.toContain(USER_BOT_TOKEN.split(":")[1]);
    expect(row.request_sealed).not.toContain(USER_BOT_TOKEN.split(":")[1]);
    // The dialog is over: its state row is gone.
    expect(harness.db.prepare("SELECT COUNT(*) AS n FROM conversation_state WHERE key = ?").get(`${user}:${user}`)).toEqual({ n: 0 });
  });

  it("a broken endpoint: the primary cause with its code and fix; the buttons explain, re-run (with the sealed token) and go deep", async () => {
    const user = nextUser++;
    await harness.say(user, `/check ${BROKEN}`);
    await harness.press(user, "wd:choice:telegram");
    await harness.say(user, USER_BOT_TOKEN);
    await harness.press(user, "wd:skip");
    const first = await api.waitForCall(isReport(user), 20_000);
    const text = String(first.params.text);
    expect(text).toContain("<code>http.bad_gateway</code>");
    expect(text).toContain("<pre>");
    const keyboard = JSON.stringify(first.params.reply_markup);
    const id = reportIdIn(text)!;
    expect(keyboard).toContain(`wd:rerun:${id}`);
    expect(keyboard).toContain(`wd:deep:${id}`);
    expect(keyboard).toContain(`wd:more:${id}`);
    expect(keyboard).not.toContain("wd:watch"); // hidden until watching is wired

    let since = api.calls.length;
    await harness.press(user, `wd:more:${id}`);
    expect(harness.textsTo(user, since).join("\n")).toContain("http.bad_gateway");

    since = api.calls.length;
    await harness.press(user, `wd:rerun:${id}`);
    await harness.app.jobs.drain();
    const rerun = api.calls.slice(since).find(isReport(user));
    expect(String(rerun?.params.text)).toContain("http.bad_gateway");
    // The re-run used the sealed token again: Telegram's record is in the new report.
    expect(String(rerun?.params.text)).toContain("Pending updates: 3");

    since = api.calls.length;
    await harness.press(user, `wd:deep:${id}`);
    await harness.app.jobs.drain();
    expect(api.calls.slice(since).some(isReport(user))).toBe(true);
  });

  it("a restart in the middle of the dialog: the next answer goes on where it stopped", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    await harness.press(user, "wd:choice:telegram");
    await harness.restart();
    const since = api.calls.length;
    await harness.say(user, HEALTHY);
    expect(lastText(user, since)).toContain("bot's token");
    await harness.press(user, "wd:skip");
    await harness.press(user, "wd:skip");
    expect(String((await api.waitForCall(isReport(user), 20_000)).params.text)).toContain("Healthy");
  });

  it("bad input at every prompt gets a clear answer, and the value can be fixed without starting over", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    let since = api.calls.length;
    await harness.say(user, "banana");
    expect(lastText(user, since)).toContain("pick one of the buttons");
    await harness.press(user, "wd:choice:telegram");

    const answers: Array<[string, string]> = [
      ["http://bot.example.com/hook", "not an https URL"],
      ["https://bot.exa\u200bmple.com/hook", "invisible or look-alike"],
      ["https://bot.example.com:8080/hook", "Port 8080 is not allowed"],
      ["not a url at all", "does not look like a URL"],
      [`https://bot.example.com/${"a".repeat(5000)}`, "too long"],
      ["both", "does not look like a URL"],
      ["https://<b>.example.com/hook", "does not look like a URL"],
    ];
    for (const [answer, expected] of answers) {
      since = api.calls.length;
      await harness.say(user, answer);
      expect(lastText(user, since)).toContain(expected);
    }
    await harness.say(user, HEALTHY);

    since = api.calls.length;
    const wrongToken = await harness.say(user, "hello there");
    expect(harness.textsTo(user, since).join("\n")).toContain("does not look like a bot token");
    expect(api.calls.slice(since).some((c) => c.method === "deleteMessage" && Number(c.params.message_id) === wrongToken)).toBe(true);
    await harness.press(user, "wd:skip");

    since = api.calls.length;
    await harness.say(user, "bad secret!");
    expect(harness.textsTo(user, since).join("\n")).toContain("1 to 256 characters");
    await harness.say(user, "good_secret-123");
    expect(String((await api.waitForCall(isReport(user), 20_000)).params.text)).toContain("https://127.0.7.10/hook");
  });

  it("the WhatsApp verify token cannot be skipped; /cancel leaves at any point", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    await harness.press(user, "wd:choice:whatsapp");
    await harness.say(user, HEALTHY);
    let since = api.calls.length;
    await harness.say(user, "/skip");
    expect(lastText(user, since)).toContain("A dialog is open");
    since = api.calls.length;
    await harness.say(user, "/cancel");
    expect(lastText(user, since)).toContain("Cancelled");
    since = api.calls.length;
    await harness.say(user, "/cancel");
    expect(lastText(user, since)).toContain("Nothing to cancel");
    await harness.app.jobs.drain();
    expect(api.calls.some(isReport(user))).toBe(false);
  });

  it("in a group, two people's dialogs stay apart", async () => {
    const group = { id: -1007100, type: "supergroup" as const };
    const [alice, bob] = [nextUser++, nextUser++];
    let since = api.calls.length;
    await harness.say(alice, "/check", { chat: group });
    const aliceQuestion = harness.sentTo(group.id, since).at(-1)!;
    since = api.calls.length;
    await harness.say(bob, "/check", { chat: group });
    const bobQuestion = harness.sentTo(group.id, since).at(-1)!;
    // Alice presses a button of Bob's question: it is not hers, she is told so, and Bob's dialog does not move.
    const foreign = await harness.press(alice, "wd:choice:telegram", "en", group, messageIdOf(bobQuestion));
    expect(api.calls.find((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === foreign)?.params.text).toContain("another person's dialog");
    await harness.press(alice, "wd:choice:telegram", "en", group, messageIdOf(aliceQuestion));
    since = api.calls.length;
    // Bob is still at the platform question: his text is answered as his, Alice's dialog is untouched.
    await harness.say(bob, HEALTHY, { chat: group });
    expect(lastText(group.id, since)).toContain("pick one of the buttons");
    since = api.calls.length;
    await harness.say(alice, HEALTHY, { chat: group });
    expect(lastText(group.id, since)).toContain("bot's token");
    await harness.say(alice, "/cancel", { chat: group });
    await harness.say(bob, "/cancel", { chat: group });
  });

  it("a generic signed webhook: scheme buttons, then the secret, then the check runs with it", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    await harness.press(user, "wd:choice:generic");
    await harness.say(user, HEALTHY);
    await harness.press(user, "wd:choice:github");
    await harness.say(user, "generic-signing-secret");
    const text = String((await api.waitForCall(isReport(user), 20_000)).params.text);
    // The healthy endpoint accepts everything: unsigned requests too, which the auth check reports.
    expect(text).toContain("auth.not_enforced");
    expect(text).not.toContain("generic-signing-secret");
  });
});

describe("/verify, /report, inline mode, /forget, blocked users", () => {
  it("/verify finds a correct GitHub signature, and a sha1 one sent as a file is the wrong algorithm", async () => {
    const user = nextUser++;
    await harness.say(user, "/verify");
    await harness.press(user, "wd:choice:github");
    await harness.say(user, "It's a Secret to Everybody");
    await harness.say(user, "Hello, World!");
    let since = api.calls.length;
    await harness.say(user, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    expect(lastText(user, since)).toContain("<code>sig.ok</code>");

    await harness.say(user, "/verify");
    await harness.press(user, "wd:choice:github");
    await harness.say(user, "It's a Secret to Everybody");
    const file = api.addFile(Buffer.from("Hello, World!"));
    await harness.sendDocument(user, file, 13);
    since = api.calls.length;
    const { createHmac } = await import("node:crypto");
    const sha1 = createHmac("sha1", "It's a Secret to Everybody").update("Hello, World!").digest("hex");
    await harness.say(user, `sha256=${sha1}`);
    expect(lastText(user, since)).toContain("<code>sig.wrong_algorithm</code>");
  });

  it("/verify: bad input at every prompt gets a clear answer and the question stays open", async () => {
    const user = nextUser++;
    await harness.say(user, "/verify");
    await harness.press(user, "wd:choice:slack");
    let since = api.calls.length;
    await harness.say(user, "line one\nline two");
    expect(harness.textsTo(user, since).join("\n")).toContain("one line of at most 512 characters");
    await harness.say(user, "8f742231b10e8888abcd99yyyzzz85a5");
    since = api.calls.length;
    await harness.sendDocument(user, api.addFile(Buffer.alloc(10)), 2 * 1024 * 1024);
    expect(lastText(user, since)).toContain("over 1 MB");
    await harness.say(user, "token=xyz&team_id=T1");
    since = api.calls.length;
    await harness.say(user, "not a signature!!");
    expect(lastText(user, since)).toContain("does not look like a signature");
    await harness.say(user, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
    since = api.calls.length;
    await harness.say(user, "yesterday");
    expect(lastText(user, since)).toContain("Unix time in seconds");
    since = api.calls.length;
    await harness.say(user, "1531420618");
    // A real Slack signature over another body: the detector answers (a mismatch), it does not crash.
    expect(lastText(user, since)).toMatch(/<code>sig\.[a-z_]+<\/code>/);
  });

  it("/explain with a command explains the pasted text", async () => {
    const user = nextUser++;
    const since = api.calls.length;
    await harness.say(user, "/explain SSL error {error:0A000086:SSL routines::certificate verify failed}");
    expect(lastText(user, since)).toContain("<code>tls.");
  });

  it("/report shows a stored report again; an unknown id gets a clear answer", async () => {
    const user = nextUser++;
    await harness.say(user, BROKEN);
    const report = String((await api.waitForCall(isReport(user), 20_000)).params.text);
    const id = reportIdIn(report)!;
    let since = api.calls.length;
    await harness.say(user, `/report ${id}`);
    expect(lastText(user, since)).toContain("http.bad_gateway");
    since = api.calls.length;
    await harness.say(user, "/report nope");
    expect(lastText(user, since)).toContain("No stored report");
    // /forget erases the user's reports with the rest.
    await harness.say(user, "/forget");
    since = api.calls.length;
    await harness.say(user, `/report ${id}`);
    expect(lastText(user, since)).toContain("No stored report");
  });

  it("inline mode: a URL gets a quick check offered as an article; anything else a hint", async () => {
    const user = nextUser++;
    const id = await harness.inline(user, BROKEN);
    const answer = await api.waitForCall((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === id, 20_000);
    const results = answer.params.results as Array<{ type: string; title: string; input_message_content: { message_text: string } }>;
    expect(results[0].type).toBe("article");
    expect(results[0].title).toContain("Failing");
    expect(results[0].input_message_content.message_text).toContain("http.bad_gateway");
    // Only the quick layers ran: no Telegram record without a token.
    expect(results[0].input_message_content.message_text).not.toContain("getWebhookInfo");

    const hintId = await harness.inline(user, "hello");
    const hint = await api.waitForCall((c) => c.method === "answerInlineQuery" && c.params.inline_query_id === hintId);
    expect(hint.params.results).toEqual([]);
    expect(JSON.stringify(hint.params.button)).toContain("https://");
  });

  it("a user who blocked the bot: the job stops at Telegram's 403, the user is marked, nothing retries", async () => {
    const user = nextUser++;
    api.failNext("sendMessage", apiError(403, "Forbidden: bot was blocked by the user"));
    const since = api.calls.length;
    await harness.say(user, HEALTHY);
    await harness.app.jobs.drain();
    expect(harness.sentTo(user, since).map((c) => c.method)).toEqual(["sendMessage"]);
    expect(harness.db.prepare("SELECT blocked_at IS NOT NULL AS blocked FROM users WHERE id = ?").get(user)).toEqual({ blocked: 1 });

    // Telegram's own notice works the same way, and unblocking clears it.
    const other = nextUser++;
    await harness.blockedBy(other);
    expect(harness.db.prepare("SELECT blocked_at IS NOT NULL AS blocked FROM users WHERE id = ?").get(other)).toEqual({ blocked: 1 });
  });

  it("a check asked in a forum topic answers in that topic", async () => {
    const user = nextUser++;
    const group = { id: -1007000, type: "supergroup" as const };
    // In a group a bare URL is ordinary chatter: the check is asked with /check, answered in the topic.
    await harness.say(user, HEALTHY, { chat: group, threadId: 77 });
    expect(api.calls.some((c) => Number(c.params.chat_id) === group.id)).toBe(false);
    await harness.say(user, `/check ${HEALTHY}`, { chat: group, threadId: 77 });
    await harness.press(user, "wd:choice:telegram", "en", group);
    await harness.say(user, "/skip", { chat: group, threadId: 77 });
    await harness.say(user, "/skip", { chat: group, threadId: 77 });
    await harness.app.jobs.drain();
    const progress = api.calls.find((c) => c.method === "sendMessage" && Number(c.params.chat_id) === group.id && String(c.params.text).startsWith("Checking"));
    expect(Number(progress?.params.message_thread_id)).toBe(77);
  });
});

describe("the stored secrets", () => {
  it("the database file never holds a pasted token in plain text", async () => {
    await harness.app.jobs.drain();
    harness.db.pragma("wal_checkpoint(TRUNCATE)");
    const bytes = readFileSync(harness.dbPath);
    expect(bytes.includes(Buffer.from(USER_BOT_TOKEN.split(":")[1]))).toBe(false);
    expect(bytes.includes(Buffer.from("generic-signing-secret"))).toBe(false);
    expect(bytes.length).toBeGreaterThan(4096); // the file is real and has rows
  });
});

describe("Telegram's rules", () => {
  it("nothing the bot sent in this file was refused, and every button press was answered", () => {
    expect(api.refusals.map((r) => `${r.method}: ${r.description}`)).toEqual([]);
    expect(api.unansweredCallbackQueries()).toEqual([]);
  });
});
