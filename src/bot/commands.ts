import type { Api } from "grammy";
import type { Logger } from "pino";
import { SUPPORTED_LANGUAGES, t } from "../i18n.js";

const COMMANDS = ["check", "explain", "verify", "watch", "watches", "history", "report", "subscribe", "unsubscribe", "mute", "language", "privacy", "cancel", "help"] as const;

/** Registers the command menu in each language; a failure is logged, never fatal (the bot works without it). */
export async function registerCommands(api: Api, logger: Logger): Promise<number> {
  let registered = 0;
  for (const lang of SUPPORTED_LANGUAGES) {
    const commands = COMMANDS.map((command) => ({ command, description: t(lang, `bot-command-${command}`) }));
    try {
      await api.setMyCommands(commands, lang === "en" ? {} : { language_code: lang });
      registered++;
    } catch (err) {
      logger.warn({ err, lang }, "setMyCommands failed; continuing without the command menu for this language");
    }
  }
  return registered;
}
