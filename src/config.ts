import * as v from "valibot";
import { isBotToken, isEncryptionKey, isTelegramSecretToken } from "./secrets.js";

/** Configuration from the environment, validated once at start with messages a newcomer can act on. */
export interface Config {
  botToken: string;
  databasePath: string;
  botMode: "polling" | "webhook";
  webhookUrl?: string;
  webhookSecret?: string;
  port: number;
  /** Address the webhook server listens on (webhook mode only). */
  host: string;
  /** 64 hex characters; unset, a key file beside the database is used (src/store/encryption-key.ts). */
  encryptionKey?: string;
  apiRoot: string;
  probeAllowPrivate: boolean;
  logLevel: string;
  /** Prometheus /metrics listener; off unless METRICS_PORT is set. Loopback by default. */
  metricsPort?: number;
  metricsHost: string;
  /** Polling-mode liveness for Docker's HEALTHCHECK: a file rewritten every 10 s while updates are taken. */
  heartbeatFile?: string;
}

export class ConfigError extends Error {}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
const TRUE_WORDS = /^(1|true|yes|on)$/i;
const BOOLEAN_WORDS = /^(1|true|yes|on|0|false|no|off)?$/i;

/** An environment variable: unset and blank read the same (an empty line in .env), surrounding blanks dropped. */
const text = (fallback = "") => v.pipe(v.optional(v.string(), fallback), v.trim());

/**
 * The environment schema. Messages name the variable, say what is wrong and what to set instead; a
 * secret's value is never repeated in a message (it would land in a terminal or a log).
 */
