import type { Platform } from "../model.js";

/**
 * The harmless bodies the HTTP probe sends. A Telegram update carrying only update_id has no payload
 * field, so frameworks (grammY, python-telegram-bot, Telegraf, aiogram) acknowledge it and do nothing.
 * The id is high and random so it never collides with a real update the bot dedupes on.
 */
export function sampleBody(platform: Platform): string {
  if (platform === "telegram") return JSON.stringify({ update_id: 900_000_000 + Math.floor(Math.random() * 99_999_999) });
  return JSON.stringify({ type: "webhook_doctor.ping", note: "diagnostic request from Webhook Doctor; safe to ignore" });
}

/** A valid JSON body of about `bytes` bytes, for the payload-limit probe. */
export function largeBody(platform: Platform, bytes: number): string {
  const filler = "x".repeat(Math.max(0, bytes - 120));
  if (platform === "telegram") return JSON.stringify({ update_id: 900_000_000, webhook_doctor_padding: filler });
  return JSON.stringify({ type: "webhook_doctor.ping", padding: filler });
}
