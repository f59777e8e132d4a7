import { mkdtempSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.5.100+. A real SQLite file, reopened as after a restart.
const TOKEN = "555001:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";
const api = new FakeBotApi({ strict: true });
const dbPath = `${tempDir("wd-lang-")}/bot.sqlite`;
const harnesses: BotHarness[] = [];

beforeAll(async () => {
  await api.start("127.0.5.100");
  api.addBot(TOKEN);
});
afterAll(async () => {
  for (const h of harnesses) await h.close();
  await api.stop();
});

async function startBot() {
  const harness = await new BotHarness(api, TOKEN, { allowPrivate: false, dbPath }).start();
  harnesses.push(harness);
  return { app: harness.app, db: harness.db, harness };
}

async function say(harness: BotHarness, text: string): Promise<string> {
  const before = api.calls.length;
  await harness.deliver({
    message: { message_id: harness.messageIdIn(42, text), date: 0, chat: { id: 42, type: "private", first_name: "Op" }, from: { id: 42, is_bot: false, first_name: "Op", language_code: "en" }, text, entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0].length }] },
  });
  const reply = api.calls.slice(before).find((c) => c.method === "sendMessage");
  return String(reply?.params.text ?? "");
}

describe("/language and /forget with a real SQLite file", () => {
  it("keeps the chosen language across a restart, and /forget erases it", async () => {
    const first = await startBot();
    expect(await say(first.harness, "/language xx")).toContain("/language ru");
    expect(await say(first.harness, "/language ru")).toContain("по-русски");
    expect(await say(first.harness, "/help")).toContain("диагностирует");

    const second = await startBot(); // a restart: same file, new process state
    expect(await say(second.harness, "/help")).toContain("диагностирует");
    expect(await say(second.harness, "/forget")).toContain("erased");
    expect(second.db.prepare("SELECT COUNT(*) AS n FROM users WHERE id = 42").get()).toEqual({ n: 0 });
    expect(await say(second.harness, "/help")).toContain("diagnoses broken webhooks");
  });

  it("/language alone shows a menu; its Русский button switches at once and marks the choice", async () => {
    const { harness } = await startBot();
    const user = 43;
    const before = api.calls.length;
    await harness.say(user, "/language");
    const menu = api.calls.slice(before).find((c) => c.method === "sendMessage" && Number(c.params.chat_id) === user)!;
    const buttons = (menu.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["English", "Русский", "中文"]);
    const pressed = api.calls.length;
    await harness.press(user, buttons[1].callback_data);
    const after = api.calls.slice(pressed);
    expect(after.some((c) => c.method === "sendMessage" && String(c.params.text).includes("по-русски"))).toBe(true);
    const edited = after.find((c) => c.method === "editMessageReplyMarkup");
    expect(JSON.stringify(edited?.params.reply_markup)).toContain("✓ Русский");
    expect(harness.db.prepare("SELECT language FROM users WHERE id = ?").get(user)).toEqual({ language: "ru" });
  });
});

describe("Telegram's rules", () => {
  it("nothing the bot sent in this file was refused, and every button press was answered", () => {
    expect(api.refusals.map((r) => `${r.method}: ${r.description}`)).toEqual([]);
    expect(api.unansweredCallbackQueries()).toEqual([]);
  });
});
