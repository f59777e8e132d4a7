import * as v from "valibot";
import type { FindingCode } from "../diagnosis/catalogue.js";
import type { AlertEvent, WatchState } from "./detect.js";

/**
 * The JSON the monitor reads back from SQLite (alert payloads, watch state), parsed with a schema instead of
 * cast: a row written by another version, edited by hand or damaged must become a logged, handled case (an
 * alert dead-lettered, a state started over), never a TypeError in the sender or the scheduler.
 */

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const ms = v.pipe(v.number(), v.finite());
/** A finding code from any version: an unknown one renders with the generic text (render/alert-text.ts). */
const findingCode = v.custom<FindingCode>((x) => typeof x === "string" && x.length > 0 && x.length <= 80, "not a finding code");
const optionalCode = v.optional(v.pipe(v.string(), v.maxLength(80)));

const StartPartSchema = v.object({ failing: v.boolean(), code: optionalCode, message: v.optional(v.string()) });

export const AlertEventSchema = v.variant("kind", [
  v.object({ kind: v.literal("watch_started"), parts: v.record(v.string(), StartPartSchema) }),
  v.object({ kind: v.literal("error_changed"), message: v.string(), code: findingCode, errorDate: ms, previous: v.optional(v.string()), url: v.optional(v.string()) }),
  v.object({ kind: v.literal("error_recovered"), lastedMs: ms, message: v.optional(v.string()) }),
  v.object({ kind: v.literal("url_changed"), from: v.string(), to: v.string() }),
  v.object({ kind: v.literal("url_removed"), from: v.string() }),
  v.object({ kind: v.literal("token_revoked") }),
  v.object({ kind: v.literal("token_restored") }),
  v.object({ kind: v.literal("backlog_rising"), pending: count, threshold: count }),
  v.object({ kind: v.literal("cert_expiring"), daysLeft: v.pipe(v.number(), v.integer()), thresholdDays: count, validTo: v.optional(v.string()) }),
  v.object({ kind: v.literal("endpoint_down"), code: optionalCode, failures: count }),
  v.object({ kind: v.literal("endpoint_still_down"), code: optionalCode, downForMs: ms, reminder: count }),
  v.object({ kind: v.literal("endpoint_up"), lastedMs: ms }),
]);

// Compile-time guard: a kind added to AlertEvent (detect.ts) without its schema here fails the type check,
// instead of every such alert being dead-lettered at run time. Add the kind's v.object above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const alertSchemaCoversEveryKind: Same<v.InferOutput<typeof AlertEventSchema>, AlertEvent> = true;
void alertSchemaCoversEveryKind;

/** Why a stored alert cannot be sent: the sender dead-letters the delivery with this reason. */
export class PoisonRowError extends Error {}

/** The alert of an outbox row (kind column + payload JSON), or a PoisonRowError saying what is wrong with it. */
export function parseStoredAlert(kind: string, payloadJson: string): AlertEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(payloadJson);
  } catch (error) {
    throw new PoisonRowError(`payload is not JSON (${(error as Error).message.slice(0, 80)})`);
  }
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) throw new PoisonRowError("payload is not a JSON object");
  const parsed = v.safeParse(AlertEventSchema, { ...payload, kind });
  if (parsed.success) return parsed.output;
  throw new PoisonRowError(`alert ${JSON.stringify(kind.slice(0, 40))} does not match its schema: ${describeIssues(parsed.issues)}`);
}

/**
 * Watch state: every field optional, unknown fields kept (a newer version's state survives an older
 * reader), known fields type-checked. A state that does not parse starts over as a baseline.
 */
export const WatchStateSchema = v.looseObject({
  webhookUrl: v.optional(v.string()),
  lastErrorMessage: v.optional(v.string()),
  lastErrorDate: v.optional(ms),
  errorActive: v.optional(v.boolean()),
  errorSince: v.optional(ms),
  pendingHistory: v.optional(v.array(v.number())),
  backlogAlerted: v.optional(v.boolean()),
  tokenRevoked: v.optional(v.boolean()),
  probeFailures: v.optional(count),
  down: v.optional(v.boolean()),
  downSince: v.optional(ms),
  downCode: v.optional(v.string()),
  remindersSent: v.optional(count),
  lastReminderAt: v.optional(ms),
  certAlerted: v.optional(v.array(v.number())),
  certValidTo: v.optional(v.string()),
  started: v.optional(v.boolean()),
});

// The schema's output must be usable as a WatchState (fields added to WatchState later pass through untyped).
const stateSchemaFitsWatchState: WatchState = {} as v.InferOutput<typeof WatchStateSchema>;
void stateSchemaFitsWatchState;

export type StoredState = { ok: true; state: WatchState } | { ok: false; reason: string };

export function parseWatchState(stateJson: string): StoredState {
  let raw: unknown;
  try {
    raw = JSON.parse(stateJson);
  } catch (error) {
    return { ok: false, reason: `state is not JSON (${(error as Error).message.slice(0, 80)})` };
  }
  const parsed = v.safeParse(WatchStateSchema, raw);
  return parsed.success ? { ok: true, state: parsed.output as WatchState } : { ok: false, reason: `state does not match its schema: ${describeIssues(parsed.issues)}` };
}

/** "failures: Invalid type…; code: …" — short, for a log line and the delivery's last_error. */
export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${v.getDotPath(issue) ?? "(root)"}: ${issue.message}`)
    .join("; ")
    .slice(0, 240);
}
