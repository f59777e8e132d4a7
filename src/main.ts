import type { ConversationData, VersionedState } from "@grammyjs/conversations";
import { registerCommands } from "./bot/commands.js";
import { createBot } from "./bot/index.js";
import type { CheckResult } from "./diagnosis/checklist.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { unsupportedNode } from "./node-support.js";
import { createWatching } from "./monitor/watching.js";
import { trackUpdates } from "./server/in-flight.js";
import { StartupError, type UpdateIntake } from "./server/intake.js";
import { startHeartbeat } from "./server/heartbeat.js";
import { startMetricsServer, type MetricsServer } from "./server/metrics-server.js";
import { startPolling } from "./server/polling.js";
import { installShutdown } from "./server/shutdown.js";
import { startWebhook } from "./server/webhook-server.js";
import { ConversationStateRepository } from "./store/conversation-state-repository.js";
import { openDatabase } from "./store/database.js";
import { EncryptionKeyError, resolveEncryptionKey } from "./store/encryption-key.js";
import { ReportsRepository } from "./store/reports-repository.js";
import { ConversationStoreSchema } from "./store/stored-json.js";
import type { GenericSchema } from "valibot";
import { SecretBox } from "./store/secret-box.js";
import { BURST_INTERVAL_MS, ledgerVerdict } from "./diagnosis/burst-gate.js";
import { BurstRunsRepository } from "./store/burst-runs-repository.js";
import { FixActionsRepository } from "./store/fix-actions-repository.js";
import type { FixChoices, WebhookCall } from "./telegram/webhook-actions.js";
import { UsersRepository } from "./store/users-repository.js";

/** Composition root: config → logger → store → bot → polling or webhook server → graceful shutdown. */
async function main(): Promise<void> {
  const nodeProblem = unsupportedNode({ sqlite: true });
  if (nodeProblem) {
    console.error(nodeProblem);
    process.exit(2);
  }
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
  // A promise nobody caught is a bug to fix, not a reason to drop every watch and dialog: log it with its stack.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));
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
  const onBadRow = (table: string, key: string, reason: string) => logger.error({ table, key, reason }, "stored row does not parse; treated as gone");
  const store = { users: new UsersRepository(db), reports: new ReportsRepository<CheckResult>(db, box, onBadRow), conversations: new ConversationStateRepository<VersionedState<ConversationData>>(db, box, { schema: ConversationStoreSchema as unknown as GenericSchema<unknown, VersionedState<ConversationData>>, onBadRow }) };
  // The owner's burst test and fixes: the rate limit and the one-shot fix steps live in SQLite (survive restarts).
  const fix = { runs: new BurstRunsRepository(db, ledgerVerdict, BURST_INTERVAL_MS), actions: new FixActionsRepository<FixChoices, WebhookCall>(db, box) };
  // Metrics only when asked for (METRICS_PORT): one registry, recorded at the job, monitor and API boundaries.
  const metrics = config.metricsPort !== undefined ? createMetrics() : undefined;
  const watching = createWatching({
    db,
    box,
    apiRoot: config.apiRoot,
    botToken: config.botToken,
    allowPrivate: config.probeAllowPrivate,
    logger,
    monitor: metrics && {
      onCheck: ({ watchId, lagMs, startedAt, finishedAt, observation }) =>
        metrics.recordWatchCheck({ lagMs, durationMs: finishedAt - startedAt, platform: watching.monitor.watches.get(watchId)?.platform ?? "telegram", endpoint: observation.endpoint }),
      onError: () => metrics.recordCheckError("watch"),
    },
  });
  if (metrics) {
    metrics.observeStore(db);
    watching.monitor.sender?.api.config.use(metrics.apiTransformer("alerts"));
  }
  const { bot, jobs } = createBot({ config, logger, store, watching, metrics, fix });
  const updates = trackUpdates(bot);
  await registerCommands(bot.api, logger);

  let intake: UpdateIntake;
  let metricsServer: MetricsServer | undefined;
  try {
    if (metrics) {
      metricsServer = await startMetricsServer(metrics.registry, { host: config.metricsHost, port: config.metricsPort! });
      logger.info({ host: metricsServer.address.address, port: metricsServer.address.port }, "metrics served on /metrics");
    }
    intake =
      config.botMode === "webhook"
        ? await startWebhook(bot, { webhookUrl: config.webhookUrl!, secretToken: config.webhookSecret!, host: config.host, port: config.port, logger })
        : await startPolling(bot, logger);
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    logger.fatal(error.message);
    await metricsServer?.close();
    db.close();
    process.exit(1);
  }

  watching.monitor.start();
  const heartbeat = config.heartbeatFile ? startHeartbeat(config.heartbeatFile, () => intake.alive()) : undefined;
  // What /privacy promises: half-finished dialogs go after a day, reports (and their sealed secrets) after 30.
  const pruneStored = () => {
    try {
      store.conversations.prune();
      store.reports.prune();
      fix.runs.prune();
      fix.actions.prune(86_400_000);
    } catch (error) {
      logger.error({ err: error, loop: "pruning" }, "background loop failed; it goes on");
    }
  };
  pruneStored();
  const pruning = setInterval(pruneStored, 3_600_000).unref();

  // In order: no new updates, running handlers end, running checks post their reports, watches write
  // their results and the alert sender stops between two sends, then release.
  installShutdown({
    logger,
    steps: [
      { name: "stop taking updates", run: () => (heartbeat?.stop(), intake.stop()) },
      { name: "finish in-flight updates", run: () => updates.idle(), pending: () => ({ updates: updates.count }) },
      { name: "finish running checks", run: () => jobs.drain() },
      { name: "stop the monitor", run: () => (clearInterval(pruning), watching.monitor.stop()) },
      { name: "close the listeners", run: () => Promise.all([intake.close(), metricsServer?.close()]).then(() => undefined) },
      { name: "close the database", run: () => db.close() },
    ],
  });
}

void main();
