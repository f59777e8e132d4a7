import { Menu } from "@grammyjs/menu";
import { Composer } from "grammy";
import { SUPPORTED_LANGUAGES, type Language } from "../../i18n.js";
import type { UsersRepository } from "../../store/users-repository.js";
import { helpText } from "../chat-rules.js";
import type { BotContext } from "../context.js";

/** Each language named in itself, as people look for it. */
const LANGUAGE_NAMES: Record<Language, string> = { en: "English", ru: "Русский", zh: "中文" };

/** /start, /help, /privacy, /language, /forget: who we are, what we keep, and how to erase it. */
export function accountFeature(users: UsersRepository) {
  const feature = new Composer<BotContext>();

  const choose = async (ctx: BotContext, language: Language) => {
    users.setLanguage(ctx.from!.id, language);
    await ctx.i18n.renegotiateLocale();
  };
  // /language without an argument: a menu (@grammyjs/menu) whose buttons switch at once; the chosen one is marked.
  // Pressing the language already chosen changes nothing: no edit (Telegram refuses an identical one), a short answer.
  const languageMenu = new Menu<BotContext>("language", { autoAnswer: false });
  for (const language of SUPPORTED_LANGUAGES) {
    languageMenu.text(
      (ctx) => `${ctx.from && users.language(ctx.from.id) === language ? "✓ " : ""}${LANGUAGE_NAMES[language]}`,
      async (ctx) => {
        if (users.language(ctx.from.id) === language) return ctx.answerCallbackQuery({ text: ctx.t("chat-language-already") });
        await choose(ctx, language);
        await ctx.answerCallbackQuery();
        ctx.menu.update();
        await ctx.reply(ctx.t("bot-language-set"));
      },
    );
  }
  feature.use(languageMenu);
  feature.command(["start", "help"], (ctx) => ctx.reply(helpText(ctx), { parse_mode: "HTML" }));
  feature.command("privacy", (ctx) => ctx.reply(ctx.t("bot-privacy"), { parse_mode: "HTML" }));

  feature.command("language", async (ctx) => {
    const choice = ctx.match.trim().toLowerCase();
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(choice) || !ctx.from) {
      return ctx.reply(ctx.t("bot-language-usage", { languages: SUPPORTED_LANGUAGES.join(", ") }), { reply_markup: languageMenu });
    }
    await choose(ctx, choice as Language);
    return ctx.reply(ctx.t("bot-language-set"));
  });

  feature.command("forget", async (ctx) => {
    if (ctx.from) users.forget(ctx.from.id);
    await ctx.i18n.renegotiateLocale();
    return ctx.reply(ctx.t("bot-forgotten"));
  });

  // Telegram tells us when a user blocks or unblocks the bot: nothing is sent to a blocked chat.
  feature.on("my_chat_member", (ctx) => {
    const update = ctx.myChatMember;
    if (update.chat.type !== "private") return;
    users.setBlocked(update.from.id, update.new_chat_member.status === "kicked");
  });
  return feature;
}
