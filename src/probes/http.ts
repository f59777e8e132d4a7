import { AsyncLocalStorage } from "node:async_hooks";
import { request } from "undici";
import type { Dispatcher } from "undici";
import type { PinnedEndpoint } from "../model.js";
import { pinnedAgent } from "./connect.js";
import { cutText } from "../text.js";

/** Headers that tell who answered (origin, framework, proxy, load balancer, CDN, WAF) and how it wants to be retried or reused. */
const INTERESTING = [
  "server",
  "via",
  "x-powered-by",
  "cf-ray",
  "cf-mitigated",
  "x-amz-cf-id",
  "x-amzn-waf-action",
  "x-azure-ref",
  "x-envoy-upstream-service-time",
  "x-served-by",
  "location",
  "keep-alive",
  "connection",
  "content-type",
  "retry-after",
  "x-cache",
];
/** Bytes of the body kept for evidence and fingerprints (error pages name their server in the first lines). */
export const BODY_SNIPPET_BYTES = 2048;

export interface HttpObservation {
  status?: number;
  headers: Record<string, string>;
  latency_ms: number;
  body_bytes: number;
  /** First bytes of the body (at most BODY_SNIPPET_BYTES), for evidence and fingerprints; never the whole thing. */
  body_preview?: string;
  /** Names of the cookies set (never their values): frameworks name their session cookies. */
  cookie_names?: string[];
  /** `code`: Node's or undici's error code (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, UND_ERR_SOCKET …). */
  error?: { kind: "reset" | "timeout" | "refused" | "tls" | "other"; message: string; code?: string };
}

export interface HttpProbeOptions {
  method: "GET" | "POST" | "HEAD";
  /** Path and query; defaults to the endpoint URL's own. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
  extraCa?: string[];
  /** Reuse a dispatcher (and so its connections) across probes of one check. */
  dispatcher?: Dispatcher;
}

/** One request to the pinned address. Redirects are never followed: the sender does not follow them either. */
export async function probeHttp(ep: PinnedEndpoint, opts: HttpProbeOptions): Promise<HttpObservation> {
  const ownAgent = opts.dispatcher ? undefined : pinnedAgent({ pin: ep.address, connectTimeoutMs: Math.min(10_000, opts.timeoutMs), extraCa: opts.extraCa });
  const dispatcher = opts.dispatcher ?? ownAgent!;
  const started = performance.now();
  const origin = `${ep.url.protocol}//${ep.url.host}`;
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await request(origin + (opts.path ?? ep.url.pathname + ep.url.search), {
      method: opts.method,
      headers: opts.headers,
      body: opts.body,
      dispatcher,
      signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      maxRedirections: 0,
    } as Parameters<typeof request>[1]);
    const latency_ms = Math.round(performance.now() - started);
    const headers: Record<string, string> = {};
    for (const name of INTERESTING) {
      const v = res.headers[name];
      if (v !== undefined) headers[name] = Array.isArray(v) ? v.join(", ") : String(v);
    }
    const setCookie = res.headers["set-cookie"];
    const cookie_names = (Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []).map((c) => c.split("=")[0].trim()).filter(Boolean).slice(0, 10);
    const max = opts.maxBodyBytes ?? 64 * 1024;
    let body_bytes = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) {
      body_bytes += chunk.length;
      if (body_bytes - chunk.length < BODY_SNIPPET_BYTES) chunks.push(chunk as Buffer);
      if (body_bytes > max) {
        res.body.destroy();
        break;
      }
    }
    const preview = cutText(Buffer.concat(chunks).subarray(0, BODY_SNIPPET_BYTES).toString("utf8"), BODY_SNIPPET_BYTES, "");
    return seen({ status: res.statusCode, headers, latency_ms, body_bytes, body_preview: preview || undefined, ...(cookie_names.length ? { cookie_names } : {}) });
  } catch (error) {
    return seen({ headers: {}, latency_ms: Math.round(performance.now() - started), body_bytes: 0, error: classifyError(error) });
  } finally {
    await ownAgent?.destroy().catch(() => undefined);
  }
}

/**
 * Every answer seen while `fn` runs, whichever check asked: who answers (nginx's error page on the payload
 * probe, Express's on the health probe) is known from all of them, without each check handing its
 * observations along. Bounded: a check makes a handful of requests.
 */
export async function recordHttpObservations<T>(fn: () => Promise<T>): Promise<{ result: T; observations: HttpObservation[] }> {
  const observations: HttpObservation[] = [];
  const result = await recorder.run(observations, fn);
  return { result, observations };
}

const recorder = new AsyncLocalStorage<HttpObservation[]>();
const MAX_RECORDED = 50;

function seen(o: HttpObservation): HttpObservation {
  const list = recorder.getStore();
  if (list && list.length < MAX_RECORDED) list.push(o);
  return o;
}

function classifyError(error: unknown): NonNullable<HttpObservation["error"]> {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? "";
  const message = cutText(e.message ?? String(error), 200, "");
  return { ...kindOf(e, code, message), ...(code ? { code } : {}) };
}

function kindOf(e: { name?: string }, code: string, message: string): NonNullable<HttpObservation["error"]> {
  if (e.name === "TimeoutError" || e.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT")
    return { kind: "timeout", message };
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE" || code === "UND_ERR_CLOSED") return { kind: "reset", message };
  if (code === "ECONNREFUSED") return { kind: "refused", message };
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || /certificate|ssl/i.test(message)) return { kind: "tls", message };
  return { kind: "other", message };
}