const EnvSchema = v.pipe(
  v.object({
    BOT_TOKEN: v.pipe(
      text(),
      v.nonEmpty("BOT_TOKEN is not set: create a bot with @BotFather and pass its token, e.g. BOT_TOKEN=123456:ABC... npm start"),
      v.check((token) => token === "" || isBotToken(token), "BOT_TOKEN does not look like a bot token (digits, a colon, then at least 30 letters, digits, _ or -)"),
    ),
    DATABASE_PATH: v.pipe(text("./data/webhook-doctor.sqlite"), v.nonEmpty("DATABASE_PATH is empty: give a file path, e.g. ./data/webhook-doctor.sqlite")),
    BOT_MODE: v.pipe(text("polling"), v.picklist(["polling", "webhook"], (issue) => `BOT_MODE must be "polling" or "webhook", not "${String(issue.input)}"`)),
    WEBHOOK_URL: text(),
    WEBHOOK_SECRET: text(),
    PORT: v.pipe(
      text("8080"),
      v.check((p) => /^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535, (issue) => `PORT must be a port number (1-65535), not "${String(issue.input)}"`),
      v.transform(Number),
    ),
    HOST: v.pipe(text("0.0.0.0"), v.regex(/^\S+$/, (issue) => `HOST must be an address to listen on (e.g. 0.0.0.0 or 127.0.0.1), not "${String(issue.input)}"`)),
    ENCRYPTION_KEY: v.pipe(
      text(),
      v.check(
        (key) => key === "" || isEncryptionKey(key),
        (issue) =>
          `ENCRYPTION_KEY must be 64 hex characters (32 bytes; make one with: openssl rand -hex 32), not ${String(issue.input).length} characters of something else. ` +
          "A passphrase used with an earlier version is the key printed by: printf %s \"$OLD_KEY\" | sha256sum",
      ),
    ),
    TELEGRAM_API_ROOT: v.pipe(
      text("https://api.telegram.org"),
      v.check((root) => /^https?:\/\//.test(root) && URL.canParse(root), "TELEGRAM_API_ROOT must be an http(s) URL, e.g. https://api.telegram.org"),
      v.transform((root) => root.replace(/\/+$/, "")),
    ),
    PROBE_ALLOW_PRIVATE: v.pipe(
      text(),
      v.regex(BOOLEAN_WORDS, (issue) => `PROBE_ALLOW_PRIVATE must be true or false, not "${String(issue.input)}"`),
      v.transform((word) => TRUE_WORDS.test(word)),
    ),
    LOG_LEVEL: v.pipe(
      text("info"),
      v.toLowerCase(),
      v.picklist(LOG_LEVELS, (issue) => `LOG_LEVEL "${String(issue.input)}" is not a pino level (${LOG_LEVELS.join(", ")})`),
    ),
    // Prometheus /metrics: off unless a port is given; loopback unless told otherwise.
    METRICS_PORT: v.pipe(
      text(),
      v.check((p) => p === "" || (/^\d{1,5}$/.test(p) && Number(p) >= 1 && Number(p) <= 65535), (issue) => `METRICS_PORT must be a port number (1-65535), not "${String(issue.input)}"`),
      v.transform((p) => (p === "" ? undefined : Number(p))),
    ),
    METRICS_HOST: v.pipe(text("127.0.0.1"), v.regex(/^\S+$/, (issue) => `METRICS_HOST must be an address to listen on (e.g. 127.0.0.1), not "${String(issue.input)}"`)),
    // Polling-mode liveness for Docker's HEALTHCHECK (src/server/heartbeat.ts).
    HEARTBEAT_FILE: text(),
  }),
  // The webhook port is public (Telegram reaches it): metrics never share it.
  v.forward(
    v.partialCheck(
      [["BOT_MODE"], ["PORT"], ["METRICS_PORT"]],
      (env) => env.BOT_MODE !== "webhook" || env.METRICS_PORT !== env.PORT,
      "METRICS_PORT must differ from PORT: metrics are never served on the public webhook port",
    ),
    ["METRICS_PORT"],
  ),
  // Webhook mode needs its URL and secret; checked even when other variables are wrong, so one run lists all.
  v.forward(
    v.partialCheck(
      [["BOT_MODE"], ["WEBHOOK_URL"]],
      (env) => env.BOT_MODE !== "webhook" || (env.WEBHOOK_URL.startsWith("https://") && URL.canParse(env.WEBHOOK_URL)),
      "BOT_MODE=webhook needs WEBHOOK_URL, an https:// URL Telegram can reach",
    ),
    ["WEBHOOK_URL"],
  ),
  v.forward(
    v.partialCheck(
      [["BOT_MODE"], ["WEBHOOK_SECRET"]],
      (env) => env.BOT_MODE !== "webhook" || isTelegramSecretToken(env.WEBHOOK_SECRET),
      "BOT_MODE=webhook needs WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32)",
    ),
    ["WEBHOOK_SECRET"],
  ),
);

/** Parses the environment once; every problem is listed in one ConfigError, none of them with a secret's value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = v.safeParse(EnvSchema, env);
  if (!parsed.success) {
    const problems = [...new Set(parsed.issues.map((issue) => issue.message))];
    throw new ConfigError(`Configuration problems:\n- ${problems.join("\n- ")}\nSee .env.example for every setting.`);
  }
  const e = parsed.output;
  return {
    botToken: e.BOT_TOKEN,
    databasePath: e.DATABASE_PATH,
    botMode: e.BOT_MODE,
    ...(e.WEBHOOK_URL ? { webhookUrl: e.WEBHOOK_URL } : {}),
    ...(e.WEBHOOK_SECRET ? { webhookSecret: e.WEBHOOK_SECRET } : {}),
    port: e.PORT,
    host: e.HOST,
    ...(e.ENCRYPTION_KEY ? { encryptionKey: e.ENCRYPTION_KEY.toLowerCase() } : {}),
    apiRoot: e.TELEGRAM_API_ROOT,
    probeAllowPrivate: e.PROBE_ALLOW_PRIVATE,
    logLevel: e.LOG_LEVEL,
    ...(e.METRICS_PORT !== undefined ? { metricsPort: e.METRICS_PORT } : {}),
    metricsHost: e.METRICS_HOST,
    ...(e.HEARTBEAT_FILE ? { heartbeatFile: e.HEARTBEAT_FILE } : {}),
  };
}
