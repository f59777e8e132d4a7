import { probeHttp, type HttpObservation } from "../../probes/http.js";
import { probeKeepAlive } from "../../probes/keepalive.js";
import { largeBody, sampleBody } from "../../probes/sample-updates.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Finding } from "../report.js";
import { httpEvidence, SLOW_RESPONSE_MS } from "./http.js";

/** Proxies and load balancers commonly keep idle upstream connections this long (nginx, ALB: 60 s). */
export const SENDER_IDLE_REUSE_S = 60;
/** Telegram accepts updates up to this size in practice; we send 1 MiB to find body limits below it. */
export const LARGE_PAYLOAD_BYTES = 1024 * 1024;
/** Probed when no --health-path is given: a guess, so a 4xx there is not a failure. */
export const DEFAULT_HEALTH_PATH = "/health";

/** The deep probes: keep-alive idle race, large payload, health endpoint. Run one after another to stay gentle. */
export async function checkDeep(ep: PinnedEndpoint, ctx: CheckContext): Promise<CheckOutcome[]> {
  return [await timed("keepalive", () => keepAlive(ep, ctx)), await timed("payload", () => payload(ep, ctx)), await timed("health", () => health(ep, ctx))];
}

async function timed(id: string, run: () => Promise<Finding[]>): Promise<CheckOutcome> {
  const started = Date.now();
  return { id, findings: await run(), duration_ms: Date.now() - started };
}

async function keepAlive(ep: PinnedEndpoint, ctx: CheckContext): Promise<Finding[]> {
  const { options, platform } = ctx.request;
  const idleWaitMs = Math.min(options.keepaliveWaitMs ?? 20_000, Math.max(0, ctx.remainingMs() - 5_000));
  const o = await probeKeepAlive(ep, { body: sampleBody(platform), idleWaitMs, timeoutMs: Math.min(10_000, options.httpTimeoutMs), extraCa: options.extraCa });
  if (o.error || o.connection_close) return [];
  const closedS = o.closed_after_ms !== undefined ? Math.round(o.closed_after_ms / 100) / 10 : undefined;
  const racy = closedS !== undefined || (o.advertised_timeout_s !== undefined && o.advertised_timeout_s < SENDER_IDLE_REUSE_S);
  if (!racy) return [];
  // A server that announces its idle timeout (`Keep-Alive: timeout=5`, as Apache and Node do) and keeps to it
  // lets a sender that reads the header never race: a warning. One that closes idle connections unannounced,
  // or sooner than it said, races any sender that reuses them: a failure. (Whether Telegram's sender reads the
  // header is not documented; the race itself was measured on Apache: reuse at 5.01-5.10 s went unanswered.)
  const announced = o.advertised_timeout_s !== undefined && (closedS === undefined || closedS >= o.advertised_timeout_s - 0.5);
  return [
    finding(
      "keepalive.idle_race",
      "keepalive",
      {
        ...(closedS !== undefined ? { server_closed_idle_after_s: closedS } : {}),
        ...(o.advertised_timeout_s !== undefined ? { advertised_keepalive_timeout_s: o.advertised_timeout_s } : {}),
        ...(announced ? { closes_as_announced: true } : {}),
        observed_for_s: Math.round(o.waited_ms / 1000),
        recommended_min_s: SENDER_IDLE_REUSE_S + 5,
      },
      announced ? "warn" : "fail",
    ),
  ];
}

async function payload(ep: PinnedEndpoint, ctx: CheckContext): Promise<Finding[]> {
  const { options, platform } = ctx.request;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (ctx.request.secrets.secretToken) headers["x-telegram-bot-api-secret-token"] = ctx.request.secrets.secretToken;
  const post = (body: string) =>
    probeHttp(ep, { method: "POST", headers, body, timeoutMs: Math.min(15_000, Math.max(100, ctx.remainingMs())), signal: ctx.signal, extraCa: options.extraCa });
  // The control: the same request with a small body, right before, so only the size differs.
  const small = await post(sampleBody(platform));
  const large = await post(largeBody(platform, LARGE_PAYLOAD_BYTES));
  return judgeLargeBody(small, large, LARGE_PAYLOAD_BYTES);
}

/**
 * A small body accepted and a large one refused is a body limit, whatever the refusal looks like: 413 from
 * nginx or Express, 502 from Caddy 2.6 (`request_body max_size`), 500 from some frameworks, or a connection
 * the server resets mid-upload. A large body that is merely slow is not judged here. Shared by every probe
 * that sends a body the sender is allowed to send (the 1 MiB update, WhatsApp's ~3 MB notification).
 */
export function judgeLargeBody(small: HttpObservation, large: HttpObservation, bytesSent: number, check = "payload"): Finding[] {
  const smallAccepted = small.status !== undefined && small.status >= 200 && small.status < 300;
  if (!smallAccepted) return [];
  const refused = large.status === 413 || (large.status !== undefined && large.status >= 500) || large.error?.kind === "reset";
  if (!refused) return [];
  return [
    finding("payload.limit_too_small", check, {
      ...httpEvidence(large),
      refused_with: large.status !== undefined ? String(large.status) : "connection reset",
      bytes_sent: bytesSent,
      small_body_status: small.status!,
    }),
  ];
}

async function health(ep: PinnedEndpoint, ctx: CheckContext): Promise<Finding[]> {
  const { options } = ctx.request;
  const named = options.healthPath !== undefined;
  const path = options.healthPath ?? DEFAULT_HEALTH_PATH;
  const o = await probeHttp(ep, { method: "GET", path, timeoutMs: Math.min(5_000, Math.max(100, ctx.remainingMs())), signal: ctx.signal, extraCa: options.extraCa });
  const ok = o.status !== undefined && o.status >= 200 && o.status < 300 && o.latency_ms <= SLOW_RESPONSE_MS;
  if (ok) return [];
  // Nobody said there is a health endpoint at the guessed path: a 4xx there means there is none, not that it fails.
  if (!named && o.status !== undefined && o.status >= 400 && o.status < 500) return [finding("health.not_found", "health", { path, ...httpEvidence(o) })];
  return [finding("health.failing", "health", { path, ...httpEvidence(o) })];
}
