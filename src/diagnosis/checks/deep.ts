import { probeHttp } from "../../probes/http.js";
import { probeKeepAlive } from "../../probes/keepalive.js";
import { largeBody, sampleBody } from "../../probes/sample-updates.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Finding } from "../report.js";
import { httpEvidence, SLOW_RESPONSE_MS } from "./http.js";

/** Proxies and load balancers commonly keep idle upstream connections this long (nginx, ALB: 60 s). */
export const SENDER_IDLE_REUSE_S = 60;
/** Telegram accepts updates up to this size in practice; we send 1 MiB to find body limits below it. */
export const LARGE_PAYLOAD_BYTES = 1024 * 1024;

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
  return [
    finding("keepalive.idle_race", "keepalive", {
      ...(closedS !== undefined ? { server_closed_idle_after_s: closedS } : {}),
      ...(o.advertised_timeout_s !== undefined ? { advertised_keepalive_timeout_s: o.advertised_timeout_s } : {}),
      observed_for_s: Math.round(o.waited_ms / 1000),
      recommended_min_s: SENDER_IDLE_REUSE_S + 5,
    }),
  ];
}

async function payload(ep: PinnedEndpoint, ctx: CheckContext): Promise<Finding[]> {
  const { options, platform } = ctx.request;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (ctx.request.secrets.secretToken) headers["x-telegram-bot-api-secret-token"] = ctx.request.secrets.secretToken;
  const o = await probeHttp(ep, {
    method: "POST",
    headers,
    body: largeBody(platform, LARGE_PAYLOAD_BYTES),
    timeoutMs: Math.min(15_000, Math.max(100, ctx.remainingMs())),
    signal: ctx.signal,
    extraCa: options.extraCa,
  });
  if (o.status === 413) return [finding("payload.limit_too_small", "payload", { ...httpEvidence(o), bytes_sent: LARGE_PAYLOAD_BYTES })];
  return [];
}

async function health(ep: PinnedEndpoint, ctx: CheckContext): Promise<Finding[]> {
  const { options } = ctx.request;
  const path = options.healthPath ?? "/health";
  const o = await probeHttp(ep, { method: "GET", path, timeoutMs: Math.min(5_000, Math.max(100, ctx.remainingMs())), signal: ctx.signal, extraCa: options.extraCa });
  const ok = o.status !== undefined && o.status >= 200 && o.status < 300 && o.latency_ms <= SLOW_RESPONSE_MS;
  return ok ? [] : [finding("health.failing", "health", { path, ...httpEvidence(o) })];
}
