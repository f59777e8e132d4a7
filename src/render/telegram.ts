import type { CheckResult } from "../diagnosis/checklist.js";
import type { CheckSummary } from "../diagnosis/report.js";
import { t } from "../i18n.js";
import { evidenceLines, findingText } from "./finding-text.js";

/** Telegram's limit for one message; reports are cut below it, never split mid-tag. */
export const MAX_MESSAGE_CHARS = 4096;
const MARK = { pass: "✅", warn: "⚠️", fail: "❌", skip: "➖", info: "ℹ️" } as const;

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Fix texts mark snippets with ``` lines; in Telegram they become <pre> blocks. */
export function fixToHtml(fix: string): string {
  return escapeHtml(fix)
    .split(/^```$/m)
    .map((part, i) => (i % 2 === 1 ? `<pre>${part.replace(/^\n|\n$/g, "")}</pre>` : part.trim()))
    .filter(Boolean)
    .join("\n");
}

/** One line of check marks, edited as the checks finish. */
export function progressLine(lang: string, done: CheckSummary[]): string {
  return `${t(lang, "bot-check-running")}\n${done.map((c) => `${MARK[c.status]} ${t(lang, `check-${c.id}`)}`).join("  ")}`;
}

/**
 * The report as a forwardable message: verdict, checked URL and time, the primary cause with why and
 * fix, then other findings with codes, then what passed. No "you", no secret (the Report has none).
 */
export function reportToHtml(report: CheckResult, lang: string, reportId?: string): string {
  const verdictMark = report.verdict === "ok" ? MARK.pass : MARK[report.verdict];
  const lines: string[] = [
    `${verdictMark} <b>${escapeHtml(t(lang, `verdict-${report.verdict}`))}</b>`,
    `🔗 <code>${escapeHtml(report.url)}</code>`,
    `🕒 ${escapeHtml(report.checked_at.replace("T", " ").replace(/\.\d+Z$/, " UTC"))}${reportId ? ` · #${reportId}` : ""}`,
  ];
  report.findings.forEach((f, i) => {
    const text = findingText(f.code, lang, report.url);
    lines.push("");
    if (i === 0 && f.code === report.primary) {
      lines.push(`<b>${escapeHtml(t(lang, "report-primary"))}:</b> ${escapeHtml(text.title)}`);
      lines.push(`<code>${f.code}</code>`);
      lines.push(escapeHtml(text.why));
      const evidence = evidenceLines(f.evidence, 200);
      if (evidence.length) lines.push(`<i>${escapeHtml(evidence.join("\n"))}</i>`);
      lines.push(`<b>${escapeHtml(t(lang, "report-fix"))}:</b>`);
      lines.push(fixToHtml(text.fix));
    } else {
      if (i === 1 || (i === 0 && f.code !== report.primary)) lines.push(`<b>${escapeHtml(t(lang, "report-other-findings"))}:</b>`);
      lines.push(`${MARK[f.severity]} ${escapeHtml(text.title)} <code>${f.code}</code>`);
    }
  });
  const passed = report.checks.filter((c) => c.status === "pass").map((c) => t(lang, `check-${c.id}`));
  if (passed.length) lines.push("", `<b>${escapeHtml(t(lang, "report-passed"))}:</b> ${escapeHtml(passed.join(", "))}`);
  const webhook = report.telegram?.webhook;
  if (webhook) {
    lines.push("", `<b>getWebhookInfo</b>`);
    lines.push(escapeHtml(`url: ${webhook.url || "—"}\npending_update_count: ${webhook.pending_update_count}\nlast_error: ${webhook.last_error_message ?? "—"}${webhook.last_error_date ? ` (${webhook.last_error_date})` : ""}\nip_address: ${webhook.ip_address ?? "—"}\nmax_connections: ${webhook.max_connections ?? "—"}`));
  }
  const html = lines.join("\n");
  return html.length <= MAX_MESSAGE_CHARS ? html : `${html.slice(0, MAX_MESSAGE_CHARS - 20).replace(/<[^>]*$/, "")}\n…`;
}
