import type { RawWebhookInfo } from "../probes/telegram-api.js";
import { sanitizeUrl } from "../probes/target.js";
import { classifyMessage } from "../diagnosis/classify.js";
import type { FindingCode } from "../diagnosis/catalogue.js";

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
}

export type TelegramObservation =
  | { kind: "ok"; info: RawWebhookInfo }
  /** getMe or getWebhookInfo answered 401: the token no longer works. */
  | { kind: "revoked" }
  /** Network trouble or a 5xx on Telegram's side: says nothing about the watched webhook. */
  | { kind: "unavailable" };

export interface EndpointObservation {
  ok: boolean;
  /** The primary finding code of a failing quick check. */
  code?: string;
  certDaysLeft?: number;
  certValidTo?: string;
}

export interface Observation {
  telegram?: TelegramObservation;
  endpoint?: EndpointObservation;
}

/** Alerts, each a plain secret-free record; the text is rendered per subscriber's language when sent. */
export type AlertEvent =
  | { kind: "error_changed"; message: string; code: FindingCode; errorDate: number; previous?: string }
  | { kind: "error_recovered"; lastedMs: number; message?: string }
  | { kind: "url_changed"; from: string; to: string }
  | { kind: "url_removed"; from: string }
  | { kind: "token_revoked" }
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

const MAX_ERROR_TEXT = 500;

export function detectChanges(previous: WatchState, observation: Observation, now: number, settings: DetectionSettings = DEFAULT_DETECTION): Detection {
  const state: WatchState = { ...previous, pendingHistory: [...(previous.pendingHistory ?? [])], certAlerted: [...(previous.certAlerted ?? [])] };
  const events: AlertEvent[] = [];
  if (observation.telegram) detectTelegram(state, observation.telegram, now, settings, events);
  if (observation.endpoint) detectEndpoint(state, observation.endpoint, now, settings, events);
  return { state, events };
}

function detectTelegram(state: WatchState, obs: TelegramObservation, now: number, s: DetectionSettings, events: AlertEvent[]): void {
  if (obs.kind === "unavailable") return;
  if (obs.kind === "revoked") {
    if (!state.tokenRevoked) events.push({ kind: "token_revoked" });
    state.tokenRevoked = true;
    return;
  }
  // The token works again (a mistaken revoke undone): start over silently from this observation.
  state.tokenRevoked = false;
  const info = obs.info;
  const firstLook = state.webhookUrl === undefined;

  // 1. The webhook URL: changed by setWebhook, or removed by deleteWebhook.
  const url = info.url ? sanitizeUrl(info.url) : "";
  if (!firstLook && url !== state.webhookUrl) {
    if (url === "") events.push({ kind: "url_removed", from: state.webhookUrl ?? "" });
    else events.push({ kind: "url_changed", from: state.webhookUrl ?? "", to: url });
  }
  state.webhookUrl = url;

  // 2. The last delivery error. A newer date with a different message, or any newer error once the
  // previous one had recovered, is news; the same error repeating is not.
  const message = info.last_error_message ? info.last_error_message.slice(0, MAX_ERROR_TEXT) : undefined;
  const date = info.last_error_date;
  if (firstLook) {
    // Baseline: what was there before we watched is not a change we saw happen.
    state.lastErrorMessage = message;
    state.lastErrorDate = date;
  } else if (message && date && date > (state.lastErrorDate ?? 0)) {
    const isNew = message !== state.lastErrorMessage || !state.errorActive;
    if (isNew) {
      const { code } = classifyMessage(message);
      events.push({ kind: "error_changed", message, code, errorDate: date, ...(state.lastErrorMessage && state.lastErrorMessage !== message ? { previous: state.lastErrorMessage } : {}) });
      if (!state.errorActive) state.errorSince = date * 1000;
      state.errorActive = true;
    }
    state.lastErrorMessage = message;
    state.lastErrorDate = date;
  }
  // Recovery: the error vanished from the record, or has not recurred for the quiet period.
  if (state.errorActive) {
    const lastSeenMs = (state.lastErrorDate ?? 0) * 1000;
    if (!message || now - lastSeenMs >= s.quietPeriodMs) {
      events.push({ kind: "error_recovered", lastedMs: Math.max(0, lastSeenMs - (state.errorSince ?? lastSeenMs)), ...(state.lastErrorMessage ? { message: state.lastErrorMessage } : {}) });
      state.errorActive = false;
      state.errorSince = undefined;
    }
  }

  // 3. Backlog: above the threshold AND rising across consecutive polls; once per episode.
  const pending = info.pending_update_count ?? 0;
  const history = [...(state.pendingHistory ?? []), pending].slice(-s.backlogRisingPolls);
  state.pendingHistory = history;
  const rising = history.length >= s.backlogRisingPolls && history.every((v, i) => i === 0 || v > history[i - 1]);
  if (pending < s.backlogThreshold) state.backlogAlerted = false;
  else if (rising && !state.backlogAlerted) {
    events.push({ kind: "backlog_rising", pending, threshold: s.backlogThreshold });
    state.backlogAlerted = true;
  }
}

