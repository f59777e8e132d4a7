import { probeBurst, type BurstObservation, type BurstProgress, type BurstRequestOutcome } from "../../probes/burst.js";
import { sampleBody } from "../../probes/sample-updates.js";
import { signedHeaders } from "../../probes/signatures/headers.js";
import { schemeSpec, senderJson, type HmacScheme } from "../../probes/signatures/schemes.js";
import { SAMPLE } from "./auth.js";
import { whatsappNotification } from "./whatsapp.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Finding } from "../report.js";

/** Telegram's default `max_connections` when the webhook record does not say. */
export const TELEGRAM_DEFAULT_MAX_CONNECTIONS = 40;
/**
 * `burst.latency_degrades` fires when the 99th percentile under load passes this share of the sender's
 * delivery deadline (Telegram: 60 s, so 12 s): past it, a longer spike or a backlog drain queues requests
 * into the deadline and Telegram starts to see `Read timeout expired`.
 */
export const BURST_P99_SHARE_OF_DEADLINE = 0.2;
/** Requests each connection carries (the bound is 5 × N in all). */
export const BURST_REQUESTS_PER_CONNECTION = 3;
/** Sequential requests of the baseline. */
export const BURST_BASELINE_REQUESTS = 5;
/** The whole probe, baseline included. */
export const BURST_BUDGET_MS = 20_000;
/** The first requests of the N connections are spread over this long, so the level where errors begin shows. */
export const BURST_RAMP_MS = 1_000;

/** Why requests failed under load; each cause has its own fix text (`burst-fix-<cause>`). */
export type BurstCause = "gateway" | "unavailable" | "reset" | "timeout" | "server_error" | "slow";

/** The figures of a burst, as the JSON report carries them and the bot's table shows them. */
export interface BurstSummary {
  concurrency: number;
  requests: number;
  /** Burst requests by HTTP status ("200", "502") or failure ("reset", "timeout", "refused", "tls", "other"). */
  by_status: Record<string, number>;
  baseline_p50_ms: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  /** Requests in flight when the first failure was sent; null when nothing failed. */
  errors_began_at: number | null;
  /** The most concurrent requests the endpoint answered without a failure: what `max_connections` can be set to. */
  held: number | null;
  peak_in_flight: number;
  cause: BurstCause | null;
}

export interface BurstSettings {
  concurrency: number;
  requestsPerConnection?: number;
  baselineRequests?: number;
  rampMs?: number;
  budgetMs?: number;
}

const failed = (o: BurstRequestOutcome) => o.error !== undefined || (o.status !== undefined && o.status >= 500);

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function causeOf(failures: BurstRequestOutcome[]): BurstCause {
  const tally: Record<Exclude<BurstCause, "slow">, number> = { gateway: 0, unavailable: 0, reset: 0, timeout: 0, server_error: 0 };
  for (const o of failures) {
    if (o.error === "timeout" || o.status === 504) tally[o.status === 504 ? "gateway" : "timeout"]++;
    else if (o.error) tally.reset++;
    else if (o.status === 502) tally.gateway++;
    else if (o.status === 503) tally.unavailable++;
    else tally.server_error++;
  }
  return (Object.entries(tally) as Array<[BurstCause, number]>).sort((a, b) => b[1] - a[1])[0][0];
}

export function summarizeBurst(o: BurstObservation, deadlineMs: number): BurstSummary {
  const by_status: Record<string, number> = {};
  for (const r of o.burst) {
    const key = r.status !== undefined ? String(r.status) : (r.error ?? "other");
    by_status[key] = (by_status[key] ?? 0) + 1;
  }
  const failures = o.burst.filter(failed);
  const began = failures.length ? Math.min(...failures.map((f) => f.in_flight)) : null;
  const p99 = percentile(o.burst.map((r) => r.latency_ms), 99);
  const slow = p99 !== null && p99 > BURST_P99_SHARE_OF_DEADLINE * deadlineMs;
  return {
    concurrency: o.concurrency,
    requests: o.burst.length,
    by_status,
    baseline_p50_ms: percentile(o.baseline.map((r) => r.latency_ms), 50),
    p50_ms: percentile(o.burst.map((r) => r.latency_ms), 50),
    p99_ms: p99,
    errors_began_at: began,
    held: began === null ? o.peak_in_flight : Math.max(1, began - 1),
    peak_in_flight: o.peak_in_flight,
    cause: failures.length ? causeOf(failures) : slow ? "slow" : null,
  };
}

/**
 * Findings from a burst: errors that appear under concurrency but not one at a time, and a tail latency
 * that eats into the sender's deadline. A baseline that already fails is the HTTP check's finding, not a
 * load problem, so the burst says nothing then.
 */
