import { isFindingCode } from "../diagnosis/catalogue.js";
import { findingText } from "./finding-text.js";
import { t } from "../i18n.js";
import type { AlertEvent, StartPart } from "../monitor/detect.js";
import { DEFAULT_DETECTION } from "../monitor/detect.js";

/** What an alert message says about its watch: a label, the bot's @username, or the endpoint's host. */
export interface WatchName {
  id: number;
  label: string | null;
  bot_username: string | null;
  url: string | null;
}

export function watchDisplayName(w: WatchName): string {
  if (w.label) return w.label;
  if (w.bot_username) return `@${w.bot_username}`;
  if (w.url) {
    try {
      return new URL(w.url).host;
    } catch {
      /* fall through */
    }
  }
  return `#${w.id}`;
}

/** "5 minutes", "3 hours", "2 days" in the reader's language; whole units, rounded down, at least one minute. */
export function formatDuration(lang: string, ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  if (minutes < 120) return t(lang, "monitor-duration-minutes", { n: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t(lang, "monitor-duration-hours", { n: hours });
  return t(lang, "monitor-duration-days", { n: Math.floor(hours / 24) });
}

/** Telegram's cap is 4096 characters; leave room and never split an alert. */
const MAX_TEXT = 3_900;

/**
 * The alert as plain text (no parse mode: nothing to escape, and it reads the same when forwarded).
 * Built only from the stored secret-free payload; the watched bot's token is never available here.
 */
export function renderAlert(event: AlertEvent, watch: WatchName, lang: string): string {
  const name = watchDisplayName(watch);
  // Fix texts name the URL to check: the endpoint's, else the webhook URL Telegram reported with the
  // error, else words saying which URL (a token-only watch of an old alert has none), never an empty gap.
  const url = watch.url || ("url" in event && event.url ? event.url : "") || t(lang, "watching-url-unknown");
  let text: string;
  switch (event.kind) {
    case "watch_started":
      text = [t(lang, "watching-alert-started", { watch: name }), ...Object.entries(event.parts).flatMap(([kind, part]) => startLines(kind, part, lang, url))].join("\n");
      break;
    case "token_restored":
      text = t(lang, "watching-alert-token_restored", { watch: name });
      break;
    case "error_changed": {
      const finding = findingText(isFindingCode(event.code) ? event.code : "unknown", lang, url);
      text = t(lang, "monitor-alert-error_changed", { watch: name, message: event.message, title: finding.title, code: event.code, fix: plain(finding.fix) });
      if (event.previous) text += `\n${t(lang, "monitor-alert-error_changed-previous", { previous: event.previous })}`;
      break;
    }
    case "error_recovered":
      text = t(lang, "monitor-alert-error_recovered", { watch: name, lasted: formatDuration(lang, event.lastedMs) });
      break;
    case "url_changed":
      text = t(lang, "monitor-alert-url_changed", { watch: name, from: event.from || "—", to: event.to });
      break;
    case "url_removed":
      text = t(lang, "monitor-alert-url_removed", { watch: name, from: event.from || "—" });
      break;
    case "token_revoked":
      text = t(lang, "monitor-alert-token_revoked", { watch: name });
      break;
    case "backlog_rising":
      text = t(lang, "monitor-alert-backlog_rising", { watch: name, pending: event.pending, threshold: event.threshold });
      break;
    case "cert_expiring": {
      const date = event.validTo ? event.validTo.slice(0, 10) : "—";
      text = event.daysLeft < 0 ? t(lang, "monitor-alert-cert_expired", { watch: name, date }) : t(lang, "monitor-alert-cert_expiring", { watch: name, days: event.daysLeft, date });
      break;
    }
    case "endpoint_down":
      if (event.code) {
        const finding = findingText(isFindingCode(event.code) ? event.code : "unknown", lang, url);
        text = t(lang, "monitor-alert-endpoint_down", { watch: name, failures: event.failures, title: finding.title, code: event.code });
      } else {
        text = t(lang, "monitor-alert-endpoint_down-unknown", { watch: name, failures: event.failures });
      }
      break;
    case "endpoint_still_down":
      text = t(lang, "monitor-alert-endpoint_still_down", { watch: name, lasted: formatDuration(lang, event.downForMs), reminder: event.reminder, max: DEFAULT_DETECTION.maxReminders });
      break;
    case "endpoint_up":
      text = t(lang, "monitor-alert-endpoint_up", { watch: name, lasted: formatDuration(lang, event.lastedMs) });
      break;
  }
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** One line per watch kind of the "watching started" message (the kinds this renderer knows by name). */
function startLines(kind: string, part: StartPart, lang: string, url: string): string[] {
  const where = kind === "telegram" || kind === "endpoint" ? kind : "other";
  if (!part.failing) return [t(lang, `watching-started-${where}-ok`, { kind })];
  const code = part.code && isFindingCode(part.code) ? part.code : "unknown";
  const line = t(lang, `watching-started-${where}-failing`, { kind, title: findingText(code, lang, url).title, code });
  return part.message ? [line, t(lang, "watching-started-message", { message: part.message })] : [line];
}

/** Finding fixes are written for Markdown; an alert is plain text, so drop the code fences and backticks. */
function plain(text: string): string {
  return text.replace(/```[a-z]*\n?/gi, "").replace(/`/g, "").trim();
}

/** Callback data of the "run a full check now" button; the bot's watch feature handles it. */
export function checkNowCallbackData(watchId: number): string {
  return `wd:check:${watchId}`;
}

export function checkNowKeyboard(watchId: number, lang: string) {
  return { inline_keyboard: [[{ text: t(lang, "monitor-button-check-now"), callback_data: checkNowCallbackData(watchId) }]] };
}

/** The state word(s) /watches shows for a watch: "healthy", "failing since …", "muted until …". */
export function describeWatchState(view: { status: "unknown" | "healthy" | "failing"; failingSince: number | null; mutedUntil: number | null }, lang: string): string {
  const stamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const parts = [
    view.status === "failing" && view.failingSince !== null ? t(lang, "monitor-status-failing-since", { since: stamp(view.failingSince) }) : t(lang, `monitor-status-${view.status}`),
  ];
  if (view.mutedUntil !== null) parts.push(t(lang, "monitor-status-muted", { until: stamp(view.mutedUntil) }));
  return parts.join(" · ");
}
