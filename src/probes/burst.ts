import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { PinnedEndpoint } from "../model.js";
import { pinnedLookup, trustAnchors, trustContext } from "./connect.js";

/**
 * The burst probe: what an endpoint does when the sender opens many connections at once, as Telegram does
 * with up to `max_connections` (default 40) parallel deliveries after a quiet spell or an outage.
 *
 * It first sends a few requests one after another on one connection (the baseline), then opens N keep-alive
 * connections to the pinned address, waits until they are established (so TLS handshakes do not blur the
 * order in which requests reach the server), and starts one request per connection in a ramp; each
 * connection then carries its remaining requests back to back. Every request records how many requests
 * were in flight when it was sent, so the level at which errors began can be read off the outcomes.
 *
 * Bounded: at most 5 × N requests, a total time budget, a byte cap per answer and overall.
 */

/** The hard bounds, whatever a caller asks for. */
export const BURST_LIMITS = { maxConcurrency: 100, maxRequestsPerConnection: 5, maxBaselineRequests: 5, maxBudgetMs: 20_000 } as const;
/** Bytes read of one answer; the rest is not needed to judge it. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** Bytes read over the whole burst (100 connections × 5 answers at 64 KiB would be 32 MiB: cap well below). */
const MAX_TOTAL_BYTES = 8 * 1024 * 1024;

export type BurstErrorKind = "reset" | "timeout" | "refused" | "tls" | "other";

export interface BurstRequestOutcome {
  phase: "baseline" | "burst";
  /** Index of the connection slot (0 for the baseline). */
  connection: number;
  status?: number;
  error?: BurstErrorKind;
  latency_ms: number;
  /** Requests in flight when this one was sent, itself included. */
  in_flight: number;
  /** Milliseconds since the burst phase started (baseline: since the probe started). */
  sent_at_ms: number;
}

export interface BurstObservation {
  concurrency: number;
  requests_per_connection: number;
  baseline: BurstRequestOutcome[];
  burst: BurstRequestOutcome[];
  /** Connection slots that never got a TLS connection in the warm-up. */
  connect_failures: number;
  /** The highest number of requests that were in flight at once. */
  peak_in_flight: number;
  bytes_received: number;
  /**
   * With `requireAcceptedFirst`: the first request (correctly signed) was not answered 2xx, so the burst was
   * not sent (for signed webhooks that first acceptance is the proof that the caller holds the receiver's secret).
   */
  first_refused?: boolean;
  /** The time budget ran out before every request had an answer (those are counted as timeouts). */
  budget_exhausted: boolean;
  duration_ms: number;
}

export interface BurstRequest {
  body: string;
  headers: Record<string, string>;
}

export interface BurstProgress {
  /** Connections established so far in the warm-up, or connections that have sent their first request. */
  connections: number;
  concurrency: number;
  done: number;
  total: number;
}

export interface BurstProbeOptions {
  concurrency: number;
  requestsPerConnection: number;
  baselineRequests: number;
  /** Builds each request (a fresh update_id, or a fresh signature over a fresh body). */
  request: () => BurstRequest;
  /** Whole probe, baseline included (capped at 20 s). */
  budgetMs: number;
  /** One request's own deadline (the sender's: Telegram waits 60 s), cut to what is left of the budget. */
  requestTimeoutMs: number;
  /** Spread of the first requests over the connections; the later ones go back to back. */
  rampMs: number;
  extraCa?: string[];
  signal?: AbortSignal;
  onProgress?: (p: BurstProgress) => void;
  /** Send nothing beyond the first request unless it is answered 2xx. */
  requireAcceptedFirst?: boolean;
}

/** One keep-alive HTTP/1.1 connection that carries one request at a time and reconnects when the server closed it. */
class Connection {
  private socket?: TLSSocket;
  private buffer = Buffer.alloc(0);
  private waiter?: (r: { status?: number; error?: BurstErrorKind; bytes: number; close: boolean }) => void;
  private head?: { status: number; headers: Record<string, string>; bodyStart: number };
  private closed = true;

  constructor(
    private readonly ep: PinnedEndpoint,
    private readonly extraCa: string[] | undefined,
  ) {}

  get open(): boolean {
    return !this.closed;
  }

