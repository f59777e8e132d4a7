import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { FakeBotApi, type RecordedCall } from "../support/fake-bot-api.js";

/**
 * Chat input at any moment, and the things Telegram refuses: each case here was found by the fuzz test
 * (test/bot/fuzz.test.ts) or named in issue 10, and fails on the code before the fix. The fake Bot API
 * runs strict: every refusal it records is a message a person never got.
 * This file's loopback block: 127.0.151.x (.1 the fake Bot API; .11 has no listener: probes are refused).
 */
const TOKEN = "915100:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
const USERNAME = "webhook_doctor_chat_bot";
const CUSTOMER_TOKEN = "915300:BBcustomerBotTokenPart_0123456789abcdef";
const REFUSED = "https://127.0.151.11/hook";
const api = new FakeBotApi({ strict: true });
const logLines: string[] = [];
let harness: BotHarness;
let nextUser = 151_000;
const GROUP = { id: -1001510001, type: "supergroup" as const };

beforeAll(async () => {
  await api.start("127.0.151.1");
  api.addBot(TOKEN, { username: USERNAME });
  api.addBot(CUSTOMER_TOKEN, { username: "customer_bot", webhook: { url: REFUSED } });
  harness = await new BotHarness(api, TOKEN, { allowPrivate: true, logLines, watching: {} }).start();
});
afterAll(async () => {
  await harness.close();
  await api.stop();
});

/** Calls since `since` that Telegram's rules refused (a refusal keeps the very params object of its call). */
const refusedSince = (since: number) => api.calls.slice(since).filter((c) => api.refusals.some((r) => r.params === c.params)).map((c) => c.method);
const lastText = (chatId: number, since: number) => harness.textsTo(chatId, since).at(-1) ?? "";
const answerOf = (queryId: string): RecordedCall | undefined => api.calls.find((c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === queryId);
const errorLines = () => logLines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);

describe("a command in the middle of a dialog leaves it and runs", () => {
  it("/help, /privacy, /explain and /check each run at once instead of 'a dialog is open'", async () => {
    const user = nextUser++;
    for (const [command, expected] of [
      ["/help", "diagnoses broken webhooks"],
      ["/privacy", "What Webhook Doctor keeps"],
      ["/explain Wrong response from the webhook: 502 Bad Gateway", "http.bad_gateway"],
      ["/check", "What receives these webhooks?"],
    ] as const) {
      await harness.say(user, "/check");
      await harness.press(user, "wd:choice:telegram");
      const since = api.calls.length;
      await harness.say(user, command);
      const texts = harness.textsTo(user, since);
      expect(texts[0]).toContain("dialog was closed");
      expect(texts.join("\n")).toContain(expected);
      expect(texts.join("\n")).not.toContain("A dialog is open");
    }
    // The dialog is really gone: a URL now gets the quick check, not the token question.
    await harness.say(user, "/cancel");
    const since = api.calls.length;
    await harness.say(user, REFUSED);
    await harness.app.jobs.drain();
    expect(harness.textsTo(user, since).join("\n")).not.toContain("bot's token");
    expect(harness.textsTo(user, since).join("\n")).toContain("127.0.151.11");
  });

  it("/skip still belongs to the question that can be skipped", async () => {
    const user = nextUser++;
    await harness.say(user, `/check ${REFUSED}`);
    await harness.press(user, "wd:choice:telegram");
    const since = api.calls.length;
    await harness.say(user, "/skip");
    expect(harness.textsTo(user, since)).toEqual(["Skipped.", expect.stringContaining("secret token")]);
    await harness.say(user, "/cancel");
  });

  it("/start names the bot by its real username", async () => {
    const user = nextUser++;
    const since = api.calls.length;
    await harness.say(user, "/start");
    expect(lastText(user, since)).toContain(`@${USERNAME} https://`);
    expect(lastText(user, since)).not.toContain("@this_bot");
  });
});

