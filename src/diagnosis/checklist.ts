import type { Address } from "../probes/addresses.js";
import { recordHttpObservations, type HttpObservation } from "../probes/http.js";
import type { BurstProgress } from "../probes/burst.js";
import { sanitizeUrl } from "../probes/target.js";
import type { CheckRequest } from "./check-request.js";
import { checkGenericAuth } from "./checks/auth.js";
import { checkBurst, type BurstSummary } from "./checks/burst.js";
import { checkDeep } from "./checks/deep.js";
import { checkDns } from "./checks/dns.js";
import { checkHttp, identifyServer } from "./checks/http.js";
import { checkTcp } from "./checks/tcp.js";
import { checkTelegramRecord, filteredButTelegramDelivers, type WebhookInfoSummary } from "./checks/telegram.js";
import { checkTls, type CertificateSummary } from "./checks/tls.js";
import { checkUrl } from "./checks/url.js";
import { checkWhatsapp } from "./checks/whatsapp.js";
import { createContext, type CheckContext, type CheckOutcome, type PinnedEndpoint } from "./context.js";
import { buildReport, statusOf, type CheckSummary, type Finding, type Report } from "./report.js";
import { redactKnownSecrets } from "../secrets.js";
import { detectStack } from "./stack.js";

export interface CheckHooks {
  /** Fires as each check finishes, in the order they finish (the bot edits its progress message). */
  onCheck?: (summary: CheckSummary) => void;
  /** Fires as the burst test opens connections and gets answers ("burst 24/40 connections"). */
  onBurst?: (progress: BurstProgress) => void;
}

/** A report plus the facts the bot and the monitor show beside it. Both are secret-free. */
export interface CheckResult extends Report {
  certificate?: CertificateSummary;
  telegram?: { webhook?: WebhookInfoSummary; bot?: { username: string; id: number } };
  /** The burst test's figures, when one ran. */
  burst?: BurstSummary;
  /** Why a requested burst sent no load: the receiver refused the correctly signed first request. */
  burst_refused?: "signature_not_accepted";
}

/** The order checks are listed in a report, whatever order they finish in. */
const CHECK_ORDER = ["url", "dns", "tcp", "tls", "http", "whatsapp", "auth", "content_type", "telegram", "keepalive", "payload", "health", "burst"];

/**
 * Runs the checklist: URL → DNS → TCP → TLS → HTTP (or the platform's handshake and auth checks) →
 * deep probes, with the Telegram record fetched concurrently once DNS has answered. A layer that fails
 * stops the layers that depend on it (their checks are listed as "skip"); the whole run shares one deadline.
 */
export async function runCheck(request: CheckRequest, hooks: CheckHooks = {}): Promise<CheckResult> {
  const ctx = createContext(request);
  const startedAt = new Date();
  const findings: Finding[] = [];
  const checks: CheckSummary[] = [];
  const extras: Pick<CheckResult, "certificate" | "telegram" | "burst" | "burst_refused"> = {};
  let answers: HttpObservation[] = [];

  const record = (outcome: CheckOutcome) => {
    findings.push(...outcome.findings);
    const summary: CheckSummary = { id: outcome.id, status: outcome.status ?? statusOf(outcome.findings), duration_ms: outcome.duration_ms };
    checks.push(summary);
    hooks.onCheck?.(summary);
  };
  const skip = (...ids: string[]) => ids.forEach((id) => record({ id, findings: [], status: "skip", duration_ms: 0 }));
  const timed = async <T extends { findings: Finding[] }>(id: string, run: () => Promise<T> | T): Promise<T> => {
    const started = Date.now();
    const result = await run();
    record({ id, findings: result.findings, duration_ms: Date.now() - started });
    return result;
  };

  try {
    const url = await timed("url", () => checkUrl(request.url, request.platform));
    const dnsResult = url.url ? await timed("dns", () => checkDns(url.url!, ctx)) : undefined;
    const dnsAddresses = dnsResult ? [...dnsResult.observation.a, ...dnsResult.observation.aaaa] : [];

    // The Telegram record does not depend on the endpoint answering: fetch it alongside the probes.
    const telegram = request.platform === "telegram" && request.secrets.botToken ? checkTelegramRecord(ctx, dnsAddresses) : undefined;

    if (url.url && dnsResult && dnsResult.approved.length > 0) {
      // Every answer the endpoint gives, whichever check asked, also says who answers (the stack).
      answers = (await recordHttpObservations(() => probeEndpoint(url.url!, dnsResult.approved, ctx, record, skip, timed, extras, hooks))).observations;
    } else {
      skip("tcp", "tls", "http");
    }

    // A burst that could not run (no address, no TLS) is listed as skipped, never silently missing.
    if (request.options.burst && request.options.profile !== "watch" && !checks.some((c) => c.id === "burst")) skip("burst");

    if (telegram) {
      const outcome = await telegram;
      record(outcome);
      extras.telegram = { webhook: outcome.webhookInfo, bot: outcome.bot };
      // Unreachable from here while Telegram delivers: an allowlist, not an outage.
      const tcpFailure = findings.find((f) => f.check === "tcp" && f.severity === "fail" && (f.code === "tcp.timeout" || f.code === "tcp.refused"));
      const delivered = tcpFailure && filteredButTelegramDelivers(tcpFailure, outcome.webhookInfo, request.url, ctx.now());
      if (tcpFailure && delivered) {
        findings.splice(findings.indexOf(tcpFailure), 1, delivered);
        const tcpCheck = checks.find((c) => c.id === "tcp");
        if (tcpCheck) tcpCheck.status = "warn";
      }
    }
  } finally {
    ctx.dispose();
  }

  checks.sort((a, b) => rank(a.id) - rank(b.id));
  const stack = detectStack({ answers, tls: extras.certificate });
  const report = buildReport({ url: sanitizeUrl(request.url.trim()), platform: request.platform, startedAt, finishedAt: new Date(), findings, checks, stack });
  return scrubSecrets({ ...report, ...extras }, request);
}

