import type { Context } from "grammy";
import type { BotContext } from "./context.js";

/**
 * Who a message is for, in the terms Telegram gives us. In a group the bot (an administrator, so it can
 * delete pasted secrets) sees every message: it answers only what is addressed to it.
 */

/** The sender Telegram shows for an anonymous group administrator (the message's sender_chat is the group). */
export const GROUP_ANONYMOUS_BOT_ID = 1087968824;
/** The sender Telegram shows for a message posted in a group on behalf of a channel. */
export const CHANNEL_BOT_ID = 136817688;

/** The command a message starts with, if any: its name (lower case) and whether it names this bot or none. */
export function commandOf(ctx: Context): { name: string; forUs: boolean } | undefined {
  const msg = ctx.message;
  const text = msg?.text;
  const entity = msg?.entities?.[0];
  if (!text || !entity || entity.type !== "bot_command" || entity.offset !== 0) return undefined;
  const [name, username] = text.slice(1, entity.length).split("@");
  return { name: name.toLowerCase(), forUs: username === undefined || username.toLowerCase() === ctx.me.username.toLowerCase() };
}

/** A message sent as the group or as a channel: there is no person behind it we could keep anything for. */
export function isAnonymousSender(ctx: Context): boolean {
  const from = ctx.from?.id;
  return Boolean(ctx.msg?.sender_chat) || from === GROUP_ANONYMOUS_BOT_ID || from === CHANNEL_BOT_ID;
}

/**
 * Whether a message asks the bot for an answer: everything in a private chat; in a group, commands for this
 * bot and replies to one of its messages (a dialog's answers are taken by the dialog before this is asked).
 */
export function addressedToUs(ctx: Context): boolean {
  if (ctx.chat?.type === "private") return true;
  const command = commandOf(ctx);
  if (command) return command.forUs;
  const replyTo = ctx.message?.reply_to_message;
  return replyTo !== undefined && replyTo.from?.id === ctx.me.id && !replyTo.forum_topic_created;
}

/** What people send that is not text: these get "I read text only"; service messages (joins, pins, topics) get nothing. */
const CONTENT_KINDS = ["sticker", "photo", "document", "video", "voice", "audio", "animation", "video_note", "contact", "location", "venue", "poll", "dice", "story", "game"] as const;
export const isContentMessage = (ctx: Context) => CONTENT_KINDS.some((kind) => ctx.message?.[kind] !== undefined);

/** Commands that keep nothing about the sender: they work for anonymous administrators too. */
export const STATELESS_COMMANDS = new Set(["start", "help", "explain", "privacy", "report", "cancel"]);

/** The greeting and help, naming this bot by its real username (inline mode: "@<username> https://..."). */
export const helpText = (ctx: BotContext) => ctx.t("bot-help", { bot: ctx.me.username });
