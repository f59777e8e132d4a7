import { connect as tlsConnect, type TLSSocket } from "node:tls";
import type { PinnedEndpoint } from "../model.js";
import { pinnedLookup, trustAnchors, trustContext } from "./connect.js";
import { cutText } from "../text.js";

export interface KeepAliveObservation {
  status?: number;
  /** `Keep-Alive: timeout=N` as advertised, in seconds. */
  advertised_timeout_s?: number;
  /** The server answered with `Connection: close`: no reuse, so no race. */
  connection_close: boolean;
  /** Idle milliseconds after the response until the server closed the connection; undefined if it stayed open. */
  closed_after_ms?: number;
  waited_ms: number;
  error?: string;
}

/**
 * Sends one keep-alive request over a raw TLS socket, then goes idle and watches when the server hangs up.
 * A proxy or sender that reuses idle connections for longer than the origin keeps them gets a reset on
 * reuse: the classic intermittent 502.
 */
export function probeKeepAlive(ep: PinnedEndpoint, opts: { body: string; idleWaitMs: number; timeoutMs: number; extraCa?: string[] }): Promise<KeepAliveObservation> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let responseDoneAt: number | undefined;
    let head: { status: number; headers: Record<string, string>; bodyStart: number } | undefined;
    let settled = false;
    const started = Date.now();
    const socket: TLSSocket = tlsConnect({
      host: ep.host,
      servername: /^[\d.:]+$/.test(ep.host) ? undefined : ep.host,
      port: ep.port,
      lookup: pinnedLookup(ep.address),
      rejectUnauthorized: false,
      secureContext: trustContext(trustAnchors(opts.extraCa)),
    });
    const finish = (o: Partial<KeepAliveObservation>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const h = head?.headers ?? {};
      const advertised = /timeout=(\d+)/i.exec(h["keep-alive"] ?? "")?.[1];
      resolve({
        status: head?.status,
        advertised_timeout_s: advertised ? Number(advertised) : undefined,
        connection_close: /close/i.test(h.connection ?? ""),
        waited_ms: responseDoneAt ? Date.now() - responseDoneAt : 0,
        ...o,
      });
    };
    const timer = setTimeout(() => finish(responseDoneAt ? {} : { error: "no complete response" }), opts.timeoutMs + opts.idleWaitMs);
    socket.on("secureConnect", () => {
      const path = ep.url.pathname + ep.url.search;
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${ep.url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(opts.body)}\r\nConnection: keep-alive\r\nUser-Agent: WebhookDoctor/0.1\r\n\r\n${opts.body}`,
      );
    });
    socket.on("data", (chunk: Buffer) => {
      if (responseDoneAt) return;
      buffer = Buffer.concat([buffer, chunk]).subarray(0, 256 * 1024);
      head ??= parseHead(buffer);
      if (head && isComplete(buffer, head)) {
        responseDoneAt = Date.now();
        if (/close/i.test(head.headers.connection ?? "")) return finish({});
        // Go idle: the 'close' handler records when the server gives up on us.
        clearTimeout(timer);
        setTimeout(() => finish({}), opts.idleWaitMs).unref?.();
      }
    });
    socket.on("close", () => finish(responseDoneAt ? { closed_after_ms: Date.now() - responseDoneAt } : { error: "closed before a response" }));
    socket.on("error", (e) => finish({ error: cutText(e.message, 200, "") }));
    void started;
  });
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

function isComplete(buffer: Buffer, head: { headers: Record<string, string>; bodyStart: number }): boolean {
  if (head.headers["content-length"] !== undefined) return buffer.length - head.bodyStart >= Number(head.headers["content-length"]);
  if (/chunked/i.test(head.headers["transfer-encoding"] ?? "")) return buffer.subarray(head.bodyStart).includes("0\r\n\r\n");
  return true;
}