function detectEndpoint(state: WatchState, obs: EndpointObservation, now: number, s: DetectionSettings, events: AlertEvent[]): void {
  // Certificates: a renewed certificate (another valid_to) starts the thresholds over.
  if (obs.certDaysLeft !== undefined) {
    if (obs.certValidTo && obs.certValidTo !== state.certValidTo) {
      state.certValidTo = obs.certValidTo;
      state.certAlerted = [];
    }
    const crossed = s.certThresholdsDays.filter((d) => obs.certDaysLeft! <= d);
    const fresh = crossed.filter((d) => !(state.certAlerted ?? []).includes(d));
    if (fresh.length > 0) {
      // One message for the tightest threshold crossed; the looser ones are covered by it.
      events.push({ kind: "cert_expiring", daysLeft: obs.certDaysLeft, thresholdDays: Math.min(...fresh), ...(obs.certValidTo ? { validTo: obs.certValidTo } : {}) });
      state.certAlerted = [...new Set([...(state.certAlerted ?? []), ...crossed])].sort((a, b) => b - a);
    }
  }

  if (obs.ok) {
    if (state.down) events.push({ kind: "endpoint_up", lastedMs: Math.max(0, now - (state.downSince ?? now)) });
    state.probeFailures = 0;
    state.down = false;
    state.downSince = undefined;
    state.downCode = undefined;
    state.remindersSent = 0;
    state.lastReminderAt = undefined;
    return;
  }

  const failures = (state.probeFailures ?? 0) + 1;
  state.probeFailures = failures;
  if (failures === 1) state.downSince = now; // the outage started at the first failure, even before damping says "down"
  if (!state.down) {
    if (failures >= s.downAfterFailures) {
      state.down = true;
      state.downCode = obs.code;
      state.remindersSent = 0;
      state.lastReminderAt = now;
      events.push({ kind: "endpoint_down", failures, ...(obs.code ? { code: obs.code } : {}) });
    }
    return;
  }
  // Still down: remind at a slow, bounded rate.
  const sent = state.remindersSent ?? 0;
  const downFor = now - (state.downSince ?? now);
  const due = sent === 0 ? downFor >= s.firstReminderAfterMs : now - (state.lastReminderAt ?? now) >= s.reminderEveryMs;
  if (due && sent < s.maxReminders) {
    state.remindersSent = sent + 1;
    state.lastReminderAt = now;
    events.push({ kind: "endpoint_still_down", downForMs: downFor, reminder: sent + 1, ...(obs.code ? { code: obs.code } : {}) });
  }
}

/** Health shown in /watches, derived from the state. */
export function healthOf(state: WatchState): { status: "unknown" | "healthy" | "failing"; failingSince?: number } {
  if (state.tokenRevoked) return { status: "failing" };
  if (state.down) return { status: "failing", failingSince: state.downSince };
  if (state.errorActive) return { status: "failing", failingSince: state.errorSince };
  if (state.webhookUrl === undefined && state.probeFailures === undefined) return { status: "unknown" };
  return { status: "healthy" };
}
