import type { Update } from "grammy/types";
import { redactBotTokens } from "../secrets.js";

/** How updates reach the bot (long polling or the webhook server), as the shutdown sees it. */
export interface UpdateIntake {
  /** Take no new updates; resolves once the updates already taken have been handed over. */
  stop(): Promise<void>;
  /** Release what the intake holds (the listening socket); called after in-flight work has finished. */
  close(): Promise<void>;
  /** Still taking updates (the heartbeat is written only while this holds). */
  alive(): boolean;
}

/** Update kinds the bot asks for; chat_member must be asked for explicitly, so the list is spelled out. */
export const ALLOWED_UPDATES: ReadonlyArray<Exclude<keyof Update, "update_id">> = [
  "message",
  "edited_message",
  "callback_query",
  "inline_query",
  "my_chat_member",
  "chat_member",
];

/** A start-up failure with a message for the operator; the process exits non-zero after logging it. */
export class StartupError extends Error {}

/** Error text fit for a log line: never a bot token, even when a URL is quoted. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return redactBotTokens(text);
}
