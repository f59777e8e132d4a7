/**
 * The one place that knows what a secret looks like and how to hide it: Telegram bot tokens, Telegram's
 * secret_token, the encryption key, secret-looking query parameters and URL user-info, and the object paths
 * where the logger must never print a value. Everything that validates or redacts a secret imports from here,
 * so a change to a pattern changes it everywhere (there were ten copies of the token pattern, one different).
 */

/**
 * A Telegram bot token: `<bot id>:<secret part>`. BotFather's bot ids have at least 5 digits and the secret
 * part is 35 URL-safe characters; 30 or more is accepted, so a token from a future format is still hidden.
 */
const BOT_TOKEN_SOURCE = String.raw`\d{5,}:[A-Za-z0-9_-]{30,}`;
const BOT_TOKEN_EXACT = new RegExp(`^${BOT_TOKEN_SOURCE}$`);
const BOT_TOKEN_ANYWHERE = new RegExp(BOT_TOKEN_SOURCE, "g");

/** Telegram's rule for setWebhook's secret_token (also WEBHOOK_SECRET): 1-256 of A-Z a-z 0-9 _ -. */
const TELEGRAM_SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

/** ENCRYPTION_KEY and the key file: 32 bytes written as 64 hex characters (openssl rand -hex 32). */
const ENCRYPTION_KEY = /^[0-9a-fA-F]{64}$/;

/** Query parameter names whose values are secrets by convention (?token=…, ?hub.verify_token=…, ?sig=…). */
const SECRET_QUERY_KEY = /token|secret|key|sig|signature|pass|auth|code|hub\.verify/i;

/** What a hidden bot token reads as, in reports, logs and alerts alike. */
export const BOT_TOKEN_MARK = "<bot-token>";
/** What a hidden known secret (one the request carried) reads as. */
export const SECRET_MARK = "<secret>";

export function isBotToken(text: string): boolean {
  return BOT_TOKEN_EXACT.test(text);
}

export function isTelegramSecretToken(text: string): boolean {
  return TELEGRAM_SECRET_TOKEN.test(text);
}

export function isEncryptionKey(text: string): boolean {
  return ENCRYPTION_KEY.test(text);
}

export function isSecretQueryKey(name: string): boolean {
  return SECRET_QUERY_KEY.test(name);
}

/** Every bot token in the text (also inside `/bot<token>/` paths of Bot API URLs) becomes `<bot-token>`. */
export function redactBotTokens(text: string): string {
  return text.replace(BOT_TOKEN_ANYWHERE, BOT_TOKEN_MARK);
}

/**
 * Bot tokens, then each known secret (the ones a request carried; shorter than 4 characters would hide
 * ordinary words, so those are left), become marks. For text a server echoed back to us.
 */
export function redactKnownSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = redactBotTokens(text);
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join(SECRET_MARK);
  return out;
}

/**
 * Text from the outside world with no known secrets to look for (an error message, a URL, a label): hide
 * what looks like one. Bot tokens; values of query parameters (…?secret=…&token=…: the names stay, every
 * value goes, since any of them can be a key); URL user-info (https://user:password@host).
 */
export function redactSecretLooking(text: string): string {
  return redactBotTokens(text)
    .replace(/([?&][^=&#\s]{1,40}=)[^&#\s]+/g, "$1…")
    .replace(/(\/\/)[^/@\s:]+:[^/@\s]+@/g, "$1…@");
}

/** Object paths (pino redact syntax) whose values are secrets wherever they appear in a log object. */
export const SECRET_LOG_PATHS = [
  "token",
  "botToken",
  "secret",
  "secretToken",
  "verifyToken",
  "appSecret",
  "signingSecret",
  "bearerToken",
  "encryptionKey",
  "webhookSecret",
  "config.botToken",
  "config.webhookSecret",
  "config.encryptionKey",
  "request.secrets",
  "*.secrets",
  "*.token",
  "*.botToken",
  "headers.authorization",
  'headers["x-telegram-bot-api-secret-token"]',
  'headers["x-hub-signature-256"]',
];
