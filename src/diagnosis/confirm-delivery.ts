import { getWebhookInfo, type RawWebhookInfo } from "../probes/telegram-api.js";
import type { FindingCode } from "./catalogue.js";
import { classifyMessage } from "./classify.js";
import { cutText } from "../text.js";

/**
 * Did Telegram deliver after the fix? Polls getWebhookInfo for a while and watches the two things that
 * answer it: the pending count going down, and `last_error_date` moving (a new failed delivery).
 *
 * Verdicts: `delivered` (the backlog went down, no new error), `failing` (a new error, or a backlog that
 * never moved, or no webhook), `nothing_pending` (no update was waiting, so nothing could prove it: send
 * the bot a message and run it again).
 */

/** How long the loop watches by default, and how often it reads the record. */
export const CONFIRM_WAIT_MS = 120_000;
export const CONFIRM_INTERVAL_MS = 5_000;

export type ConfirmVerdict = "delivered" | "failing" | "nothing_pending";

export interface TimelinePoint {
  /** Seconds since the first reading. */
  t_s: number;
  pending: number;
  /** When Telegram last failed to deliver (ISO), as the record says at this reading. */
  last_error_at: string | null;
  /** What happened at this reading. */
  event: "start" | "pending_down" | "pending_up" | "new_error" | "unchanged" | "webhook_removed";
}

export interface ConfirmResult {
  verdict: ConfirmVerdict;
  pending_before: number;
  pending_after: number;
  /** Updates that left the queue while we watched. */
  delivered: number;
  new_error: { message: string; code: FindingCode } | null;
  /** The webhook URL was empty at some reading: Telegram has nowhere to deliver. */
  webhook_missing: boolean;
  timeline: TimelinePoint[];
}

export type ConfirmFailure = { ok: false; reason: "token_invalid" | "api_unreachable"; detail?: string };

export interface ConfirmOptions {
  apiRoot: string;
  token: string;
  waitMs?: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Each reading as it comes (the CLI prints it, the bot edits its message). */
  onPoint?: (point: TimelinePoint, info: RawWebhookInfo) => void;
}

export async function confirmDelivery(opts: ConfirmOptions): Promise<({ ok: true } & ConfirmResult) | ConfirmFailure> {
  const waitMs = opts.waitMs ?? CONFIRM_WAIT_MS;
  const intervalMs = Math.max(100, opts.intervalMs ?? CONFIRM_INTERVAL_MS);
  const started = Date.now();
  const read = async () => getWebhookInfo(opts.apiRoot, opts.token, { timeoutMs: Math.min(10_000, intervalMs * 2 + 2_000), signal: opts.signal });

  const first = await read();
  if (!first.ok) return first.status === 401 || first.status === 404 ? { ok: false, reason: "token_invalid" } : { ok: false, reason: "api_unreachable", detail: first.description };
  const before = first.result.pending_update_count ?? 0;
  const errorBefore = first.result.last_error_date ?? 0;
  const timeline: TimelinePoint[] = [];
  const point = (info: RawWebhookInfo, event: TimelinePoint["event"]) => {
    const p: TimelinePoint = {
      t_s: Math.round((Date.now() - started) / 100) / 10,
      pending: info.pending_update_count ?? 0,
      last_error_at: info.last_error_date ? new Date(info.last_error_date * 1000).toISOString() : null,
      event,
    };
    timeline.push(p);
    opts.onPoint?.(p, info);
  };
  point(first.result, first.result.url ? "start" : "webhook_removed");

  let last = first.result;
  let peak = before;
  let missing = !first.result.url;
  let newError: ConfirmResult["new_error"] = null;
  // Bounded: at most waitMs / intervalMs readings, each bounded in time.
  const maxReadings = Math.ceil(waitMs / intervalMs) + 1;
  for (let i = 0; i < maxReadings && Date.now() - started < waitMs && !opts.signal?.aborted; i++) {
    if (missing || (before > 0 && last.pending_update_count === 0)) break;
    await sleep(Math.min(intervalMs, Math.max(0, waitMs - (Date.now() - started))), opts.signal);
    const next = await read();
    if (!next.ok) continue; // one lost reading is not a verdict; the loop is bounded anyway
    const info = next.result;
    const pending = info.pending_update_count ?? 0;
    peak = Math.max(peak, pending);
    if (!info.url) missing = true;
    if ((info.last_error_date ?? 0) > errorBefore && info.last_error_message) {
      newError = { message: cutText(info.last_error_message, 300), code: classifyMessage(info.last_error_message).code };
    }
    const previous = last.pending_update_count ?? 0;
    point(info, missing ? "webhook_removed" : newError ? "new_error" : pending < previous ? "pending_down" : pending > previous ? "pending_up" : "unchanged");
    last = info;
    if (newError) break;
  }

  const after = last.pending_update_count ?? 0;
  const delivered = Math.max(0, peak - after);
  let verdict: ConfirmVerdict;
  if (newError || missing) verdict = "failing";
  else if (delivered > 0) verdict = "delivered";
  else if (after > 0) verdict = "failing";
  else verdict = "nothing_pending";
  return { ok: true, verdict, pending_before: before, pending_after: after, delivered, new_error: newError, webhook_missing: missing, timeline };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
