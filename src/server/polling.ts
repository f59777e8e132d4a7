import { run } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";
import type { Logger } from "pino";
import { ALLOWED_UPDATES, type UpdateIntake } from "./intake.js";

/** Long polling through @grammyjs/runner (concurrent; the bot sequentialises per chat). */
export async function startPolling<C extends Context>(bot: Bot<C>, logger: Logger): Promise<UpdateIntake> {
  // A webhook left set by an earlier webhook-mode run would make getUpdates fail with 409.
  await bot.api.deleteWebhook().catch((err) => logger.warn({ err }, "deleteWebhook failed"));
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  logger.info("Webhook Doctor bot is polling");
  return {
    // Resolves once the pending getUpdates is cancelled and every running handler has returned.
    stop: () => runner.stop(),
    close: async () => {},
    alive: () => runner.isRunning(),
  };
}
