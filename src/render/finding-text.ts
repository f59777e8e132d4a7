import { messageIdOf } from "../diagnosis/catalogue.js";
import type { Evidence, Finding, Report } from "../diagnosis/report.js";
import { STACK_LAYERS, type StackEntry } from "../diagnosis/stack.js";
import { hasMessage, t } from "../i18n.js";
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
  /** The stack the fix is written for (its key), when a tailored text was found; otherwise the fix is generic. */
  fix_for?: string;
}

/** What a fix can be tailored to: the stack found, and the finding's own evidence (who answered). */
export interface FixContext {
  stack?: StackEntry[];
  evidence?: Evidence;
}

/** Codes whose fix belongs in the application first (it is slow or refuses), whatever stands in front. */
const APP_FIRST = new Set<string>(["http.timeout", "http.slow", "http.forbidden", "http.csrf_rejected", "http.method_not_allowed"]);

/**
 * The Fluent message holding the fix for this finding on this stack, or undefined for the generic `.fix`.
 * Tried in order: the layer whose page or shape produced the answer (`answered_by`), then each layer found
 * (front to back; the app first for codes the app must fix). A variant named by the evidence's `upstream`
 * (Apache's 502 from a slow app: `fix-http-bad_gateway-apache-slow`; a proxy that cut the path's prefix:
 * `fix-http-not_found-nginx-prefix_stripped`) is looked for over all names, then on its own
 * (`fix-http-not_found-prefix_stripped`), before any plain text.
 * Data-first: a stack is taught a fix by adding `fix-<code>-<name>` to locales/<lang>/stack-fixes.ftl.
 */
export function tailoredFixId(code: Finding["code"], lang: string, context: FixContext = {}): { id: string; name?: string } | undefined {
  const base = `fix-${messageIdOf(code)}`;
  const layers = APP_FIRST.has(code) ? [...STACK_LAYERS].reverse() : STACK_LAYERS;
  const stack = [...(context.stack ?? [])].sort((a, b) => layers.indexOf(a.layer) - layers.indexOf(b.layer));
  const answeredBy = context.evidence?.answered_by;
  const names = [...(typeof answeredBy === "string" ? [answeredBy] : []), ...stack.map((s) => s.name)];
  // What the evidence says happened (Apache's slow app, a stripped prefix) beats which stack is nearest.
  const variant = context.evidence?.upstream;
  const candidates: Array<{ id: string; name?: string }> = [
    ...(typeof variant === "string" ? [...names.map((name) => ({ id: `${base}-${name}-${variant}`, name })), { id: `${base}-${variant}` }] : []),
    ...names.map((name) => ({ id: `${base}-${name}`, name })),
  ];
  return candidates.find((c) => hasMessage(lang, c.id));
}

export function findingText(code: Finding["code"], lang: string, url: string, context: FixContext = {}): FindingText {
  const id = messageIdOf(code);
  const vars = textVariables(url);
  const tailored = tailoredFixId(code, lang, context);
  return {
    title: t(lang, `${id}.title`, vars),
    why: t(lang, `${id}.why`, vars),
    fix: tailored ? t(lang, tailored.id, vars) : t(lang, `${id}.fix`, vars),
    ...(tailored?.name ? { fix_for: tailored.name } : {}),
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
      const text = findingText(f.code, lang, report.url, { stack: report.stack, evidence: f.evidence });
      return { ...f, title: text.title, fix: text.fix, ...(text.fix_for ? { fix_for: text.fix_for } : {}) };
    }),
  };
}
