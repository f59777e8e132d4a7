import type { CheckResult } from "../diagnosis/checklist.js";
import { classifyMessage } from "../diagnosis/classify.js";
import type { CheckSummary, Finding } from "../diagnosis/report.js";
import { stackLabel, type StackEntry } from "../diagnosis/stack.js";
import { t } from "../i18n.js";
import { burstTable } from "./burst-text.js";
import { evidenceLines, findingText } from "./finding-text.js";
import { cutText } from "../text.js";

/** Telegram's limit for one message; longer reports are split between blocks, never inside a tag. */
export const MAX_MESSAGE_CHARS = 4096;
const MARK = { pass: "✅", warn: "⚠️", fail: "❌", skip: "➖", info: "ℹ️" } as const;

export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Fluent variables for a message sent as HTML: text values (user input, server answers) escaped, numbers as they are. */
export function htmlVars<V extends Record<string, string | number>>(vars: V | undefined): V | undefined {
  if (!vars) return undefined;
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "string" ? escapeHtml(v) : v])) as V;
}

/** Fix texts mark snippets with ``` lines and commands with `backticks`; in Telegram they become <pre> and <code>. */
export function fixToHtml(fix: string): string {
  return escapeHtml(fix)
    .split(/^```$/m)
    .map((part, i) => (i % 2 === 1 ? `<pre>${part.replace(/^\n|\n$/g, "")}</pre>` : part.trim().replace(/`([^`\n]+)`/g, "<code>$1</code>")))
    .filter(Boolean)
    .join("\n");
}

/** One line of check marks, edited as the checks finish. */
export function progressLine(lang: string, done: CheckSummary[]): string {
  return `${t(lang, "bot-check-running")}\n${done.map((c) => `${MARK[c.status]} ${t(lang, `check-${c.id}`)}`).join("  ")}`;
}

/** "4 min", "3 h", "2 d": how long ago something happened, in the reader's language. */
export function formatAge(seconds: number, lang: string): string {
  if (seconds < 90) return t(lang, "age-seconds", { n: Math.max(0, Math.round(seconds)) });
  if (seconds < 90 * 60) return t(lang, "age-minutes", { n: Math.round(seconds / 60) });
  if (seconds < 36 * 3600) return t(lang, "age-hours", { n: Math.round(seconds / 3600) });
  return t(lang, "age-days", { n: Math.round(seconds / 86_400) });
}

/** A finding in full: title, code, why, evidence and fix (the primary cause, and "explain in detail"). */
export function findingToHtml(f: Finding, lang: string, url: string, options: { heading?: string; withFix?: boolean; stack?: StackEntry[] } = {}): string {
  const { heading, withFix = true } = options;
  const text = findingText(f.code, lang, url, { stack: options.stack, evidence: f.evidence });
  const lines = [`${heading ? `<b>${escapeHtml(heading)}:</b> ` : `${MARK[f.severity]} `}<b>${escapeHtml(text.title)}</b>`, `<code>${f.code}</code>`, escapeHtml(text.why)];
  const evidence = evidenceLines(f.evidence, 200);
  if (evidence.length) lines.push(`<i>${escapeHtml(evidence.join("\n"))}</i>`);
  const fixHeading = text.fix_for ? t(lang, "fingerprint-fix-for", { stack: stackLabel(text.fix_for) }) : t(lang, "report-fix");
  if (withFix) lines.push(`<b>${escapeHtml(fixHeading)}:</b>`, fixToHtml(text.fix));
  return lines.join("\n");
}

/** Who answers, front to back, one line per layer with what showed it. */
export function stackToHtml(stack: StackEntry[] | undefined, lang: string): string | undefined {
  if (!stack?.length) return undefined;
  const lines = stack.map((s) => `• ${escapeHtml(t(lang, `fingerprint-layer-${s.layer}`))}: <b>${escapeHtml(stackLabel(s.name))}</b> <i>(${escapeHtml(cutText(s.evidence, 120))})</i>`);
  return [`<b>${escapeHtml(t(lang, "fingerprint-stack"))}:</b>`, ...lines].join("\n");
}