describe("what Telegram would refuse", () => {
  it("a pasted error followed by emoji is explained (the evidence is cut between characters, never inside one)", async () => {
    const user = nextUser++;
    const prefix = "Wrong response from the webhook: 502 Bad Gateway ";
    // Odd padding puts an emoji's two UTF-16 halves across the 200th and 300th unit, where evidence is cut.
    const text = `${prefix}${"x".repeat(199 - prefix.length)}${"😀".repeat(100)}`;
    const since = api.calls.length;
    await harness.say(user, text);
    expect(refusedSince(since)).toEqual([]);
    expect(lastText(user, since)).toContain("http.bad_gateway");
    expect(lastText(user, since)).toContain("message: Wrong response from the webhook: 502 Bad Gateway xxx");
  });

  it("a URL with hidden characters and a token in its path: the cleaned URL is shown escaped", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    await harness.press(user, "wd:choice:telegram");
    const since = api.calls.length;
    // sanitizeUrl turns the token into "<bot-token>": put raw into <code>, Telegram refuses the HTML.
    await harness.say(user, `https://bot.exa\u200bmple.com/${CUSTOMER_TOKEN}/hook`);
    expect(refusedSince(since)).toEqual([]);
    expect(lastText(user, since)).toContain("&lt;bot-token&gt;");
    await harness.say(user, "/cancel");
  });

  it("pressing the language already chosen edits nothing and says so", async () => {
    const user = nextUser++;
    await harness.say(user, "/language ru");
    await harness.say(user, "/language");
    const since = api.calls.length;
    const query = await harness.press(user, (await menuData(user, "Русский"))!);
    expect(refusedSince(since)).toEqual([]);
    expect(api.calls.slice(since).some((c) => c.method === "editMessageReplyMarkup")).toBe(false);
    expect(String(answerOf(query)?.params.text)).toContain("уже выбран");
    await harness.say(user, "/language en");
  });
});

async function menuData(user: number, label: string): Promise<string | undefined> {
  const menu = [...api.calls].reverse().find((c) => c.method === "sendMessage" && Number(c.params.chat_id) === user && c.params.reply_markup);
  const buttons = (menu?.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat();
  return buttons.find((b) => b.text.includes(label))?.callback_data;
}

describe("every button press is answered", () => {
  it("stale dialog buttons, unknown or old data, and any button while a dialog waits for text", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    await harness.press(user, "wd:choice:telegram");
    // The dialog now waits for the URL (text): a press on the old platform question is stale.
    const stale = await harness.press(user, "wd:choice:whatsapp");
    expect(answerOf(stale)?.params.text).toMatch(/finished dialog|another person's dialog/);
    const since = api.calls.length;
    await harness.say(user, REFUSED);
    expect(lastText(user, since)).toContain("bot's token"); // the stale press did not change the dialog
    await harness.say(user, "/cancel");
    const afterCancel = await harness.press(user, "wd:skip");
    const unknown = await harness.press(user, "zzz");
    const oldReport = await harness.press(user, "wd:rerun:abcd2345");
    for (const id of [afterCancel, unknown, oldReport]) expect(answerOf(id), id).toBeDefined();
    expect(api.unansweredCallbackQueries()).toEqual([]);
  });

  it("another member's dialog buttons in a group: answered with a reason, their dialog untouched", async () => {
    const [owner, other] = [nextUser++, nextUser++];
    await harness.say(owner, "/check", { chat: GROUP });
    const query = await harness.press(other, "wd:choice:telegram", "en", GROUP);
    expect(String(answerOf(query)?.params.text)).toContain("another person's dialog");
    const since = api.calls.length;
    await harness.press(owner, "wd:choice:telegram", "en", GROUP);
    expect(lastText(GROUP.id, since)).toContain("Send the webhook URL");
    await harness.say(owner, "/cancel", { chat: GROUP });
  });
});

describe("in a group the bot answers only what is addressed to it", () => {
  it("chatter, a URL in passing and service messages get nothing; commands and replies to the bot get an answer", async () => {
    const [member, admin] = [nextUser++, nextUser++];
    let since = api.calls.length;
    await harness.say(member, "hi all", { chat: GROUP });
    await harness.say(member, REFUSED, { chat: GROUP });
    await harness.say(member, "Wrong response from the webhook: 502 Bad Gateway", { chat: GROUP });
    for (const service of [{ new_chat_members: [{ id: admin, is_bot: false, first_name: "New" }] }, { pinned_message: { message_id: 1, date: 0, chat: GROUP, text: "x" } }, { forum_topic_created: { name: "Incidents", icon_color: 7322096 } }]) {
      await harness.deliver({ message: { message_id: harness.messageIdIn(GROUP.id), date: 0, chat: { ...GROUP, title: "Ops" }, from: { id: member, is_bot: false, first_name: "M" }, ...service } });
    }
    await harness.app.jobs.drain();
    expect(harness.sentTo(GROUP.id, since)).toEqual([]);

    await harness.say(member, "/help", { chat: GROUP });
    expect(lastText(GROUP.id, since)).toContain("diagnoses broken webhooks");
    since = api.calls.length;
    const helpId = Number(harness.sentTo(GROUP.id).at(-1)!.result!.message_id);
    await harness.deliver({
      message: { message_id: harness.messageIdIn(GROUP.id), date: 0, chat: { ...GROUP, title: "Ops" }, from: { id: member, is_bot: false, first_name: "M" }, text: "Wrong response from the webhook: 502 Bad Gateway", reply_to_message: { message_id: helpId, date: 0, chat: { ...GROUP, title: "Ops" }, from: { id: 915100, is_bot: true, first_name: "WD" }, text: "…" } },
    });
    expect(lastText(GROUP.id, since)).toContain("http.bad_gateway");
  });

  it("the person whose dialog is open is answered; a service message they cause is not an answer", async () => {
    const person = nextUser++;
    await harness.say(person, "/check", { chat: GROUP });
    let since = api.calls.length;
    await harness.deliver({ message: { message_id: harness.messageIdIn(GROUP.id), date: 0, chat: { ...GROUP, title: "Ops" }, from: { id: person, is_bot: false, first_name: "P" }, pinned_message: { message_id: 1, date: 0, chat: GROUP, text: "x" } } });
    expect(harness.sentTo(GROUP.id, since)).toEqual([]);
    await harness.say(person, "banana", { chat: GROUP });
    expect(lastText(GROUP.id, since)).toContain("pick one of the buttons");
    since = api.calls.length;
    await harness.say(person, "/cancel", { chat: GROUP });
    expect(lastText(GROUP.id, since)).toContain("Cancelled");
  });
});

describe("anonymous administrators and abandoned dialogs", () => {
  const anonymous = (text: string) =>
    harness.deliver({
      message: {
        message_id: harness.messageIdIn(GROUP.id, text),
        date: 0,
        chat: { ...GROUP, title: "Ops" },
        from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
        sender_chat: { ...GROUP, title: "Ops" },
        text,
        entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0].length }],
      },
    });

  it("/subscribe and /watches by an anonymous administrator get a clear answer, not an error", async () => {
    for (const command of ["/subscribe abcdefgh", "/watches", "/watch"]) {
      const since = api.calls.length;
      await anonymous(command);
      expect(lastText(GROUP.id, since)).toContain("Remain anonymous");
    }
    const since = api.calls.length;
    await anonymous("/help");
    expect(lastText(GROUP.id, since)).toContain("diagnoses broken webhooks");
    expect(errorLines()).toEqual([]);
  });

  it("a dialog abandoned after many wrong answers is said so, and logged as information, not as an error", async () => {
    const user = nextUser++;
    await harness.say(user, "/check");
    await harness.press(user, "wd:choice:telegram");
    for (let i = 0; i < 25; i++) await harness.say(user, "not a url");
    expect(harness.textsTo(user).at(-1)).toContain("Too many answers");
    expect(errorLines()).toEqual([]);
    const since = api.calls.length;
    await harness.say(user, REFUSED); // the dialog is over: a URL is a quick check again
    await harness.app.jobs.drain();
    expect(harness.textsTo(user, since).join("\n")).not.toContain("does not look like a URL");
  });
});

