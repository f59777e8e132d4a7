import pino, { type Logger } from "pino";
import { redactBotTokens, redactSecretLooking, SECRET_LOG_PATHS } from "./secrets.js";

/** Every path where a secret can sit in a log object; pino replaces the value before it is written. */
export const REDACTED_PATHS = SECRET_LOG_PATHS;

const MAX_DEPTH = 8;

/**
 * An error as a log entry: type, message and stack (with its causes), scrubbed. Errors from grammY and
 * undici quote Bot API URLs, whose path carries a bot token, and request URLs whose query may carry a key.
 */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return scrub(error, 0);
  const plain = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  const out = scrub(plain, 0) as Record<string, unknown>;
  for (const key of ["message", "stack"]) if (typeof out[key] === "string") out[key] = redactSecretLooking(out[key] as string);
  return out;
}

/** Every string in a log object loses its bot tokens; errors anywhere inside are serialized as above. */
function scrub(value: unknown, depth: number): unknown {
  if (typeof value === "string") return redactBotTokens(value);
  if (value instanceof Error) return serializeError(value);
  if (value === null || typeof value !== "object" || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value; // Dates, Buffers, class instances: as pino writes them
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrub(item, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      hooks: {
        // The message and its format arguments: a token can be interpolated into either.
        logMethod(args, method) {
          const scrubbed: unknown[] = args.map((a) => (typeof a === "string" ? redactBotTokens(a) : a));
          // logger.error(err) alone: pino takes the message from the error itself, unscrubbed; give it one.
          if (scrubbed[0] instanceof Error && typeof scrubbed[1] !== "string") scrubbed.splice(1, 0, redactSecretLooking(scrubbed[0].message));
          method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      formatters: { log: (object) => scrub(object, 0) as Record<string, unknown> },
      serializers: { err: serializeError, error: serializeError },
    },
    destination,
  );
}