export function judgeBurst(o: BurstObservation, deadlineMs: number): { findings: Finding[]; summary: BurstSummary } {
  const summary = summarizeBurst(o, deadlineMs);
  const findings: Finding[] = [];
  if (o.baseline.length === 0 || o.baseline.some(failed)) return { findings, summary };
  const counts = Object.entries(summary.by_status).map(([k, n]) => `${k}: ${n}`);
  const latency = { baseline_p50_ms: summary.baseline_p50_ms, p50_ms: summary.p50_ms, p99_ms: summary.p99_ms };
  if (summary.errors_began_at !== null) {
    findings.push(
      finding("burst.errors_under_load", "burst", {
        concurrency: summary.concurrency,
        requests: summary.requests,
        failed: o.burst.filter(failed).length,
        by_status: counts,
        errors_began_at: summary.errors_began_at,
        held: summary.held,
        cause: summary.cause,
        ...latency,
      }),
    );
  }
  const threshold = Math.round(BURST_P99_SHARE_OF_DEADLINE * deadlineMs);
  if (summary.p99_ms !== null && summary.p99_ms > threshold && (summary.baseline_p50_ms ?? 0) <= threshold) {
    findings.push(finding("burst.latency_degrades", "burst", { concurrency: summary.concurrency, threshold_ms: threshold, deadline_ms: deadlineMs, ...latency }));
  }
  return { findings, summary };
}

/**
 * Each burst request as the sender would make it: Telegram's sample update (with the secret token header when
 * given); for WhatsApp and signed generic webhooks a sample event signed afresh with the receiver's secret.
 * Undefined when the platform's secret is missing (the gate refuses such a burst before this).
 */
export function burstRequestFactory(request: CheckContext["request"]): (() => { body: string; headers: Record<string, string> }) | undefined {
  const { platform, secrets, auth } = request;
  const base = { "content-type": "application/json", "user-agent": "WebhookDoctor/0.1 (+burst)" };
  if (platform === "telegram") {
    const headers: Record<string, string> = secrets.secretToken ? { ...base, "x-telegram-bot-api-secret-token": secrets.secretToken } : base;
    return () => ({ body: sampleBody(platform), headers });
  }
  if (platform === "whatsapp") {
    const secret = secrets.appSecret;
    if (!secret) return undefined;
    return () => {
      const body = whatsappNotification();
      return { body, headers: { ...base, ...signedHeaders("meta", secret, Buffer.from(body)) } };
    };
  }
  if (auth?.kind === "bearer" && secrets.bearerToken) {
    const headers = { ...base, authorization: `Bearer ${secrets.bearerToken}` };
    return () => ({ body: JSON.stringify(SAMPLE), headers });
  }
  if (auth?.kind === "hmac" && secrets.signingSecret) {
    const secret = secrets.signingSecret;
    const scheme = auth.scheme as HmacScheme;
    const body = senderJson(schemeSpec(scheme, auth), SAMPLE);
    // Signed per request: schemes with a timestamp or an id expect a fresh one each time.
    return () => ({ body, headers: { ...base, ...signedHeaders(scheme, secret, Buffer.from(body), auth) } });
  }
  return undefined;
}

/**
 * Sends the harmless sample update at the sender's concurrency. Only run for an owner (see burst-gate.ts):
 * the caller has checked the token and the URL, the rate limit and that no other burst runs on this URL.
 */
export async function checkBurst(
  ep: PinnedEndpoint,
  ctx: CheckContext,
  settings: BurstSettings,
  onProgress?: (p: BurstProgress) => void,
): Promise<CheckOutcome & { summary?: BurstSummary; refused?: "signature_not_accepted" }> {
  const started = Date.now();
  const { options, platform } = ctx.request;
  const deadlineMs = options.httpTimeoutMs;
  const request = burstRequestFactory(ctx.request);
  if (!request) return { id: "burst", findings: [], status: "skip", refused: "signature_not_accepted", duration_ms: 0 };
  const observation = await probeBurst(ep, {
    concurrency: settings.concurrency,
    requestsPerConnection: settings.requestsPerConnection ?? BURST_REQUESTS_PER_CONNECTION,
    baselineRequests: settings.baselineRequests ?? BURST_BASELINE_REQUESTS,
    rampMs: settings.rampMs ?? BURST_RAMP_MS,
    budgetMs: Math.min(settings.budgetMs ?? BURST_BUDGET_MS, Math.max(1_000, ctx.remainingMs())),
    requestTimeoutMs: deadlineMs,
    request,
    extraCa: options.extraCa,
    signal: ctx.signal,
    onProgress,
    // Signed webhooks have no record to compare the URL with: the receiver accepting a correctly signed
    // request is the proof that the caller holds its secret. Without it, no load is sent.
    requireAcceptedFirst: platform !== "telegram",
  });
  if (observation.first_refused) return { id: "burst", findings: [], status: "skip", refused: "signature_not_accepted", duration_ms: Date.now() - started };
  const { findings, summary } = judgeBurst(observation, deadlineMs);
  return { id: "burst", findings, summary, duration_ms: Date.now() - started };
}
