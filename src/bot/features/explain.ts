import { Composer } from "grammy";
import { messageIdOf } from "../../diagnosis/catalogue.js";
import { classifyMessage } from "../../diagnosis/classify.js";
import { escapeHtml, fixToHtml } from "../../render/telegram.js";
import type { BotContext } from "../context.js";

/** Longest text read as a URL or an error message; longer pastes get a clear answer instead. */
export const MAX_INPUT_CHARS = 4_000;

/** A pasted last_error_message, HTTP status line or OpenSSL line → its cause and fix. */
export async function explainText(ctx: BotContext, text: string): Promise<unknown> {
  if (!text) return ctx.reply(ctx.t("bot-explain-usage"), { parse_mode: "HTML" });
  if (text.length > MAX_INPUT_CHARS) return ctx.reply(ctx.t("bot-too-long"));
  const { code } = classifyMessage(text);
  const id = messageIdOf(code);
  // No endpoint is known here: fix snippets name a placeholder host the reader replaces.
  const vars = { host: "your-host", port: "443", path: "/", url: "https://your-host/" };
  return ctx.reply(
    `<b>${escapeHtml(ctx.t(`${id}.title`, vars))}</b>\n<code>${code}</code>\n\n${escapeHtml(ctx.t(`${id}.why`, vars))}\n\n<b>${escapeHtml(ctx.t("report-fix"))}:</b>\n${fixToHtml(ctx.t(`${id}.fix`, vars))}`,
    { parse_mode: "HTML" },
  );
}

export const explainFeature = new Composer<BotContext>();
explainFeature.command("explain", (ctx) => explainText(ctx, ctx.match.trim()));
