import type { Report } from "../diagnosis/report.js";
import { t } from "../i18n.js";
import { stackLabel } from "../diagnosis/stack.js";
import { evidenceLines, findingText } from "../render/finding-text.js";

const MARK = { pass: "✓", warn: "!", fail: "✗", skip: "–", info: "i" } as const;
const COLOR = { fail: "\x1b[31m", warn: "\x1b[33m", pass: "\x1b[32m", info: "\x1b[36m", skip: "\x1b[90m", dim: "\x1b[2m", bold: "\x1b[1m", reset: "\x1b[0m" };

const indent = (text: string, by = "    ") =>
  text
    .split("\n")
    .filter((line) => line.trim() !== "```")
    .map((line) => by + line)
    .join("\n");

/** Human-readable report for a terminal: verdict, primary cause with why and fix, other findings, checks. */
export function renderTerminal(report: Report, lang: string, opts: { color: boolean }): string {
  const paint = (kind: keyof typeof COLOR, text: string) => (opts.color ? `${COLOR[kind]}${text}${COLOR.reset}` : text);
  const out: string[] = [];
  out.push(paint("bold", `Webhook Doctor — ${report.url} (${report.platform})`));
  out.push(paint("dim", `${t(lang, "report-checked-at")}: ${report.checked_at} · ${report.duration_ms} ms`));
  out.push("");
  out.push(paint(report.verdict === "ok" ? "pass" : report.verdict, `${MARK[report.verdict === "ok" ? "pass" : report.verdict]} ${t(lang, `verdict-${report.verdict}`)}`));

  const stack = report.stack ?? [];
  if (stack.length) {
    out.push("");
    out.push(`${t(lang, "fingerprint-stack")}:`);
    for (const s of stack) out.push(`    ${t(lang, `fingerprint-layer-${s.layer}`)}: ${stackLabel(s.name)}` + paint("dim", `  (${s.evidence})`));
  }

  report.findings.forEach((f, i) => {
    const text = findingText(f.code, lang, report.url, { stack, evidence: f.evidence });
    out.push("");
    const heading = i === 0 && f.code === report.primary ? `${t(lang, "report-primary")}: ` : "";
    out.push(paint(f.severity, `${MARK[f.severity]} ${heading}${text.title}`) + paint("dim", `  [${f.code}]`));
    out.push(indent(text.why));
    const evidence = evidenceLines(f.evidence);
    if (evidence.length) {
      out.push(`  ${t(lang, "report-evidence")}:`);
      out.push(indent(evidence.join("\n")));
    }
    if (f.severity !== "info") {
      out.push(`  ${text.fix_for ? t(lang, "fingerprint-fix-for", { stack: stackLabel(text.fix_for) }) : t(lang, "report-fix")}:`);
      out.push(indent(text.fix));
    }
  });

  out.push("");
  out.push(
    `${t(lang, "report-checks")}: ` +
      report.checks.map((c) => paint(c.status, `${t(lang, `check-${c.id}`)} ${MARK[c.status]}`)).join("  "),
  );
  return out.join("\n") + "\n";
}
