import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import type { I18nFlavor } from "@grammyjs/i18n";
import { Bot, type Context } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import { messageIdOf } from "../diagnosis/catalogue.js";
import { classifyMessage } from "../diagnosis/classify.js";
import { createI18n, normalizeLanguage, SUPPORTED_LANGUAGES } from "../i18n.js";
import type { UsersRepository } from "../store/users-repository.js";
import { escapeHtml, fixToHtml } from "../render/telegram.js";
import { CheckJobs } from "./check-jobs.js";

export type BotContext = Context & I18nFlavor;

/** Longest text we read as a URL or an error message; longer pastes get a clear answer instead. */
const MAX_INPUT_CHARS = 4_000;

export interface BotDeps {
  config: Pick<Config, "botToken" | "apiRoot" | "probeAllowPrivate">;
  logger: Logger;
  /** Without it the bot still works; languages then follow Telegram's setting only. */
  users?: UsersRepository;
}

export function createBot({ config, logger, users }: BotDeps) {
  const bot = new Bot<BotContext>(config.botToken, { client: { apiRoot: config.apiRoot } });
  // 429s and 5xx from the Bot API are absorbed with bounded attempts and delays.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));
  // The runner handles updates concurrently; updates of one chat still run in order.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  // A language chosen with /language wins over Telegram's setting.
  const i18n = createI18n<BotContext>({
    localeNegotiator: (ctx) => (ctx.from && users?.language(ctx.from.id)) ?? normalizeLanguage(ctx.from?.language_code),
  });
  bot.use(i18n);
  const jobs = new CheckJobs(bot.api, logger, {
    apiRoot: config.apiRoot,
    allowPrivate: config.probeAllowPrivate,
    maxInFlight: 20,
    perUserPerMinute: 10,
    editIntervalMs: 1_500,
  });
  const lang = (ctx: BotContext) => normalizeLanguage((ctx.from && users?.language(ctx.from.id)) ?? ctx.from?.language_code);

  bot.command(["start", "help"], (ctx) => ctx.reply(ctx.t("bot-help"), { parse_mode: "HTML" }));

  const startCheck = async (ctx: BotContext, url: string) => {
    if (!url) return ctx.reply(ctx.t("bot-check-usage"), { parse_mode: "HTML" });
    if (url.length > MAX_INPUT_CHARS) return ctx.reply(ctx.t("bot-too-long"));
    const result = jobs.enqueue({ chatId: ctx.chat!.id, userId: ctx.from?.id ?? ctx.chat!.id, lang: lang(ctx), url });
    if (result === "rate_limited") return ctx.reply(ctx.t("bot-rate-limited"));
    if (result === "busy") return ctx.reply(ctx.t("bot-busy"));
  };
  bot.command("check", (ctx) => startCheck(ctx, ctx.match.trim()));

  const explain = async (ctx: BotContext, text: string) => {
    if (!text) return ctx.reply(ctx.t("bot-explain-usage"), { parse_mode: "HTML" });
    if (text.length > MAX_INPUT_CHARS) return ctx.reply(ctx.t("bot-too-long"));
    const { code } = classifyMessage(text);
    const id = messageIdOf(code);
    const vars = { host: "your-host", port: "443", path: "/", url: "https://your-host/" };
    await ctx.reply(
      `<b>${escapeHtml(ctx.t(`${id}.title`, vars))}</b>\n<code>${code}</code>\n\n${escapeHtml(ctx.t(`${id}.why`, vars))}\n\n<b>${escapeHtml(ctx.t("report-fix"))}:</b>\n${fixToHtml(ctx.t(`${id}.fix`, vars))}`,
      { parse_mode: "HTML" },
    );
  };
  bot.command("language", async (ctx) => {
    const choice = ctx.match.trim().toLowerCase();
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(choice) || !users || !ctx.from) {
      return ctx.reply(ctx.t("bot-language-usage", { languages: SUPPORTED_LANGUAGES.join(", ") }));
    }
    users.setLanguage(ctx.from.id, choice);
    await ctx.i18n.renegotiateLocale();
    return ctx.reply(ctx.t("bot-language-set"));
  });

  bot.command("forget", async (ctx) => {
    if (ctx.from) users?.forget(ctx.from.id);
    await ctx.i18n.renegotiateLocale();
    return ctx.reply(ctx.t("bot-forgotten"));
  });

  bot.command("explain", (ctx) => explain(ctx, ctx.match.trim()));

  bot.on("message:text", async (ctx) => {
    const text = ctx.message.text.trim();
    if (text.startsWith("/")) return ctx.reply(ctx.t("bot-unknown-command"));
    if (/^https?:\/\/\S+$/i.test(text)) return startCheck(ctx, text);
    // A pasted last_error_message, status line or OpenSSL line: explain it without a command.
    if (classifyMessage(text).code !== "unknown") return explain(ctx, text);
    return ctx.reply(ctx.t("bot-help"), { parse_mode: "HTML" });
  });

  bot.catch(({ error, ctx }) => logger.error({ err: error, update_id: ctx.update.update_id }, "update failed"));
  return { bot, jobs };
}