/**
 * The last line of defence: whatever a server echoed back (an error message quoting the URL, a
 * configured webhook with the token in its path), no secret of the request leaves in a report.
 */
function scrubSecrets<T>(result: T, request: CheckRequest): T {
  const secrets = Object.values(request.secrets).filter((s): s is string => typeof s === "string" && s.length >= 4);
  const scrub = (text: string) => redactKnownSecrets(text, secrets);
  return JSON.parse(JSON.stringify(result), (_key, value) => (typeof value === "string" ? scrub(value) : value)) as T;
}


const rank = (id: string) => {
  const i = CHECK_ORDER.indexOf(id);
  return i === -1 ? CHECK_ORDER.length : i;
};

async function probeEndpoint(
  url: URL,
  approved: Address[],
  ctx: CheckContext,
  record: (o: CheckOutcome) => void,
  skip: (...ids: string[]) => void,
  timed: <T extends { findings: Finding[] }>(id: string, run: () => Promise<T> | T) => Promise<T>,
  extras: Pick<CheckResult, "certificate" | "burst" | "burst_refused">,
  hooks: CheckHooks,
): Promise<void> {
  const port = Number(url.port || 443);
  const tcp = await timed("tcp", () => checkTcp(approved, port, ctx));
  const address = tcp.reachable[0];
  if (!address) return skip("tls", "http");

  const ep: PinnedEndpoint = { url, host: url.hostname, port, address };
  const tls = await checkTls(ep, ctx);
  extras.certificate = tls.certificate;
  if (!tls.proceed) {
    record(tls);
    // A certificate the sender refuses still came from a server that can say who it is (for the chain's fix).
    if (tls.certificate) await identifyServer(ep, ctx);
    return skip("http");
  }

  const { platform, auth } = ctx.request;
  if (platform === "whatsapp") {
    record(tls);
    (await checkWhatsapp(ep, ctx)).forEach(record);
  }
  else if (platform === "generic" && auth) {
    record(tls);
    (await checkGenericAuth(ep, ctx)).forEach(record);
  }
  else {
    const http = await checkHttp(ep, ctx);
    // A TLS 1.3 server that demands a client certificate refuses only the first request on the connection
    // (probes/tls.ts does not wait for it): that refusal is the TLS layer's, and no HTTP answer was seen.
    const refusal = http.findings.filter((f) => f.code === "tls.client_certificate_required");
    if (refusal.length > 0) {
      record({ ...tls, findings: [...tls.findings, ...refusal.map((f) => ({ ...f, check: "tls" }))], status: "fail", duration_ms: tls.duration_ms + http.duration_ms });
      return skip("http");
    }
    record(tls);
    record(http);
  }
  // A watch sends one delivery's worth each interval: never the deep probes or a burst, whatever else was set.
  const gentle = ctx.request.options.profile === "watch";
  if (ctx.request.options.deep && !gentle) (await checkDeep(ep, ctx)).forEach(record);
  if (ctx.request.options.burst && !gentle) {
    const burst = await checkBurst(ep, ctx, ctx.request.options.burst, hooks.onBurst);
    record(burst);
    if (burst.summary) extras.burst = burst.summary;
    if (burst.refused) extras.burst_refused = burst.refused;
  }
}
