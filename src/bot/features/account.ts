import { Composer } from "grammy";
import { SUPPORTED_LANGUAGES } from "../../i18n.js";
import type { UsersRepository } from "../../store/users-repository.js";
import type { BotContext } from "../context.js";

/** /start, /help, /privacy, /language, /forget: who we are, what we keep, and how to erase it. */
export function accountFeature(users: UsersRepository) {
  const feature = new Composer<BotContext>();
  feature.command(["start", "help"], (ctx) => ctx.reply(ctx.t("bot-help"), { parse_mode: "HTML" }));
  feature.command("privacy", (ctx) => ctx.reply(ctx.t("bot-privacy"), { parse_mode: "HTML" }));

  feature.command("language", async (ctx) => {
    const choice = ctx.match.trim().toLowerCase();
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(choice) || !ctx.from) {
      return ctx.reply(ctx.t("bot-language-usage", { languages: SUPPORTED_LANGUAGES.join(", ") }));
    }
    users.setLanguage(ctx.from.id, choice);
    await ctx.i18n.renegotiateLocale();
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
