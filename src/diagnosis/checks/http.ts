import { probeHttp, type HttpObservation } from "../../probes/http.js";
import { sampleBody } from "../../probes/sample-updates.js";
import type { FindingCode } from "../catalogue.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Evidence, type Finding } from "../report.js";
import { answeredBy, pageExcerpt, wafBlock } from "../stack.js";

/** Handlers should acknowledge well under this and do the work asynchronously. */
export const SLOW_RESPONSE_MS = 1_000;

const BY_STATUS: Record<number, FindingCode> = {
  400: "http.bad_request",
  401: "http.unauthorized",
  403: "http.forbidden",
  404: "http.not_found",
  405: "http.method_not_allowed",
  410: "http.gone",
  413: "http.payload_too_large",
  415: "http.unsupported_media_type",
  419: "http.csrf_rejected",
  429: "http.rate_limited",
  500: "http.server_error",
  502: "http.bad_gateway",
  503: "http.service_unavailable",
  504: "http.gateway_timeout",
};

/** Status → finding code; null for success. Shared by every probe that reads a status. */
export function codeForStatus(status: number): FindingCode | null {
  if (status >= 200 && status < 300) return null;
  if (status >= 300 && status < 400) return "http.redirect";
  if (status >= 520 && status <= 527) return "http.cdn_origin_error";
  return BY_STATUS[status] ?? (status >= 500 ? "http.server_error" : "http.bad_request");
}

export function httpEvidence(o: HttpObservation): Evidence {
  const evidence: Evidence = { latency_ms: o.latency_ms };
  if (o.status !== undefined) evidence.status = o.status;
  if (o.headers.server) evidence.server = o.headers.server;
  if (o.headers["cf-ray"] || /cloudflare/i.test(o.headers.server ?? "")) evidence.cdn = "cloudflare";
  if (o.headers.via) evidence.via = o.headers.via;
  if (o.headers.location) evidence.location = o.headers.location;
  if (o.headers["retry-after"]) evidence.retry_after = o.headers["retry-after"];
  if (o.headers["x-powered-by"]) evidence.x_powered_by = o.headers["x-powered-by"];
  if (o.error) evidence.error = o.error.message;
  if (o.status !== undefined && o.status >= 400) {
    // The error page's own words, and who wrote it: the fix depends on which layer refused.
    const page = pageExcerpt(o.body_preview);
    if (page) evidence.page = page;
    const by = answeredBy(o);
    if (by) evidence.answered_by = by.name;
    if (by?.name === "apache" && o.status === 502 && /Error reading from remote server/i.test(o.body_preview ?? "")) {
      // Apache waited ProxyTimeout for the app's answer: the latency beside this says how long.
      evidence.upstream = "slow";
    }
  }
  return evidence;
}

/** The path an app's 404 quotes (Express "Cannot POST /x", Fastify "Route POST:/x not found"): the path it received. */
export function pathSeenByApp(o: HttpObservation): string | undefined {
  const body = o.body_preview ?? "";
  return (/<pre>Cannot [A-Z]+ ([^<\s]+)<\/pre>/.exec(body) ?? /"Route [A-Z]+:([^"\s]+) not found"/.exec(body))?.[1];
}

/**
 * A 404 whose page quotes another path than the one sent: a proxy rewrote it. Ending with the app's path means
 * the proxy cut a prefix (nginx's proxy_pass with a URI, Caddy's handle_path, Traefik's StripPrefix).
 */
function pathRewriteEvidence(sent: string, seen: string | undefined): Evidence {
  if (!seen || decodeURIComponent(seen) === decodeURIComponent(sent)) return {};
  return { path_at_app: seen, upstream: sent.endsWith(seen) ? "prefix_stripped" : "path_rewritten" };
}

