import { userInfo } from "node:os";
import { authorizeBurst } from "../diagnosis/burst-gate.js";
import type { CheckRequest } from "../diagnosis/check-request.js";
import type { BurstSummary } from "../diagnosis/checks/burst.js";
import type { CheckResult } from "../diagnosis/checklist.js";
import { t } from "../i18n.js";
import { localizedReport } from "../render/finding-text.js";
import { burstFixText, burstSummaryLines } from "../render/burst-text.js";
import { FileBurstLedger, stateDir } from "./burst-state.js";
import type { Io } from "./main.js";
import { renderTerminal } from "./render-terminal.js";

/**
 * `webhook-doctor check <url> --token <t> --burst`: the owner proof and the rate limit first (refused with
 * exit 2 and the reason), then the whole check with the burst at the webhook's own max_connections.
 */
export async function burstCheckCommand(request: CheckRequest, io: Io, lang: string, json: boolean): Promise<number> {
  const ledger = new FileBurstLedger(stateDir(io.env));
  const decision = await authorizeBurst(request, ledger, safeUser());
  if (!decision.ok) {
    const message = t(lang, `burst-refused-${decision.reason}`, { minutes: Math.ceil((decision.retry_after_s ?? 0) / 60) });
    io.stderr(`${t(lang, "cli-error")}: ${message}\n`);
    if (json) io.stdout(JSON.stringify({ refused: decision.reason, message, ...(decision.retry_after_s !== undefined ? { retry_after_s: decision.retry_after_s } : {}) }, null, 2) + "\n");
    return 2;
  }
  let report: CheckResult | undefined;
  const bar = io.tty ? progressBar(io, lang) : undefined;
  try {
    const { runCheck } = await import("../diagnosis/checklist.js");
    report = await runCheck({ ...request, options: { ...request.options, burst: { concurrency: decision.concurrency } } }, { onBurst: bar?.update });
  } finally {
    bar?.done();
    // A burst the receiver refused sent no load: it does not count against the 10 minutes.
    decision.release(Boolean(report?.burst_refused));
  }
  if (report.burst_refused) {
    // The receiver did not accept a correctly signed request: no proof of holding its secret, so no load was sent.
    const message = t(lang, `burst-refused-${report.burst_refused}`);
    io.stderr(`${t(lang, "cli-error")}: ${message}\n`);
    if (json) io.stdout(JSON.stringify({ refused: report.burst_refused, message, report: localizedReport(report, lang) }, null, 2) + "\n");
    else io.stdout(renderTerminal(report, lang, { color: io.color ?? false }));
    return 2;
  }
  if (json) {
    const out = localizedReport(report, lang);
    io.stdout(JSON.stringify(report.burst ? { ...out, burst: { ...report.burst, fix: burstFixText(report.burst, lang) } } : out, null, 2) + "\n");
  } else {
    io.stdout(renderTerminal(report, lang, { color: io.color ?? false }));
    if (report.burst) io.stdout(`\n${burstTerminal(report.burst, lang)}\n`);
  }
  return report.verdict === "fail" ? 1 : 0;
}

function burstTerminal(summary: BurstSummary, lang: string): string {
  const fix = burstFixText(summary, lang);
  return [t(lang, "burst-heading"), ...burstSummaryLines(summary, lang).map((l) => `  ${l}`), ...(fix ? ["", ...fix.split("\n").filter((l) => l.trim() !== "```").map((l) => `  ${l}`)] : [])].join("\n");
}

/** "burst [########------] 24/40 connections · 60/120 answers", redrawn in place on a terminal (stderr). */
function progressBar(io: Io, lang: string) {
  let last = 0;
  let shown = false;
  return {
    update: (p: { connections: number; concurrency: number; done: number; total: number }) => {
      const now = Date.now();
      if (now - last < 100 && p.done < p.total) return;
      last = now;
      shown = true;
      const width = 20;
      const filled = Math.round((p.done / Math.max(1, p.total)) * width);
      io.stderr(`\r${t(lang, "burst-progress-bar", { bar: "#".repeat(filled) + "-".repeat(width - filled), connections: p.connections, concurrency: p.concurrency, done: p.done, total: p.total })}`);
    },
    done: () => {
      if (shown) io.stderr("\n");
    },
  };
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "cli";
  }
}
