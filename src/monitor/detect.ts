import type { FindingCode } from "../diagnosis/catalogue.js";
import { registeredObservers, type EndpointObservation, type TelegramObservation } from "./observers/index.js";

/**
 * Change detection: a pure function from (previous state, one observation, now) to (next state, alerts).
 * No clock, no I/O: the monitor stores the state in the watch row and writes the alerts to the outbox in
 * the same transaction. Every alert fires once per change: the state remembers what was already said.
 */

/** Thresholds and damping; one place so tests and the service agree. */
export interface DetectionSettings {
  /** The error counts as gone when Telegram has not reported it again for this long. */
  quietPeriodMs: number;
  /** Backlog alert: pending_update_count at or above this and rising across `backlogRisingPolls` polls. */
  backlogThreshold: number;
  backlogRisingPolls: number;
  /** Certificate expiry warnings, in days, each sent once. */
  certThresholdsDays: number[];
  /** Consecutive failed endpoint probes before "down" (damping against flapping). */
  downAfterFailures: number;
  /** Reminders for a long outage: first after this long, then every `reminderEveryMs`, at most `maxReminders`. */
  firstReminderAfterMs: number;
  reminderEveryMs: number;
  maxReminders: number;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  quietPeriodMs: 30 * 60_000,
  backlogThreshold: 100,
  backlogRisingPolls: 3,
  certThresholdsDays: [14, 7, 1],
  downAfterFailures: 2,
  firstReminderAfterMs: 60 * 60_000,
  reminderEveryMs: 6 * 60 * 60_000,
  maxReminders: 4,
};

/** What the monitor remembers between polls (stored as JSON in watches.state_json). */
export interface WatchState {
  /** Webhook URL last seen (sanitised); undefined until the first successful getWebhookInfo. */
  webhookUrl?: string;
  lastErrorMessage?: string;
  /** Unix seconds, as Telegram reports it. */
  lastErrorDate?: number;
  /** An error alert was sent and no recovery yet; `errorSince` is when that error started (ms). */
  errorActive?: boolean;
  errorSince?: number;
  /** The last few pending_update_count values, oldest first. */
  pendingHistory?: number[];
  backlogAlerted?: boolean;
  tokenRevoked?: boolean;
  /** Endpoint probe. */
  probeFailures?: number;
  down?: boolean;
  downSince?: number;
  downCode?: string;
  remindersSent?: number;
  lastReminderAt?: number;
  /** Certificate thresholds (days) already warned about, and for which certificate. */
  certAlerted?: number[];
  certValidTo?: string;
  /** The "watching started" message was sent (or the watch predates it). */
  started?: boolean;
}

export type { EndpointObservation, TelegramObservation } from "./observers/index.js";

/**
 * One observation per watch kind, keyed by the observer's name ("telegram": the webhook record,
 * "endpoint": the quick check of the URL; see ./observers). A kind that saw nothing this time is absent.
 */
export interface Observation {
  telegram?: TelegramObservation;
  endpoint?: EndpointObservation;
  [kind: string]: unknown;
}

/** What one watch kind says about itself after the first observation of a new watch. */
export interface StartPart {
  failing: boolean;
  /** The finding code of what fails now. */
  code?: string;
  /** Telegram's own words (last_error_message), when it has some. */
  message?: string;
}

/** Alerts, each a plain secret-free record; the text is rendered per subscriber's language when sent. */
export type AlertEvent =
  /** The first observation of a new watch: its current state, once, per watch kind ("telegram", "endpoint"). */
  | { kind: "watch_started"; parts: Record<string, StartPart> }
  /** `url`: the webhook URL (sanitised) Telegram reported with the error, for the fix text. */
  | { kind: "error_changed"; message: string; code: FindingCode; errorDate: number; previous?: string; url?: string }
  | { kind: "error_recovered"; lastedMs: number; message?: string }
  | { kind: "url_changed"; from: string; to: string }
  | { kind: "url_removed"; from: string }
  | { kind: "token_revoked" }
  | { kind: "token_restored" }
  | { kind: "backlog_rising"; pending: number; threshold: number }
  | { kind: "cert_expiring"; daysLeft: number; thresholdDays: number; validTo?: string }
  | { kind: "endpoint_down"; code?: string; failures: number }
  | { kind: "endpoint_still_down"; code?: string; downForMs: number; reminder: number }
  | { kind: "endpoint_up"; lastedMs: number };

export type AlertKind = AlertEvent["kind"];

export interface Detection {
  state: WatchState;
  events: AlertEvent[];
}

/**
 * Runs every registered watch kind that has an observation, in registration order. The first observation
 * of a new watch adds one "watching started" alert with each kind's current state.
 */
export function detectChanges(previous: WatchState, observation: Observation, now: number, settings: DetectionSettings = DEFAULT_DETECTION): Detection {
  const state: WatchState = { ...previous, pendingHistory: [...(previous.pendingHistory ?? [])], certAlerted: [...(previous.certAlerted ?? [])] };
  const events: AlertEvent[] = [];
  // Watches from before the start message have state already: they are not new.
  const isNew = !previous.started && healthOf(previous).status === "unknown" && !previous.tokenRevoked;
  const parts: Record<string, StartPart> = {};
  for (const observer of registeredObservers()) {
    const seen = observation[observer.name];
    if (seen === undefined) continue;
    observer.detect(state, seen, now, settings, events);
    const part = isNew ? observer.firstLook?.(state, seen) : undefined;
    if (part) parts[observer.name] = part;
  }
  if (Object.keys(parts).length > 0) events.unshift({ kind: "watch_started", parts });
  if (!isNew || Object.keys(parts).length > 0) state.started = true;
  return { state, events };
}

/** Health shown in /watches, derived from the state. */
export function healthOf(state: WatchState): { status: "unknown" | "healthy" | "failing"; failingSince?: number } {
  if (state.tokenRevoked) return { status: "failing" };
  if (state.down) return { status: "failing", failingSince: state.downSince };
  if (state.errorActive) return { status: "failing", failingSince: state.errorSince };
  if (state.webhookUrl === undefined && state.probeFailures === undefined) return { status: "unknown" };
  return { status: "healthy" };
}
