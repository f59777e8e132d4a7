import { run } from "@grammyjs/runner";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/index.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { openDatabase } from "./store/database.js";
import { UsersRepository } from "./store/users-repository.js";

/** Composition root: config → logger → bot → long polling with graceful shutdown. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  if (config.botMode === "webhook") {
    logger.fatal("BOT_MODE=webhook is not implemented yet; use polling (the default)");
    process.exit(2);
  }
  const db = openDatabase(config.databasePath);
  const { bot, jobs } = createBot({ config, logger, users: new UsersRepository(db) });
  await registerCommands(bot.api, logger);
  await bot.api.deleteWebhook().catch((err) => logger.warn({ err }, "deleteWebhook failed"));
  const runner = run(bot);
  logger.info("Webhook Doctor bot is polling");
  const stop = async (signal: string) => {
    logger.info({ signal }, "stopping: finishing in-flight checks");
    await runner.stop();
    await jobs.drain();
    db.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

void main();
