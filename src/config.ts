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
  encryptionKey?: string;
  apiRoot: string;
  probeAllowPrivate: boolean;
  logLevel: string;
}

export class ConfigError extends Error {}

const BOT_TOKEN = /^\d{5,}:[A-Za-z0-9_-]{30,}$/;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const botToken = (env.BOT_TOKEN ?? "").trim();
  if (!botToken) problems.push("BOT_TOKEN is not set: create a bot with @BotFather and pass its token, e.g. BOT_TOKEN=123456:ABC... npm start");
  else if (!BOT_TOKEN.test(botToken)) problems.push("BOT_TOKEN does not look like a bot token (digits, a colon, then at least 30 letters, digits, _ or -)");
  const botMode = (env.BOT_MODE ?? "polling").trim();
  if (botMode !== "polling" && botMode !== "webhook") problems.push(`BOT_MODE must be "polling" or "webhook", not "${botMode}"`);
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`PORT must be a port number, not "${env.PORT}"`);
  const host = (env.HOST ?? "0.0.0.0").trim();
  if (!host || /\s/.test(host)) problems.push(`HOST must be an address to listen on (e.g. 0.0.0.0 or 127.0.0.1), not "${env.HOST}"`);
  if (botMode === "webhook") {
    if (!env.WEBHOOK_URL?.startsWith("https://") || !URL.canParse(env.WEBHOOK_URL)) problems.push("BOT_MODE=webhook needs WEBHOOK_URL, an https:// URL Telegram can reach");
    if (!env.WEBHOOK_SECRET || !/^[A-Za-z0-9_-]{1,256}$/.test(env.WEBHOOK_SECRET)) problems.push("BOT_MODE=webhook needs WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 32)");
  }
  // Optional: without it a key file beside the database is used (src/store/encryption-key.ts).
  const encryptionKey = (env.ENCRYPTION_KEY ?? "").trim() || undefined;
  const apiRoot = (env.TELEGRAM_API_ROOT ?? "https://api.telegram.org").replace(/\/+$/, "");
  if (!/^https?:\/\//.test(apiRoot)) problems.push("TELEGRAM_API_ROOT must be an http(s) URL");
  const level = (env.LOG_LEVEL ?? "info").toLowerCase();
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(level)) problems.push(`LOG_LEVEL "${env.LOG_LEVEL}" is not a pino level`);
  if (problems.length) throw new ConfigError(`Configuration problems:\n- ${problems.join("\n- ")}\nSee .env.example for every setting.`);
  return {
    botToken,
    databasePath: env.DATABASE_PATH ?? "./data/webhook-doctor.sqlite",
    botMode: botMode as Config["botMode"],
    webhookUrl: env.WEBHOOK_URL,
    webhookSecret: env.WEBHOOK_SECRET,
    port,
    host,
    encryptionKey,
    apiRoot,
    probeAllowPrivate: /^(1|true|yes|on)$/i.test(env.PROBE_ALLOW_PRIVATE ?? ""),
    logLevel: level,
  };
}