/** Telegram's own view of the webhook, in words: what is configured, the backlog, the last error and its meaning. */
function webhookRecordToHtml(report: CheckResult, lang: string): string | undefined {
  const webhook = report.telegram?.webhook;
  if (!webhook) return undefined;
  const none = t(lang, "record-none");
  const lines = [`<b>${escapeHtml(t(lang, "record-title"))}</b>`];
  const row = (key: string, value: string) => lines.push(`${escapeHtml(t(lang, key))}: ${value}`);
  row("record-url", webhook.url ? `<code>${escapeHtml(webhook.url)}</code>` : escapeHtml(t(lang, "record-url-empty")));
  row("record-pending", String(webhook.pending_update_count));
  if (webhook.last_error_message) {
    const age = webhook.last_error_date ? (Date.parse(report.checked_at) - Date.parse(webhook.last_error_date)) / 1000 : undefined;
    const meaning = findingText(classifyMessage(webhook.last_error_message).code, lang, report.url).title;
    row("record-last-error", `<code>${escapeHtml(cutText(webhook.last_error_message, 300))}</code>${age !== undefined ? ` (${escapeHtml(t(lang, "record-ago", { age: formatAge(age, lang) }))})` : ""}`);
    row("record-meaning", escapeHtml(meaning));
  } else {
    row("record-last-error", escapeHtml(none));
  }
  row("record-max-connections", String(webhook.max_connections ?? none));
  row("record-ip", escapeHtml(webhook.ip_address ?? none));
  return lines.join("\n");
}

/**
 * The report as forwardable HTML blocks: verdict, checked URL and time, the primary cause with why and
 * fix, the other findings with codes, what passed, Telegram's record. No "you", no secret (the Report
 * has none). Blocks are whole: a message is split between them, so a tag is never cut.
 */
export function reportBlocks(report: CheckResult, lang: string, reportId?: string): string[] {
  const verdictMark = report.verdict === "ok" ? MARK.pass : MARK[report.verdict];
  const blocks: string[] = [
    [
      `${verdictMark} <b>${escapeHtml(t(lang, `verdict-${report.verdict}`))}</b>`,
      `🔗 <code>${escapeHtml(report.url)}</code>`,
      `🕒 ${escapeHtml(report.checked_at.replace("T", " ").replace(/\.\d+Z$/, " UTC"))}${reportId ? ` · ${escapeHtml(t(lang, "report-id", { id: reportId }))}` : ""}`,
    ].join("\n"),
  ];
  const [first, ...rest] = report.findings;
  const others = first && first.code === report.primary ? rest : report.findings;
  if (first && first.code === report.primary) blocks.push(findingToHtml(first, lang, report.url, { heading: t(lang, "report-primary"), stack: report.stack }));
  if (others.length) {
    const list = others.map((f) => `${MARK[f.severity]} ${escapeHtml(findingText(f.code, lang, report.url).title)} <code>${f.code}</code>`);
    blocks.push([`<b>${escapeHtml(t(lang, "report-other-findings"))}:</b>`, ...list].join("\n"));
  }
  const passed = report.checks.filter((c) => c.status === "pass").map((c) => t(lang, `check-${c.id}`));
  if (passed.length) blocks.push(`<b>${escapeHtml(t(lang, "report-passed"))}:</b> ${escapeHtml(passed.join(", "))}`);
  const stack = stackToHtml(report.stack, lang);
  if (stack) blocks.push(stack);
  const record = webhookRecordToHtml(report, lang);
  if (record) blocks.push(record);
  // A report made by a burst test carries its figures: /report shows the same table the burst ended with.
  if (report.burst) blocks.push(`<b>${escapeHtml(t(lang, "burst-heading"))}</b>\n<pre>${escapeHtml(burstTable(report.burst, lang))}</pre>`);
  return blocks;
}

/** Packs blocks into messages of at most `max` characters; a block too long on its own loses its markup. */
export function packMessages(blocks: string[], max = MAX_MESSAGE_CHARS): string[] {
  const messages: string[] = [];
  let current = "";
  for (const raw of blocks) {
    const block = raw.length <= max ? raw : plainCut(raw, max);
    const joined = current ? `${current}\n\n${block}` : block;
    if (joined.length <= max) current = joined;
    else {
      messages.push(current);
      current = block;
    }
  }
  if (current) messages.push(current);
  return messages;
}

/** The last resort for one oversized block: drop the tags (keeping entities escaped) and cut the text. */
function plainCut(html: string, max: number): string {
  const text = html.replace(/<[^>]+>/g, "");
  if (text.length <= max) return text;
  return `${cutText(text, max - 2, "").replace(/&[a-z0-9#]*$/i, "")}\n…`;
}

export function reportMessages(report: CheckResult, lang: string, reportId?: string): string[] {
  return packMessages(reportBlocks(report, lang, reportId));
}

/** The whole report in one string (inline articles, stored-report previews); cut only as a last resort. */
export function reportToHtml(report: CheckResult, lang: string, reportId?: string): string {
  return reportMessages(report, lang, reportId)[0];
}