/** Observation of one delivery-like request → findings. */
export function judgeHttp(o: HttpObservation, timeoutMs: number, check = "http", requestPath?: string): Finding[] {
  const evidence = httpEvidence(o);
  if (o.error) {
    if (o.error.kind === "timeout") return [finding("http.timeout", check, { ...evidence, waited_ms: timeoutMs })];
    if (o.error.kind === "reset") return [finding("http.connection_reset", check, evidence)];
    // A TLS 1.3 server demanding a client certificate refuses the first request with alert 116 (mTLS).
    if (o.error.code === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED")
      return [finding("tls.client_certificate_required", check, { ...evidence, alert: "certificate_required (116)" })];
    if (o.error.kind === "tls") return [finding("tls.handshake_failed", check, evidence)];
    if (o.error.kind === "refused") return [finding("tcp.refused", check, evidence)];
    return [finding("http.connection_reset", check, evidence)];
  }
  const blockedBy = wafBlock(o);
  if (blockedBy) return [finding("http.waf_blocked", check, { ...evidence, blocked_by: blockedBy })];
  // nginx with `ssl_verify_client on` completes the handshake and refuses on its own 400 page instead.
  if (o.status === 400 && /No required SSL certificate was sent/i.test(o.body_preview ?? "")) {
    return [finding("tls.client_certificate_required", check, { ...evidence, refused_on: "HTTP 400 page" })];
  }
  const code = codeForStatus(o.status!);
  if (code === "http.not_found" && requestPath) Object.assign(evidence, pathRewriteEvidence(requestPath, pathSeenByApp(o)));
  if (code) return [finding(code, check, evidence)];
  if (o.latency_ms > SLOW_RESPONSE_MS) return [finding("http.slow", check, { ...evidence, threshold_ms: SLOW_RESPONSE_MS })];
  return [];
}

/** POSTs the platform's harmless sample update, as the sender would deliver it. */
export async function checkHttp(ep: PinnedEndpoint, ctx: CheckContext): Promise<CheckOutcome> {
  const started = Date.now();
  const { options, secrets, platform } = ctx.request;
  const timeoutMs = Math.max(100, Math.min(options.httpTimeoutMs, ctx.remainingMs()));
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "WebhookDoctor/0.1 (+diagnostic)" };
  if (platform === "telegram" && secrets.secretToken) headers["x-telegram-bot-api-secret-token"] = secrets.secretToken;
  const dispatcher = ctx.connections.dispatcher(ep, { connectTimeoutMs: Math.min(10_000, timeoutMs), extraCa: options.extraCa });
  const post = (via?: typeof dispatcher) => probeHttp(ep, { method: "POST", headers, body: sampleBody(platform), timeoutMs, signal: ctx.signal, extraCa: options.extraCa, dispatcher: via });
  let o = await post(dispatcher);
  // The request went over the TLS probe's connection; a server may close an idle connection at any time
  // (that race is the sender's problem too, judged by the keep-alive probe): a reset there is ours, so the
  // request is repeated once on a new connection before anything is judged.
  const tlsError = o.error?.kind === "reset" ? ctx.connections.tlsErrorOf(ep) : undefined;
  if (tlsError) o = { ...o, error: { kind: "tls", code: tlsError, message: `TLS alert on the connection: ${tlsError}` } };
  else if (o.error?.kind === "reset" && ctx.connections.reusedConnection(ep)) o = await post(undefined);
  return { id: "http", findings: judgeHttp(o, timeoutMs, "http", ep.url.pathname), duration_ms: Date.now() - started };
}

/**
 * One plain GET to the site root, sent only to learn who answers when the certificate already stopped the
 * sender: the chain's fix is then written for that server (HAProxy's crt file, Apache's SSLCertificateFile).
 * No secret goes with it; the answer is judged by nothing else (it is recorded for the stack alone).
 */
export async function identifyServer(ep: PinnedEndpoint, ctx: CheckContext): Promise<void> {
  const timeoutMs = Math.min(3_000, ctx.remainingMs());
  if (timeoutMs < 500) return;
  await probeHttp(ep, { method: "GET", path: "/", headers: { "user-agent": "WebhookDoctor/0.1 (+diagnostic)" }, timeoutMs, signal: ctx.signal, maxBodyBytes: 4096 });
}
