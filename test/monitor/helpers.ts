import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, type Db } from "../../src/store/database.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { ok, type FakeBotApi, type RecordedCall } from "../support/fake-bot-api.js";
import { tempDir } from "../support/temp.js";

/** Shared bits of the monitor tests (not collected by vitest: no .test. in the name). */

export const ENCRYPTION_KEY = "4f".repeat(32);
/** Our own bot, the one that sends alerts. */
export const SENDER_TOKEN = "7300001:AAGsenderSENDERsenderSENDERsender01";

export function freshDatabase(prefix: string): { db: Db; path: string; dir: string } {
  const dir = tempDir(prefix);
  const path = join(dir, "monitor.sqlite");
  return { db: openDatabase(path), path, dir };
}

export function secretBox(): SecretBox {
  return new SecretBox(ENCRYPTION_KEY);
}

/** A sendMessage answer like Telegram's, for handlers that replace the fake's default. */
let nextMessageId = 50_000;
export function messageAnswer(p: Record<string, unknown>) {
  return ok({ message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(p.chat_id), type: Number(p.chat_id) < 0 ? "supergroup" : "private" }, text: p.text });
}

export function sentTo(api: FakeBotApi, chatId: number): RecordedCall[] {
  return api.callsOf("sendMessage", SENDER_TOKEN).filter((c) => Number(c.params.chat_id) === chatId);
}

export async function waitUntil(condition: () => boolean, timeoutMs = 15_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
