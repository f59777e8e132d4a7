import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/index.js";
import type { CheckResult } from "./diagnosis/checklist.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { createWatching } from "./monitor/watching.js";
import { trackUpdates } from "./server/in-flight.js";
import { StartupError, type UpdateIntake } from "./server/intake.js";
import { startPolling } from "./server/polling.js";
import { installShutdown } from "./server/shutdown.js";
import { startWebhook } from "./server/webhook-server.js";
import { ConversationStateRepository } from "./store/conversation-state-repository.js";
import { openDatabase } from "./store/database.js";
import { EncryptionKeyError, resolveEncryptionKey } from "./store/encryption-key.js";
import { ReportsRepository } from "./store/reports-repository.js";
import { SecretBox } from "./store/secret-box.js";
import { UsersRepository } from "./store/users-repository.js";

/** Composition root: config → logger → store → bot → polling or webhook server → graceful shutdown. */
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
  let encryption;
  try {
    encryption = resolveEncryptionKey(config.encryptionKey, config.databasePath);
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
  const db = openDatabase(config.databasePath);
  if (encryption.source === "created") logger.warn({ path: encryption.path }, "ENCRYPTION_KEY is not set: made a key file beside the database; back it up, stored tokens cannot be read without it");
  const box = new SecretBox(encryption.key);
  const store = { users: new UsersRepository(db), reports: new ReportsRepository<CheckResult>(db, box), conversations: new ConversationStateRepository<VersionedState<ConversationData>>(db, box) };
  const watching = createWatching({ db, box, apiRoot: config.apiRoot, botToken: config.botToken, allowPrivate: config.probeAllowPrivate, logger });
  const { bot, jobs } = createBot({ config, logger, store, watching });
  const updates = trackUpdates(bot);
  await registerCommands(bot.api, logger);

  let intake: UpdateIntake;
  try {
    intake =
      config.botMode === "webhook"
        ? await startWebhook(bot, { webhookUrl: config.webhookUrl!, secretToken: config.webhookSecret!, host: config.host, port: config.port, logger })
        : await startPolling(bot, logger);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    logger.fatal(error.message);
    db.close();
    process.exit(1);
  }

  watching.monitor.start();
  // What /privacy promises: half-finished dialogs go after a day, reports (and their sealed secrets) after 30.
  const pruneStored = () => (store.conversations.prune(), store.reports.prune());
  pruneStored();
  const pruning = setInterval(pruneStored, 3_600_000).unref();

  // In order: no new updates, running handlers end, running checks post their reports, watches write
  // their results and the alert sender stops between two sends, then release.
  installShutdown({
    logger,
    steps: [
      { name: "stop taking updates", run: () => intake.stop() },
      { name: "finish in-flight updates", run: () => updates.idle(), pending: () => ({ updates: updates.count }) },
      { name: "finish running checks", run: () => jobs.drain() },
      { name: "stop the monitor", run: () => (clearInterval(pruning), watching.monitor.stop()) },
      { name: "close the listener", run: () => intake.close() },
      { name: "close the database", run: () => db.close() },
    ],
  });
}

void main();
