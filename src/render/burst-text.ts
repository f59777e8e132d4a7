import type { BurstSummary } from "../diagnosis/checks/burst.js";
import type { ConfirmResult, TimelinePoint } from "../diagnosis/confirm-delivery.js";
import { t } from "../i18n.js";
import { findingText } from "./finding-text.js";

/** The burst's figures in words, one fact a line (terminal and chat share them). */
export function burstSummaryLines(s: BurstSummary, lang: string): string[] {
  const ms = (v: number | null) => (v === null ? "—" : String(v));
  const counts = Object.entries(s.by_status)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k}: ${n}`)
    .join(" · ");
  return [
    t(lang, "burst-line-load", { concurrency: s.concurrency, requests: s.requests, peak: s.peak_in_flight }),
    t(lang, "burst-line-status", { counts: counts || "—" }),
    t(lang, "burst-line-latency", { baseline: ms(s.baseline_p50_ms), p50: ms(s.p50_ms), p99: ms(s.p99_ms) }),
    s.errors_began_at !== null ? t(lang, "burst-line-began", { began: s.errors_began_at, held: s.held ?? 1 }) : t(lang, "burst-line-held", { peak: s.peak_in_flight }),
  ];
}

/** The fix for the cause the burst found (pool sizes, upstream keep-alive, queue-first, lower max_connections). */
export function burstFixText(s: BurstSummary, lang: string): string {
  if (!s.cause) return "";
  return t(lang, `burst-fix-${s.cause}`, { held: s.held ?? 1, concurrency: s.concurrency });
}

/** The summary table for a chat: aligned in a monospace block. Values only, so it needs no escaping beyond digits. */
export function burstTable(s: BurstSummary, lang: string): string {
  const rows: Array<[string, string]> = [
    [t(lang, "burst-table-connections"), String(s.concurrency)],
    [t(lang, "burst-table-requests"), String(s.requests)],
    ...Object.entries(s.by_status)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]): [string, string] => [`  ${k}`, String(n)]),
    [t(lang, "burst-table-baseline"), s.baseline_p50_ms === null ? "—" : `${s.baseline_p50_ms} ms`],
    ["p50", s.p50_ms === null ? "—" : `${s.p50_ms} ms`],
    ["p99", s.p99_ms === null ? "—" : `${s.p99_ms} ms`],
    [t(lang, "burst-table-began"), s.errors_began_at === null ? "—" : String(s.errors_began_at)],
    [t(lang, "burst-table-held"), String(s.held ?? "—")],
  ];
  const width = Math.max(...rows.map(([k]) => [...k].length));
  return rows.map(([k, v]) => `${k}${" ".repeat(width - [...k].length + 2)}${v}`).join("\n");
}

/** One reading of the confirm loop: "+10.0 s  pending 3 (was 5): going down". */
export function timelineLine(p: TimelinePoint, lang: string): string {
  return t(lang, "confirm-point", {
    t: p.t_s.toFixed(1),
    pending: p.pending,
    event: t(lang, `confirm-event-${p.event}`),
    error: p.last_error_at ? p.last_error_at.replace("T", " ").replace(/\.\d+Z$/, " UTC") : "—",
  });
}

/** The verdict sentence, with the new error's meaning when Telegram failed again. */
export function confirmVerdictText(r: ConfirmResult, lang: string): string {
  if (r.verdict === "delivered") return t(lang, "confirm-verdict-delivered", { n: r.delivered, pending: r.pending_after });
  if (r.verdict === "nothing_pending") return t(lang, "confirm-verdict-nothing_pending");
  if (r.new_error) {
    const title = findingText(r.new_error.code, lang, "https://example.com/").title;
    return t(lang, "confirm-verdict-failing-error", { message: r.new_error.message, code: r.new_error.code, cause: title });
  }
  if (r.webhook_missing) return t(lang, "confirm-verdict-failing-missing", { pending: r.pending_after });
  return t(lang, "confirm-verdict-failing-stuck", { pending: r.pending_after });
}
