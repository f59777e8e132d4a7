/**
 * The process the crash test kills: opens the SQLite file, runs the alert sender against the Bot API
 * given on the command line until the outbox is empty, then exits 0. Not a test file (vitest collects
 * *.test.ts only); the crash test runs it with vite-node.
 */
import { AlertSender } from "../../src/monitor/sender.js";
import { OutboxRepository } from "../../src/store/outbox-repository.js";
import { openDatabase } from "../../src/store/database.js";

const [dbPath, apiRoot, token] = process.argv.slice(2);
const db = openDatabase(dbPath);
const outbox = new OutboxRepository(db);
// Telegram's real limits (30/s overall, 1/s per chat), with a short 5xx backoff.
const sender = new AlertSender({ db, token, apiRoot, limits: { backoffBaseMs: 100 } });
sender.start();
process.stdout.write("ready\n");

const deadline = Date.now() + 60_000;
const timer = setInterval(async () => {
  if (outbox.pendingCount() > 0 && Date.now() < deadline) return;
  clearInterval(timer);
  await sender.stop();
  const drained = outbox.pendingCount() === 0;
  db.close();
  process.exit(drained ? 0 : 1);
}, 50);
