import { CATALOGUE, LAYERS, type FindingCode, type Severity } from "./catalogue.js";
import type { StackEntry } from "./stack.js";

/** Evidence values stay flat and printable: they go into JSON, terminal lines and chat messages. */
export type EvidenceValue = string | number | boolean | null | string[];
export type Evidence = Record<string, EvidenceValue>;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** Id of the check that produced it (e.g. "tls", "http", "telegram"). */
  check: string;
  evidence: Evidence;
}

export type CheckStatus = "pass" | "warn" | "fail" | "skip";

export interface CheckSummary {
  id: string;
  status: CheckStatus;
  duration_ms: number;
}

import type { Platform } from "../model.js";
export type { Platform } from "../model.js";

export interface Report {
  /** The URL as checked, with any userinfo and secret-looking query values removed. */
  url: string;
  platform: Platform;
  checked_at: string;
  duration_ms: number;
  verdict: "ok" | "warn" | "fail";
  primary: FindingCode | null;
  findings: Finding[];
  checks: CheckSummary[];
  /** Who answers, front to back (CDN, load balancer, proxy, app), from the evidence seen; empty when nothing showed. */
  stack: StackEntry[];
}

export function finding(code: FindingCode, check: string, evidence: Evidence = {}, severity?: Severity): Finding {
  return { code, check, evidence, severity: severity ?? CATALOGUE[code].severity };
}

const SEVERITY_RANK: Record<Severity, number> = { fail: 0, warn: 1, info: 2 };
const layerRank = (f: Finding) => LAYERS.indexOf(CATALOGUE[f.code].layer);

/** Most important first: failures before warnings, then earlier layers first (a dead DNS explains a dead TLS). */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || layerRank(a) - layerRank(b),
  );
}

export function verdictOf(findings: Finding[]): Report["verdict"] {
  if (findings.some((f) => f.severity === "fail")) return "fail";
  if (findings.some((f) => f.severity === "warn")) return "warn";
  return "ok";
}

/** The primary cause is the earliest-layer failure; with no failure, the most important warning. */
export function primaryOf(findings: Finding[]): FindingCode | null {
  const sorted = sortFindings(findings.filter((f) => f.severity !== "info"));
  return sorted[0]?.code ?? null;
}

export function statusOf(findings: Finding[]): CheckStatus {
  const v = verdictOf(findings);
  return v === "ok" ? "pass" : v;
}

export function buildReport(input: {
  url: string;
  platform: Platform;
  startedAt: Date;
  finishedAt: Date;
  findings: Finding[];
  checks: CheckSummary[];
  stack?: StackEntry[];
}): Report {
  const findings = sortFindings(input.findings);
  return {
    url: input.url,
    platform: input.platform,
    checked_at: input.startedAt.toISOString(),
    duration_ms: input.finishedAt.getTime() - input.startedAt.getTime(),
    verdict: verdictOf(findings),
    primary: primaryOf(findings),
    findings,
    checks: input.checks,
    stack: input.stack ?? [],
  };
}
