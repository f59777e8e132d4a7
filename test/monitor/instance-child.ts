/**
 * One bot instance's background work, as main.ts composes it (createWatching: scheduler, checks, outbox,
 * sender, logs), run as its own process so a test can watch it survive (or SIGKILL it). Not a test file;
 * the tests run it with vite-node: `instance-child.ts <db path> <Bot API root> <sender token> [name]`.
 * Logs are pino JSON lines on stdout; SIGTERM stops it cleanly (exit 0).
 */
import { createLogger } from "../../src/logger.js";
import { createWatching } from "../../src/monitor/watching.js";
import { openDatabase } from "../../src/store/database.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { ENCRYPTION_KEY } from "./helpers.js";

const [dbPath, apiRoot, token, name = "instance"] = process.argv.slice(2);
const settings = JSON.parse(process.env.WD_TEST_MONITOR ?? "{}") as Record<string, unknown>;
const logger = createLogger("debug").child({ instance: name });
const db = openDatabase(dbPath);
const watching = createWatching({
  db,
  box: new SecretBox(ENCRYPTION_KEY),
  apiRoot,
  botToken: token,
  allowPrivate: true,
  logger,
  monitor: {
    tickMs: 50,
    jitterRatio: 0,
    detection: { downAfterFailures: 1 },
    senderLimits: { perChatIntervalMs: 0, backoffBaseMs: 100 },
    checkOptions: { httpTimeoutMs: 2_000, totalTimeoutMs: 5_000 },
    ...settings,
  },
});
watching.monitor.start();
logger.info("ready");

process.once("SIGTERM", async () => {
  await watching.monitor.stop();
  db.close();
  logger.info("stopped");
  process.exit(0);
});
