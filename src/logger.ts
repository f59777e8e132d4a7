import pino, { type Logger } from "pino";

/** Every path where a secret can sit in a log object; pino replaces the value before it is written. */
export const REDACTED_PATHS = [
  "token",
  "botToken",
  "secret",
  "secretToken",
  "verifyToken",
  "appSecret",
  "signingSecret",
  "bearerToken",
  "encryptionKey",
  "config.botToken",
  "config.webhookSecret",
  "config.encryptionKey",
  "request.secrets",
  "*.secrets",
  "headers.authorization",
  'headers["x-telegram-bot-api-secret-token"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      // grammY and undici errors can quote a Bot API URL, which carries the token in its path.
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === "string" ? a.replace(/\d{5,}:[A-Za-z0-9_-]{30,}/g, "<bot-token>") : a)) as Parameters<typeof method>);
        },
      },
      serializers: { err: (e: Error) => ({ type: e?.name, message: String(e?.message ?? e).replace(/\d{5,}:[A-Za-z0-9_-]{30,}/g, "<bot-token>") }) },
    },
    destination,
  );
}