  /** Opens (or re-opens) the TLS connection; resolves with an error kind on failure. */
  connect(timeoutMs: number): Promise<BurstErrorKind | undefined> {
    this.destroy();
    return new Promise((resolve) => {
      let settled = false;
      const done = (error?: BurstErrorKind) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) this.destroy();
        resolve(error);
      };
      const timer = setTimeout(() => done("timeout"), Math.max(1, timeoutMs));
      const socket = tlsConnect({
        host: this.ep.host,
        servername: /^[\d.:]+$/.test(this.ep.host) ? undefined : this.ep.host,
        port: this.ep.port,
        lookup: pinnedLookup(this.ep.address),
        // The certificate's verdict is the TLS check's; the burst measures the application behind it.
        rejectUnauthorized: false,
        secureContext: trustContext(trustAnchors(this.extraCa)),
      });
      this.socket = socket;
      this.closed = false;
      this.buffer = Buffer.alloc(0);
      this.head = undefined;
      socket.setNoDelay(true);
      socket.once("secureConnect", () => done());
      // Events of a socket this connection has already replaced must not touch the new one.
      const current = () => this.socket === socket;
      socket.on("data", (chunk: Buffer) => current() && this.onData(chunk));
      socket.on("error", (e: NodeJS.ErrnoException) => {
        if (!current()) return;
        const kind = errorKind(e);
        done(kind);
        this.finish({ error: kind, bytes: 0, close: true });
      });
      socket.on("close", () => {
        if (!current()) return;
        this.closed = true;
        done("reset");
        // A response without length ends at close; a request without any response was reset.
        if (this.head && this.head.headers["content-length"] === undefined && !/chunked/i.test(this.head.headers["transfer-encoding"] ?? "")) {
          this.finish({ status: this.head.status, bytes: this.buffer.length, close: true });
        } else this.finish({ error: "reset", bytes: this.buffer.length, close: true });
      });
    });
  }

  /** Sends one request and waits for its complete answer (or an error, or the timeout). */
  send(req: BurstRequest, timeoutMs: number): Promise<{ status?: number; error?: BurstErrorKind; bytes: number; close: boolean }> {
    const socket = this.socket;
    // Closed by the server between the check and the write: that request met a reset.
    if (!socket || socket.destroyed) return Promise.resolve({ error: "reset", bytes: 0, close: true });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.finish({ error: "timeout", bytes: this.buffer.length, close: true });
        this.destroy();
      }, Math.max(1, timeoutMs));
      this.waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      this.buffer = Buffer.alloc(0);
      this.head = undefined;
      const path = this.ep.url.pathname + this.ep.url.search;
      const headers = Object.entries({ ...req.headers, "content-length": String(Buffer.byteLength(req.body)) })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join("");
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${this.ep.url.host}\r\nConnection: keep-alive\r\n${headers}\r\n${req.body}`);
    });
  }

  destroy(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.closed = true;
    socket?.destroy();
  }

  private onData(chunk: Buffer): void {
    if (!this.waiter) return;
    this.buffer = this.buffer.length < MAX_ANSWER_BYTES + 16 * 1024 ? Buffer.concat([this.buffer, chunk]) : this.buffer;
    this.head ??= parseHead(this.buffer);
    if (!this.head) return;
    const close = /close/i.test(this.head.headers.connection ?? "");
    if (this.buffer.length > MAX_ANSWER_BYTES) {
      // Enough to judge it: the status is known. The connection cannot be reused mid-body.
      this.finish({ status: this.head.status, bytes: this.buffer.length, close: true });
      return this.destroy();
    }
    const end = responseEnd(this.buffer, this.head);
    if (end !== undefined) this.finish({ status: this.head.status, bytes: this.buffer.length, close });
  }

  private finish(r: { status?: number; error?: BurstErrorKind; bytes: number; close: boolean }): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    if (r.close) this.destroy();
    waiter?.(r);
  }
}

export async function probeBurst(ep: PinnedEndpoint, opts: BurstProbeOptions): Promise<BurstObservation> {
  const concurrency = clamp(opts.concurrency, 1, BURST_LIMITS.maxConcurrency);
  const perConnection = clamp(opts.requestsPerConnection, 1, BURST_LIMITS.maxRequestsPerConnection);
  const baselineCount = clamp(opts.baselineRequests, 1, BURST_LIMITS.maxBaselineRequests);
  const started = performance.now();
  const deadline = started + Math.min(opts.budgetMs, BURST_LIMITS.maxBudgetMs);
  const left = () => (opts.signal?.aborted ? 0 : Math.max(0, deadline - performance.now()));
  const timeoutFor = () => Math.max(0, Math.min(opts.requestTimeoutMs, left()));
  let bytes = 0;
  let inFlight = 0;
  let peak = 0;

  const exchange = async (conn: Connection, phase: BurstRequestOutcome["phase"], index: number, phaseStart: number): Promise<BurstRequestOutcome> => {
    const level = ++inFlight;
    peak = Math.max(peak, level);
    const sentAt = performance.now();
    const base = { phase, connection: index, in_flight: level, sent_at_ms: Math.round(sentAt - phaseStart) };
    try {
      if (timeoutFor() <= 0 || bytes > MAX_TOTAL_BYTES) return { ...base, error: "timeout", latency_ms: 0 };
      if (!conn.open) {
        const error = await conn.connect(timeoutFor());
        if (error) return { ...base, error, latency_ms: Math.round(performance.now() - sentAt) };
      }
      const r = await conn.send(opts.request(), timeoutFor());
      bytes += r.bytes;
      return { ...base, status: r.status, error: r.status === undefined ? (r.error ?? "other") : undefined, latency_ms: Math.round(performance.now() - sentAt) };
    } finally {
      inFlight--;
    }
  };

  // Baseline: one connection, one request after another.
  const baseline: BurstRequestOutcome[] = [];
  const first = new Connection(ep, opts.extraCa);
  try {
    for (let i = 0; i < baselineCount && left() > 0; i++) {
      const outcome = await exchange(first, "baseline", 0, started);
      baseline.push(outcome);
      if (i === 0 && opts.requireAcceptedFirst && !(outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300)) break;
    }
  } finally {
    first.destroy();
  }
  const accepted = baseline[0]?.status !== undefined && baseline[0].status >= 200 && baseline[0].status < 300;
  if (opts.requireAcceptedFirst && !accepted) {
    return { concurrency, requests_per_connection: perConnection, baseline, burst: [], connect_failures: 0, peak_in_flight: peak, bytes_received: bytes, first_refused: true, budget_exhausted: left() <= 0, duration_ms: Math.round(performance.now() - started) };
  }

  // Burst: warm up N connections, then ramp the first requests and send the rest back to back.
  const connections = Array.from({ length: concurrency }, () => new Connection(ep, opts.extraCa));
  const total = concurrency * perConnection;
  let connected = 0;
  let done = 0;
  let firstSent = 0;
  const progress = () => opts.onProgress?.({ connections: Math.max(connected, firstSent), concurrency, done, total });
  const burst: BurstRequestOutcome[] = [];
  const aborted = new Promise<void>((resolve) => (opts.signal?.aborted ? resolve() : opts.signal?.addEventListener("abort", () => resolve(), { once: true })));
  let connectFailures = 0;
  try {
    await Promise.all(
      connections.map(async (c) => {
        const error = left() > 0 ? await c.connect(Math.min(10_000, left())) : "timeout";
        if (error) connectFailures++;
        else connected++;
        progress();
      }),
    );
    const phaseStart = performance.now();
    const step = concurrency > 1 ? opts.rampMs / (concurrency - 1) : 0;
    await Promise.all(
      connections.map(async (c, index) => {
        await sleep(Math.round(step * index), aborted);
        for (let i = 0; i < perConnection; i++) {
          const outcome = await exchange(c, "burst", index, phaseStart);
          if (i === 0) firstSent++;
          burst.push(outcome);
          done++;
          progress();
        }
      }),
    );
  } finally {
    for (const c of connections) c.destroy();
  }
  return {
    concurrency,
    requests_per_connection: perConnection,
    baseline,
    burst,
    connect_failures: connectFailures,
    peak_in_flight: peak,
    bytes_received: bytes,
    budget_exhausted: left() <= 0,
    duration_ms: Math.round(performance.now() - started),
  };
}

const clamp = (n: number, min: number, max: number) => Math.max(min, Math.min(max, Math.floor(Number.isFinite(n) ? n : min)));

/** A wait that ends early when `aborted` settles (one listener on the caller's signal for the whole probe). */
function sleep(ms: number, aborted: Promise<void>): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), aborted]).finally(() => clearTimeout(timer));
}

function errorKind(e: NodeJS.ErrnoException): BurstErrorKind {
  const code = e.code ?? "";
  if (code === "ECONNRESET" || code === "EPIPE") return "reset";
  if (code === "ECONNREFUSED") return "refused";
  if (code === "ETIMEDOUT") return "timeout";
  if (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || /ssl|tls|certificate/i.test(e.message)) return "tls";
  return "other";
}

function parseHead(buffer: Buffer): { status: number; headers: Record<string, string>; bodyStart: number } | undefined {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const lines = buffer.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(lines[0].split(" ")[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers, bodyStart: end + 4 };
}

/** Where the answer ends in the buffer, or undefined while more is due (walks chunked bodies chunk by chunk). */
function responseEnd(buffer: Buffer, head: { status: number; headers: Record<string, string>; bodyStart: number }): number | undefined {
  if (head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200)) return head.bodyStart;
  const length = head.headers["content-length"];
  if (length !== undefined) return buffer.length - head.bodyStart >= Number(length) ? head.bodyStart + Number(length) : undefined;
  if (/chunked/i.test(head.headers["transfer-encoding"] ?? "")) {
    let at = head.bodyStart;
    for (;;) {
      const lineEnd = buffer.indexOf("\r\n", at);
      if (lineEnd < 0) return undefined;
      const size = parseInt(buffer.subarray(at, lineEnd).toString("latin1"), 16);
      if (!Number.isFinite(size)) return buffer.length;
      if (size === 0) {
        const trailerEnd = buffer.indexOf("\r\n", lineEnd + 2) === lineEnd + 2 ? lineEnd + 4 : buffer.indexOf("\r\n\r\n", lineEnd + 2);
        return trailerEnd < 0 ? undefined : trailerEnd;
      }
      at = lineEnd + 2 + size + 2;
      if (at > buffer.length) return undefined;
    }
  }
  // No length: the answer ends when the server closes (handled by the close event).
  return undefined;
}