describe("smaller", () => {
  it("the delete confirmation of a watch is not shown to someone else; another user's report is 'not yours', not 'no longer stored'", async () => {
    const [owner, stranger] = [nextUser++, nextUser++];
    await harness.say(owner, "/watch");
    await harness.press(owner, "wd:choice:endpoint");
    await harness.press(owner, "wd:choice:telegram");
    await harness.say(owner, REFUSED);
    await harness.press(owner, "wd:skip");
    await harness.press(owner, "wd:choice:60");
    const id = harness.watching!.service.listWatches(owner)[0].id;
    let since = api.calls.length;
    const query = await harness.press(stranger, `wd:wdel:${id}`);
    expect(harness.sentTo(stranger, since)).toEqual([]);
    expect(String(answerOf(query)?.params.text)).toContain("no such watch");

    await harness.say(owner, REFUSED);
    await harness.app.jobs.drain();
    const report = harness.textsTo(owner).find((t) => /report [a-z0-9]{8}/.test(t))!;
    const reportId = /report ([a-z0-9]{8})/.exec(report)![1];
    since = api.calls.length;
    await harness.press(stranger, `wd:watch:${reportId}`);
    expect(lastText(stranger, since)).toContain("belongs to someone else");
  });

  it("nothing in this file was refused by Telegram's rules or left a button spinning", () => {
    expect(api.refusals.map((r) => `${r.method}: ${r.description}`)).toEqual([]);
    expect(api.unansweredCallbackQueries()).toEqual([]);
  });
});
