import { Composer } from "grammy";
import { classifyMessage } from "../../diagnosis/classify.js";
import { finding } from "../../diagnosis/report.js";
import { findingToHtml } from "../../render/telegram.js";
import type { BotContext } from "../context.js";

/** Longest text read as a URL or an error message; longer pastes get a clear answer instead. */
export const MAX_INPUT_CHARS = 4_000;

/** A pasted last_error_message, HTTP status line or OpenSSL line → its cause and fix. */
export async function explainText(ctx: BotContext, text: string): Promise<unknown> {
  if (!text) return ctx.reply(ctx.t("bot-explain-usage"), { parse_mode: "HTML" });
  if (text.length > MAX_INPUT_CHARS) return ctx.reply(ctx.t("bot-too-long"));
  const { code, evidence } = classifyMessage(text);
  // No endpoint is known here: fix snippets name a placeholder host the reader replaces.
  return ctx.reply(findingToHtml(finding(code, "explain", evidence), await ctx.i18n.getLocale(), "https://your-host/"), { parse_mode: "HTML" });
}

export const explainFeature = new Composer<BotContext>();
explainFeature.command("explain", (ctx) => explainText(ctx, ctx.match.trim()));
