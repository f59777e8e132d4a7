import { classifyMessage } from "../../diagnosis/classify.js";
import { getWebhookInfo, type RawWebhookInfo } from "../../probes/telegram-api.js";
import { sanitizeUrl } from "../../probes/target.js";
import type { WatchRow } from "../../store/watches-repository.js";
import type { AlertEvent, DetectionSettings, StartPart, WatchState } from "../detect.js";
import { watchAad } from "../watch-secrets.js";
import type { ObserveContext, WatchObserver } from "./observer.js";

/**
 * The watched bot's webhook record (getWebhookInfo with its sealed token): the URL Telegram delivers to,
 * the last delivery error, the backlog, and whether the token still works.
 */
export type TelegramObservation =
  | { kind: "ok"; info: RawWebhookInfo }
  /** getWebhookInfo answered 401: the token no longer works. */
  | { kind: "revoked" }
  /** Network trouble or a 5xx on Telegram's side: says nothing about the watched webhook. */
  | { kind: "unavailable" };

const MAX_ERROR_TEXT = 500;

export const telegramRecordObserver: WatchObserver<TelegramObservation> = {
  name: "telegram",

  configured: (row: WatchRow) => row.token_sealed !== null,

  async observe(ctx: ObserveContext): Promise<TelegramObservation> {
    let token: string;
    try {
      token = ctx.box.open(ctx.row.token_sealed!, watchAad(ctx.row.id));
    } catch {
      // Wrong ENCRYPTION_KEY or a tampered row: nothing to observe, and nothing to alert about.
      ctx.onError(new Error("sealed token does not open (ENCRYPTION_KEY changed?)"));
      return { kind: "unavailable" };
    }
    const answer = await getWebhookInfo(ctx.apiRoot, token, { timeoutMs: ctx.telegramTimeoutMs });
    if (answer.ok) return { kind: "ok", info: answer.result };
    return answer.status === 401 ? { kind: "revoked" } : { kind: "unavailable" };
  },

  detect: detectTelegram,

  firstLook(state: WatchState, obs: TelegramObservation): StartPart | undefined {
    if (obs.kind === "unavailable") return undefined;
    if (obs.kind === "revoked") return { failing: true, code: "telegram.token_invalid" };
    if (state.webhookUrl === "") return { failing: true, code: "telegram.webhook_not_set" };
    if (state.errorActive && state.lastErrorMessage) return { failing: true, code: classifyMessage(state.lastErrorMessage).code, message: state.lastErrorMessage };
    return { failing: false };
  },

  // A bot-only watch: a point is "failing" while Telegram reports a recent delivery error or a dead token.
  sample: (obs: TelegramObservation, state: WatchState) => (obs.kind === "unavailable" ? undefined : { ok: obs.kind === "ok" && !state.errorActive, latencyMs: null }),
};

function detectTelegram(state: WatchState, obs: TelegramObservation, now: number, s: DetectionSettings, events: AlertEvent[]): void {
  if (obs.kind === "unavailable") return;
  if (obs.kind === "revoked") {
    if (!state.tokenRevoked) events.push({ kind: "token_revoked" });
    state.tokenRevoked = true;
    return;
  }
  // The token works again: a new token was given for this watch, or a mistaken revoke was undone.
  if (state.tokenRevoked) events.push({ kind: "token_restored" });
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
    // Baseline: what was there before we watched is not a change we saw happen. A recent error is the
    // current state of a new watch, though: its start message reports it as failing, so its recovery is news.
    state.lastErrorMessage = message;
    state.lastErrorDate = date;
    if (message && date && now - date * 1000 < s.quietPeriodMs && !state.started) {
      state.errorActive = true;
      state.errorSince = date * 1000;
    }
  } else if (message && date && date > (state.lastErrorDate ?? 0)) {
    const isNew = message !== state.lastErrorMessage || !state.errorActive;
    if (isNew) {
      const { code } = classifyMessage(message);
      events.push({
        kind: "error_changed",
        message,
        code,
        errorDate: date,
        ...(url ? { url } : {}),
        ...(state.lastErrorMessage && state.lastErrorMessage !== message ? { previous: state.lastErrorMessage } : {}),
      });
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
