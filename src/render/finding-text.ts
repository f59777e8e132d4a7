import { messageIdOf } from "../diagnosis/catalogue.js";
import type { Evidence, Finding, Report } from "../diagnosis/report.js";
import { t } from "../i18n.js";
import { cutText } from "../text.js";

/** The variables every finding text may use; fix snippets name the user's own host and path. */
export function textVariables(url: string): Record<string, string> {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port || (u.protocol === "http:" ? "80" : "443"), path: u.pathname || "/", url };
  } catch {
    return { host: "example.com", port: "443", path: "/", url };
  }
}

export interface FindingText {
  title: string;
  why: string;
  fix: string;
}

export function findingText(code: Finding["code"], lang: string, url: string): FindingText {
  const id = messageIdOf(code);
  const vars = textVariables(url);
  return {
    title: t(lang, `${id}.title`, vars),
    why: t(lang, `${id}.why`, vars),
    fix: t(lang, `${id}.fix`, vars),
  };
}

/** `key: value` lines, arrays joined; long values cut so one finding never floods a chat. */
export function evidenceLines(evidence: Evidence, maxValue = 300): string[] {
  return Object.entries(evidence)
    .filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      const text = Array.isArray(v) ? v.join(", ") : String(v);
      return `${k}: ${cutText(text, maxValue)}`;
    });
}

/** The JSON contract of `check --json`: the report plus localized title and fix per finding. */
export function localizedReport(report: Report, lang: string) {
  return {
    ...report,
    findings: report.findings.map((f) => {
      const text = findingText(f.code, lang, report.url);
      return { ...f, title: text.title, fix: text.fix };
    }),
  };
}
