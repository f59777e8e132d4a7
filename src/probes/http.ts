import { request } from "undici";
import type { Dispatcher } from "undici";
import type { PinnedEndpoint } from "../model.js";
import { pinnedAgent } from "./connect.js";
import { cutText } from "../text.js";

/** Headers that tell who answered (origin, proxy, CDN) and how it wants to be retried or reused. */
const INTERESTING = ["server", "via", "cf-ray", "x-served-by", "location", "keep-alive", "connection", "content-type", "retry-after", "x-cache"];

export interface HttpObservation {
  status?: number;
  headers: Record<string, string>;
  latency_ms: number;
  body_bytes: number;
  /** First bytes of the body, for evidence (never the whole thing). */
  body_preview?: string;
  error?: { kind: "reset" | "timeout" | "refused" | "tls" | "other"; message: string };
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
    const max = opts.maxBodyBytes ?? 64 * 1024;
    let body_bytes = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) {
      body_bytes += chunk.length;
      if (body_bytes <= 2048) chunks.push(chunk as Buffer);
      if (body_bytes > max) {
        res.body.destroy();
        break;
      }
    }
    const preview = cutText(Buffer.concat(chunks).toString("utf8"), 200, "");
    return { status: res.statusCode, headers, latency_ms, body_bytes, body_preview: preview || undefined };
  } catch (error) {
    return { headers: {}, latency_ms: Math.round(performance.now() - started), body_bytes: 0, error: classifyError(error) };
  } finally {
    await ownAgent?.destroy().catch(() => undefined);
  }
}

function classifyError(error: unknown): NonNullable<HttpObservation["error"]> {
  const e = error as { code?: string; name?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? "";
  const message = cutText(e.message ?? String(error), 200, "");
  if (e.name === "TimeoutError" || e.name === "AbortError" || code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT")
    return { kind: "timeout", message };
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE" || code === "UND_ERR_CLOSED") return { kind: "reset", message };
  if (code === "ECONNREFUSED") return { kind: "refused", message };
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || /certificate|ssl/i.test(message)) return { kind: "tls", message };
  return { kind: "other", message };
}
